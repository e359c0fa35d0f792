"""Fixtures: a fake clock and a hand-written ``ask`` answering the gold set of eval_stub.py."""

import pytest

from tests.eval.eval_stub import ANSWERS, GOLD, LATENCY, STORED


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr("eval.runner.time.perf_counter", fake)
    return fake


@pytest.fixture
def ask(clock):
    """Answers the gold questions with ANSWERS, taking LATENCY seconds of the fake clock each."""
    calls = []

    def ask(question, history):
        item = next(i for i in GOLD if i.question == question)
        calls.append((item.id, history))
        clock.now += LATENCY[item.id]
        return ANSWERS[item.id]

    ask.calls = calls
    return ask


@pytest.fixture
def exists():
    return STORED.__contains__
