"""What a question says about the answer it wants, read once and used by retrieval, ranking, refusal and
answer selection. Pure functions.

Besides its content words: the resolutions and paragraphs it names (``assistant.references``), the kind
of value it asks for (``assistant.answer_type``), the years and months it names ("In May 1980, ...": the
adoption date of the resolution meant, not words of its paragraphs) and the organ it names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.answer_type import ValueKind, asked_kind, asked_units
from assistant.lexical import query_terms
from assistant.references import QuestionReferences, strip_references

_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_YEAR = re.compile(r"(?<![\d/])(19[4-9]\d|20[0-3]\d)(?![\d/])")
_MONTH_YEAR = re.compile(rf"\b({'|'.join(_MONTHS)})\s+(?:\d{{1,2}},?\s+)?(19[4-9]\d|20[0-3]\d)\b", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({'|'.join(_MONTHS)})\s+(19[4-9]\d|20[0-3]\d)\b", re.I)
# A resolution records what its organ decides, never who drafted, sponsored or negotiated it.
_DRAFTING = re.compile(
    r"\b(?:who|whom|which)\b.*\b(?:drafted|draft(?:ed|s|ing) it|(?:co-?)?sponsor(?:ed|s|ing)?|negotiated|"
    r"negotiations on|chaired|tabled|authored|wrote|penned)\b",
    re.I,
)
_THE_TEXT = re.compile(r"\b(?:text|resolution|draft|it)\b", re.I)
# What says which resolution is meant, not what is asked of it: "... the June 1981 resolution extending the
# Cyprus force", "when renewing the Panel of Experts", "before recommending the admission of Burma", "the
# resolution that imposed sanctions".
_DESCRIBES = re.compile(
    r"\b(?:resolutions?|when|while|before|after|in)\s+(?:[A-Za-z]+\s+)?[a-z]+ing\b[^,?;:]*"
    r"|\bresolutions?\s+(?:that|which)\s+[^,?;:]*"
    r"|\bresolutions?\s+(?:on|concerning|regarding)\s+(?:(?!say|says|said|do|does|did)[\w'’-]+\s+){1,5}",
    re.I,
)
# A second question joined to the first ("..., and what did it ask ...?", "which two ...").
_ANOTHER_ASK = re.compile(
    r"\band\s+(?:what|which|who|whom|how|when|where|whether|until when|by when|for how long)\b"
    r"|\b(?:what|which)\s+(?:two|three)\b",
    re.I,
)
_UNTIL = re.compile(r"\b(?:until|till)\s+(?:when|what date|which date)\b|\bfor how long\b", re.I)
_BY = re.compile(r"\bby\s+(?:when|what date|which date)\b|\b(?:due|deadline)\b", re.I)
_PREAMBLE = re.compile(r"\bpreamb(?:le|ular)\b", re.I)
_OPERATIVE_PART = re.compile(r"\boperative (?:part|paragraphs)\b", re.I)
_ORGANS = (
    ("Human Rights Council", re.compile(r"\bHuman Rights Council\b", re.I)),
    ("Security Council", re.compile(r"\bSecurity Council\b", re.I)),
    ("General Assembly", re.compile(r"\b(?:General )?Assembly\b", re.I)),
    ("Economic and Social Council", re.compile(r"\bEconomic and Social Council|ECOSOC\b", re.I)),
)


@dataclass(frozen=True)
class Question:
    """A stand-alone question, analysed."""

    text: str
    refs: QuestionReferences
    terms: tuple[str, ...]  # stemmed content terms, references left out
    kind: ValueKind | None  # the kind of value asked for
    units: tuple[str, ...]  # what a number question counts ("troop"), see assistant.answer_type.asked_units
    years: frozenset[int]  # years named ("in 1980", "May 1980", "resolution 242 (1967)")
    months: frozenset[tuple[int, int]]  # (year, month) named together
    organ: str | None  # the organ named, if any
    dates: frozenset[str] = frozenset()  # whole dates named, ISO ("25 June 1950" -> "1950-06-25")
    focus: str = ""  # a follow-up's own words, without the earlier question joined to it ("" otherwise)
    focus_terms: tuple[str, ...] = ()  # their terms (the question's own terms when it is no follow-up)
    about_drafting: bool = False  # asks who drafted, sponsored or negotiated the text itself
    parts: int = 1  # how many things it asks ("What did it demand, and what did it ask ...?" asks two)
    ask_terms: tuple[str, ...] = ()  # the terms of what is asked, without those that say which resolution
    bound: str = ""  # "until" for the end of a period ("until when"), "by" for a deadline ("by when")
    place: str = ""  # "preambular" or "operative" when it says where to look ("according to the preamble")


def analyse(text: str, refs: QuestionReferences, focus: str = "") -> Question:
    """Read a stand-alone question; ``focus``: the user's own words when ``text`` joins an earlier
    question to an elliptical follow-up (they say what is asked now, the rest what it is about)."""
    months = {(int(m.group(2)), _MONTHS.index(m.group(1).lower()) + 1) for m in _MONTH_YEAR.finditer(text)}
    dates = {
        f"{int(y):04d}-{_MONTHS.index(m.lower()) + 1:02d}-{int(d):02d}"
        for d, m, y in _DAY_MONTH_YEAR.findall(text)
    }
    terms = tuple(query_terms(strip_references(text)))
    return Question(
        text=text,
        refs=refs,
        terms=terms,
        kind=asked_kind(focus or text),
        units=asked_units(focus or text),
        years=frozenset(int(y) for y in _YEAR.findall(text)),
        months=frozenset(months),
        organ=next((organ for organ, cue in _ORGANS if cue.search(text)), None),
        dates=frozenset(dates),
        focus=focus,
        focus_terms=tuple(query_terms(strip_references(focus))) if focus else terms,
        about_drafting=bool(_DRAFTING.search(focus or text) and _THE_TEXT.search(focus or text)),
        parts=min(1 + len(_ANOTHER_ASK.findall(focus or text)), 3),
        ask_terms=tuple(query_terms(strip_references(_DESCRIBES.sub(" ", focus or text)))),
        bound="until" if _UNTIL.search(focus or text) else "by" if _BY.search(focus or text) else "",
        place="preambular" if _PREAMBLE.search(text) else "operative" if _OPERATIVE_PART.search(text) else "",
    )


ENGLISH_ONLY = (
    "The stored texts and the search are in English only for now: please ask the question in English."
)


def in_another_script(text: str) -> bool:
    """Whether most letters of ``text`` are not Latin (Arabic, Chinese, Russian …): the stored texts and
    the search are English, so such a question can only be refused, and the user should know why."""
    letters = [c for c in text if c.isalpha()]
    other = sum(1 for c in letters if not unicodedata.name(c, "").startswith("LATIN"))
    return bool(letters) and other > len(letters) / 2
