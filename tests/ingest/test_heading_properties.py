"""Property tests (hypothesis) of the heading parser (``ingest.heading``) and the line grammar
(``ingest.grammar``): no crash on any line, what they return is well formed and agrees with the id grammar
of ``ingest.ids``, and headings, organ lines, closing lines and paragraph openings written the ways the
UN prints them are read as printed."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingest.grammar import (
    SUB_RE,
    annex_heading,
    headed_item,
    is_section_heading,
    opening,
    part_marker,
    printed_number,
    starts_paragraph_text,
)
from ingest.heading import (
    is_adoption_line,
    is_closing_line,
    iso_date,
    meeting_of,
    organ_of,
    parse_heading,
    vote_of,
)
from ingest.ids import ParagraphRef, normalize_symbol, paragraph_id, parse_citation_label, parse_paragraph_id

settings.register_profile("fuzz", max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
if profile := os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(profile)


def _examples(n: int) -> Callable:
    """``n`` derandomized examples (reproducible in CI), unless a profile asks for a random hunt."""
    if profile:
        return settings()
    return settings(max_examples=n, deadline=None, derandomize=True)


_ORGANS = ["Security Council", "General Assembly", "Human Rights Council", "Economic and Social Council"]
_MONTHS = [date(2000, m, 1).strftime("%B") for m in range(1, 13)]
# Lines made of the pieces headings and markers are made of, and anything at all.
_PIECES = st.sampled_from(
    [
        "Resolution", "RESOLUTION", "Adopted", "adopted", "by the", "Security Council", "General Assembly",
        "The", "THE", "Therefore, the", "at its", "meeting", "plenary", "on", "of", "12", "3106th", "2nd",
        "August", "1992", "(1992)", "80/118.", "S/RES/", "/RES/", "A/HRC/RES/59/25", "-", "–", "[", "]",
        ",", ".", ":", " ", "  ", "\t", "ANNEX", "Annex", "Part", "PART", "A", "B", "I", "II", "IV", "XXX",
        "IIII", "L", "(a)", "(iiiiiiii)", "Rule", "Article", "IX", "votes to", "none", "unanimously",
        "without a vote", "1/", "¹", "Distr.:", "session", "Agenda item",
    ]
)  # fmt: skip
_LINES = st.one_of(st.text(max_size=120), st.lists(_PIECES, max_size=12).map(" ".join), _PIECES)


def _ordinal(n: int) -> str:
    """``1`` -> ``1st``, ``12`` -> ``12th``, ``23`` -> ``23rd``."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _spelled(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


# -- any line ------------------------------------------------------------------------------------------
def _well_formed_heading(lines: list[str], closing: list[str], notes: dict[str, str]) -> None:
    """``parse_heading`` never raises; its date is a real ISO date with its year; its symbol is canonical and
    can be cited (``SYMBOL OP1`` parses back to it); its organ is one of the four."""
    for organ in (None, organ_of(lines[0]) if lines else None, "Human Rights Council"):
        heading = parse_heading(lines, organ, closing, notes)
        if heading.date is not None:
            assert date.fromisoformat(heading.date).isoformat() == heading.date
            assert heading.year == int(heading.date[:4])
        if heading.symbol is not None:
            assert normalize_symbol(heading.symbol) == heading.symbol
            assert parse_citation_label(f"{heading.symbol} OP1") == (heading.symbol, ParagraphRef("OP", 1))
        assert heading.organ in (None, *_ORGANS)
    for line in [*lines, *closing]:
        assert organ_of(line) in (None, *_ORGANS)
        is_closing_line(line)
        is_adoption_line(line)
        meeting_of(line)
    vote = vote_of(closing, notes)
    assert vote is None or vote.strip() == vote != ""


@_examples(150)
@given(
    st.lists(_LINES, max_size=12), st.lists(_LINES, max_size=4), st.dictionaries(_LINES, _LINES, max_size=3)
)
@example(["/RES/- 1"], [], {})  # a split symbol "S/RES/-" that no citation label could name
def test_any_heading_is_well_formed(lines: list[str], closing: list[str], notes: dict[str, str]) -> None:
    """See ``_well_formed_heading``."""
    _well_formed_heading(lines, closing, notes)


@_examples(200)
@given(_LINES)
@example("XXX")  # a part "XXX" that no paragraph id could name
@example("ANNEX LX")
@example("(iiiiiiii) too long a roman number")
def test_grammar_agrees_with_the_id_grammar(text: str) -> None:
    """The grammar's functions never raise; every part, annex, headed item, sub-paragraph label and printed
    number they find can be written as a paragraph id that ``ingest.ids`` parses back to it."""
    assert opening(text) in (None, "preambular", "operative")
    starts_paragraph_text(text)
    is_section_heading(text)
    is_section_heading(text, whole=True)
    for previous in (None, 0, 6):
        if found := printed_number(text, previous):
            number, start = found
            assert 0 <= number <= 999 and 0 < start <= len(text) and not text[start : start + 1].isspace()
            assert parse_paragraph_id(paragraph_id("OP", number)) == ParagraphRef("OP", number)
    if (marker := part_marker(text)) is not None:
        assert parse_paragraph_id(f"{marker} OP1") == ParagraphRef("OP", 1, part=marker)
        assert parse_paragraph_id(f"Annex Part {marker} para 1") == ParagraphRef(
            "para", 1, part=marker, annex=""
        )
    if (annex := annex_heading(text)) is not None:
        assert is_section_heading(text.strip(), whole=True)
        assert parse_paragraph_id(f"Annex {annex} item 2".replace("  ", " ")) == ParagraphRef(
            "item", 2, annex=annex
        )
    if item := headed_item(text):
        word, number, _ = item
        assert parse_paragraph_id(paragraph_id(word, number, annex="")) == ParagraphRef(
            word, number, annex=""
        )
    if sub := SUB_RE.match(text):
        label = f"({sub.group(1)})"
        assert parse_paragraph_id(f"OP1{label}") == ParagraphRef("OP", 1, sub=label)


# -- lines as the UN prints them -----------------------------------------------------------------------
_DATES = st.dates(date(1946, 1, 1), date(2030, 12, 31))


@_examples(100)
@given(
    st.sampled_from(_ORGANS),
    st.sampled_from(["The {},", "THE {},", "The {}", "The {}:", "Therefore, the {}", "The {} ,"]),
    st.sampled_from([" ", "  ", "\t", " \u00a0"]),
)
@example("Security Council", "The {},", "  ")  # "The Security  Council," was no organ line
def test_organ_lines_name_their_organ(organ: str, layout: str, space: str) -> None:
    """Every way an organ line is printed names its organ, whatever the spaces between the words."""
    assert organ_of(layout.format(organ.replace(" ", space))) == organ


@_examples(100)
@given(
    _DATES,
    st.integers(1, 4000),
    st.integers(1, 9999),
    st.sampled_from(["above", "of", "masthead", "yearbook"]),
)
def test_security_council_headings(adopted: date, number: int, meeting: int, layout: str) -> None:
    """A Security Council heading in any layout of 1946-2025 gives the symbol, adoption date and meeting."""
    year, day = adopted.year, _spelled(adopted)
    title = f"Resolution {number} ({year})"
    adoption = [f"Adopted by the Security Council at its {_ordinal(meeting)} meeting,", f"on {day}"]
    lines = {
        "above": [title.upper(), *adoption],
        "of": [title, f"of {day}"],
        "masthead": ["United Nations", f"S/RES/{number} ({year})", "Security Council", "Distr.: General",
                     "1 January 2031", title, *adoption],
        "yearbook": [f"{number} ({year}). Resolution of {day}", "[S/4549]"],
    }[layout]  # fmt: skip
    heading = parse_heading(lines, "Security Council", [], {})
    assert (heading.symbol, heading.date, heading.year) == (
        f"S/RES/{number} ({year})",
        adopted.isoformat(),
        year,
    )
    if layout in ("above", "masthead"):
        assert heading.meeting == f"{_ordinal(meeting)} meeting"


@_examples(100)
@given(_DATES, st.integers(1, 80), st.integers(1, 400), st.integers(1, 200), st.sampled_from(["A", "H"]))
def test_assembly_and_council_headings(
    adopted: date, session: int, number: int, meeting: int, organ: str
) -> None:
    """A General Assembly heading (issue date above, adoption date in the adoption line) or a Human Rights
    Council one (date in the closing lines) gives symbol, title, adoption date, meeting and vote."""
    title = "Information and communications technologies for sustainable development"
    if organ == "A":
        lines = [
            f"United Nations A/RES/{session}/{number}", "General Assembly", "Distr.: General",
            "1 January 2031", "Eightieth session", "Agenda item 15 (a)",
            f"Resolution adopted by the General Assembly on {_spelled(adopted)}",
            "[on the report of the Second Committee (A/80/555, para. 7)]", f"{session}/{number}. {title}",
        ]  # fmt: skip
        closing = [f"{_ordinal(meeting)} plenary meeting {_spelled(adopted)}"]
        symbol, organ_name, vote = f"A/RES/{session}/{number}", "General Assembly", None
    else:
        lines = [f"A/HRC/RES/{session}/{number}", "Human Rights Council", f"{session}/{number}. {title}"]
        closing = [f"{_ordinal(meeting)} meeting {_spelled(adopted)}", "[Adopted without a vote.]"]
        symbol, organ_name, vote = f"A/HRC/RES/{session}/{number}", "Human Rights Council", "without a vote"
    assert all(is_closing_line(line) for line in closing)
    heading = parse_heading(lines, organ_name, closing, {})
    assert (heading.symbol, heading.title, heading.date) == (symbol, title, adopted.isoformat())
    assert heading.vote == vote
    suffix = " plenary meeting" if organ == "A" else " meeting"
    assert heading.meeting == f"{_ordinal(meeting)}{suffix}"
    if organ == "A":
        assert (heading.session, heading.agenda_item) == ("Eightieth session", "15 (a)")
        assert heading.adopted_on == "Second Committee (A/80/555, para. 7)"


@_examples(100)
@given(st.integers(1, 9999), st.integers(0, 15), st.integers(0, 15), st.integers(0, 15), st.booleans())
def test_closing_lines_give_meeting_and_vote(
    meeting: int, yes: int, no: int, abstaining: int, noted: bool
) -> None:
    """ "Adopted at the 2330th meeting by 13 votes to none, with 2 abstentions." is a closing line whose
    vote is "13 votes to none, with 2 abstentions"; a footnote on it about the vote is added to the vote."""
    against = str(no) if no else "none"
    counted = f"{yes} votes to {against}" + (f", with {abstaining} abstentions" if abstaining else "")
    line = f"Adopted at the {_ordinal(meeting)} meeting by {counted}."
    notes = {"22": "One member (China) did not participate in the voting."}
    closing = [f"{line} 22" if noted else line]
    assert is_closing_line(closing[0]) and is_adoption_line(closing[0])
    assert meeting_of(closing[0]) == f"{_ordinal(meeting)} meeting"
    expected = f"{counted}. {notes['22'].rstrip('.')}" if noted else counted
    assert vote_of(closing, notes) == expected
    assert vote_of([f"Adopted unanimously at the {_ordinal(meeting)} meeting."], {}) == "unanimously"


@_examples(100)
@given(_DATES, st.integers(1, 31), st.sampled_from(_MONTHS), st.integers(1, 9999))
def test_iso_date(real: date, day: int, month: str, year: int) -> None:
    """``iso_date`` gives the ISO form of every real date and None for one that does not exist."""
    assert iso_date(str(real.day), _MONTHS[real.month - 1], str(real.year)) == real.isoformat()
    try:
        expected: str | None = date(year, _MONTHS.index(month) + 1, day).isoformat()
    except ValueError:
        expected = None
    assert iso_date(str(day), month, str(year)) == expected


# -- paragraph openings ----------------------------------------------------------------------------------
_PREAMBULAR = [
    "recalling", "noting with concern", "reaffirming", "concerned", "welcoming", "bearing in mind", "aware",
    "mindful", "expressing grave concern", "having considered", "taking note", "emphasizing", "recognizing",
    "determined", "convinced", "stressing", "alarmed", "desirous", "conscious", "guided",
]  # fmt: skip
_OPERATIVE = [
    "decides", "requests", "calls upon", "urges", "demands", "encourages", "reaffirms", "welcomes",
    "condemns", "invites", "stresses", "authorizes", "recommends", "expresses", "reiterates", "notes",
    "underlines",
]  # fmt: skip
_ADVERBS = ["", "also ", "further ", "deeply ", "strongly ", "once again ", "again ", "hereby "]
_REST = st.lists(
    st.sampled_from(["the", "that", "all", "its", "to", "parties", "report", "United Nations"]), max_size=8
)


@_examples(150)
@given(
    st.sampled_from(_ADVERBS),
    st.sampled_from(_PREAMBULAR),
    st.sampled_from(_OPERATIVE),
    _REST,
    st.integers(1, 999),
)
def test_openings_are_read_by_their_verb(
    adverb: str, participle: str, verb: str, rest: list[str], n: int
) -> None:
    """A paragraph opening with a participle or adjective (after adverbs) opens like a preambular one; one
    opening with a verb in the third person followed by lower-case words like an operative one, and with
    its printed number ("12. Decides") it starts a paragraph whose number is read."""
    words = " ".join(["the", *rest])
    preambular = f"{adverb}{participle} {words},"
    operative = f"{adverb}{verb} {words};"
    assert opening(preambular[0].upper() + preambular[1:]) == "preambular"
    assert opening(operative[0].upper() + operative[1:]) == "operative"
    numbered = f"{n}. {operative[0].upper()}{operative[1:]}"
    assert printed_number(numbered) == (n, len(f"{n}. "))
    assert starts_paragraph_text(numbered) and not is_section_heading(numbered)
