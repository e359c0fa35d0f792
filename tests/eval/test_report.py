import dataclasses
import json

import pytest

from eval import evaluate, write_report
from eval.report import render_markdown, worst_items
from tests.eval.eval_stub import GOLD


@pytest.fixture
def report(ask, exists):
    return evaluate(GOLD, ask, exists=exists, config={"backend": "extractive", "k": 10}, progress=False)


def test_writes_json_markdown_and_chart(report, tmp_path):
    files = write_report(report, tmp_path / "run1")
    assert files.json.parent == tmp_path / "run1"
    data = json.loads(files.json.read_text(encoding="utf-8"))
    assert [item["id"] for item in data["items"]] == ["q1", "q2", "m1", "u1"]
    q1 = data["items"][0]
    assert q1["cited"] == ["A/RES/80/118 OP26", "A/RES/80/118 PP58"]
    assert q1["retrieved"][1] == "A/RES/80/118 OP26"
    assert q1["answer"].startswith("About 27 per cent")
    assert q1["scores"]["mrr"] == 0.5
    assert data["items"][2]["scores"]["mrr"] is None
    assert data["summary"]["citation_recall"] == 0.875
    assert set(data["by_type"]) == {"factoid", "list", "metadata", "unanswerable"}
    assert data["config"]["backend"] == "extractive"
    png = files.chart.read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 1000


def test_markdown_has_summary_type_worst_and_configuration_sections(report, tmp_path):
    md = write_report(report, tmp_path).markdown.read_text(encoding="utf-8")
    assert "| citation recall | 0.875 |" in md
    assert "| retrieval MRR | 0.750 |" in md
    assert "## By question type" in md
    assert "| list | 1 | 0.833 | 1.000 | 0.500 | 0.667 |" in md
    assert "## The 10 worst items" in md
    assert "| q1 |" not in md  # a perfect item is not among the worst
    worst_row = next(line for line in md.splitlines() if line.startswith("| q2 |"))
    assert "A/RES/80/118 OP70 |" in worst_row and "A/RES/80/118 OP70(a), A/RES/80/118 OP71" in worst_row
    assert "| before validation | 4 | 1 | 1 |" in md
    assert '"backend": "extractive"' in md
    assert "![scores by question type](by_type.png)" in md


def test_worst_items_lowest_score_first_and_only_imperfect(report):
    scores = [0.5, 0.2, 1.0, 0.5]
    items = [dataclasses.replace(i, score=s) for i, s in zip(report.items, scores, strict=True)]
    assert [i.id for i in worst_items(items)] == ["q2", "q1", "u1"]
    assert [i.id for i in worst_items(items, 1)] == ["q2"]
    assert "Every item scored 1.000." in render_markdown(
        dataclasses.replace(report, items=items[2:3]), "c.png"
    )
