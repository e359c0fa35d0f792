"""``python -m eval.benchmark load``: concurrent UI sessions while an upload is stored. The figures are
printed, not asserted; what is asserted is what must hold under load: no errors, no mixed conversations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from eval.benchmark import (
    LIBRARY_GOLD,
    Conversation,
    LoadReport,
    SessionRun,
    UploadRun,
    bench_load,
    conversations,
    corpus_files,
)
from eval.gold import load_gold

REPO = Path(__file__).resolve().parents[2]


def test_conversations_are_distinct_follow_ups(corpus_dir: Path) -> None:
    files = corpus_files(corpus_dir)
    assert files["S/RES/232 (1966)"].name == "S_RES_0232_1966_EN_GOLD.txt"
    chosen = conversations(20, 3, set(files))
    assert len({c.symbol for c in chosen}) == 20
    assert len({q for c in chosen for q in c.questions}) == 60
    follow_ups = {i.question: i.history[0]["content"] for i in load_gold(LIBRARY_GOLD) if i.history}
    assert all(follow_ups[c.questions[1]] == c.questions[0] for c in chosen)  # a question, then its follow-up
    with pytest.raises(SystemExit, match="ask for at most 1 sessions"):
        conversations(2, 2, {"S/RES/232 (1966)"})


def _run(conversation: Conversation, answers: list[str], asked: int | None = None) -> SessionRun:
    run = SessionRun(conversation, answers=answers, latencies=[0.1] * len(answers))
    run.foreign_history = asked is not None and asked != len(conversation.questions)
    return run


def test_a_mixed_conversation_is_counted_and_a_changed_answer_is_not() -> None:
    one, two = Conversation("S/RES/1 (1946)", ("q1", "q2")), Conversation("S/RES/2 (1946)", ("q3", "q4"))
    alone = [_run(one, ["a1", "a2"]), _run(two, ["a3", "a4"])]

    def report(*runs: SessionRun) -> LoadReport:
        return LoadReport(list(runs), UploadRun(2, 2, "done", 1.0), alone, 1.0)

    assert report(_run(one, ["a1", "a2"]), _run(two, ["a3", "a4"])).mixed == 0
    swapped = report(_run(one, ["a1", "a4"]), _run(two, ["a3", "a2"]))
    assert (swapped.mixed, swapped.changed) == (2, 0)
    changed = report(_run(one, ["a1", "other"]), _run(two, ["a3", "a4"]))
    assert (changed.mixed, changed.changed) == (0, 1)
    assert report(_run(one, ["a1", "a2"], asked=3)).mixed == 1  # a question it did not ask in its chat
    assert "mixed conversations 2" in swapped.render() and "errors 0" in swapped.render()


@pytest.mark.slow
@pytest.mark.server
def test_load_command_with_3_sessions(corpus_dir: Path) -> None:
    env = {**os.environ, "UNQA_BACKEND": "extractive", "UNQA_CORPUS_DIR": str(corpus_dir)}
    command = [sys.executable, "-m", "eval.benchmark", "load", "--sessions", "3", "--questions", "2"]
    done = subprocess.run(
        [*command, "--uploads", "2"], env=env, cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert "load: 3 sessions x 2 questions" in done.stdout
    assert "errors 0; mixed conversations 0;" in done.stdout, done.stdout
    assert (
        "upload: 2 of 2 files stored, done" in done.stdout and "latency per question (6): p50" in done.stdout
    )


@pytest.mark.slow
@pytest.mark.server
def test_20_concurrent_sessions_give_no_errors_and_no_mixed_answers_or_histories(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNQA_BACKEND", "extractive")
    report = bench_load(sessions=20, questions=2, data_dir=None, corpus=corpus_dir, uploads=2)
    print(report.render())
    assert report.errors == []
    assert report.mixed == 0
    assert len(report.sessions) == 20 and all(len(run.answers) == 2 for run in report.sessions)
    assert report.upload.state == "done" and report.upload.stored == 2
