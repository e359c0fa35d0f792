"""Symbols, paragraph ids and citation labels (ingest.ids): the grammar, round trips, and no crash on any
text (property tests with hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.ids import (
    PARAGRAPH_ID_RE,
    SUFFIXES,
    ParagraphRef,
    citation_label,
    normalize_symbol,
    organ_of_symbol,
    paragraph_id,
    parse_citation_label,
    parse_paragraph_id,
    symbol_from_filename,
)


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("OP26", ParagraphRef("OP", 26)),
        ("op70(a)", ParagraphRef("OP", 70, "(a)")),
        ("OP 70 (a)(ii)", ParagraphRef("OP", 70, "(a)(ii)")),
        ("PP19", ParagraphRef("PP", 19)),
        ("OP5(1)", ParagraphRef("OP", 5, "(1)")),
        ("OP8bis", ParagraphRef("OP", 8, suffix="bis")),
        ("B OP1", ParagraphRef("OP", 1, part="B")),
        ("II PP3", ParagraphRef("PP", 3, part="II")),
        ("Annex Rule 41", ParagraphRef("Rule", 41, annex="")),
        ("annex rule 41", ParagraphRef("Rule", 41, annex="")),
        ("Annex A para 1", ParagraphRef("para", 1, annex="A")),
        ("Annex B Part I para 2(a)", ParagraphRef("para", 2, "(a)", part="I", annex="B")),
        ("Annex II item 3", ParagraphRef("item", 3, annex="II")),
        ("Article 5(1)", ParagraphRef("Article", 5, "(1)")),
        ("Article I", ParagraphRef("Article", 1)),
    ],
)
def test_paragraph_ids(text: str, ref: ParagraphRef) -> None:
    assert parse_paragraph_id(text) == ref


@pytest.mark.parametrize("text", ["para 3", "item 2", "OP", "Article civil", "Z OP1", "OP1(a", "26", ""])
def test_not_paragraph_ids(text: str) -> None:
    assert parse_paragraph_id(text) is None  # "para"/"item" exist only inside an annex


def test_labels() -> None:
    assert parse_citation_label("S/RES/161 (1961) B OP1") == (
        "S/RES/161 (1961)",
        ParagraphRef("OP", 1, part="B"),
    )
    assert parse_citation_label("s/res/2768(2025) op1") == ("S/RES/2768 (2025)", ParagraphRef("OP", 1))
    assert parse_citation_label("S/RES/263 (1969) Annex Rule 41") == (
        "S/RES/263 (1969)",
        ParagraphRef("Rule", 41, annex=""),
    )
    assert parse_citation_label("A/RES/80/118") is None  # a document, not a paragraph
    assert (
        citation_label("S/RES/2776(2025)", "Annex B Part I para 1")
        == "S/RES/2776 (2025) Annex B Part I para 1"
    )


def test_symbols() -> None:
    assert normalize_symbol(" s/res/2768(2025) ") == "S/RES/2768 (2025)"
    assert symbol_from_filename("S_RES_0001_1946_EN_GOLD.txt") == "S/RES/1 (1946)"
    assert symbol_from_filename("A_HRC_RES_59_25.en.pdf") == "A/HRC/RES/59/25"
    assert symbol_from_filename("notes.txt") is None
    assert organ_of_symbol("A/HRC/RES/59/25") == "Human Rights Council"
    assert organ_of_symbol("A/RES/80/118") == "General Assembly"
    assert organ_of_symbol("S/RES/1 (1946)") == "Security Council"


def test_ids_in_running_text() -> None:
    text = "see [S/RES/161 (1961) B OP1, OP2], Annex Rule 41, Article 51 of the Charter, OP26(a) and a OP3."
    assert [m.group(0) for m in PARAGRAPH_ID_RE.finditer(text)] == [
        "B OP1",
        "OP2",
        "Annex Rule 41",
        "OP26(a)",
        "OP3",
    ]


# -- every id the parser can emit round-trips -------------------------------------------------------------
_LETTERS = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=2)
_ROMANS = st.sampled_from(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xiv", "xviii"])
_DIGITS = st.integers(1, 99).map(str)
_SUB = st.lists(st.one_of(_LETTERS, _ROMANS, _DIGITS).map(lambda s: f"({s})"), max_size=2).map("".join)
_PART = st.one_of(st.sampled_from("ABCDEFGH"), st.sampled_from(["I", "II", "III", "IV", "V", "IX", "XII"]))
_ANNEX = st.one_of(st.just(""), st.sampled_from("ABCDEF"), st.sampled_from(["I", "II", "IV"]), _DIGITS)
_NUMBER = st.integers(1, 999)


@st.composite
def emitted_refs(draw: st.DrawFn) -> ParagraphRef:
    """The shapes ``ingest.structure`` gives a paragraph: PP/OP (in a part, OP with a repeat suffix), an
    annex's para (in a part, with a suffix) or item, a Rule or Article (in an annex or not)."""
    kind = draw(st.sampled_from(["PP", "OP", "para", "item", "Rule", "Article"]))
    annex = draw(_ANNEX) if kind in ("para", "item") else None
    if kind in ("Rule", "Article"):
        annex = draw(st.one_of(st.none(), _ANNEX))
    part = draw(st.one_of(st.just(""), _PART)) if kind in ("PP", "OP", "para") else ""
    suffix = draw(st.one_of(st.just(""), st.sampled_from(SUFFIXES))) if kind in ("OP", "para") else ""
    return ParagraphRef(kind, draw(_NUMBER), draw(_SUB), part, annex, suffix)


_SYMBOLS = st.sampled_from(["A/RES/80/118", "S/RES/161 (1961)", "A/HRC/RES/59/25", "S/RES/2776 (2025)"])


@given(emitted_refs(), _SYMBOLS)
def test_every_emitted_id_round_trips(ref: ParagraphRef, symbol: str) -> None:
    assert parse_paragraph_id(ref.full) == ref
    assert paragraph_id(
        ref.kind, ref.number, part=ref.part, annex=ref.annex, suffix=ref.suffix, sub=ref.sub
    ) == (ref.full)
    assert parse_citation_label(citation_label(symbol, ref.full)) == (symbol, ref)
    if ref.kind in ("PP", "OP") or ref.annex is not None:  # the forms written in running text
        assert [m.group(0) for m in PARAGRAPH_ID_RE.finditer(f"as [{symbol} {ref.full}] says")] == [ref.full]


@given(st.text(max_size=200))
def test_parsing_never_crashes_on_arbitrary_text(text: str) -> None:
    parse_paragraph_id(text)
    parse_citation_label(text)
    list(PARAGRAPH_ID_RE.finditer(text))
