"""Write a Report to disk: report.json (every item), report.md (tables) and by_type.png (chart)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from eval.chart import write_chart
from eval.results import ItemResult, Report, Summary

WORST_N = 10

# (Summary field, row label) for the summary table, in reading order.
SUMMARY_ROWS = (
    ("n", "items"),
    ("errors", "errors (ask raised)"),
    ("score", "item score (mean)"),
    ("citation_precision", "citation precision"),
    ("citation_recall", "citation recall"),
    ("citation_f1", "citation F1"),
    ("retrieval_n", "items with gold citations"),
    ("recall_at_1", "retrieval recall@1"),
    ("recall_at_3", "retrieval recall@3"),
    ("recall_at_5", "retrieval recall@5"),
    ("recall_at_10", "retrieval recall@10"),
    ("mrr", "retrieval MRR"),
    ("facts_n", "items with answer_contains"),
    ("facts", "answer facts"),
    ("refusal_precision", "refusal precision"),
    ("refusal_recall", "refusal recall"),
    ("refusal_accuracy", "refusal accuracy"),
    ("latency_p50", "latency p50 (s)"),
    ("latency_p95", "latency p95 (s)"),
)
TYPE_COLUMNS = (
    ("n", "n"),
    ("score", "score"),
    ("citation_precision", "cit. P"),
    ("citation_recall", "cit. R"),
    ("citation_f1", "cit. F1"),
    ("recall_at_5", "R@5"),
    ("mrr", "MRR"),
    ("facts", "facts"),
    ("refusal_accuracy", "refusal acc."),
    ("latency_p50", "p50 (s)"),
)


@dataclass(frozen=True)
class ReportFiles:
    json: Path
    markdown: Path
    chart: Path


def _fmt(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _cell(text: str, limit: int = 160) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _labels(labels: list[str]) -> str:
    return ", ".join(labels) if labels else "—"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _hallucination_table(s: Summary) -> list[str]:
    return _table(
        ["citations", "cited", "nonexistent", "not retrieved"],
        [
            ["after validation", str(s.cited_after), str(s.nonexistent_after), str(s.not_retrieved_after)],
            [
                "before validation",
                str(s.cited_before),
                str(s.nonexistent_before),
                str(s.not_retrieved_before),
            ],
        ],
    )


def worst_items(items: list[ItemResult], n: int = WORST_N) -> list[ItemResult]:
    """The ``n`` lowest-scoring items that fall short of a perfect score, ties in id order."""
    return sorted((i for i in items if i.score < 1.0), key=lambda i: (i.score, i.id))[:n]


def _worst_table(items: list[ItemResult]) -> list[str]:
    rows = []
    for i in worst_items(items):
        expected = _labels(i.expected) if i.answerable else "(refusal)"
        if i.also_acceptable:
            expected += f" (also: {_labels(i.also_acceptable)})"
        answer = f"error: {i.error}" if i.error else ("(refused) " if i.refused else "") + i.answer
        rows.append(
            [i.id, i.type, _fmt(i.score), _cell(i.question), _labels(i.cited), expected, _cell(answer)]
        )
    return _table(["id", "type", "score", "question", "cited", "expected", "answer"], rows)


def render_markdown(report: Report, chart_name: str) -> str:
    s = report.summary
    lines = ["# Evaluation report", ""]
    lines += _table(["metric", "value"], [[label, _fmt(getattr(s, f))] for f, label in SUMMARY_ROWS])
    lines += ["", "## By question type", ""]
    lines += _table(
        ["type", *(label for _, label in TYPE_COLUMNS)],
        [[t, *(_fmt(getattr(ts, f)) for f, _ in TYPE_COLUMNS)] for t, ts in report.by_type.items()],
    )
    lines += ["", f"![scores by question type]({chart_name})", ""]
    lines += ["## Hallucinated citations", ""]
    lines += _hallucination_table(s)
    lines += ["", f"## The {WORST_N} worst items", ""]
    lines += _worst_table(report.items) if worst_items(report.items) else ["Every item scored 1.000."]
    lines += [
        "",
        "## Configuration",
        "",
        "```json",
        json.dumps(report.config, indent=2, default=str),
        "```",
        "",
    ]
    return "\n".join(lines)


def write_report(report: Report, out_dir: str | Path) -> ReportFiles:
    """Write report.json, report.md and by_type.png into ``out_dir`` (created if missing)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = ReportFiles(json=out / "report.json", markdown=out / "report.md", chart=out / "by_type.png")
    files.json.write_text(
        json.dumps(report.to_json(), indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    files.markdown.write_text(render_markdown(report, files.chart.name), encoding="utf-8")
    write_chart({"all types": report.summary, **report.by_type}, files.chart)
    return files
