"""``unqa eval``: run gold sets through the assistant over what is stored, write the report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from assistant import Assistant, AssistantConfig
from eval.compare import compare_reports
from eval.gold import GoldItem, check_labels, load_gold
from eval.report import write_report
from eval.runner import evaluate
from eval.split import split
from ingest.ids import parse_citation_label
from ingest.model import UnqaError


def run_config(
    config: AssistantConfig, assistant: Assistant, gold: list[str], part: str, limit: int | None
) -> dict[str, Any]:
    """What a report records about the run, so two reports can be told apart."""
    backend = assistant.backend.name
    return {
        "backend": backend,
        "llm_model": config.llm_model if backend == "openai" else None,
        "llm_base_url": config.llm_base_url if backend == "openai" else None,
        "gguf_path": getattr(assistant.backend, "model_path", None) if backend == "llamacpp" else None,
        "embed_model": assistant.store.embedding_id,
        "top_k": config.top_k,
        "reranker": config.reranker or "learned",
        "tuning": config.tuning.to_dict(),
        "gold": gold,
        "split": part,
        "limit": limit,
        "store": config.store.describe_location,
        "documents_stored": len(assistant.symbols()),
        "git_commit": git_commit(),
    }


def git_commit() -> str | None:
    """The commit the code runs from (``+dirty`` with uncommitted changes); None outside a git checkout."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def label_exists(assistant: Assistant):
    def exists(label: str) -> bool:
        parsed = parse_citation_label(label)
        if parsed is None:  # a document label (metadata answers): the document must be stored
            return label.strip() in set(assistant.symbols())
        symbol, ref = parsed
        return assistant.paragraph(symbol, ref.id) is not None

    return exists


def load_items(gold: list[str], part: str, limit: int | None = None) -> list[GoldItem]:
    items = [item for path in gold for item in load_gold(path)]
    items = items if part == "all" else split(items, part)  # type: ignore[arg-type]
    return items[:limit] if limit else items


def run_eval(
    config: AssistantConfig,
    *,
    gold: list[str],
    out: str,
    compare: str | None,
    split: str,
    limit: int | None,
    ingest: list[str] | None = None,
) -> int:
    items = load_items(gold, split, limit)
    if not items:
        raise UnqaError(f"no gold items in the {split} split of {', '.join(gold)}: nothing to evaluate")
    if compare and not Path(compare).exists():
        raise UnqaError(f"--compare {compare}: no such run folder or report.json")
    assistant = Assistant(config)
    if ingest:  # one command from a fresh store: unchanged documents are not embedded again
        print(assistant.ingest(ingest, progress=True).render().split("\n")[0], file=sys.stderr)
    exists = label_exists(assistant)
    missing = check_labels(items, exists)
    parsed = (parse_citation_label(label) for label in missing)
    needed = sorted({p[0] for p in parsed if p} - set(assistant.symbols()))
    if missing:
        hint = f" (resolutions not stored: {', '.join(needed)}; ingest them first)" if needed else ""
        print(
            f"unqa eval: {len(missing)} gold label(s) name no stored paragraph{hint}: "
            + ", ".join(missing[:10]),
            file=sys.stderr,
        )
        return 1
    report = evaluate(
        items,
        lambda q, h: assistant.ask(q, history=h),
        exists=exists,
        config=run_config(config, assistant, gold, split, limit),
    )
    files = write_report(report, out)
    print(Path(files.markdown).read_text(encoding="utf-8").split("\n## ")[0])
    print(f"\nWrote {files.json}, {files.markdown}, {files.chart}")
    if compare:
        other = Path(compare)
        print(compare_reports(other / "report.json" if other.is_dir() else other, files.json))
    return 0
