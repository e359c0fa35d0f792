"""What kind of value a question asks for (a date, a duration, a number) and where a text states one.
Pure functions.

"Until when was the mandate extended?" wants a date, "For how long ...?" a period or the date it runs to,
"How many ...?" / "What share ...?" a number. A passage without that kind of value does not answer the
question, however many words it shares with it.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.lexical import terms

ValueKind = Literal["date", "duration", "number"]

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|million|billion|trillion|"
    r"half|third|thirds|quarter|quarters)"
)
# "When ..." asks a date only as the question word ("When was ...?"), not as a clause ("When the Council
# established UNDOF, what did it ...?").
_AUXILIARY = r"(?:did|does|do|was|were|is|are|will|would|has|have|had|shall|should|can|could|must|may)"
_ASKS = (
    ("duration", r"for how long|how long|for what period|what period|how many (?:months|years|weeks|days)"),
    (
        "date",
        rf"(?:until|till|by) when|(?:^|[,;:]\s*|\band\s+)when\s+{_AUXILIARY}|what date|which date|what year"
        r"|which year|on what day",
    ),
    (
        "number",
        r"how many|how much|what (?:share|percentage|proportion|per ?cent|number|fraction|amount|sum|budget)"
        r"|what (?:was|is|were|are) the (?:cost|budget)",
    ),
)
_ASK_RES = tuple((kind, re.compile(rf"(?:\b|^)(?:{cue})\b", re.I)) for kind, cue in _ASKS)
_DATE = re.compile(
    rf"\b(?:(?:until|till|by|on|from|before|after|not later than|no later than)\s+)?"
    rf"(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},\s+\d{{4}}|{_MONTH}\s+\d{{4}})"
    r"|\b(?:by|in|until|before|after|from)\s+(?:19|20)\d\d\b(?!\s*\))",  # "by 2030", not "(1967)"
)
_DURATION = re.compile(
    rf"\b(?:for\s+)?(?:an?\s+(?:further\s+|additional\s+|new\s+)?period\s+of\s+)?"
    rf"(?:\d+|{_NUMBER_WORD})(?:[\s-]+(?:\d+|{_NUMBER_WORD}))*[\s-]+(?:calendar\s+)?(?:months?|years?|weeks?|days?)\b",
    re.I,
)
_UNTIL_DATE = re.compile(rf"\b(?:until|till|to|ending(?:\s+on)?)\s+\d{{1,2}}\s+{_MONTH}\s+\d{{4}}")
# "until a peaceful adjustment of the future situation of Palestine is reached": a condition, not a date,
# answers "until when" and "for how long" as well.
_UNTIL_CLAUSE = re.compile(
    r"\buntil\s+(?:further\s+notice|an?\s+[^,;.:]{3,90}?|the\s+[^,;.:]{3,90}?)(?=[,;.:]|$)"
)
_NUMBER = re.compile(rf"\d|\b{_NUMBER_WORD}\b|\bper cent\b", re.I)
# Numbers that are no quantity: resolution and document numbers, years.
_NOT_A_QUANTITY = re.compile(
    r"\b[A-Z]+(?:/[A-Z]+)*/\d+(?:/\d+)*|\b\d+/\d+\b|\bresolutions? \d+(?:/\d+)*|\b(?:19|20)\d\d\b|\(\d{4}\)"
    r"|\b(?:paragraphs?|articles?|rules?|chapter|annex|items?)\s+\d+",
    re.I,
)
_QUANTITY = re.compile(
    rf"\b(?:(?:\d[\d,.]*\d|\d)(?:\s+(?:hundred|thousand|million|billion|trillion))?"
    rf"|{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD})*)(?:\s*(?:per\s?cent|%))?",
    re.I,
)
_ASKS_FOR_SOURCE = re.compile(
    r"\b(source|sources|sourced|cited|cites|citing|publication|published|document symbol|footnotes?|"
    r"(?:which|what) (?:report|study|publication)|comes? from|based on)\b",
    re.I,
)


_BOUND_WORDS = {"until": ("until ", "till ", "ending ", "to "), "by": ("by ", "before ", "no later than ")}
PER_CENT = "%"
MONEY = "$"
_ASKS_SHARE = re.compile(r"\bwhat (?:share|percentage|proportion|per ?cent|fraction)\b", re.I)
_ASKS_MONEY = re.compile(
    r"\bhow much (?:money|funding|funds?|budget)\b|\bwhat (?:budget|sum|amount of money)\b"
    r"|\b(?:cost|budget)\b",
    re.I,
)
_CURRENCY = re.compile(r"\$|\b(?:dollars?|euros?|francs?|pounds? sterling|yen|rupees?)\b", re.I)
_HOW_MANY = re.compile(r"\bhow many\s+((?:[A-Za-z-]+\s*){1,4})", re.I)
_NOT_A_UNIT = {
    "did", "do", "does", "was", "were", "is", "are", "had", "has", "have", "will", "would", "could", "should",
    "can", "may", "must", "according", "in", "under", "of", "the", "a", "an", "to", "for", "on", "at", "by",
    "that", "which", "who", "when", "and", "or",
}  # fmt: skip


def asked_kind(question: str) -> ValueKind | None:
    """The kind of value a question asks for, if any (the most specific cue wins: "for how long" is a
    duration even though it holds "how")."""
    return next((kind for kind, cue in _ASK_RES if cue.search(question)), None)  # type: ignore[misc]


def asks_for_source(question: str) -> bool:
    """Asks where a statement comes from: the answer is often in the paragraph's footnote."""
    return bool(_ASKS_FOR_SOURCE.search(question))


def has_number(text: str) -> bool:
    """A quantity: digits or number words, not a resolution number ("70/125") or a year."""
    return bool(_NUMBER.search(_NOT_A_QUANTITY.sub(" ", text)))


def asked_units(question: str) -> tuple[str, ...]:
    """What a number question counts, as stemmed terms: "How many troops did ..." -> ("troop",),
    "What share of women ..." -> (PER_CENT,), "How much money ..." -> (MONEY,); () when it says nothing."""
    if _ASKS_SHARE.search(question):
        return (PER_CENT,)
    if _ASKS_MONEY.search(question):
        return (MONEY,)
    m = _HOW_MANY.search(question)
    if not m:
        return ()
    words: list[str] = []
    for word in m.group(1).split():
        if word.lower() in _NOT_A_UNIT or (words and word.lower().endswith("ed")):
            break
        words.append(word)
    return tuple(terms(" ".join(words)))


def values(text: str, kind: ValueKind, units: tuple[str, ...] = ()) -> list[str]:
    """The values of this kind a text states, as printed: "until 15 June 1975", "a further period of six
    months", "27 per cent". A duration question is also answered by the date a period runs until, and both
    by the condition it runs until ("until a peaceful adjustment ... is reached"). A number counts only
    with the unit asked for, when one is (``asked_units``): "How many troops" is not answered by "12 March"
    or "five meetings"."""
    if kind == "date":
        return [m.group(0) for m in (*_DATE.finditer(text), *_UNTIL_CLAUSE.finditer(text))]
    if kind == "duration":
        found = (*_DURATION.finditer(text), *_UNTIL_DATE.finditer(text), *_UNTIL_CLAUSE.finditer(text))
        return [m.group(0) for m in found]
    cleaned = _NOT_A_QUANTITY.sub(_blank, _DATE.sub(_blank, text))  # dates first: their years are numbers too
    found = [m for m in _QUANTITY.finditer(cleaned) if _NUMBER.search(m.group(0))]
    return [text[m.start() : m.end()].strip() for m in found if _counts(text, m, units)]


def _blank(match: re.Match[str]) -> str:
    """Spaces as long as the match, so positions in the text stay where they were."""
    return " " * len(match.group(0))


def _counts(text: str, quantity: re.Match[str], units: tuple[str, ...]) -> bool:
    """Does this quantity count what was asked (the unit within a few words after it)?"""
    if not units:
        return True
    if units == (PER_CENT,):
        return bool(re.search(r"per\s?cent|%", quantity.group(0), re.I))
    around = text[max(0, quantity.start() - 12) : quantity.end() + 40]
    if units == (MONEY,):
        return bool(_CURRENCY.search(around))
    following = terms(" ".join(text[quantity.end() :].split()[:5]))
    return any(unit in following for unit in units)


def bound(value: str, asked: str) -> bool:
    """Is a date bound as asked: "until 15 June 1975" for "until when", "by 1 November" for "by when"?"""
    return bool(asked) and value.lower().startswith(_BOUND_WORDS.get(asked, ()))


def fits(kind: ValueKind | None, text: str, units: tuple[str, ...] = ()) -> bool:
    """The text states a value of the kind asked for (always true when no kind is asked)."""
    return kind is None or bool(values(text, kind, units))
