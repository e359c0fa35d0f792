"""Aggregate item results into Summaries, overall and per question type.

Citation scores, the item score and refusal accuracy are averaged over every item; recall@k and
MRR over the items with gold citations; answer facts over the items listing ``answer_contains``.
Hallucination counts are totals. Latency percentiles are over every item, errors included.
"""

from __future__ import annotations

from collections.abc import Sequence

from eval.metrics import mean, percentile, refusal_scores
from eval.results import ItemResult, Summary


def summarize(items: Sequence[ItemResult]) -> Summary:
    with_retrieval = [i.retrieval for i in items if i.retrieval is not None]
    with_facts = [i.facts for i in items if i.facts is not None]
    refusal = refusal_scores([i.refusal for i in items])
    latencies = [i.latency_s for i in items]
    return Summary(
        n=len(items),
        errors=sum(i.error is not None for i in items),
        score=mean([i.score for i in items]),
        citation_precision=mean([i.citation.precision for i in items]),
        citation_recall=mean([i.citation.recall for i in items]),
        citation_f1=mean([i.citation.f1 for i in items]),
        retrieval_n=len(with_retrieval),
        recall_at_1=mean([r.recall_at_1 for r in with_retrieval]),
        recall_at_3=mean([r.recall_at_3 for r in with_retrieval]),
        recall_at_5=mean([r.recall_at_5 for r in with_retrieval]),
        recall_at_10=mean([r.recall_at_10 for r in with_retrieval]),
        mrr=mean([r.mrr for r in with_retrieval]),
        facts_n=len(with_facts),
        facts=mean(with_facts),
        refusal_precision=refusal.precision,
        refusal_recall=refusal.recall,
        refusal_accuracy=refusal.accuracy,
        cited_after=sum(i.hallucinated_after.cited for i in items),
        nonexistent_after=sum(i.hallucinated_after.nonexistent for i in items),
        not_retrieved_after=sum(i.hallucinated_after.not_retrieved for i in items),
        cited_before=sum(i.hallucinated_before.cited for i in items),
        nonexistent_before=sum(i.hallucinated_before.nonexistent for i in items),
        not_retrieved_before=sum(i.hallucinated_before.not_retrieved for i in items),
        latency_p50=percentile(latencies, 50),
        latency_p95=percentile(latencies, 95),
    )


def summarize_by_type(items: Sequence[ItemResult]) -> dict[str, Summary]:
    """One Summary per question ``type``, types in alphabetical order."""
    types = sorted({i.type for i in items})
    return {t: summarize([i for i in items if i.type == t]) for t in types}
