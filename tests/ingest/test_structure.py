"""The UN structure parser on the primary document (A/RES/80/118) and on small hand-made block lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.heading import is_closing_line, organ_of, parse_heading
from ingest.ids import symbol_from_filename
from ingest.model import Block, Document, NotAResolution
from ingest.parse import parse_file
from ingest.structure import build_document, is_section_heading, looks_preambular, starts_paragraph_text


@pytest.fixture(scope="module")
def ga(corpus_dir: Path) -> Document:
    return parse_file(corpus_dir / "ga" / "A_RES_80_118.md")


def test_paragraph_ids_are_exactly_pp1_to_pp59_and_op1_to_op74(ga: Document) -> None:
    expected = [f"PP{n}" for n in range(1, 60)] + [f"OP{n}" for n in range(1, 75)]
    assert [p.id for p in ga.paragraphs] == expected
    assert {p.kind for p in ga.paragraphs[:59]} == {"preambular"}
    assert [p.number for p in ga.paragraphs[59:]] == list(range(1, 75))


def test_metadata(ga: Document) -> None:
    assert ga.symbol == "A/RES/80/118"
    assert ga.organ == "General Assembly"
    assert ga.date == "2025-12-15"  # adoption, not the 18 December issue date
    assert ga.year == 2025
    assert ga.session == "Eightieth session"
    assert ga.agenda_item == "15"
    assert ga.adopted_on is not None and ga.adopted_on.startswith("Second Committee (A/80/555")
    assert ga.title == "Information and communications technologies for sustainable development"
    assert ga.meeting == "64th plenary meeting"
    assert ga.language == "en"


# (start, end) of each paragraph that a page break and a block of footnotes cut in two; read from the
# Markdown by hand: the end is the text after the footnotes, so a lost continuation fails the test.
REPAIRED = {
    "PP19": (
        "Recognizing that the Doha Programme of Action",
        "small island developing States, respectively,",
    ),
    "PP27": (
        "Noting the holding of the World Summit on the",
        "Switzerland and the International Telecommunication Union,",
    ),
    "PP36": ("Recalling the recommendations for actions in", "the empowerment of all women and girls”,"),
    "PP44": (
        "Noting with concern that digital divides",
        "obstacles to sustainable development, such as on labour markets,",
    ),
    "OP3": (
        "Recognizes the potential of information and",
        "to support the implementation of the 2030 Agenda;",
    ),
    "OP19": (
        "Urges a continued focus on maximizing",
        "building capacity for adopting and scaling e-commerce;",
    ),
    "OP27": (
        "Stresses the need to provide universal",
        "improve broadband access and connectivity in developing countries;",
    ),
    "OP32": ("Recognizes that a gender digital divide persists", "amplified by the use of technology;"),
    "OP41": (
        "Welcomes the good progress made by the Working",
        "enhanced cooperation as envisioned in the Tunis Agenda;",
    ),
    "OP48": (
        "Recognizes the need to harness the potential",
        "Fourth International Conference on Financing for Development;",
    ),
    "OP62": (
        "Recognizes the important role of information",
        "distance-learning solutions and digital health services;",
    ),
    "OP69": (
        "Resolves to bridge the artificial intelligence",
        "achievement of all 17 Sustainable Development Goals;",
    ),
}


@pytest.mark.parametrize("paragraph_id", sorted(REPAIRED))
def test_paragraphs_cut_by_footnotes_are_whole(ga: Document, paragraph_id: str) -> None:
    start, end = REPAIRED[paragraph_id]
    paragraph = ga.paragraph(paragraph_id)
    assert paragraph is not None
    assert paragraph.text.startswith(start)
    assert paragraph.text.endswith(end)


def test_continuations_are_joined_verbatim(ga: Document) -> None:
    pp19 = ga.paragraph("PP19")
    op69 = ga.paragraph("OP69")
    assert pp19 is not None and op69 is not None
    assert "Agenda for Small Island Developing States: A Renewed Declaration" in pp19.text
    assert "international cooperation on capacity-building in developing countries" in op69.text


def test_footnote_20_with_the_itu_source_is_attached_to_op26(ga: Document) -> None:
    op26 = ga.paragraph("OP26")
    assert op26 is not None
    assert [f.number for f in op26.footnotes] == ["20"]
    assert "International Telecommunication Union" in op26.footnotes[0].text
    assert "Measuring Digital Development" in op26.footnotes[0].text  # emphasis stripped, words kept


def test_every_footnote_lands_on_the_paragraph_that_cites_it(ga: Document) -> None:
    cited = {f.number: p.id for p in ga.paragraphs for f in p.footnotes}
    assert sorted(cited, key=int) == [str(n) for n in range(1, 27)]
    assert cited["1"] == "PP1" and cited["14"] == "PP19" and cited["25"] == "OP63"


def test_paragraph_text_is_clean(ga: Document) -> None:
    for p in ga.paragraphs:
        assert "](" not in p.text and "*" not in p.text, p.id
        assert not re.search(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]", p.text), p.id
        assert not re.search(r"\d{2}-\d{5}|\b\d+/\d+\s*$|plenary meeting", p.text), p.id
        assert not re.match(r"\d+\.\s", p.text), p.id  # the printed number lives in the id
    pp1 = ga.paragraph("PP1")
    assert pp1 is not None
    assert pp1.text.startswith("Recalling its resolution 79/194 of 19 December 2024")
    assert pp1.text.endswith("as well as previous resolutions on the issue,")


def test_op70_lists_its_subparagraphs_and_keeps_them_in_its_text(ga: Document) -> None:
    op70 = ga.paragraph("OP70")
    assert op70 is not None
    assert [s.label for s in op70.subparagraphs] == ["(a)", "(b)"]
    assert op70.subparagraphs[0].text.startswith("(a) Enhancing the ability of developing countries")
    assert op70.subparagraphs[1].text.startswith("(b) Enabling international innovation-based")
    assert op70.text.startswith("Calls upon Member States")
    assert "including by: (a) Enhancing" in op70.text
    assert op70.text.endswith(op70.subparagraphs[1].text)


def test_markdown_has_no_pages(ga: Document) -> None:
    assert all(p.pages == [] for p in ga.paragraphs)


# --- hand-made blocks ------------------------------------------------------------------------------


def _blocks(*texts: str) -> list[Block]:
    return [Block(t) for t in texts]


def test_layout_hint_wins_over_text_evidence() -> None:
    blocks = [
        Block("Resolution 9999 (2030)"),
        Block("The Security Council,"),
        Block("Recalling its resolutions,", page=1, starts_paragraph=True),
        Block("1. Decides that the mission shall end", page=1, starts_paragraph=True),
        Block("¹ A footnote between two pages.", page=1, kind="footnote"),
        Block("Completely new sentence;", page=2, starts_paragraph=False),
        Block("2. Requests a report, in Blue Ink.", page=2, starts_paragraph=True),
        Block("Remains seized.", page=2, starts_paragraph=True),
    ]
    doc = build_document(blocks, "hint.pdf")
    assert [p.id for p in doc.paragraphs] == ["PP1", "OP1", "OP2"]
    op1 = doc.paragraph("OP1")
    assert op1 is not None
    assert op1.text == "Decides that the mission shall end Completely new sentence;"
    assert op1.pages == [1, 2]
    op2 = doc.paragraph("OP2")
    assert op2 is not None and op2.text == "Requests a report, in Blue Ink. Remains seized."


def test_text_evidence_rejoins_a_piece_that_does_not_end_a_paragraph() -> None:
    blocks = [
        *_blocks("Resolution 9999 (2030)", "The Security Council,", "Noting the Agenda for Small Island"),
        Block("¹ Resolution 1.", kind="footnote"),
        *_blocks(
            "Developing States,¹", "Noting also the report,", "1. Decides to meet;", "2. Calls upon all"
        ),
        Block("parties."),
    ]
    doc = build_document(blocks, "x.md")
    texts = {p.id: p.text for p in doc.paragraphs}
    assert texts == {
        "PP1": "Noting the Agenda for Small Island Developing States,",
        "PP2": "Noting also the report,",
        "OP1": "Decides to meet;",
        "OP2": "Calls upon all parties.",
    }
    pp1 = doc.paragraph("PP1")
    assert pp1 is not None and pp1.footnotes[0].text == "Resolution 1."


def test_single_unnumbered_operative_paragraph_is_op1() -> None:
    doc = build_document(
        _blocks(
            "Resolution 5 (1946)", "The Security Council,", "Decides that the election shall take place."
        ),
        "x.txt",
    )
    assert [(p.id, p.kind) for p in doc.paragraphs] == [("OP1", "operative")]
    assert doc.symbol == "S/RES/5 (1946)"


def test_parts_restarting_their_numbers_keep_printed_numbers_within_the_part() -> None:
    blocks = _blocks(
        "Resolution 9 (1950)",
        "A",
        "The Security Council,",
        "Noting the report,",
        "1. Decides to act;",
        "2. Requests more.",
        "B",
        "The Security Council,",
        "Recalling part A,",
        "1. Urges calm.",
    )
    doc = build_document(blocks, "x.txt")
    assert [p.id for p in doc.paragraphs] == ["A PP1", "A OP1", "A OP2", "B PP1", "B OP1"]
    b_op1 = doc.paragraph("B OP1")
    assert b_op1 is not None and (b_op1.text, b_op1.part, b_op1.number) == ("Urges calm.", "B", 1)
    assert not doc.issues


def test_part_markers_the_numbering_runs_across_are_sections() -> None:
    blocks = _blocks(
        "Resolution 47 (1948)",
        "The Security Council,",
        "Noting the report,",
        "A. Restoration of peace and order",
        "1. Decides to act;",
        "B",
        "2. Requests more;",
        "II.",
        "3. Urges calm.",
    )
    doc = build_document(blocks, "x.txt")
    assert [p.id for p in doc.paragraphs] == ["PP1", "OP1", "OP2", "OP3"]
    assert {p.part for p in doc.paragraphs} == {""}


def test_parts_without_numbers_are_parts() -> None:
    """S/RES/82 (1950): unnumbered operative paragraphs under "I", "II", "III"."""
    blocks = _blocks(
        "Resolution 82 (1950)",
        "The Security Council,",
        "Noting with grave concern the armed attack,",
        "Determines that this action constitutes a breach of the peace; and",
        "I",
        "Calls for the immediate cessation of hostilities;",
        "Calls upon the authorities to withdraw;",
        "II",
        "Requests the Commission:",
        "(a) To communicate its recommendations;",
    )
    doc = build_document(blocks, "x.txt")
    assert [p.id for p in doc.paragraphs] == ["PP1", "OP1", "I OP1", "I OP2", "II OP1"]
    ii = doc.paragraph("II OP1")
    assert ii is not None and [s.label for s in ii.subparagraphs] == ["(a)"]


def test_subparagraph_labels_letters_and_romans() -> None:
    blocks = _blocks(
        "Resolution 9 (1950)",
        "The Security Council,",
        "1. Decides:",
        "(a) To act;",
        "(i) at once;",
        "(ii) with care;",
        "(b) To report;",
        "(c) c;",
        "(d) d;",
        "(e) e;",
        "(f) f;",
        "(g) g;",
        "(h) h;",
        "(i) i as a letter;",
        "(j) j.",
    )
    doc = build_document(blocks, "x.txt")
    op1 = doc.paragraph("OP1")
    assert op1 is not None
    labels = [s.label for s in op1.subparagraphs]
    assert labels[:4] == ["(a)", "(a)(i)", "(a)(ii)", "(b)"]
    assert labels[-2:] == ["(i)", "(j)"]
    assert [p.id for p in doc.paragraphs] == ["OP1"]


def test_subparagraphs_inside_a_preambular_paragraph_stay_there() -> None:
    blocks = _blocks(
        "Resolution 9 (1950)",
        "The Security Council,",
        "Noting:",
        "(a) one fact;",
        "(b) another,",
        "1. Decides.",
    )
    doc = build_document(blocks, "x.txt")
    pp1 = doc.paragraph("PP1")
    assert pp1 is not None and [s.label for s in pp1.subparagraphs] == ["(a)", "(b)"]
    assert [p.id for p in doc.paragraphs] == ["PP1", "OP1"]


def test_closing_lines_and_furniture_are_not_paragraphs() -> None:
    blocks = _blocks(
        "Resolution 9 (1950)",
        "of 3 March 1950",
        "The Security Council,",
        "25-00616 (E)",
        "*2500616*",
        "Noting the report,",
        "25-00687 2/7",
        "1. Decides to act.",
        "Adopted at the 2330th meeting by 13 votes to none, with 2 abstentions.",
    )
    doc = build_document(blocks, "x.txt")
    assert [p.text for p in doc.paragraphs] == ["Noting the report,", "Decides to act."]
    assert doc.meeting == "2330th meeting"
    assert doc.date == "1950-03-03"


def _laid_out(*texts: str, page: int = 1) -> list[Block]:
    """Blocks as the PDF reader emits them: each one starts a paragraph (layout hint)."""
    return [Block(t, page=page, starts_paragraph=True) for t in texts]


def test_bare_numbers_stay_text_in_a_document_with_superscript_markers() -> None:
    blocks = [
        *_laid_out(
            "Resolution 9999 (2030)",
            "The General Assembly,",
            "Recalling the Convention,⁵",
            "Noting Sustainable Development Goals 5 and 10, which seek equality,⁸",
            "1. Decides to act.",
        ),
        Block("5 Treaty Series, vol. 660.", page=1, kind="footnote"),
        Block("8 Resolution 70/1.", page=1, kind="footnote"),
    ]
    doc = build_document(blocks, "x.pdf")
    pp2 = doc.paragraph("PP2")
    assert pp2 is not None
    assert pp2.text == "Noting Sustainable Development Goals 5 and 10, which seek equality,"
    assert [f.number for f in pp2.footnotes] == ["8"]
    pp1 = doc.paragraph("PP1")
    assert pp1 is not None and [f.number for f in pp1.footnotes] == ["5"]


def test_bare_numbers_are_markers_in_a_document_without_superscripts() -> None:
    blocks = [
        *_blocks("S/RES/99 (1953)", "The Security Council,", "Noting the letter dated 23 October 1953, 5"),
        *_blocks("1. Decides to act.", "Adopted at the 640th meeting."),
        Block("5 Official Records, Supplement for October 1953.", kind="footnote"),
    ]
    pp1 = build_document(blocks, "x.txt").paragraph("PP1")
    assert pp1 is not None and pp1.text == "Noting the letter dated 23 October 1953,"
    assert [f.number for f in pp1.footnotes] == ["5"]


def test_section_headings_are_not_paragraphs() -> None:
    blocks = _laid_out(
        "Resolution 2776 (2025)",
        "The Security Council,",
        "Emphasising that the purpose of this resolution is to degrade the threat,",
        "Degrading the threat posed by Al-Shabaab, and the Arms Embargo targeting Al-Shabaab",
        "Expressing grave concern,",
        "Arms Embargo",
        "1. Recalls its decisions;",
        "A. Targeted sanctions",
        "2. Decides to act;",
        "Prevention of Illicit Exports of Petroleum, including Crude Oil and Refined Petroleum Products",
        "3. Decides to remain actively seized of the matter.",
    )
    doc = build_document(blocks, "x.pdf")
    assert [p.id for p in doc.paragraphs] == ["PP1", "PP2", "OP1", "OP2", "OP3"]
    assert [p.text for p in doc.paragraphs][2:] == [
        "Recalls its decisions;",
        "Decides to act;",
        "Decides to remain actively seized of the matter.",
    ]


def test_annexes_keep_their_own_numbers_and_parts() -> None:
    blocks = [
        *_laid_out("Resolution 2776 (2025)", "The Security Council,", "Recalling its resolutions,"),
        *_laid_out("1. Decides to act;", "2. Decides to remain actively seized of the matter."),
        *_laid_out(
            "Annex A – Items subject to a no-objection process¹", "1. Missiles;", "2. Mortars;", page=2
        ),
        *_laid_out("Annex B – Components", "Part I²", "1. Explosive materials:", "(a) Nitric acid;", page=3),
        *_laid_out("Part II", "1. Explosive precursors.", page=3),
        Block("1 Not applicable to the Government.", page=2, kind="footnote"),
        Block("2 To be notified in advance.", page=3, kind="footnote"),
    ]
    doc = build_document(blocks, "x.pdf")
    assert [p.id for p in doc.paragraphs] == [
        "PP1",
        "OP1",
        "OP2",
        "Annex A para 1",
        "Annex A para 2",
        "Annex B Part I para 1",
        "Annex B Part II para 1",
    ]
    op2 = doc.paragraph("OP2")
    assert op2 is not None and op2.text == "Decides to remain actively seized of the matter."
    assert op2.footnotes == [] and op2.pages == [1]
    first = doc.paragraph("Annex A para 1")
    assert first is not None and (first.kind, first.annex, first.text) == ("annex", "A", "Missiles;")
    # a footnote marked on an annex's or a part's heading is kept with the first item under it
    assert [f.number for f in first.footnotes] == ["1"]
    b1 = doc.paragraph("Annex B Part I para 1")
    assert b1 is not None and [f.number for f in b1.footnotes] == ["2"] and b1.part == "I"
    assert not doc.issues


def test_rules_and_articles_are_items_with_their_own_numbers() -> None:
    blocks = _blocks(
        "Resolution 263 (1969)",
        "The Security Council,",
        "Having considered the notes,",
        "Decides to amend rules 41 and 43 in accordance with the annex to the present resolution.",
        "ANNEX",
        "Revised text of rules 41 and 43 of the provisional rules of procedure",
        "Rule 41",
        "Chinese, English, French, Russian and Spanish shall be the official languages.",
        "Rule 43 [Deleted]",
        "Adopted at the 1463rd meeting.",
    )
    doc = build_document(blocks, "x.txt")
    assert [p.id for p in doc.paragraphs] == ["PP1", "OP1", "Annex Rule 41", "Annex Rule 43"]
    assert doc.paragraph("Annex Rule 43").text == "[Deleted]"  # type: ignore[union-attr]
    blocks = _blocks(
        "Resolution 21 (1947)",
        "Whereas Article 75 of the Charter provides for trusteeship; and",
        "Now, therefore, the Security Council hereby resolves to approve the following terms:",
        "Article I",
        "The Territory is designated as a strategic area.",
        "Article 2",
        "The Administering Authority shall be entitled:",
        "1. To establish bases;",
        "2. To station forces.",
    )
    doc = build_document(blocks, "x.txt")
    assert [p.id for p in doc.paragraphs] == ["PP1", "OP1", "Article 1", "Article 2"]
    article2 = doc.paragraph("Article 2")
    assert article2 is not None and [s.label for s in article2.subparagraphs] == ["(1)", "(2)"]
    assert (
        article2.text
        == "The Administering Authority shall be entitled: 1. To establish bases; 2. To station forces."
    )


def test_headings_of_a_plain_text_are_not_paragraphs() -> None:
    blocks = _blocks(
        "Resolution 47 (1948)",
        "The Security Council,",
        "Noting the report,",
        "Determines that this action constitutes a breach of the",
        "peace; and",
        "A. Restoration of peace and order",
        "1. The Government of Pakistan should withdraw.",
        "Adopted at the 286th meeting.",
    )
    doc = build_document(blocks, "x.txt")
    assert [(p.id, p.text) for p in doc.paragraphs] == [
        ("PP1", "Noting the report,"),
        ("PP2", "Determines that this action constitutes a breach of the peace; and"),
        ("OP1", "The Government of Pakistan should withdraw."),
    ]


@pytest.mark.parametrize(
    ("text", "whole", "expected"),
    [
        ("Arms Embargo", False, True),
        ("A. Targeted sanctions", False, True),
        ("E. Reducing the threat posed by Improvised Explosive Devices (IEDs)", False, True),
        ("Degrading the threat posed by Al-Shabaab", True, True),
        ("Degrading the threat posed by Al-Shabaab", False, False),  # plain text: a cut paragraph
        ("Recalling its resolution 2216 (2015),", True, False),
        ("Determines that this action constitutes a breach of the peace; and", True, False),
        ("Noting the recommendation by the Secretary-General that", True, False),
        ("Decides to remain seized of the matter", True, False),
        ("27. Decides to remain seized of the matter", True, False),
        ("and urges the Panel to seek feedback", True, False),
        ("A" * 121, True, False),
    ],
)  # fmt: skip
def test_is_section_heading(text: str, whole: bool, expected: bool) -> None:
    assert is_section_heading(text, whole) is expected


def test_human_rights_council_closing_is_metadata_not_paragraph_text() -> None:
    blocks = _laid_out(
        "A/HRC/RES/59/25",
        "Human Rights Council",
        "59/25. Human rights and climate change",
        "The Human Rights Council,",
        "Recalling its resolutions,",
        "27. Decides to remain seized of the matter.",
        "34th meeting 8 July 2025",
        "[Adopted without a vote.]",
    )
    doc = build_document(blocks, "x.pdf")
    op27 = doc.paragraph("OP27")
    assert op27 is not None and op27.text == "Decides to remain seized of the matter."
    assert (doc.meeting, doc.date) == ("34th meeting", "2025-07-08")


def test_no_resolution_structure_is_refused_with_what_was_looked_for() -> None:
    with pytest.raises(NotAResolution, match="looked for an organ line"):
        build_document(_blocks("Shopping list", "Milk, eggs,", "Bread."), "list.txt")
    with pytest.raises(NotAResolution, match="no paragraph after the organ line"):
        build_document(_blocks("Resolution 9 (1950)", "The Security Council,"), "x.txt")


def test_a_preamble_without_operative_part_is_stored_and_reported() -> None:
    """A text cut short after its preamble (S/RES/565 (1985) in the corpus) loses nothing: it is stored
    with a finding that says so."""
    doc = build_document(
        _blocks("Resolution 9 (1950)", "The Security Council,", "Noting the report,"), "x.txt"
    )
    assert [p.id for p in doc.paragraphs] == ["PP1"]
    assert [i.check for i in doc.issues] == ["no-operative"]


def test_without_organ_line_a_printed_resolution_number_is_enough() -> None:
    blocks = _blocks("Resolution 462 (1980)", "Having considered the item,", "Decides to call a session.")
    doc = build_document(blocks, "x.txt")
    assert [p.id for p in doc.paragraphs] == ["PP1", "OP1"]
    assert doc.organ == "Security Council" and doc.symbol == "S/RES/462 (1980)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Recalling its resolution,", True),
        ("Deeply concerned at the situation,", True),
        ("Deeply deplores the attack;", False),
        ("Aware of the risks,", True),
        ("Further recalling its decision,", True),
        ("Decides to remain seized.", False),
        ("United Nations bodies,", False),
        ("the conflict continues,", False),
    ],
)
def test_looks_preambular(text: str, expected: bool) -> None:
    assert looks_preambular(text) is expected


def test_starts_paragraph_text() -> None:
    assert starts_paragraph_text("12. Requests")
    assert starts_paragraph_text("(b) To renew")
    assert starts_paragraph_text("Recommends to the General Assembly")
    assert not starts_paragraph_text("Saudi Arabia, Syria")


# --- heading ---------------------------------------------------------------------------------------


def test_heading_of_a_security_council_pdf_masthead() -> None:
    lines = [
        "S",
        "United Nations /RES/2768 (2025)",
        "Security Council",
        "Distr.: General",
        "15 January 2025",
        "Resolution 2768 (2025)",
        "Adopted by the Security Council at its 9836th meeting, on",
        "15 January 2025",
    ]
    heading = parse_heading(lines, "Security Council", [], {})
    assert heading.symbol == "S/RES/2768 (2025)"
    assert heading.date == "2025-01-15"
    assert heading.meeting == "9836th meeting"
    assert heading.year == 2025
    assert heading.vote is None


def test_heading_of_a_human_rights_council_resolution() -> None:
    lines = [
        "United Nations A",
        "/HRC/RES/59/25",
        "General Assembly",
        "Distr.: General",
        "16 July 2025",
        "Human Rights Council",
        "Fifty-ninth session",
        "16 June–8 July 2025",
        "Agenda item 3",
        "Resolution adopted by the Human Rights Council",
        "on 8 July 2025",
        "59/25. Human rights and climate change",
    ]
    heading = parse_heading(lines, "Human Rights Council", [], {})
    assert heading.symbol == "A/HRC/RES/59/25"
    assert heading.title == "Human rights and climate change"
    assert heading.session == "Fifty-ninth session"
    assert heading.agenda_item == "3"
    assert heading.date == "2025-07-08"


def test_heading_of_an_old_security_council_text() -> None:
    heading = parse_heading(
        ["1 (1946) Resolution of 25 January 1946"],
        None,
        ["Adopted at the 2nd meeting. 22"],
        {"21": "Ibid., p. 2.", "22": "Adopted without vote."},
    )
    assert heading.symbol == "S/RES/1 (1946)"
    assert heading.date == "1946-01-25"
    assert heading.meeting == "2nd meeting"
    assert heading.vote == "without vote"


CHINA = "One member (China) did not participate in the voting."


@pytest.mark.parametrize(
    ("closing", "vote"),
    [
        (["Adopted unanimously at the 1382nd meeting."], "unanimously"),
        (
            [
                "Adopted at the 2330th meeting by 13 votes to none, with 2 abstentions (United Kingdom"
                " of Great Britain and Northern Ireland, United States of America)."
            ],
            "13 votes to none, with 2 abstentions (United Kingdom of Great Britain and Northern Ireland, "
            "United States of America)",
        ),
        (["Adopted at the 127th meet-ing by 10 votes to 1 (Australia)."], "10 votes to 1 (Australia)"),
        (["Adopted at the 1770th meeting by 14 votes to none. 3"], "14 votes to none. " + CHINA[:-1]),
        (["Adopted at the 1771st meeting by 14 votes to none33"], "14 votes to none. " + CHINA[:-1]),
        (["Adopted at the 2049th meeting without a vote."], "without a vote"),
        (["Adopted unanimously, without a vote, at the 2008th meeting,"], "unanimously, without a vote"),
        (["Adopted at the 1810th meeting by consensus."], "consensus"),
        (
            [
                "Adopted unanimously at the 2406th meeting, following a separate vote on operative"
                " paragraph 6."
            ],
            "unanimously, following a separate vote on operative paragraph 6",
        ),
        (["Adopted unanimously at the", "2351st meeting."], "unanimously"),
        (["Adopted unanimously at the 2714th (closed) meeting"], "unanimously"),
        (["34th meeting 8 July 2025", "[Adopted without a vote.]"], "without a vote"),
        (
            ["[Adopted by a recorded vote of 26 to 15, with 6 abstentions.]"],
            "a recorded vote of 26 to 15, with 6 abstentions",
        ),
        (["Adopted at the 2nd meeting. 22"], "without vote"),
        (["Adopted at the 49th meeting. 5"], "No vote was taken on the text as a whole"),
        (["Adopted at the 1311th meeting (private meeting)."], None),
        (["Adopted at the 640th meeting. 4"], None),  # a footnote that is not about the vote
        (["Adopted at its 9836th meeting"], None),
        (["64th plenary meeting 15 December 2025"], None),
    ],
)
def test_vote_from_the_closing_lines(closing: list[str], vote: str | None) -> None:
    notes = {
        "3": CHINA,
        "33": CHINA,
        "22": "Adopted without vote.",
        "5": "No vote was taken on the text as a whole.",
        "4": "See the decision preceding this resolution.",
    }
    assert parse_heading(["Resolution 1 (1946)"], "Security Council", closing, notes).vote == vote


def test_vote_on_a_line_after_the_closing_line() -> None:
    blocks = _laid_out(
        "Human Rights Council",
        "59/25. Human rights and climate change",
        "The Human Rights Council,",
        "1. Decides to remain seized of the matter.",
        "34th meeting 8 July 2025",
        "[Adopted without a vote.]",
    )
    doc = build_document(blocks, "x.pdf")
    assert [p.text for p in doc.paragraphs] == ["Decides to remain seized of the matter."]
    assert (doc.meeting, doc.vote) == ("34th meeting", "without a vote")


def test_heading_falls_back_to_the_file_name() -> None:
    doc = build_document(
        _blocks("No number here", "The Security Council,", "Decides."), "S_RES_0007_1946.txt"
    )
    assert doc.symbol == "S/RES/7 (1946)"
    assert symbol_from_filename("A_HRC_RES_59_25.en.pdf") == "A/HRC/RES/59/25"
    assert symbol_from_filename("A_RES_80_118.md") == "A/RES/80/118"
    assert symbol_from_filename("notes.txt") is None


def test_organ_and_closing_lines() -> None:
    assert organ_of("The General Assembly,") == "General Assembly"
    assert organ_of("Therefore the Security Council,") == "Security Council"
    assert organ_of("The Human Rights Council,") == "Human Rights Council"
    assert organ_of("The Secretary-General,") is None
    assert is_closing_line("Adopted unanimously at the 1382nd meeting.")
    assert is_closing_line("Adopted at the 127th meet-ing by 8 votes to none")
    assert is_closing_line("64th plenary meeting 15 December 2025")
    assert not is_closing_line("Adopts the agenda of the meeting;")
    assert is_closing_line("34th meeting 8 July 2025")
    assert is_closing_line("[Adopted without a vote.]")
    assert is_closing_line("[Adopted by a recorded vote of 26 to 15, with 6 abstentions.]")
    assert is_closing_line("103rd plenary meeting 13 August 2024")
    assert is_closing_line("Adopted at its 9836th meeting")
    assert not is_closing_line("34th meeting of the Council, held on 8 July 2025,")
