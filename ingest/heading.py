"""Metadata of a resolution from its heading block and its closing lines. Pure functions only.

The heading is everything before the organ line ("The General Assembly,"): masthead, session,
agenda item, title, adoption line. The closing lines ("Adopted unanimously at the 1382nd meeting.",
"64th plenary meeting 15 December 2025", "34th meeting 8 July 2025", "[Adopted without a vote.]") carry
the meeting and the vote; a footnote to the adoption line may say more about the vote ("Adopted without
vote.", "One member (China) did not participate in the voting.").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ingest.ids import SYMBOL_RE, normalize_symbol

_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_DATE = rf"(\d{{1,2}})\s+({'|'.join(_MONTHS)})\s+(\d{{4}})"
_ORGANS = ("General Assembly", "Security Council", "Human Rights Council", "Economic and Social Council")

_ORGAN_NAMES = "|".join(organ.replace(" ", r"\s+") for organ in _ORGANS)  # "Security  Council" too
ORGAN_LINE_RE = re.compile(
    rf"^(?:Therefore,?\s+the|(?-i:The|THE))\s+({_ORGAN_NAMES})\s*[,.:]?\s*(?=$|\s)", re.IGNORECASE
)
_ADOPTION_DATE_RE = re.compile(
    rf"(?:adopted\b[^\[\]]{{0,80}}?\bon|\bResolution\b[^\[\].]{{0,30}}?\bof)\s+{_DATE}", re.IGNORECASE
)
_MEETING_DATE_RE = re.compile(rf"\bmeeting\W{{0,3}}\s*{_DATE}")
_SC_NUMBER_RE = re.compile(r"(?:^|\bResolution\s+|\bRESOLUTION\s+)(\d{1,4})\s*\((\d{4})\)")
_GA_NUMBER_RE = re.compile(r"(?:^|\s)(\d{1,3})/(\d{1,4})\.\s+(\S.*?)(?=\s+The\s|$)")
# A masthead prints the organ letter of its symbol apart ("S" ... "/RES/2768 (2025)"); a symbol's parts
# start and end with a letter or digit, as ingest.ids reads them ("/RES/-" is none).
_SPLIT_SYMBOL_RE = re.compile(
    r"(?<![\w/])(/(?:HRC/)?RES/[\dA-Z](?:[\dA-Z\-]*[\dA-Z])?(?:/\d+)?(?:\s*\(\d{4}\))?)"
)
_SESSION_RE = re.compile(r"\b([A-Z][a-z]+(?:-[a-z]+)?\s+(?:special\s+|emergency\s+special\s+)?session)\b")
_AGENDA_RE = re.compile(r"\bAgenda items?\s+(\d+(?:\s*\([a-z]\))?)")
_ADOPTED_ON_RE = re.compile(r"\[\s*(?:on the report of the\s+)?([^\[\]]+?)\s*\]")
_MEETING_RE = re.compile(r"\b(\d+(?:st|nd|rd|th)\s+(?:plenary\s+)?meet-?ing)\b")
_CLOSING_RE = re.compile(
    r"^\[?(?:Ad[oa]pted\b.*\bmeet-?ing|\d+(?:st|nd|rd|th)\s+plenary\s+meeting\b|Adopted\s+(?:unanimously|without|by\s+a\s+(?:recorded\s+)?vote)\b)"
    rf"|^\d+(?:st|nd|rd|th)\s+meeting(?:\s+{_DATE})?\.?$",
    re.IGNORECASE,
)
_ADOPTED_RE = re.compile(r"^\[?\s*Ad[oa]pted\b", re.IGNORECASE)
# "at the 2330th meeting", "the resumed 2190th meeting", "at the 2714th (closed) meeting", a cut "at the".
_AT_MEETING_RE = re.compile(
    r"(?:\b[au]t\s+)?\b(?:the|its)\s+(?:\S+\s+){0,2}?meet-?ings?\b(?:\s*\([^()]*\))?|\b[au]t\s+the$",
    re.IGNORECASE,
)
_VOTE_RE = re.compile(
    r"^(?:unanimously|without\s+(?:a\s+)?vote|[bh]y\s+(?:consensus|a\s+(?:recorded\s+)?vote|\S+\s+(?:votes?|to)\b))",
    re.IGNORECASE,
)
_BY_RE = re.compile(r"^[bh]y\s+", re.IGNORECASE)  # "hy": a misread "by" in the old texts
# A footnote marker ending the adoption line ("meeting. 22", "to none33"), never the count of "votes to 1".
_MARKER_RE = re.compile(r"(?<=[^\d\s])(?<!\bto)\s*(\d{1,3})$")
_ABOUT_VOTE_RE = re.compile(r"\b(?:vot(?:e|ed|es|ing)|absent|adopted|objections?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    symbol: str | None
    organ: str | None
    title: str | None
    date: str | None
    year: int | None
    session: str | None
    agenda_item: str | None
    adopted_on: str | None
    meeting: str | None
    vote: str | None


def organ_of(line: str) -> str | None:
    """``"The General Assembly,"`` -> ``"General Assembly"``; None when the line is no organ line."""
    m = ORGAN_LINE_RE.match(line.strip())
    if not m:
        return None
    return next(o for o in _ORGANS if o.lower() == re.sub(r"\s+", " ", m.group(1)).lower())


def is_closing_line(text: str) -> bool:
    """A line after the last paragraph: "Adopted at the 2330th meeting by 13 votes to none ...",
    "64th plenary meeting", "[Adopted without a vote.]" or, alone on its line, "34th meeting 8 July 2025"."""
    return bool(_CLOSING_RE.match(text.strip()))


def is_adoption_line(text: str) -> bool:
    """ "Adopted ...", "[Adopted without a vote.]": a line about the adoption, at the top or the end."""
    return bool(_ADOPTED_RE.match(text.strip()))


def meeting_of(text: str) -> str | None:
    m = _MEETING_RE.search(text)
    return re.sub(r"\s+", " ", m.group(1)).replace("meet-ing", "meeting") if m else None


def vote_of(closing: list[str], notes: Mapping[str, str]) -> str | None:
    """How the resolution was adopted, in the words of its adoption line and of the footnote (``notes`` by
    number) that line refers to when it is about the vote: "13 votes to none, with 2 abstentions (...)",
    "unanimously", "without a vote", "14 votes to none. One member (China) did not participate in the voting".
    """
    votes = (_line_vote(line, notes) for line in closing if _ADOPTED_RE.match(line))
    return next((vote for vote in votes if vote), None)


def _line_vote(line: str, notes: Mapping[str, str]) -> str | None:
    marker = _MARKER_RE.search(line)
    note = notes.get(marker.group(1), "") if marker else ""
    wording = [_vote_wording(line[: marker.start()] if marker else line), _note_vote(note)]
    return ". ".join(w for w in wording if w) or None


def _vote_wording(adoption: str) -> str | None:
    """The vote an adoption line names: "Adopted at the 2330th meeting by 13 votes to none, with ..." ->
    "13 votes to none, with ..."; "Adopted unanimously, without a vote, at the 2008th meeting," ->
    "unanimously, without a vote"; None for "Adopted at the 2nd meeting." or "Adopted by the Security
    Council at its 9836th meeting"."""
    rest = _ADOPTED_RE.sub("", adoption, count=1)
    pieces = (" ".join(p.split()).strip(" ,.;:[]") for p in _AT_MEETING_RE.split(rest, maxsplit=1))
    wording = ", ".join(p for p in pieces if p)
    return _BY_RE.sub("", wording) if _VOTE_RE.match(wording) else None


def _note_vote(note: str) -> str | None:
    """A footnote to the adoption line: "Adopted without vote." -> "without vote"; one about the vote
    ("One member (China) did not participate in the voting.") as it is, without its full stop."""
    if _ADOPTED_RE.match(note):
        return _vote_wording(note)
    return note.rstrip(" .") if _ABOUT_VOTE_RE.search(note) else None


def iso_date(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year), _MONTHS.index(month.capitalize()) + 1, int(day)).isoformat()
    except ValueError:
        return None


def parse_heading(
    lines: list[str], organ: str | None, closing: list[str], notes: Mapping[str, str]
) -> Heading:
    """Metadata from the heading lines, the organ (from the organ line), the closing lines and the footnotes
    (``notes`` by number, for the vote)."""
    text = " ".join(line.strip() for line in lines)
    closing_text = " ".join(closing)
    organ = organ or _organ_in(text)
    symbol, title = _symbol_and_title(lines, text, organ)
    adoption = _ADOPTION_DATE_RE.search(text) or _MEETING_DATE_RE.search(closing_text) or _only_date(text)
    iso = iso_date(*adoption.groups()) if adoption else None
    year_m = re.search(r"\((\d{4})\)$", symbol or "")
    year = int(iso[:4]) if iso else int(year_m.group(1)) if year_m else None
    session = _SESSION_RE.search(text)
    agenda = _AGENDA_RE.search(text)
    adopted_on = _ADOPTED_ON_RE.search(text)
    return Heading(
        symbol=symbol,
        organ=organ,
        title=title,
        date=iso,
        year=year,
        session=session.group(1) if session else None,
        agenda_item=agenda.group(1) if agenda else None,
        adopted_on=adopted_on.group(1) if adopted_on else None,
        meeting=meeting_of(text) or meeting_of(closing_text),
        vote=vote_of(closing, notes),
    )


def _only_date(text: str) -> re.Match[str] | None:
    """The heading's one date, when there is no issue date ("Distr.") to confuse it with."""
    dates = list(re.finditer(_DATE, text))
    return dates[0] if len(dates) == 1 and "Distr" not in text else None


def _organ_in(text: str) -> str | None:
    found = [(text.find(o), o) for o in _ORGANS if o in text]
    return min(found)[1] if found else None


def _symbol_and_title(lines: list[str], text: str, organ: str | None) -> tuple[str | None, str | None]:
    for line in lines:
        if m := _GA_NUMBER_RE.match(line.strip()):
            prefix = "A/HRC/RES" if organ == "Human Rights Council" else "A/RES"
            return f"{prefix}/{m.group(1)}/{m.group(2)}", m.group(3).strip()
    if m := _SC_NUMBER_RE.search(text):
        return f"S/RES/{m.group(1)} ({m.group(2)})", None
    if printed := [m.group(0) for m in SYMBOL_RE.finditer(text) if "/RES/" in m.group(0).upper()]:
        return normalize_symbol(printed[0]), None  # not a report's or a draft's symbol ("[S/4741]")
    if m := _SPLIT_SYMBOL_RE.search(text):
        letter = "S" if organ == "Security Council" else "A"
        return normalize_symbol(letter + m.group(1).replace(" ", "")), None
    return None, None
