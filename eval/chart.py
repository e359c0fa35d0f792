"""PNG charts drawn with matplotlib's Agg canvas: the main scores per question type, and the scale
benchmark's figures against the store's size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from eval.results import Summary

# (Summary field, legend label)
CHART_METRICS = (
    ("citation_f1", "citation F1"),
    ("recall_at_5", "retrieval recall@5"),
    ("facts", "answer facts"),
    ("refusal_accuracy", "refusal accuracy"),
)


def write_chart(groups: dict[str, Summary], path: Path) -> None:
    """Grouped bars, one group per key of ``groups``; a metric no item qualifies for draws no bar."""
    names = list(groups)
    fig = Figure(figsize=(max(6.0, 1.4 * len(names) + 2), 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    width = 0.8 / len(CHART_METRICS)
    for m, (field, label) in enumerate(CHART_METRICS):
        values = [getattr(groups[name], field) for name in names]
        xs = [g + (m - (len(CHART_METRICS) - 1) / 2) * width for g in range(len(names))]
        ax.bar(xs, [float("nan") if v is None else v for v in values], width, label=label)
    ax.set_xticks(range(len(names)), [f"{name}\n(n={groups[name].n})" for name in names])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title("Scores by question type")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=len(CHART_METRICS), fontsize="small")
    fig.savefig(path, dpi=110)


# (row field, legend label) of the scale benchmark's latency panel (``eval.scale``)
SCALE_LATENCIES = (
    ("retrieval_p50_ms", "retrieval p50"),
    ("retrieval_p95_ms", "retrieval p95"),
    ("answer_p50_ms", "answer p50"),
    ("answer_p95_ms", "answer p95"),
)


def write_scale_chart(rows: list[dict[str, Any]], path: Path) -> None:
    """Three panels against the store's size in paragraphs (log scale), one line per mode (embedded,
    server): warm latencies, fresh-process times (first answer, cold ``unqa ask``), resident memory."""
    fig = Figure(figsize=(13, 4.2), layout="constrained")
    FigureCanvasAgg(fig)
    latency, cold, memory = fig.subplots(1, 3)
    for mode in dict.fromkeys(r["mode"] for r in rows):
        own = [r for r in rows if r["mode"] == mode]
        sizes = [r["paragraphs"] for r in own]
        style = {"marker": "o", "linestyle": "-" if mode == "embedded" else "--"}
        for field, label in SCALE_LATENCIES:
            latency.plot(sizes, [r[field] for r in own], label=f"{label} ({mode})", **style)
        cold.plot(sizes, [r["first_answer_s"] for r in own], label=f"first answer ({mode})", **style)
        cold.plot(sizes, [r["cold_ask_s"] for r in own], label=f"cold unqa ask ({mode})", **style)
        memory.plot(sizes, [r["peak_rss_mb"] for r in own], label=f"assistant, peak ({mode})", **style)
        memory.plot(sizes, [r["rss_mb"] for r in own], label=f"assistant, after ({mode})", **style)
        if any(r.get("server_peak_rss_mb") for r in own):
            memory.plot(sizes, [r["server_peak_rss_mb"] for r in own], label="chroma run", **style)
    for ax, title, unit in (
        (latency, "Warm question latency", "ms"),
        (cold, "Fresh process", "s"),
        (memory, "Resident memory", "MB"),
    ):
        ax.set_xscale("log")
        ax.set_xlabel("paragraphs stored")
        ax.set_ylabel(unit)
        if ax is latency:
            ax.set_yscale("log")
        else:
            ax.set_ylim(bottom=0)
        ax.set_title(title)
        ax.legend(fontsize="x-small")
    fig.savefig(path, dpi=110)
