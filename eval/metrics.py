"""Per-item metrics, each a pure function of labels and text.

Labels are citation labels (``A/RES/80/118 OP26``) compared with ``eval.labels.same_paragraph``:
symbols normalised, ``OP70(a)`` counting as ``OP70`` and the other way round. Duplicates count once.
The retrieval metrics take ``expected_ids``/``retrieved_ids`` like llama-index-core's
``HitRate``/``MRR.compute``, but score an empty retrieval 0 instead of raising.

Citation precision, recall and F1
    ``cited`` are the paragraph labels of the answer's citations (document-level citations, with no
    paragraph, are not scored here). Precision = |cited ∩ (gold ∪ also_acceptable)| / |cited|,
    recall = |cited ∩ gold| / |gold|, F1 their harmonic mean (0 when both are 0). Where a ratio is
    undefined:

    - answerable, gold non-empty, nothing cited: precision 0, recall 0;
    - answerable, gold empty (a metadata question), nothing cited: precision 1, recall 1;
    - answerable, gold empty, something cited: precision by the formula (only also_acceptable
      labels count), recall 1 (nothing was there to recall);
    - unanswerable, something cited: precision 0, recall 0;
    - unanswerable, nothing cited (a clean refusal, or an answer without citations): precision 1,
      recall 1. Whether it refused is scored by the refusal metrics, not here.

Refusals
    A refusal is correct on an unanswerable item when it cites nothing; on an answerable item any
    refusal is a miss. Refusal precision = correct refusals / refusals, recall = correct refusals /
    unanswerable items (``None`` when there are none to divide by); accuracy = share of items
    handled right (unanswerable: refused with no citation; answerable: not refused).

Answer facts
    Share of ``answer_contains`` strings found in the answer, case-insensitively and with runs of
    whitespace (incl. no-break spaces) read as one space; ``None`` when the item lists none.

Hallucinated citations
    A cited label is *nonexistent* when it does not parse or ``exists(label)`` is false, and *not
    retrieved* when it matches no retrieved label.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eval.labels import is_paragraph_label, matches_any, unique_labels


@dataclass(frozen=True)
class CitationScores:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class RetrievalScores:
    recall_at_1: float
    recall_at_3: float
    recall_at_5: float
    recall_at_10: float
    mrr: float


@dataclass(frozen=True)
class RefusalOutcome:
    """What happened on one item, as far as refusing goes."""

    answerable: bool
    refused: bool
    n_citations: int

    @property
    def correct_refusal(self) -> bool:
        return not self.answerable and self.refused and self.n_citations == 0

    @property
    def handled_right(self) -> bool:
        return self.correct_refusal if not self.answerable else not self.refused


@dataclass(frozen=True)
class RefusalScores:
    precision: float | None
    recall: float | None
    accuracy: float | None


@dataclass(frozen=True)
class HallucinationCounts:
    cited: int
    nonexistent: int
    not_retrieved: int


def f1_score(precision: float, recall: float) -> float:
    total = precision + recall
    return 0.0 if total == 0 else 2 * precision * recall / total


def citation_scores(
    cited: Sequence[str],
    gold: Sequence[str],
    also_acceptable: Sequence[str] = (),
    *,
    answerable: bool = True,
) -> CitationScores:
    """Citation precision/recall/F1 of one answer, with the undefined cases of the module docstring."""
    cited_u, gold_u = unique_labels(cited), unique_labels(gold)
    if not answerable:
        score = 0.0 if cited_u else 1.0
        return CitationScores(score, score, score)
    if not cited_u:
        score = 0.0 if gold_u else 1.0
        return CitationScores(score, score, score)
    acceptable = [*gold_u, *unique_labels(also_acceptable)]
    precision = sum(matches_any(c, acceptable) for c in cited_u) / len(cited_u)
    recall = sum(matches_any(g, cited_u) for g in gold_u) / len(gold_u) if gold_u else 1.0
    return CitationScores(precision, recall, f1_score(precision, recall))


def recall_at_k(expected_ids: Sequence[str], retrieved_ids: Sequence[str], k: int) -> float:
    """Share of the expected labels found among the first ``k`` retrieved labels."""
    if not expected_ids:
        raise ValueError("recall@k needs at least one expected label")
    expected, top = unique_labels(expected_ids), list(retrieved_ids[:k])
    return sum(matches_any(e, top) for e in expected) / len(expected)


def reciprocal_rank(expected_ids: Sequence[str], retrieved_ids: Sequence[str]) -> float:
    """1 / rank of the first retrieved label matching an expected one; 0 when none does."""
    if not expected_ids:
        raise ValueError("reciprocal rank needs at least one expected label")
    for rank, label in enumerate(retrieved_ids, start=1):
        if matches_any(label, expected_ids):
            return 1.0 / rank
    return 0.0


def retrieval_scores(expected_ids: Sequence[str], retrieved_ids: Sequence[str]) -> RetrievalScores:
    """Recall@1/3/5/10 and reciprocal rank of the expected labels among the retrieved ones."""
    return RetrievalScores(
        *(recall_at_k(expected_ids, retrieved_ids, k) for k in (1, 3, 5, 10)),
        mrr=reciprocal_rank(expected_ids, retrieved_ids),
    )


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


def fact_share(answer_text: str, answer_contains: Sequence[str]) -> float | None:
    """Share of the expected strings present in the answer; ``None`` when none are expected."""
    if not answer_contains:
        return None
    answer = _fold(answer_text)
    return sum(_fold(fact).strip() in answer for fact in answer_contains) / len(answer_contains)


def refusal_scores(outcomes: Sequence[RefusalOutcome]) -> RefusalScores:
    refusals = sum(o.refused for o in outcomes)
    unanswerable = sum(not o.answerable for o in outcomes)
    correct = sum(o.correct_refusal for o in outcomes)
    return RefusalScores(
        precision=correct / refusals if refusals else None,
        recall=correct / unanswerable if unanswerable else None,
        accuracy=sum(o.handled_right for o in outcomes) / len(outcomes) if outcomes else None,
    )


def hallucinations(
    cited: Sequence[str], retrieved: Sequence[str], exists: Callable[[str], bool]
) -> HallucinationCounts:
    """How many of the (distinct) cited labels name no stored paragraph, and how many were not retrieved."""
    cited_u = unique_labels(cited)
    return HallucinationCounts(
        cited=len(cited_u),
        nonexistent=sum(not is_paragraph_label(c) or not exists(c) for c in cited_u),
        not_retrieved=sum(not matches_any(c, retrieved) for c in cited_u),
    )


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) with linear interpolation, as numpy's default; ``None`` if empty."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def item_score(citation_f1: float, facts: float | None, handled_right: bool) -> float:
    """One number per item to rank and compare items: the mean of citation F1, answer facts (when the
    item lists any) and whether refusing was handled right (1 or 0)."""
    parts = [citation_f1, float(handled_right), *([facts] if facts is not None else [])]
    return sum(parts) / len(parts)
