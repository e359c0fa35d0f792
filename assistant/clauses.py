"""What the extractive back-end quotes: the passage of the best paragraph that answers the question, whole,
led by the value asked for. Pure functions; everything quoted is the stored text, verbatim.

A paragraph is cut into passages at semicolons, full stops and sub-paragraph markers, never at commas, so a
comparison ("only 29 per cent of women use the Internet, compared with 41 per cent of men") stays whole;
only a passage longer than ``max_quote_words`` is shortened, to the run of comma-separated pieces around
what it answers. A question asking for a date, a period or a number is answered by a passage stating one:
the value leads the answer ("Until 15 June 1975."), then the passage that holds it is quoted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.answer_type import asks_for_source, bound, values
from assistant.lexical import coverage, terms
from assistant.question import Question
from assistant.tuning import Tuning
from assistant.types import Retrieved

# After a semicolon or a full stop ending a sentence, and before a lettered/roman sub-paragraph marker.
_BREAK = re.compile(r"\s*\n\s*|(?<=;)\s+|(?<=[a-z)”’]\.)\s+(?=[A-Z“])|\s+(?=\((?:[a-z]|[ivx]+)\)\s)")
_FOOTNOTE = re.compile(r"^(\d+|\*+)\s+(.*)$", re.DOTALL)
BOUND_BONUS = 0.3  # a passage bound as asked wins over one that only shares more words


@dataclass(frozen=True)
class Passage:
    retrieved: Retrieved
    text: str  # verbatim from the paragraph (or one of its footnotes)
    value: str | None  # the value asked for, as printed in ``text``
    score: float


def passages(paragraph: str, max_words: int = Tuning.max_quote_words) -> list[str]:
    """The paragraph cut at semicolons, sentence ends and sub-paragraph markers (not at commas); a piece
    longer than ``max_words`` is also offered as runs of comma-separated pieces of at most that length."""
    pieces: list[str] = []
    for part in filter(None, (p.strip() for p in _BREAK.split(paragraph))):
        pieces.append(part)
        if len(part.split()) > max_words:
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


def best_passage(
    question: Question, retrieved: Retrieved, weights: dict[str, float], tuning: Tuning
) -> Passage | None:
    """The passage of one paragraph that answers best (of its footnotes too, for a question about sources):
    the most of what is asked (a follow-up's own words), and a value of the kind asked for when one is
    asked (a passage without one is not offered), the more so when it is bound as asked ("until when" by
    "until ...", "by when" by "by ..."). Whole passages win over their comma-cut runs unless too long."""
    best: Passage | None = None
    source = asks_for_source(question.focus or question.text)
    for text in passages(retrieved.evidence_text if source else retrieved.text, tuning.max_quote_words):
        found = values(text, question.kind, question.units) if question.kind else []
        if question.kind and not found:
            continue
        words = len(text.split())
        score = coverage(question.focus_terms, terms(text), weights)
        score -= 0.5 if words > tuning.max_quote_words else 0.0
        score += BOUND_BONUS if any(bound(value, question.bound) for value in found) else 0.0
        if best is None or score > best.score:
            best = Passage(retrieved, text, _nearest(text, found, question), score)
    return best


def _nearest(text: str, found: list[str], question: Question) -> str | None:
    """Of the values a passage states, the one bound as asked and among the most asked words ("only 27 per
    cent in low-income countries", not the "93 per cent" of high-income ones before it)."""
    if len(found) < 2:
        return found[0] if found else None

    def near(value: str) -> tuple[bool, float, int]:
        start = text.find(value)
        window = text[max(0, start - 60) : start + len(value) + 60]
        return bound(value, question.bound), coverage(question.focus_terms, terms(window)), -start

    return max(found, key=near)


def select(question: Question, evidence: list[Retrieved], tuning: Tuning) -> list[Passage]:
    """The passages to quote, in order: named paragraphs whole; else the best passage of the most probable
    paragraph that holds what is asked, then more from other paragraphs that are nearly as probable (the
    learned share of the best, ``second_citation``, or ``second_citation_multi`` for a question asking
    several things, which may have as many paragraphs) and add asked terms the ones before lack."""
    named = [r for r in evidence if r.named]
    if named:
        return [Passage(r, r.text, None, 1.0) for r in named[: tuning.max_quoted + 1]]
    weights = term_weights(list(question.focus_terms), evidence)
    best = max((r.score for r in evidence), default=0.0)
    learned = tuning.models()
    ratio = learned.second_citation if question.parts == 1 else learned.second_citation_multi
    most = max(tuning.max_quoted, question.parts)
    chosen: list[Passage] = []
    for r in evidence:
        if r.score < ratio * best and chosen:
            break
        passage = best_passage(question, r, weights, tuning)
        if passage is None:
            continue
        if chosen:
            covered = {t for p in chosen for t in terms(p.text)}
            if not set(question.focus_terms) & set(terms(passage.text)) - covered:
                continue
        chosen.append(passage)
        if len(chosen) == most:
            break
    if chosen and asks_for_source(question.focus or question.text):  # "what source is cited": footnotes too
        notes = [n for n in chosen[0].retrieved.footnotes if n.text not in chosen[0].text]
        chosen += [Passage(chosen[0].retrieved, f"{n.number} {n.text}", None, 0.0) for n in notes[:2]]
    return chosen


def quote(passage: Passage) -> str:
    """``“…passage…” [A/RES/80/118 OP26]`` with an ellipsis where the passage is cut from its paragraph;
    a footnote is quoted as such."""
    text = passage.text.rstrip(" ,;")
    paragraph = passage.retrieved.text
    footnote = _FOOTNOTE.match(text) if text not in paragraph else None
    if footnote:
        return f"Footnote {footnote.group(1)}: “{footnote.group(2)}” [{passage.retrieved.label}]"
    lead = "" if paragraph.startswith(passage.text) else "…"
    tail = "" if text.endswith(".") else "…"
    return f"“{lead}{text}{tail}” [{passage.retrieved.label}]"


def lead(passage: Passage) -> str | None:
    """The value asked for, as a sentence of its own: ``Until 15 June 1975 [label].``"""
    if not passage.value:
        return None
    value = passage.value.strip()
    return f"{value[0].upper()}{value[1:]} [{passage.retrieved.label}]."
