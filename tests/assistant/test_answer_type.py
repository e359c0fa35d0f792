from assistant.answer_type import asks_for_date, asks_for_number, fits, has_date, has_number


def test_question_kinds() -> None:
    assert asks_for_number("How many meetings did the Working Group hold?")
    assert asks_for_number("What share of women use the Internet?")
    assert not asks_for_number("What does the resolution say about broadband?")
    assert asks_for_date("Until when is the mandate extended?")
    assert not asks_for_date("Who runs the programme?")


def test_text_kinds() -> None:
    assert (
        has_number("only 27 per cent") and has_number("held five meetings") and not has_number("one of the")
    )
    assert has_date("until 31 January 2026") and not has_date("until further notice")


def test_fits() -> None:
    assert fits("How many meetings?", "five meetings") and not fits("How many meetings?", "several meetings")
    assert fits("What is broadband?", "anything at all")


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
