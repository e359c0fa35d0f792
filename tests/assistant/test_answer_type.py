"""What kind of value a question asks for, and where a text states one (assistant.answer_type)."""

import pytest

from assistant.answer_type import MONEY, PER_CENT, asked_kind, asked_units, fits, has_number, values


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many meetings did the Working Group hold?", "number"),
        ("What share of women use the Internet?", "number"),
        ("What budget did the Council approve?", "number"),
        ("Until when is the mandate extended?", "date"),
        ("In July 1960, until when did the Council authorize it?", "date"),
        ("When was it adopted?", "date"),
        ("And when was the report due?", "date"),
        ("For how long did the Council renew UNDOF in May 1980?", "duration"),
        # "When" opening a clause asks nothing: "When the Council established UNDOF, what did it say?"
        ("When the Security Council established UNDOF, what did it say about its period?", None),
        ("What happened when the Council met?", None),
        ("What does the resolution say about broadband?", None),
        ("Who runs the programme?", None),
    ],
)
def test_asked_kind(question: str, kind: str | None) -> None:
    assert asked_kind(question) == kind


def test_asked_units() -> None:
    assert asked_units("How many troops did the Council authorize?") == ("troop",)
    assert asked_units("How many men and women use the Internet worldwide?") == ("men",)
    assert asked_units("What share of women use the Internet?") == (PER_CENT,)
    assert asked_units("How much money does the Assembly allocate?") == (MONEY,)
    assert asked_units("Until when?") == ()


def test_values_by_kind() -> None:
    renewal = "Decides to extend the Force for a further period of six months, ending 15 December 1975;"
    assert values(renewal, "date") == ["15 December 1975"]
    assert values(renewal, "duration") == ["for a further period of six months", "ending 15 December 1975"]
    assert values("until 15 June 1975;", "duration") == ["until 15 June 1975"]
    truce = "the truce shall remain in force until a peaceful adjustment of the situation is reached;"
    assert values(truce, "duration") == ["until a peaceful adjustment of the situation is reached"]
    assert values("only 27 per cent of the population", "number") == ["27 per cent"]


def test_a_number_counts_only_with_the_unit_asked_for() -> None:
    text = "Decides to extend until 12 March 2026 the mandate of the Panel, which held five meetings;"
    assert values(text, "number") == ["five"]  # the day of a date is no quantity
    assert values(text, "number", ("expert",)) == []
    assert values(text, "number", ("meet",)) == ["five"]
    assert values("70 per cent of men and 65 per cent of women", "number", (PER_CENT,)) == [
        "70 per cent",
        "65 per cent",
    ]
    assert values("a budget of US$ 5 million", "number", (MONEY,)) == ["5 million"]
    assert values("2.6 billion people", "number", (MONEY,)) == []
    assert not fits("number", "several meetings") and fits(None, "anything at all")


def test_symbols_and_years_are_not_quantities() -> None:
    for text in [
        "resolution 70/125",
        "A/RES/80/118",
        "S/RES/2768 (2025)",
        "in 2024",
        "resolution 2722 (2024)",
    ]:
        assert not has_number(text), text
    assert has_number("held 12 meetings in 2024")
