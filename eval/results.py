"""What an evaluation run produces: one ItemResult per gold question, Summaries, and the Report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from eval.metrics import CitationScores, HallucinationCounts, RefusalOutcome, RetrievalScores


@dataclass
class ItemResult:
    """One gold question, what the assistant did with it, and its scores."""

    id: str
    type: str
    question: str
    answerable: bool
    expected: list[str]  # gold citations
    also_acceptable: list[str]
    answer_contains: list[str]
    answer: str
    refused: bool
    cited: list[str]  # Answer.citations labels: after validation
    removed: list[str]  # Answer.removed_citations: what validation took out
    retrieved: list[str]  # Answer.retrieved labels, best first
    latency_s: float
    citation: CitationScores
    retrieval: RetrievalScores | None  # None unless answerable with gold citations
    facts: float | None  # None when the item lists no answer_contains
    refusal: RefusalOutcome
    hallucinated_after: HallucinationCounts  # among Answer.citations
    hallucinated_before: HallucinationCounts  # among Answer.citations + removed_citations
    score: float  # eval.metrics.item_score
    error: str | None = None  # what ``ask`` raised, if it did

    def scores(self) -> dict[str, float | None]:
        """The item's numbers, flat: what report tables and comparisons read."""
        retrieval = (
            asdict(self.retrieval)
            if self.retrieval
            else dict.fromkeys(f.name for f in fields(RetrievalScores))
        )
        return {
            "score": self.score,
            "citation_precision": self.citation.precision,
            "citation_recall": self.citation.recall,
            "citation_f1": self.citation.f1,
            **retrieval,
            "facts": self.facts,
            "refusal_ok": float(self.refusal.handled_right),
            "nonexistent_after": self.hallucinated_after.nonexistent,
            "not_retrieved_after": self.hallucinated_after.not_retrieved,
            "nonexistent_before": self.hallucinated_before.nonexistent,
            "not_retrieved_before": self.hallucinated_before.not_retrieved,
            "latency_s": self.latency_s,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "question": self.question,
            "answerable": self.answerable,
            "expected": self.expected,
            "also_acceptable": self.also_acceptable,
            "answer_contains": self.answer_contains,
            "answer": self.answer,
            "refused": self.refused,
            "cited": self.cited,
            "removed": self.removed,
            "retrieved": self.retrieved,
            "error": self.error,
            "scores": self.scores(),
        }


@dataclass
class Summary:
    """Aggregates over a set of items; ``None`` where no item qualifies (see ``eval.aggregate``)."""

    n: int
    errors: int
    score: float | None
    citation_precision: float | None
    citation_recall: float | None
    citation_f1: float | None
    retrieval_n: int  # items with gold citations, over which recall@k and MRR are averaged
    recall_at_1: float | None
    recall_at_3: float | None
    recall_at_5: float | None
    recall_at_10: float | None
    mrr: float | None
    facts_n: int  # items listing answer_contains
    facts: float | None
    refusal_precision: float | None
    refusal_recall: float | None
    refusal_accuracy: float | None
    cited_after: int
    nonexistent_after: int
    not_retrieved_after: int
    cited_before: int
    nonexistent_before: int
    not_retrieved_before: int
    latency_p50: float | None
    latency_p95: float | None


@dataclass
class Report:
    config: dict[str, Any]
    summary: Summary
    by_type: dict[str, Summary]
    items: list[ItemResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The shape of report.json, which ``eval.compare`` reads back."""
        return {
            "config": self.config,
            "summary": asdict(self.summary),
            "by_type": {t: asdict(s) for t, s in self.by_type.items()},
            "items": [item.to_json() for item in self.items],
        }
