"""All 600 Security Council plain texts (S/RES/1 (1946) .. S/RES/600 (1987)) parse into resolutions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.model import Document, IngestError
from ingest.parse import parse_file

# The printed heading disagrees with the file name; the heading is what the document says.
# Printed headings with OCR typos; the file name's symbol wins, so no two texts share a symbol.
HEADING_TYPOS = ("S/RES/434 (1978)", "S/RES/542 (1983)")


def _symbol_from_name(path: Path) -> str:
    m = re.match(r"S_RES_0*(\d+)_(\d{4})", path.name)
    assert m, path
    return f"S/RES/{m.group(1)} ({m.group(2)})"


@pytest.fixture(scope="module")
def parsed(corpus_dir: Path) -> dict[str, Document]:
    files = sorted((corpus_dir / "unsc-text").glob("S_RES_*.txt"))
    assert len(files) == 600
    docs: dict[str, Document] = {}
    failures: list[str] = []
    for path in files:
        try:
            docs[_symbol_from_name(path)] = parse_file(path)
        except IngestError as exc:
            failures.append(str(exc))
    assert failures == []
    return docs


# Cut short in the source after its preamble: stored with a "no-operative" finding.
NO_OPERATIVE = ("S/RES/565 (1985)",)


@pytest.mark.slow
def test_every_text_has_an_operative_paragraph_and_unique_ids(parsed: dict[str, Document]) -> None:
    for symbol, doc in parsed.items():
        ids = [p.id for p in doc.paragraphs]
        assert any(p.kind == "operative" for p in doc.paragraphs) or symbol in NO_OPERATIVE, symbol
        assert len(ids) == len(set(ids)), symbol
        for part in {p.part for p in doc.paragraphs}:
            preambular = [p.number for p in doc.paragraphs if p.kind == "preambular" and p.part == part]
            assert preambular == list(range(1, len(preambular) + 1)), symbol
        assert doc.organ == "Security Council", symbol
    assert [i.check for i in parsed["S/RES/565 (1985)"].issues] == ["no-operative"]


@pytest.mark.slow
def test_symbols_and_dates(parsed: dict[str, Document]) -> None:
    for symbol, doc in parsed.items():
        assert doc.symbol == symbol
    assert len({doc.symbol for doc in parsed.values()}) == 600
    assert all(symbol in parsed for symbol in HEADING_TYPOS)
    dated = [doc for doc in parsed.values() if doc.date]
    assert len(dated) >= 598  # S/RES/226 prints "£964", S/RES/462 prints no date
    assert all(doc.year and doc.date and doc.date.startswith(str(doc.year)) for doc in dated)
    assert parsed["S/RES/1 (1946)"].date == "1946-01-25"
    assert parsed["S/RES/598 (1987)"].date == "1987-07-20"


@pytest.mark.slow
def test_no_paragraph_carries_a_closing_line_or_a_marker(parsed: dict[str, Document]) -> None:
    for symbol, doc in parsed.items():
        for p in doc.paragraphs:
            assert not re.match(r"Ad[oa]pted\b.*\bmeet-?ing", p.text), (symbol, p.id)
            assert not re.search(r"\*+(?!\w)", p.text), (symbol, p.id)  # "*o provide" is an OCR typo
            assert not re.search(r"[,;]\s+\d{1,3}$", p.text), (symbol, p.id)


# No adoption line (129, 178, 207, 289, 565), one without a vote (227, 229, 241), "1771st meting" (349).
WITHOUT_VOTE = {
    f"S/RES/{n} ({year})"
    for n, year in [(129, 1958), (178, 1963), (207, 1965), (227, 1966), (229, 1966), (241, 1967), (289, 1970),
                    (349, 1974), (565, 1985)]
}  # fmt: skip


@pytest.mark.slow
def test_every_adoption_line_gives_its_vote(parsed: dict[str, Document]) -> None:
    assert {symbol for symbol, doc in parsed.items() if doc.vote is None} == WITHOUT_VOTE
    for symbol, doc in parsed.items():
        assert not re.search(r"^Ad[oa]pted|(?<!paragraph)\s\d{1,3}$|[\s.,;]$", doc.vote or ""), symbol


@pytest.mark.parametrize(
    ("name", "vote"),
    [
        (
            "S_RES_0435_1978",
            "12 votes to none, with 2 abstentions (Czechoslovakia, Union of Soviet Socialist Republics). "
            "One member (China) did not participate in the voting",
        ),
        (
            "S_RES_0502_1982",
            "10 votes to 1 (Panama), with 4 abstentions (China, Poland, Spain, Union of Soviet Socialist "
            "Republics)",
        ),
        ("S_RES_0002_1946", "unanimously"),
        ("S_RES_0503_1982", "unanimously"),  # "Adopted unanimously at the" / "2351st meeting."
        ("S_RES_0001_1946", "without vote"),  # a footnote: "Adopted without vote."
        ("S_RES_0406_1977", "unanimously, without a vote"),
        ("S_RES_0591_1986", "consensus"),
        ("S_RES_0241_1967", None),  # "Adopted at the 1378th meeting."
    ],
)
def test_vote(corpus_dir: Path, name: str, vote: str | None) -> None:
    assert parse_file(corpus_dir / "unsc-text" / f"{name}_EN_GOLD.txt").vote == vote


def test_first_resolution_without_organ_line(corpus_dir: Path) -> None:
    doc = parse_file(corpus_dir / "unsc-text" / "S_RES_0001_1946_EN_GOLD.txt")
    assert (doc.symbol, doc.organ) == ("S/RES/1 (1946)", "Security Council")
    assert [p.id for p in doc.paragraphs] == ["PP1", "OP1", "OP2", "OP3"]  # "Therefore" links them
    pp1 = doc.paragraph("PP1")
    assert pp1 is not None and pp1.text.startswith(
        "By Article 47 of the Charter, the United Nations have agreed"
    )
    op1 = doc.paragraph("OP1")
    assert op1 is not None and op1.text.startswith("The Security Council requests the permanent members")
    assert doc.meeting == "2nd meeting"


def test_single_unnumbered_operative_paragraph_is_op1(corpus_dir: Path) -> None:
    doc = parse_file(corpus_dir / "unsc-text" / "S_RES_0200_1965_EN_GOLD.txt")
    assert [p.id for p in doc.paragraphs] == ["PP1", "OP1"]
    op1 = doc.paragraph("OP1")
    assert op1 is not None
    assert op1.text == (
        "Recommends to the General Assembly that the Gambia be admitted to membership in the United Nations."
    )
    pp1 = doc.paragraph("PP1")
    assert pp1 is not None and pp1.text.endswith("for admission to the United Nations,")
    assert [f.number for f in pp1.footnotes] == ["40"]
    assert pp1.footnotes[0].text.startswith("Official Records of the Security Council, Twentieth Year")


def test_resolution_242(corpus_dir: Path) -> None:
    doc = parse_file(corpus_dir / "unsc-text" / "S_RES_0242_1967_EN_GOLD.txt")
    assert [p.id for p in doc.paragraphs] == ["PP1", "PP2", "PP3", "OP1", "OP2", "OP3", "OP4"]
    op2 = doc.paragraph("OP2")
    assert op2 is not None and [s.label for s in op2.subparagraphs] == ["(a)", "(b)", "(c)"]
    assert op2.text.startswith("Affirms further the necessity (a) For guaranteeing freedom of navigation")


def test_paragraphs_not_separated_by_blank_lines(corpus_dir: Path) -> None:
    doc = parse_file(corpus_dir / "unsc-text" / "S_RES_0598_1987_EN_GOLD.txt")
    ids = [p.id for p in doc.paragraphs]
    assert ids == [f"PP{n}" for n in range(1, 11)] + [f"OP{n}" for n in range(1, 11)]
    pp2 = doc.paragraph("PP2")
    assert pp2 is not None
    assert pp2.text == (
        "Deeply concerned that, despite its calls for a cease-fire, the conflict between the Islamic "
        "Republic of Iran and Iraq continues unabated, with further heavy loss of human life and material "
        "destruction,"
    )
    pp4 = doc.paragraph("PP4")
    assert pp4 is not None and pp4.text.endswith("contrary to obligations under the 1925 Geneva Protocol,")


# Texts whose parts, sections or items have numbers of their own, checked against the printed text.
PRINTED_STRUCTURE = {
    # parts A and B, each with its own organ line, preamble and operative paragraphs numbered from 1
    "S_RES_0161_1961": [f"A PP{n}" for n in range(1, 5)]
    + [f"A OP{n}" for n in range(1, 6)]
    + [f"B PP{n}" for n in range(1, 6)]
    + [f"B OP{n}" for n in range(1, 4)],
    # one preamble, then operative parts A (1-2), B (1-3), C (1-4)
    "S_RES_0101_1953": ["PP1", "PP2", "A OP1", "A OP2", "B OP1", "B OP2", "B OP3"]
    + [f"C OP{n}" for n in range(1, 5)],
    # unnumbered operative paragraphs under "I", "II", "III"
    "S_RES_0082_1950": ["PP1", "PP2", "PP3", "OP1", "I OP1", "I OP2", "II OP1", "III OP1"],
    # sections "A. Restoration of peace and order" ... over one numbering 1-18: no parts; the unnumbered
    # paragraphs before "1." are preambular whatever their first word ("Reaffirms", "Resolves")
    "S_RES_0047_1948": [f"PP{n}" for n in range(1, 10)] + [f"OP{n}" for n in range(1, 19)],
    # four "Whereas ...; and" clauses, "Now, therefore, the Security Council ... hereby resolves to
    # approve the following terms", and the trusteeship agreement it sets out: "Article 1" .. "Article 16"
    "S_RES_0021_1947": ["PP1", "PP2", "PP3", "PP4", "OP1"] + [f"Article {n}" for n in range(1, 17)],
    # an annex of revised rules 41-47 and 49 (43 "[Deleted]")
    "S_RES_0345_1974": ["PP1", "PP2", "PP3", "OP1"]
    + [f"Annex Rule {n}" for n in (41, 42, 43, 44, 45, 46, 47, 49)],
}


@pytest.mark.parametrize("name", sorted(PRINTED_STRUCTURE))
def test_parts_sections_and_items_keep_their_printed_numbers(corpus_dir: Path, name: str) -> None:
    doc = parse_file(next((corpus_dir / "unsc-text").glob(f"{name}_*.txt")))
    assert [p.id for p in doc.paragraphs] == PRINTED_STRUCTURE[name]
    assert not [i for i in doc.issues if i.check.startswith("numbering")]


def test_part_b_paragraph_1_is_what_part_b_prints(corpus_dir: Path) -> None:
    doc = parse_file(corpus_dir / "unsc-text" / "S_RES_0161_1961_EN_GOLD.txt")
    b1 = doc.paragraph("B OP1")
    assert b1 is not None and b1.text.startswith("Urges the convening of the Parliament")
    a5 = doc.paragraph("A OP5")
    assert a5 is not None and a5.text.startswith("Reaffirms Security Council resolutions 143 (1960)")
    c4 = parse_file(corpus_dir / "unsc-text" / "S_RES_0101_1953_EN_GOLD.txt").paragraph("C OP4")
    assert c4 is not None and c4.text.startswith("Requests the Chief of Staff of the Truce Supervision")


def test_annex_rules_are_citable_by_their_own_numbers(corpus_dir: Path) -> None:
    doc = parse_file(corpus_dir / "unsc-text" / "S_RES_0263_1969_EN_GOLD.txt")
    assert [p.id for p in doc.paragraphs] == ["PP1", "PP2", "OP1"] + [
        f"Annex Rule {n}" for n in (41, 42, 43, 44)
    ]
    rule41 = doc.paragraph("Annex Rule 41")
    assert rule41 is not None and rule41.text.startswith(
        "Chinese, English, French, Russian and Spanish shall be"
    )
    assert rule41.kind == "annex" and rule41.annex == ""
    assert doc.vote == "without vote"  # the adoption line after the annex, and its footnote
