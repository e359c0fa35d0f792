"""What kind of answer a question asks for (a number, a date) and whether a text holds one. Pure functions."""

from __future__ import annotations

import re

_ASKS_FOR_NUMBER = re.compile(
    r"\b(how many|how much|what (?:share|percentage|proportion|per ?cent|number|fraction|amount))\b", re.I
)
_NUMBER = re.compile(
    r"\d|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|"
    r"thousand|million|billion|trillion|half|third|thirds|quarter|per cent)\b",
    re.I,
)
_ASKS_FOR_DATE = re.compile(r"\b(when|until when|by when|what date|which date|what year|which year)\b", re.I)
_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:19|20)\d\d)\b"
)


_ASKS_FOR_SOURCE = re.compile(
    r"\b(source|sources|sourced|cited|cites|citing|publication|published|document symbol|footnotes?|"
    r"(?:which|what) (?:report|study|publication))\b",
    re.I,
)


def asks_for_source(question: str) -> bool:
    """Asks where a statement comes from: the answer is often in the paragraph's footnote."""
    return bool(_ASKS_FOR_SOURCE.search(question))


def asks_for_number(question: str) -> bool:
    return bool(_ASKS_FOR_NUMBER.search(question))


def asks_for_date(question: str) -> bool:
    return bool(_ASKS_FOR_DATE.search(question))


_NOT_A_QUANTITY = re.compile(
    r"\b[A-Z]+(?:/[A-Z]+)*/\d+(?:/\d+)*|\b\d+/\d+\b|\bresolutions? \d+(?:/\d+)*|\b(?:19|20)\d\d\b|\(\d{4}\)",
    re.I,
)


def has_number(text: str) -> bool:
    """A quantity: digits or number words, not a resolution number ("70/125") or a year."""
    return bool(_NUMBER.search(_NOT_A_QUANTITY.sub(" ", text)))


def has_date(text: str) -> bool:
    return bool(_DATE.search(text))


def fits(question: str, text: str) -> bool:
    """The text holds the kind of thing the question asks for (always true for other questions)."""
    return (not asks_for_number(question) or has_number(text)) and (
        not asks_for_date(question) or has_date(text)
    )
