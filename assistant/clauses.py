"""Clause selection for the extractive back-end: which words of which retrieved paragraphs answer the
question. Pure functions; the answer quotes what it selects, verbatim: it never cites what it did not quote.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.answer_type import asks_for_source, fits
from assistant.lexical import coverage, query_terms, terms
from assistant.references import strip_references
from assistant.types import Retrieved

MAX_CLAUSE_WORDS = 45
# Split after a semicolon, and before a lettered/roman sub-paragraph marker.
_CLAUSE_BREAK = re.compile(r"\s*\n\s*|(?<=;)\s+|\s+(?=\((?:[a-z]|[ivx]+)\)\s)")
_FOOTNOTE = re.compile(r"^(\d+|\*+)\s+(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Clause:
    retrieved: Retrieved
    text: str
    score: float


def split_clauses(paragraph: str, max_words: int = MAX_CLAUSE_WORDS) -> list[str]:
    """A paragraph cut at semicolons and sub-paragraph markers; long pieces cut at commas into runs of at
    most ``max_words`` words (a single longer run stays whole)."""
    pieces: list[str] = []
    for part in filter(None, (p.strip() for p in _CLAUSE_BREAK.split(paragraph))):
        if len(part.split()) <= max_words:
            pieces.append(part)
            continue
        run: list[str] = []
        for chunk in re.split(r"(?<=,)\s+", part):
            if run and len(" ".join([*run, chunk]).split()) > max_words:
                pieces.append(" ".join(run))
                run = []
            run.append(chunk)
        pieces.append(" ".join(run))
    return pieces


def term_weights(question_terms: list[str], evidence: list[Retrieved]) -> dict[str, float]:
    """Inverse document frequency of each question term over the retrieved paragraphs: the terms that
    tell paragraphs apart weigh more."""
    docs = [set(terms(r.evidence_text)) for r in evidence] or [set()]
    return {t: math.log(1 + len(docs) / (1 + sum(t in d for d in docs))) + 0.1 for t in question_terms}


def select_clauses(question: str, evidence: list[Retrieved], max_clauses: int = 3) -> list[Clause]:
    """The best clause of the best paragraph, then clauses of other paragraphs that add question terms not
    yet covered and score at least 60% of the best. Ordered as they will be presented."""
    named = [r for r in evidence if r.named]
    if named:  # the question asked for these paragraphs: quote them
        return [Clause(r, r.text, 1.0) for r in named[:max_clauses]]
    wanted = query_terms(strip_references(question))
    weights = term_weights(wanted, evidence)
    scored: list[Clause] = []
    for rank, r in enumerate(evidence):
        prior = 1.0 / (1 + 0.15 * rank) * (0.5 + 0.5 * min(r.score, 1.0))
        for text in split_clauses(r.evidence_text):
            kind = 1.0 if fits(question, text) else 0.6  # a "when" question wants a clause with a date
            scored.append(Clause(r, text, coverage(wanted, terms(text), weights) * prior * kind))
    if not scored:
        return []
    scored.sort(key=lambda c: c.score, reverse=True)
    chosen = [scored[0]]
    covered = set(terms(scored[0].text))
    for clause in scored[1:]:
        if len(chosen) == max_clauses or clause.score < 0.6 * chosen[0].score:
            break
        new_terms = {t for t in wanted if t in set(terms(clause.text))} - covered
        if new_terms and clause.retrieved.label not in {c.retrieved.label for c in chosen}:
            chosen.append(clause)
            covered |= set(terms(clause.text))
    if asks_for_source(question):  # "what is the source cited for ...": the best paragraph's footnotes
        notes = [c for c in scored if c.retrieved is chosen[0].retrieved and c.text not in c.retrieved.text]
        chosen += [c for c in notes[:2] if c not in chosen]
    return chosen


def quote(clause: Clause) -> str:
    """``“…clause…” [A/RES/80/118 OP26]`` with an ellipsis wherever the clause is cut from its paragraph."""
    text = clause.text.rstrip(" ,;")
    paragraph = clause.retrieved.text
    footnote = _FOOTNOTE.match(text) if text not in paragraph else None
    if footnote:  # the answer is in the paragraph's footnote: quote it as such
        return f"Footnote {footnote.group(1)}: “{footnote.group(2)}” [{clause.retrieved.label}]"
    lead = "" if paragraph.startswith(clause.text) else "…"
    tail = "" if text.endswith(".") else "…"
    return f"“{lead}{text}{tail}” [{clause.retrieved.label}]"
