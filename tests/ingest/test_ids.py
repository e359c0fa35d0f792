"""Symbols, paragraph ids and citation labels (ingest.ids): the grammar, round trips, and no crash on any
text (property tests with hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest.ids import (
    CITED_ID_RE,
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
    annex's para (in a part, with a suffix) or item, a Rule or Article (in an annex or not, with a repeat
    suffix)."""
    kind = draw(st.sampled_from(["PP", "OP", "para", "item", "Rule", "Article"]))
    annex = draw(_ANNEX) if kind in ("para", "item") else None
    if kind in ("Rule", "Article"):
        annex = draw(st.one_of(st.none(), _ANNEX))
    part = draw(st.one_of(st.just(""), _PART)) if kind in ("PP", "OP", "para") else ""
    repeatable = kind in ("OP", "para", "Rule", "Article")
    suffix = draw(st.one_of(st.just(""), st.sampled_from(SUFFIXES))) if repeatable else ""
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


# -- whatever the parsers accept round-trips -------------------------------------------------------------
# The pieces ids, labels and file names are made of, look-alikes ("ı" folds to "I", "١" is a digit to
# Python, "ſ" folds to "s") and separators; strings of them hit the grammar far more often than random text.
_TOKENS = st.sampled_from(
    [
        "PP", "OP", "op", "para", "item", "Rule", "rule", "Article", "Annex", "annex", "Part", "A", "B", "H",
        "I", "II", "IV", "XIX", "XXX", "Z", "a", "ii", "1", "12", "0", "007", "9999", "12345", "bis", "ter",
        "decies", "BIS", "(a)", "(ii)", "(1)", "(", ")", " ", "  ", "\t", "\n", "\u00a0", "S/RES/161 (1961)",
        "A/RES/80/118", "s/res/2768(2025)", "A/HRC/RES/59/25", "S_RES_", "A_RES_", "_", "/", "-", ".", ",",
        "[", "]", "ı", "İ", "ſ", "K", "١", "²", "C", "L",
    ]
)  # fmt: skip
_ID_LIKE = st.one_of(st.text(max_size=80), st.lists(_TOKENS, max_size=14).map("".join))
_MANY = settings(max_examples=500, deadline=None, derandomize=True)


@_MANY
@given(_ID_LIKE)
@example("RuleI")  # raised KeyError: the id's kind was read as the word "RuleI"
@example("Artıcle 5")  # raised KeyError: "ı" matches "i" case-insensitively, but "artıcle" is no kind
@example("OP١")  # an Arabic-Indic digit is no printed number
def test_what_parses_round_trips(text: str) -> None:
    """``parse_paragraph_id`` and ``parse_citation_label`` never raise; an id they accept is ASCII, and its
    canonical spelling parses to the same reference; a label they accept has a canonical symbol and,
    written again with ``citation_label``, parses to the same (symbol, reference)."""
    if (ref := parse_paragraph_id(text)) is not None:
        assert ref.full.isascii()
        assert parse_paragraph_id(ref.full) == ref
        canonical = paragraph_id(
            ref.kind, ref.number, part=ref.part, annex=ref.annex, suffix=ref.suffix, sub=ref.sub
        )
        assert canonical == ref.full
    if (label := parse_citation_label(text)) is not None:
        symbol, ref = label
        assert normalize_symbol(symbol) == symbol
        assert parse_citation_label(citation_label(symbol, ref.full)) == label


@_MANY
@given(_ID_LIKE)
def test_every_id_found_in_running_text_parses(text: str) -> None:
    """An id that ``PARAGRAPH_ID_RE`` or ``CITED_ID_RE`` finds in ASCII text parses (the answer validator
    and the question reader rely on it); in any text, parsing what they find never raises."""
    for pattern in (PARAGRAPH_ID_RE, CITED_ID_RE):
        for m in pattern.finditer(text):
            ref = parse_paragraph_id(m.group(0))
            assert ref is not None or not m.group(0).isascii(), m.group(0)


@_MANY
@given(_ID_LIKE)
@example("S_RES_١_1990.txt")  # gave "S/RES/١ (1990)", which no citation label could name
def test_symbols_are_canonical_and_citable(text: str) -> None:
    """``normalize_symbol`` is idempotent; a symbol read from a file name is canonical and can be cited."""
    symbol = normalize_symbol(text)
    assert normalize_symbol(symbol) == symbol
    if (named := symbol_from_filename(text)) is not None:
        assert normalize_symbol(named) == named
        assert parse_citation_label(f"{named} OP1") == (named, ParagraphRef("OP", 1))
