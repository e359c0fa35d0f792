"""Compare two runs (their report.json files) item by item: what got better, what got worse.

An item is better or worse when its item score (``eval.metrics.item_score``) moved; items whose
score held but another number moved (retrieval, hallucination counts) are listed as changed. Items
are matched by id; ids in only one run are listed. Latency is left out of item changes (it always
moves) but its percentiles are in the summary deltas.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EPSILON = 1e-9
IGNORED_ITEM_KEYS = ("score", "latency_s")


@dataclass(frozen=True)
class ItemChange:
    id: str
    question: str
    score_a: float
    score_b: float
    deltas: dict[str, float]  # the other numbers that moved, b - a

    @property
    def delta(self) -> float:
        return self.score_b - self.score_a


@dataclass(frozen=True)
class ReportDiff:
    summary: list[tuple[str, float | None, float | None]]  # (metric, a, b) for every summary number
    by_type: list[tuple[str, float | None, float | None]]  # (type, score a, score b)
    config: list[tuple[str, Any, Any]]  # (key, a, b) for configuration keys that differ
    better: list[ItemChange]
    worse: list[ItemChange]
    changed: list[ItemChange]
    unchanged: int
    only_a: list[str]
    only_b: list[str]


def _number_deltas(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float]:
    return {
        key: b[key] - a[key]
        for key in a
        if key not in IGNORED_ITEM_KEYS
        and isinstance(a[key], int | float)
        and isinstance(b.get(key), int | float)
        and abs(b[key] - a[key]) > EPSILON
    }


def diff_reports(a: dict[str, Any], b: dict[str, Any]) -> ReportDiff:
    """The differences between two report.json contents, ``a`` the baseline."""
    items_a = {item["id"]: item for item in a["items"]}
    items_b = {item["id"]: item for item in b["items"]}
    better, worse, changed, unchanged = [], [], [], 0
    for item_id in sorted(items_a.keys() & items_b.keys()):
        sa, sb = items_a[item_id]["scores"], items_b[item_id]["scores"]
        change = ItemChange(
            item_id, items_a[item_id]["question"], sa["score"], sb["score"], _number_deltas(sa, sb)
        )
        if change.delta > EPSILON:
            better.append(change)
        elif change.delta < -EPSILON:
            worse.append(change)
        elif change.deltas:
            changed.append(change)
        else:
            unchanged += 1
    config_keys = sorted((a["config"].keys() | b["config"].keys()) - {"run"})
    return ReportDiff(
        summary=[(key, a["summary"][key], b["summary"].get(key)) for key in a["summary"]],
        by_type=[
            (t, a["by_type"].get(t, {}).get("score"), b["by_type"].get(t, {}).get("score"))
            for t in sorted(a["by_type"].keys() | b["by_type"].keys())
        ],
        config=[
            (key, a["config"].get(key), b["config"].get(key))
            for key in config_keys
            if a["config"].get(key) != b["config"].get(key)
        ],
        better=sorted(better, key=lambda c: (-c.delta, c.id)),
        worse=sorted(worse, key=lambda c: (c.delta, c.id)),
        changed=changed,
        unchanged=unchanged,
        only_a=sorted(items_a.keys() - items_b.keys()),
        only_b=sorted(items_b.keys() - items_a.keys()),
    )


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _signed(value: float) -> str:
    return f"{value:+d}" if isinstance(value, int) else f"{value:+.3f}"


def _delta(a: float | None, b: float | None) -> str:
    return "" if a is None or b is None else _signed(b - a)


def _change_lines(title: str, changes: list[ItemChange]) -> list[str]:
    lines = [f"{title}: {len(changes)}"]
    for c in changes:
        moved = ", ".join(f"{k} {_signed(v)}" for k, v in sorted(c.deltas.items()))
        lines.append(f"  {c.id}  {c.score_a:.3f} -> {c.score_b:.3f} ({c.delta:+.3f})  {c.question[:70]}")
        if moved:
            lines.append(f"      {moved}")
    return lines


def format_diff(diff: ReportDiff, name_a: str = "A", name_b: str = "B") -> str:
    """The diff as plain text for a terminal."""
    lines = [f"Comparing {name_a} (A) with {name_b} (B)", ""]
    if diff.config:
        lines.append("Configuration differences:")
        lines += [f"  {key}: {a!r} -> {b!r}" for key, a, b in diff.config]
        lines.append("")
    lines.append(f"{'metric':<24}{'A':>10}{'B':>10}{'B-A':>10}")
    lines += [f"{key:<24}{_num(a):>10}{_num(b):>10}{_delta(a, b):>10}" for key, a, b in diff.summary]
    lines += ["", f"{'item score by type':<24}{'A':>10}{'B':>10}{'B-A':>10}"]
    lines += [f"{t:<24}{_num(a):>10}{_num(b):>10}{_delta(a, b):>10}" for t, a, b in diff.by_type]
    lines.append("")
    lines += _change_lines("Better", diff.better)
    lines += _change_lines("Worse", diff.worse)
    lines += _change_lines("Same score, other numbers moved", diff.changed)
    lines.append(f"Unchanged: {diff.unchanged}")
    if diff.only_a:
        lines.append(f"Only in A: {', '.join(diff.only_a)}")
    if diff.only_b:
        lines.append(f"Only in B: {', '.join(diff.only_b)}")
    return "\n".join(lines) + "\n"


def compare_reports(a_path: str | Path, b_path: str | Path) -> str:
    """Read two report.json files (or the run directories holding them) and describe the difference."""
    paths = [Path(p) / "report.json" if Path(p).is_dir() else Path(p) for p in (a_path, b_path)]
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in paths)
    return format_diff(diff_reports(a, b), str(paths[0]), str(paths[1]))
