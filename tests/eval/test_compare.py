import dataclasses

import pytest

from eval import compare_reports, evaluate, write_report
from eval.compare import diff_reports
from tests.eval.eval_stub import ANSWERS, GOLD, STORED, S


def _run(answers, items, backend):
    def ask(question, history):
        return answers[next(i.id for i in items if i.question == question)]

    return evaluate(items, ask, exists=STORED.__contains__, config={"backend": backend}, progress=False)


@pytest.fixture
def runs():
    q2 = ANSWERS["q2"]
    op71 = dataclasses.replace(q2.citations[0], label=f"{S} OP71", paragraph="OP71")
    changed = {
        **ANSWERS,
        "q1": dataclasses.replace(ANSWERS["q1"], citations=[], text="I cannot tell."),  # worse
        "q2": dataclasses.replace(q2, citations=[*q2.citations, op71]),  # better: full recall
        "m1": dataclasses.replace(ANSWERS["m1"], removed_citations=[f"{S} OP999"]),  # same score
    }
    return _run(ANSWERS, GOLD, "extractive"), _run(changed, GOLD[:3], "openai")


def test_diff_reports(runs):
    a, b = (r.to_json() for r in runs)
    diff = diff_reports(a, b)
    assert [c.id for c in diff.worse] == ["q1"]
    assert diff.worse[0].score_a == 1.0 and diff.worse[0].delta < 0
    assert diff.worse[0].deltas["citation_f1"] == -1.0
    assert [c.id for c in diff.better] == ["q2"]
    assert diff.better[0].deltas["citation_recall"] == 0.5
    assert [c.id for c in diff.changed] == ["m1"]
    assert diff.changed[0].deltas == {"nonexistent_before": 1, "not_retrieved_before": 1}
    assert diff.unchanged == 0
    assert diff.only_a == ["u1"] and diff.only_b == []
    assert ("backend", "extractive", "openai") in diff.config
    summary = {key: (va, vb) for key, va, vb in diff.summary}
    assert summary["n"] == (4, 3)


def test_better_items_are_listed(runs):
    a, b = (r.to_json() for r in runs)
    diff = diff_reports(b, a)
    assert [c.id for c in diff.better] == ["q1"]
    assert [c.id for c in diff.worse] == ["q2"]
    assert diff.only_b == ["u1"]


def test_compare_reports_reads_files_or_run_directories(runs, tmp_path):
    write_report(runs[0], tmp_path / "a")
    write_report(runs[1], tmp_path / "b")
    text = compare_reports(tmp_path / "a", tmp_path / "b" / "report.json")
    assert "backend: 'extractive' -> 'openai'" in text
    assert "Worse: 1\n  q1  1.000 -> 0.333 (-0.667)" in text
    assert "Better: 1\n  q2  0.833 -> 1.000 (+0.167)" in text
    assert "Same score, other numbers moved: 1" in text
    assert "Only in A: u1" in text
    assert "      nonexistent_before +1, not_retrieved_before +1\n" in text
    assert "\nn                                4         3        -1\n" in text
