"""A PNG bar chart of the main scores per question type, drawn with matplotlib's Agg canvas."""

from __future__ import annotations

from pathlib import Path

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
