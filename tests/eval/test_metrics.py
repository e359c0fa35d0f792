import pytest

from eval.metrics import (
    CitationScores,
    RefusalOutcome,
    citation_scores,
    f1_score,
    fact_share,
    hallucinations,
    item_score,
    percentile,
    recall_at_k,
    reciprocal_rank,
    refusal_scores,
    retrieval_scores,
)

S = "A/RES/80/118"


def L(*paragraphs):
    return [f"{S} {p}" for p in paragraphs]


# --- citation precision / recall / F1 -------------------------------------------------------


def test_citation_scores_partial_overlap():
    scores = citation_scores(L("OP26", "OP27", "OP40"), L("OP26", "OP30"))
    assert scores.precision == pytest.approx(1 / 3)
    assert scores.recall == pytest.approx(1 / 2)
    assert scores.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_also_acceptable_counts_for_precision_not_recall():
    scores = citation_scores(L("PP58"), L("OP26"), L("PP58"))
    assert scores == CitationScores(precision=1.0, recall=0.0, f1=0.0)


def test_subparagraph_matches_paragraph_both_ways():
    assert citation_scores(L("OP70(a)"), L("OP70")) == CitationScores(1.0, 1.0, 1.0)
    assert citation_scores(L("OP70"), L("OP70(a)")) == CitationScores(1.0, 1.0, 1.0)
    assert citation_scores(L("OP70(b)"), L("OP70(a)")) == CitationScores(0.0, 0.0, 0.0)


def test_symbols_are_normalised_and_duplicates_count_once():
    scores = citation_scores(["a/res/80/118 OP26", "A/RES/80/118  OP26", f"{S} OP1"], L("OP26"))
    assert scores.precision == pytest.approx(1 / 2)
    assert scores.recall == 1.0


def test_unparseable_citation_is_wrong():
    assert citation_scores(["paragraph 26", f"{S} OP26"], L("OP26")).precision == pytest.approx(1 / 2)


def test_nothing_cited_with_gold_scores_zero():
    assert citation_scores([], L("OP26")) == CitationScores(0.0, 0.0, 0.0)


def test_nothing_cited_without_gold_scores_one():  # metadata question
    assert citation_scores([], []) == CitationScores(1.0, 1.0, 1.0)


def test_citations_on_metadata_question_only_count_if_acceptable():
    assert citation_scores(L("OP1", "PP1"), [], L("PP1")) == CitationScores(0.5, 1.0, pytest.approx(2 / 3))


def test_citations_on_unanswerable_item_score_zero():
    assert citation_scores(L("OP1"), [], answerable=False) == CitationScores(0.0, 0.0, 0.0)


def test_no_citation_on_unanswerable_item_scores_one():
    assert citation_scores([], [], answerable=False) == CitationScores(1.0, 1.0, 1.0)


def test_f1_of_zeros_is_zero():
    assert f1_score(0.0, 0.0) == 0.0
    assert f1_score(1.0, 0.5) == pytest.approx(2 / 3)


# --- retrieval ------------------------------------------------------------------------------


def test_recall_at_k_and_reciprocal_rank():
    retrieved = L("OP1", "OP26", "PP3", "OP30", "OP9")
    expected = L("OP26", "OP30")
    assert recall_at_k(expected, retrieved, 1) == 0.0
    assert recall_at_k(expected, retrieved, 3) == 0.5
    assert recall_at_k(expected, retrieved, 5) == 1.0
    assert reciprocal_rank(expected, retrieved) == 0.5


def test_retrieval_matches_subparagraphs():
    assert reciprocal_rank(L("OP70(a)"), L("OP1", "OP70")) == 0.5
    assert recall_at_k(L("OP70"), L("OP70(b)"), 1) == 1.0


def test_empty_retrieval_scores_zero():
    scores = retrieval_scores(L("OP26"), [])
    assert (scores.recall_at_1, scores.recall_at_10, scores.mrr) == (0.0, 0.0, 0.0)


def test_retrieval_scores_all_cutoffs():
    scores = retrieval_scores(L("OP5"), L(*(f"OP{i}" for i in range(1, 11))))
    assert (scores.recall_at_1, scores.recall_at_3, scores.recall_at_5, scores.recall_at_10) == (0, 0, 1, 1)
    assert scores.mrr == pytest.approx(1 / 5)


def test_retrieval_needs_expected_labels():
    with pytest.raises(ValueError):
        recall_at_k([], L("OP1"), 5)
    with pytest.raises(ValueError):
        reciprocal_rank([], L("OP1"))


# --- answer facts ---------------------------------------------------------------------------


def test_fact_share_is_case_and_space_insensitive():
    text = "Only 27\u00a0Per  cent of people in low-income countries are online."
    assert fact_share(text, ["27 per cent", "LOW-INCOME", "93 per cent"]) == pytest.approx(2 / 3)


def test_fact_share_none_when_nothing_expected():
    assert fact_share("anything", []) is None


# --- refusals -------------------------------------------------------------------------------


def test_refusal_outcomes():
    assert RefusalOutcome(answerable=False, refused=True, n_citations=0).handled_right
    assert not RefusalOutcome(answerable=False, refused=True, n_citations=1).handled_right
    assert not RefusalOutcome(answerable=False, refused=False, n_citations=0).handled_right
    assert not RefusalOutcome(answerable=True, refused=True, n_citations=0).handled_right
    assert RefusalOutcome(answerable=True, refused=False, n_citations=2).handled_right


def test_refusal_scores():
    outcomes = [
        RefusalOutcome(False, True, 0),  # correct refusal
        RefusalOutcome(False, False, 1),  # answered the unanswerable
        RefusalOutcome(True, True, 0),  # refused the answerable
        RefusalOutcome(True, False, 1),  # answered
        RefusalOutcome(False, True, 2),  # refused but cited: not correct
    ]
    scores = refusal_scores(outcomes)
    assert scores.precision == pytest.approx(1 / 3)
    assert scores.recall == pytest.approx(1 / 3)
    assert scores.accuracy == pytest.approx(2 / 5)


def test_refusal_scores_undefined_without_refusals_or_unanswerables():
    scores = refusal_scores([RefusalOutcome(True, False, 1)])
    assert (scores.precision, scores.recall, scores.accuracy) == (None, None, 1.0)
    assert refusal_scores([]).accuracy is None


# --- hallucinated citations -----------------------------------------------------------------


def test_hallucinations_counts_nonexistent_and_not_retrieved():
    stored = {f"{S} OP1", f"{S} OP2", f"{S} OP70(a)"}
    counts = hallucinations(
        [*L("OP1", "OP2", "OP99", "OP70(a)", "OP1"), "garbage"],
        L("OP1", "OP70"),
        stored.__contains__,
    )
    assert counts.cited == 5
    assert counts.nonexistent == 2  # OP99 and the unparseable label
    assert counts.not_retrieved == 3  # OP2, OP99, garbage


# --- latency and item score -----------------------------------------------------------------


def test_percentile_interpolates_like_numpy():
    values = [4.0, 1.0, 3.0, 2.0]
    assert percentile(values, 50) == 2.5
    assert percentile(values, 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


def test_item_score_skips_facts_when_not_applicable():
    assert item_score(0.5, None, True) == 0.75
    assert item_score(0.5, 0.0, True) == 0.5
