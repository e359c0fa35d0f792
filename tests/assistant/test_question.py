"""Reading a question once (assistant.question): what it names, asks and dates."""

import pytest

from assistant.question import analyse, in_another_script
from assistant.references import QuestionReferences

NONE = QuestionReferences()


def test_dates_months_years_and_organ() -> None:
    q = analyse(
        "In May 1980, for how long did the Security Council extend UNDOF (resolution 470 (1980))?", NONE
    )
    assert q.years == {1980} and q.months == {(1980, 5)} and q.organ == "Security Council"
    assert q.kind == "duration" and "undof" in q.terms
    q = analyse("What was the vote on the Council's 25 June 1950 resolution on Korea?", NONE)
    assert q.dates == {"1950-06-25"} and q.months == {(1950, 6)}
    assert analyse("What did the General Assembly proclaim?", NONE).organ == "General Assembly"


def test_a_follow_up_keeps_its_own_words_apart() -> None:
    standalone = "And until when? (For how long did the Council extend UNFICYP in June 1975?)"
    q = analyse(standalone, NONE, focus="And until when?")
    assert q.kind == "date"  # asked now, not what the earlier question asked
    assert q.years == {1975}  # what it is about still comes from the earlier question
    assert "unficyp" not in q.focus_terms and "unficyp" in q.terms
    assert analyse("What does it say?", NONE).focus_terms == analyse("What does it say?", NONE).terms


def test_questions_about_the_drafting_of_the_text() -> None:
    for question in [
        "Who chaired the negotiations on this text?",
        "Which delegation drafted the Security Council's November 1967 resolution?",
        "Which countries sponsored the Human Rights Council resolution on climate change?",
    ]:
        assert analyse(question, NONE).about_drafting, question
    for question in [
        "Who proposed the agreement that the resolution welcomes?",
        "What did the UN-sponsored conference decide, according to the resolution?",
        "Which Commission chairs the panel?",
    ]:
        assert not analyse(question, NONE).about_drafting, question


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("ما هي نسبة النساء اللواتي يستخدمن الإنترنت؟", True),
        ("妇女使用互联网的比例是多少？", True),
        ("Какая доля женщин пользуется Интернетом?", True),
        ("What share of women use the Internet (الإنترنت)?", False),
        ("Quelle part des femmes utilise l'Internet ?", False),  # Latin script: searched as it is
        ("2030?", False),
    ],
)
def test_a_question_in_another_script_is_recognised(text: str, other: bool) -> None:
    assert in_another_script(text) is other
