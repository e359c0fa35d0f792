"""Learned relevance: the signals retrieval computes for a (question, paragraph) pair, combined by weights
fitted on the tune documents. Pure functions and numpy.

No cross-encoder or stronger embedder can be installed offline here (see README), so the ranking is not
bought but learned: a linear model over a few dozen signals, each of which a reader of resolutions would
look at — does the dense search find it, does BM25, does its resolution match the question's subject,
date and organ, is it the operative decision or the preamble that recalls it, does it hold the kind of
value asked for, and how it compares with the other paragraphs of its own resolution. The model is
listwise (a conditional logit): among a question's candidates, ``softmax(w · x)`` is the probability that
each is the one that answers, so the weights learn what tells look-alike paragraphs apart. ``w · x`` itself
is comparable within a question only; whether the best answers at all is ``assistant.refusal``'s
question. ``assistant.learn.fit_ranking`` trains it (``python -m eval.train``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer_type import bound, fits, values
from assistant.clauses import passages
from assistant.lexical import coverage, terms
from assistant.question import Question
from assistant.types import Retrieved
from ingest.grammar import opening

FEATURES = (
    "dense",  # cosine similarity of the question and the paragraph under its context header
    "dense_rr",  # 1 / rank in the dense list (0: not in it)
    "lexical",  # BM25 score over paragraph, footnotes and context header, relative to the best candidate
    "lexical_rr",
    "coverage",  # IDF-weighted share of the question's terms in the paragraph and its footnotes
    "focus_coverage",  # the same for a follow-up's own words ("And what about the refugees?")
    "focus_lexical",  # BM25 for a follow-up's own words, relative to the best candidate
    "focus_lexical_rr",
    "dense_in_doc",  # dense similarity relative to the best candidate of the same resolution
    "lexical_in_doc",
    "coverage_in_doc",
    "document",  # BM25 score of the paragraph's resolution as a whole, relative to the best resolution
    "document_rr",
    "document_coverage",  # the question's terms the whole resolution holds ("Botswana" is in 224 only)
    "rare_in_document",  # the resolution holds the question's rarest term
    "named",  # the question names this resolution
    "named_other",  # the question names another resolution, not this one
    "year_match",  # the question names the year this resolution was adopted
    "year_other",  # the question names years, none of them this resolution's
    "month_match",  # the question names the month and year of adoption
    "month_other",  # the question names a month of this resolution's year, not its month
    "date_match",  # the question names the day of adoption ("its 25 June 1950 resolution")
    "organ_match",
    "organ_other",
    "operative",
    "preambular",
    "annex",
    "place_match",  # the question says where to look ("according to the preamble") and it stands there
    "place_other",  # ... and it stands elsewhere
    "kind_fit",  # the question asks for a date / period / number and the paragraph states one
    "kind_miss",  # ... and it does not
    "kind_operative",  # a date / period / number asked of an operative paragraph ("until when extended")
    "opener_asked",  # the paragraph's opening verb ("Calls upon", "Recalling") is a word of the question
    "log_words",
    "rare_held",  # the paragraph holds the question's rarest term
    "passage_coverage",  # the most of what is asked one passage (clause, sentence) of it holds
    "bound_fit",  # it states a date bound as asked ("until when": "until 13 January 2026"; "by when": "by")
    "ask_coverage",  # the share of what is asked it holds, leaving out the words that say which resolution
    "ask_in_doc",  # ... relative to the best candidate of the same resolution
)


@dataclass(frozen=True)
class Signals:
    """What retrieval measured for one candidate (None: that search did not return it)."""

    dense: float | None = None
    dense_rank: int | None = None
    lexical: float | None = None
    lexical_rank: int | None = None
    document: float | None = None
    document_rank: int | None = None
    focus: float | None = None  # BM25 for a follow-up's own words (the lexical score otherwise)
    focus_rank: int | None = None
    document_coverage: float = 0.0  # IDF-weighted share of the question's terms the whole resolution holds
    rare_in_document: bool = False  # the resolution holds the question's rarest term


@dataclass
class Candidate:
    paragraph: Retrieved
    signals: Signals


def _rr(rank: int | None) -> float:
    return 0.0 if rank is None else 1.0 / (1 + rank)


def _relative(value: float | None, best: float) -> float:
    return 0.0 if value is None or best <= 0 else value / best


def feature_rows(
    question: Question, candidates: Sequence[Candidate], weights: dict[str, float]
) -> list[list[float]]:
    """The ``FEATURES`` of every candidate of a question; ``weights``: the IDF of the question's terms."""
    best_lexical = max((c.signals.lexical or 0.0 for c in candidates), default=0.0)
    best_document = max((c.signals.document or 0.0 for c in candidates), default=0.0)
    best_focus = max((c.signals.focus or 0.0 for c in candidates), default=0.0)
    texts = [terms(c.paragraph.evidence_text) for c in candidates]
    rarest = rarest_term(question, weights)
    covered = [coverage(question.terms, t, weights) for t in texts]
    focused = [coverage(question.focus_terms, t, weights) for t in texts]
    asked = [coverage(question.ask_terms or question.focus_terms, t, weights) for t in texts]
    in_doc: dict[str, list[float]] = {}
    for c, cov, ask in zip(candidates, covered, asked, strict=True):
        best = in_doc.setdefault(c.paragraph.symbol, [0.0, 0.0, 0.0, 0.0])
        measured = (c.signals.dense or 0.0, c.signals.lexical or 0.0, cov, ask)
        in_doc[c.paragraph.symbol] = [max(b, v) for b, v in zip(best, measured, strict=True)]
    return [
        [
            *_features(
                question,
                c,
                (cov, focus),
                (best_lexical, best_document, best_focus),
                in_doc[c.paragraph.symbol],
            ),
            float(bool(rarest) and rarest in held),
            max(
                (
                    coverage(question.focus_terms, terms(text), weights)
                    for text in passages(c.paragraph.evidence_text)
                ),
                default=0.0,
            ),
            float(
                bool(question.bound)
                and any(bound(v, question.bound) for v in values(c.paragraph.evidence_text, "date"))
            ),
            ask,
            _relative(ask, in_doc[c.paragraph.symbol][3]),
        ]
        for c, cov, focus, held, ask in zip(candidates, covered, focused, texts, asked, strict=True)
    ]


def rarest_term(question: Question, weights: dict[str, float]) -> str:
    """The question's term found in fewest paragraphs (a name: "Botswana"); "" for a question without."""
    return max(question.terms, key=lambda t: weights.get(t, 0.0), default="")


def _features(
    question: Question,
    candidate: Candidate,
    covered: tuple[float, float],
    best: tuple[float, float, float],
    in_doc: list[float],
) -> list[float]:
    p, s = candidate.paragraph, candidate.signals
    meta = p.metadata
    symbol, year, kind = p.symbol, meta.get("year"), meta.get("kind")
    date = meta.get("date") or ""
    named = set(question.refs.symbols)
    opener = _opener_stems(p.text)
    kind_fit = fits(question.kind, p.evidence_text, question.units) if question.kind else False
    month_match = any(date.startswith(f"{y:04d}-{m:02d}") for y, m in question.months)
    cov, focus = covered
    return [
        max(s.dense or 0.0, 0.0),
        _rr(s.dense_rank),
        _relative(s.lexical, best[0]),
        _rr(s.lexical_rank),
        cov,
        focus,
        _relative(s.focus, best[2]),
        _rr(s.focus_rank),
        _relative(s.dense, in_doc[0]),
        _relative(s.lexical, in_doc[1]),
        _relative(cov, in_doc[2]),
        _relative(s.document, best[1]),
        _rr(s.document_rank),
        s.document_coverage,
        float(s.rare_in_document),
        float(symbol in named),
        float(bool(named) and symbol not in named),
        float(year in question.years),
        float(bool(question.years) and year not in question.years),
        float(month_match),
        float(not month_match and any(y == year for y, _ in question.months)),
        float(date in question.dates),
        float(question.organ is not None and question.organ == meta.get("organ")),
        float(question.organ is not None and question.organ != meta.get("organ")),
        float(kind == "operative"),
        float(kind == "preambular"),
        float(kind == "annex"),
        float(bool(question.place) and kind == question.place),
        float(bool(question.place) and kind != question.place),
        float(kind_fit),
        float(question.kind is not None and not kind_fit),
        float(question.kind is not None and kind == "operative"),
        float(bool(opener & set(question.ask_terms or question.terms))),
        math.log1p(len(p.text.split())),
    ]


def _opener_stems(text: str) -> set[str]:
    """The stems of a paragraph's opening verb phrase ("Calls upon" -> {"call"}, "Decides to renew" ->
    {"decid", "renew"}, "Recalling" -> {"recal"}), as the question's terms are stemmed; empty when it
    opens otherwise."""
    if opening(text) is None:
        return set()
    skip = ("also", "further", "again", "once", "and")
    words = [w for w in re.findall(r"[A-Za-z]+", text[:60]) if w.lower() not in skip and not w.endswith("ly")]
    phrase = words[:1] + (words[2:3] if words[1:2] == ["to"] else [])
    return set(terms(" ".join(phrase)))
