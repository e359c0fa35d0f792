import pytest

from eval import evaluate
from eval.metrics import CitationScores, HallucinationCounts
from tests.eval.eval_stub import GOLD, S

CONFIG = {"backend": "extractive", "embed_model": "local:all-MiniLM-L6-v2", "k": 10}


@pytest.fixture
def report(ask, exists):
    return evaluate(GOLD, ask, exists=exists, config=CONFIG, progress=False)


def test_asks_every_question_with_its_history(report, ask):
    assert [item_id for item_id, _ in ask.calls] == ["q1", "q2", "m1", "u1"]
    assert ask.calls[1][1] == [dict(turn) for turn in GOLD[1].history]
    assert ask.calls[0][1] == []


def test_per_item_scores(report):
    q1, q2, m1, u1 = report.items
    assert q1.citation == CitationScores(1.0, 1.0, 1.0)
    assert (q1.retrieval.recall_at_1, q1.retrieval.recall_at_3, q1.retrieval.mrr) == (0.0, 1.0, 0.5)
    assert q1.facts == 1.0
    assert q1.hallucinated_after == HallucinationCounts(cited=2, nonexistent=0, not_retrieved=0)
    assert q1.hallucinated_before == HallucinationCounts(cited=3, nonexistent=1, not_retrieved=1)
    assert q2.citation == CitationScores(1.0, 0.5, pytest.approx(2 / 3))
    assert (q2.retrieval.recall_at_1, q2.retrieval.mrr) == (0.5, 1.0)
    assert q2.facts is None
    assert q2.score == pytest.approx(5 / 6)
    assert m1.cited == [S]  # the document-level citation is shown but not scored
    assert m1.citation == CitationScores(1.0, 1.0, 1.0)
    assert m1.retrieval is None
    assert u1.refusal.correct_refusal
    assert u1.citation == CitationScores(1.0, 1.0, 1.0)
    assert [i.latency_s for i in report.items] == [1.0, 2.0, 3.0, 4.0]


def test_summary(report):
    s = report.summary
    assert (s.n, s.errors) == (4, 0)
    assert s.citation_precision == 1.0
    assert s.citation_recall == pytest.approx(0.875)
    assert s.citation_f1 == pytest.approx(11 / 12)
    assert s.retrieval_n == 2
    assert (s.recall_at_1, s.recall_at_3, s.recall_at_10, s.mrr) == (0.25, 0.75, 0.75, 0.75)
    assert (s.facts_n, s.facts) == (2, 1.0)
    assert (s.refusal_precision, s.refusal_recall, s.refusal_accuracy) == (1.0, 1.0, 1.0)
    assert (s.cited_after, s.nonexistent_after, s.not_retrieved_after) == (3, 0, 0)
    assert (s.cited_before, s.nonexistent_before, s.not_retrieved_before) == (4, 1, 1)
    assert s.latency_p50 == 2.5
    assert s.latency_p95 == pytest.approx(3.85)


def test_summary_per_type(report):
    assert list(report.by_type) == ["factoid", "list", "metadata", "unanswerable"]
    assert report.by_type["list"].citation_recall == 0.5
    assert report.by_type["unanswerable"].refusal_recall == 1.0
    assert report.by_type["metadata"].retrieval_n == 0
    assert report.by_type["metadata"].mrr is None


def test_configuration_and_versions_are_recorded(report):
    assert {k: report.config[k] for k in CONFIG} == CONFIG
    run = report.config["run"]
    assert run["items"] == 4
    assert run["environment"]["packages"]["chromadb"]
    assert run["environment"]["python"].startswith("3.")


def test_a_failing_ask_is_recorded_and_the_run_goes_on(ask, exists):
    def flaky(question, history):
        if question == GOLD[0].question:
            raise RuntimeError("endpoint timed out")
        return ask(question, history)

    report = evaluate(GOLD, flaky, exists=exists, config={}, progress=False)
    q1 = report.items[0]
    assert q1.error == "RuntimeError: endpoint timed out"
    assert q1.citation == CitationScores(0.0, 0.0, 0.0)
    assert q1.facts == 0.0
    assert report.summary.errors == 1
    assert report.items[1].error is None


def test_repeated_ids_are_refused(ask, exists):
    with pytest.raises(ValueError, match="repeated: q1"):
        evaluate([*GOLD, GOLD[0]], ask, exists=exists, config={}, progress=False)
