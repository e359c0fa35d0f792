"""Refusal (assistant.refusal): never a near miss for a question the texts do not answer."""

from __future__ import annotations

from dataclasses import replace

from assistant.learn import LinearModel
from assistant.question import analyse
from assistant.references import QuestionReferences
from assistant.refusal import ANSWERABILITY_FEATURES, answerability_row, lacks_asked_value, should_refuse
from assistant.retrieval import TermWeights
from assistant.tuning import Learned, Tuning


def _tuning(bias: float, threshold: float = 0.5) -> Tuning:
    n = len(ANSWERABILITY_FEATURES)
    model = LinearModel(ANSWERABILITY_FEATURES, (0.0,) * n, (0.0,) * n, (1.0,) * n, bias)
    return Tuning().with_learned(replace(Learned.load(), answerable=model, refusal_threshold=threshold))


def _asked(question: str):
    return analyse(question, QuestionReferences())


def test_the_learned_answerability_decides(evidence_of) -> None:
    evidence = evidence_of("OP26")
    asked = _asked("What does the resolution say about broadband?")
    assert should_refuse(evidence, asked, TermWeights({}), _tuning(bias=-3.0))  # P(answerable) ~ 0.05
    assert not should_refuse(evidence, asked, TermWeights({}), _tuning(bias=3.0))
    assert should_refuse([], asked, TermWeights({}), _tuning(bias=3.0))


def test_a_question_for_a_kind_of_value_the_evidence_lacks_is_refused(evidence_of) -> None:
    yes = _tuning(bias=3.0)
    assert should_refuse(
        evidence_of("OP70"), _asked("How many troops does the resolution authorize?"), TermWeights({}), yes
    )
    assert not should_refuse(
        evidence_of("OP26"),
        _asked("What share of people in low-income countries is online?"),
        TermWeights({}),
        yes,
    )


def test_questions_about_the_drafting_are_refused_and_named_paragraphs_never(evidence_of) -> None:
    yes = _tuning(bias=3.0)
    assert should_refuse(
        evidence_of("PP49"), _asked("Who chaired the negotiations on this text?"), TermWeights({}), yes
    )
    named = evidence_of("OP26")
    named[0].named = True
    assert not should_refuse(named, _asked("What does OP26 say?"), TermWeights({}), _tuning(bias=-3.0))


def test_answerability_features(evidence_of) -> None:
    evidence = evidence_of("OP26", "OP32")
    evidence[0].relevance, evidence[1].relevance = 3.0, 1.0
    row = dict(
        zip(
            ANSWERABILITY_FEATURES,
            answerability_row(_asked("What share of people is online?"), evidence, TermWeights({})),
            strict=True,
        )
    )
    assert row["relevance"] == 3.0 and row["margin"] == 2.0 and row["kind_asked"] == 1.0
    assert 0 < row["coverage"] <= 1 and 0 <= row["missing"] <= 1


def test_an_answer_that_does_not_lead_with_the_asked_value_is_refused() -> None:
    asked = _asked("Until when is the mandate extended?")
    assert lacks_asked_value(asked, "The Council extended it [S/RES/1 (1946) OP1].")
    assert not lacks_asked_value(asked, "Until 15 June 1975 [S/RES/1 (1946) OP1].")
