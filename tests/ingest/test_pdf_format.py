"""``read_pdf`` on the as-published corpus PDFs, against facts read off the PDFs themselves.

Counts (preambular and operative paragraphs, footnotes, pages) were verified by reading the rendered
pages (``pdftoppm``) and cross-checked against the raw words: italic first words at the paragraph indent.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from ingest.formats.pdf import read_pdf
from ingest.limits import Limits
from ingest.model import Block, OverLimit, UnreadableFile
from ingest.parse import parse_file

ORGAN_LINE = re.compile(r"^The (Security Council|General Assembly|Human Rights Council),$")
NUMBERED = re.compile(r"^(\d+)\. ")
SUPERSCRIPTS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]")

# file, symbol, preambular paragraphs, numbered operative paragraphs, footnotes, pages
VERIFIED = [
    ("A_HRC_RES_59_25.en.pdf", "A/HRC/RES/59/25", 56, 27, 19, 10),
    ("A_RES_78_323.en.pdf", "A/RES/78/323", 8, 5, 13, 3),
    ("S_RES_2768_2025.en.pdf", "S/RES/2768 (2025)", 5, 6, 0, 2),
    ("S_RES_2769_2025.en.pdf", "S/RES/2769 (2025)", 18, 27, 0, 7),
    ("S_RES_2771_2025.en.pdf", "S/RES/2771 (2025)", 19, 24, 0, 8),
    ("S_RES_2773_2025.en.pdf", "S/RES/2773 (2025)", 15, 18, 0, 4),
    ("S_RES_2776_2025.en.pdf", "S/RES/2776 (2025)", 25, 50, 3, 14),
    ("S_RES_2777_2025.en.pdf", "S/RES/2777 (2025)", 11, 6, 0, 3),
]
SLOW = {
    "A_HRC_RES_59_25.en.pdf",
    "S_RES_2769_2025.en.pdf",
    "S_RES_2771_2025.en.pdf",
    "S_RES_2776_2025.en.pdf",
}


def _param(*values: object) -> object:
    name = values[0]
    return pytest.param(*values, id=name, marks=[pytest.mark.slow] if name in SLOW else [])


@pytest.fixture(scope="module")
def read(corpus_dir: Path):
    """``read("S_RES_2768_2025.en.pdf")``: the file's blocks, read once per module."""
    return functools.cache(lambda name: read_pdf(corpus_dir / "pdf" / name))


def body(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.kind == "body"]


def pieces(blocks: list[Block]) -> list[str]:
    """Body text after the organ line, page-broken paragraphs rejoined by the reader's own hints."""
    texts = [b.text for b in body(blocks)]
    flags = [b.starts_paragraph for b in body(blocks)]
    start = next(i for i, text in enumerate(texts) if ORGAN_LINE.match(text)) + 1
    out: list[str] = []
    for text, starts in zip(texts[start:], flags[start:], strict=True):
        if starts is False:
            out[-1] += " " + text
        else:
            out.append(text)
    return out


def block_starting(blocks: list[Block], start: str) -> Block:
    return next(b for b in blocks if b.text.startswith(start))


@pytest.mark.parametrize(("name", "symbol", "pp", "op", "footnotes", "pages"), [_param(*r) for r in VERIFIED])
def test_counts_match_the_published_pdf(read, name, symbol, pp, op, footnotes, pages):
    blocks = read(name)
    paragraphs = pieces(blocks)
    first_op = next(i for i, text in enumerate(paragraphs) if NUMBERED.match(text))
    # Preambular paragraphs end with a comma; section headings between them do not.
    assert sum(SUPERSCRIPTS.sub("", text).endswith(",") for text in paragraphs[:first_op]) == pp
    numbers = [int(m.group(1)) for text in paragraphs[first_op:] if (m := NUMBERED.match(text))]
    operative = numbers[: numbers.index(1, 1)] if 1 in numbers[1:] else numbers  # annexes restart at 1.
    assert operative == list(range(1, op + 1))
    assert sum(b.kind == "footnote" for b in blocks) == footnotes
    assert max(b.page or 0 for b in blocks) == pages
    assert symbol in [b.text.rstrip("*") for b in blocks[:3]]


@pytest.mark.parametrize("name", [_param(r[0]) for r in VERIFIED])
def test_no_page_furniture_in_any_block(read, name):
    blocks = read(name)
    symbol = next(r[1] for r in VERIFIED if r[0] == name)
    for block in blocks:
        assert not re.search(r"\d{2}-\d{5}", block.text), block  # job numbers 25-00616 (E), GE.25-11220
        assert not re.search(r"\*\d{7}\*", block.text), block  # barcodes
        assert not re.fullmatch(r"\d{1,2}(/\d{1,2})?", block.text), block  # page footers 2/7, 7
        assert "recycle" not in block.text.lower()
        if block.page and block.page > 1:
            assert not block.text.startswith(symbol), block  # running header


def test_masthead_kept_in_reading_order_with_the_symbol_joined(read):
    texts = [b.text for b in read("S_RES_2768_2025.en.pdf")[:8]]
    assert texts == [
        "United Nations",
        "S/RES/2768 (2025)",
        "Security Council",
        "Distr.: General",
        "15 January 2025",
        "Resolution 2768 (2025)",
        "Adopted by the Security Council at its 9836th meeting, on 15 January 2025",
        "The Security Council,",
    ]


def test_general_assembly_heading_lines_are_separate_blocks(read):
    texts = [b.text for b in read("A_RES_78_323.en.pdf")[:12]]
    assert texts[5:] == [
        "Seventy-eighth session",
        "Agenda item 69",
        "Elimination of racism, racial discrimination, xenophobia and related intolerance",
        "Resolution adopted by the General Assembly on 13 August 2024",
        "[without reference to a Main Committee (A/78/L.96)]",
        "78/323. International Day of Women and Girls of African Descent",
        "The General Assembly,",
    ]


@pytest.mark.slow
def test_human_rights_council_manual_line_breaks_split_the_heading(read):
    texts = [b.text for b in read("A_HRC_RES_59_25.en.pdf")[:11]]
    assert texts[1] == "A/HRC/RES/59/25"
    assert texts[6:] == [
        "Human Rights Council",
        "Fifty-ninth session",
        "16 June–8 July 2025",
        "Agenda item 3",
        "Promotion and protection of all human rights, civil, political, economic, social and cultural "
        "rights, including the right to development",
    ]


def test_paragraph_across_a_page_break_is_continued(read):
    blocks = body(read("A_RES_78_323.en.pdf"))
    first = block_starting(blocks, "Observing the mutually reinforcing relationship")
    after = blocks[blocks.index(first) + 1]
    assert (first.page, first.starts_paragraph) == (1, True)
    assert first.text.endswith("and the full realization of all")
    assert (after.page, after.starts_paragraph) == (2, False)
    assert after.text.startswith("their human rights and fundamental freedoms and the implementation")
    assert after.text.endswith("including through specific measures to address racial discrimination,")


def test_footnote_markers_become_superscripts_and_real_digits_stay(read):
    blocks = body(read("A_RES_78_323.en.pdf"))
    recalling = block_starting(blocks, "Recalling the Universal Declaration")
    assert recalling.text.startswith(
        "Recalling the Universal Declaration of Human Rights,¹ the International Covenant on Civil and "
        "Political Rights² and the International Covenant on Economic, Social and Cultural Rights,³ the "
    )
    assert (
        "the Convention on the Rights of the Child,⁶ the Convention on the Rights of Persons with "
        "Disabilities⁷ and" in recalling.text
    )
    noting = block_starting(blocks, "Noting the general recommendations")
    assert (
        "recommendation No. 25 (2000) on gender-related dimensions of racial discrimination¹² and"
        in noting.text
    )
    assert noting.text.endswith("against people of African descent,¹³")
    assert not any(SUPERSCRIPTS.search(b.text) for b in read("S_RES_2768_2025.en.pdf"))
    assert body(read("A_RES_78_323.en.pdf"))[-1].text == "103rd plenary meeting 13 August 2024"


def test_footnotes_are_split_and_start_with_their_number(read):
    footnotes = [b for b in read("A_RES_78_323.en.pdf") if b.kind == "footnote"]
    assert [b.text.split(" ", 1)[0] for b in footnotes] == [str(n) for n in range(1, 14)]
    assert [b.page for b in footnotes] == [1] * 7 + [2] * 6
    assert footnotes[3].text == "4 United Nations, Treaty Series, vol. 1249, No. 20378."
    assert footnotes[9].text == (
        "10 Report of the Fourth World Conference on Women, Beijing, 4–15 September 1995 (United Nations "
        "publication, Sales No. E.96.IV.13), chap. I, resolution 1, annexes I and II."
    )


@pytest.mark.slow
def test_footnotes_under_a_drawn_rule(read):
    blocks = read("A_HRC_RES_59_25.en.pdf")
    footnotes = [b for b in blocks if b.kind == "footnote"]
    assert [int(b.text.split(" ", 1)[0]) for b in footnotes] == list(range(1, 20))
    assert footnotes[3].text == (
        "4 International Tribunal for the Law of the Sea, Request for an Advisory Opinion Submitted by "
        "the Commission of Small Island States on Climate Change and International Law, Advisory Opinion, "
        "21 May 2024."
    )
    paris = block_starting(blocks, "Recalling that the Paris Agreement² acknowledges")
    assert paris.text.endswith("their respective obligations on human rights, the right to health,")
    after = body(blocks)[body(blocks).index(paris) + 1]
    assert (after.page, after.starts_paragraph) == (2, False)
    assert after.text.endswith("as well as the empowerment of girls,")
    op24 = block_starting(blocks, "24. Requests the Secretary-General, in consultation")
    assert "and also requests the Secretary-General to make the report available" in op24.text
    closing = [b.text for b in body(blocks)[-4:]]
    assert closing == [
        "26. Requests the Secretary-General and the High Commissioner to provide all the human, technical "
        "and financial assistance necessary for the effective and timely realization of the above-mentioned "
        "panel discussion, reports and interactive dialogue;",
        "27. Decides to remain seized of the matter.",
        "34th meeting 8 July 2025",
        "[Adopted without a vote.]",
    ]


@pytest.mark.slow
def test_sub_paragraphs_are_their_own_blocks(read):
    blocks = body(read("S_RES_2776_2025.en.pdf"))
    ii = block_starting(blocks, "(ii) ")
    assert (ii.text, ii.page, ii.starts_paragraph) == ("(ii) end user;", 7, True)
    op32 = block_starting(blocks, "32. Requests the Panel to provide:")
    following = [b.text for b in blocks[blocks.index(op32) : blocks.index(op32) + 6]]
    assert following == [
        "32. Requests the Panel to provide:",
        "(a) regular updates to the Committee, in collaboration with independent experts appointed to "
        "help the work of other sanctions committees and relevant UN entities if appropriate, including a "
        "minimum of two different thematic reports by 31 August 2025 and 13 January 2026 respectively;",
        "(b) a comprehensive mid-term update; and",
        "(c) for the Security Council’s consideration through the Committee, a final report by "
        "13 November 2025;",
        "and urges the Panel to seek feedback from the Committee on the findings of their reporting;",
        "33. Requests UNODC to update the Committee on its work related to this resolution by "
        "13 November 2025;",
    ]
    footnotes = [b.text for b in read("S_RES_2776_2025.en.pdf") if b.kind == "footnote"]
    assert footnotes[0] == "* Reissued for technical reasons on 12 March 2025."
    assert (
        footnotes[2] == "2 To be notified to Government of the Federal Republic of Somalia in advance of "
        "intended shipment."
    )


@pytest.mark.slow
def test_line_end_hyphens_and_slashes_are_kept_without_a_space(read):
    texts = " ".join(b.text for b in read("S_RES_2771_2025.en.pdf"))
    assert "Pyla/ Pile" not in texts and "Pyla/Pile" in texts
    assert "Secretary- General" not in texts and "opportunity presented by the Secretary-General" in texts


def test_pdf_without_text_layer(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    figure = plt.figure()
    figure.figimage(np.random.default_rng(0).random((40, 40)))
    figure.savefig(tmp_path / "scan.pdf")
    plt.close(figure)
    with pytest.raises(UnreadableFile, match="no text layer: run OCR first"):
        read_pdf(tmp_path / "scan.pdf")


def _minimal_pdf(
    trailer: str = "", encrypt: str | None = None, pages: int = 1, declared: int | None = None
) -> bytes:
    """A PDF of blank pages (objects 3 ...) whose page tree declares ``declared`` pages (default: as many),
    optionally with an /Encrypt dictionary (the next object)."""
    kids = " ".join(f"{number} 0 R" for number in range(3, pages + 3))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages if declared is None else declared} >>",
        *["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * pages,
        *([encrypt] if encrypt else []),
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, text in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{text}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def test_encrypted_pdf(tmp_path):
    # A user password is set: the empty password does not match /U, as with any protected file.
    encrypt = f"<< /Filter /Standard /V 1 /R 2 /O <{'11' * 32}> /U <{'22' * 32}> /P -4 >>"
    path = tmp_path / "locked.pdf"
    path.write_bytes(_minimal_pdf(f"/Encrypt 4 0 R /ID [<{'33' * 16}> <{'33' * 16}>] ", encrypt))
    with pytest.raises(UnreadableFile, match="encrypted"):
        read_pdf(path)
    path.write_bytes(_minimal_pdf())
    with pytest.raises(UnreadableFile, match="no text layer"):  # the same file unlocked reads
        read_pdf(path)


def test_pages_are_counted_before_any_is_read(tmp_path):
    """A PDF of 1,001 blank pages: refused on its page count, not read page by page to "no text layer"."""
    path = tmp_path / "long.pdf"
    path.write_bytes(_minimal_pdf(pages=1001))
    with pytest.raises(OverLimit) as info:
        read_pdf(path)
    assert info.value.reason == (
        "the PDF has 1,001 pages, over the 1,000-page limit "
        "(raise UNQA_MAX_PDF_PAGES or --max-pdf-pages to ingest it)"
    )
    with pytest.raises(UnreadableFile, match="no text layer"):
        read_pdf(path, Limits(max_pdf_pages=1001))


def test_pages_are_counted_even_when_the_page_tree_lies(tmp_path):
    """PDFium takes the declared /Count (1); the three pages pdfminer would read are what counts."""
    path = tmp_path / "liar.pdf"
    path.write_bytes(_minimal_pdf(pages=3, declared=1))
    with pytest.raises(OverLimit, match="the PDF has 3 pages, over the 2-page limit"):
        read_pdf(path, Limits(max_pdf_pages=2))


def test_page_limit_on_a_published_pdf(corpus_dir):
    path = corpus_dir / "pdf" / "A_RES_78_323.en.pdf"
    with pytest.raises(OverLimit, match=r"the PDF has 3 pages, over the 2-page limit"):
        parse_file(path, Limits(max_pdf_pages=2))
    assert parse_file(path, Limits(max_pdf_pages=3)).symbol == "A/RES/78/323"


def test_junk_behind_a_pdf_header_through_parse_file(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(UnreadableFile, match="not a PDF, or a damaged one"):
        parse_file(path)


def test_not_a_pdf_damaged_or_missing(tmp_path, corpus_dir):
    text = tmp_path / "notes.pdf"
    text.write_text("Recalling its resolution 2216 (2015),\n")
    with pytest.raises(UnreadableFile, match="not a PDF"):
        read_pdf(text)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes((corpus_dir / "pdf" / "S_RES_2768_2025.en.pdf").read_bytes()[:2000])
    with pytest.raises(UnreadableFile, match="damaged PDF"):
        read_pdf(damaged)
    with pytest.raises(UnreadableFile, match="cannot open the file"):
        read_pdf(tmp_path / "missing.pdf")


def test_parse_file_end_to_end(corpus_dir):
    document = parse_file(corpus_dir / "pdf" / "A_RES_78_323.en.pdf")
    assert document.symbol == "A/RES/78/323"
    assert [p.id for p in document.paragraphs] == [f"PP{n}" for n in range(1, 9)] + [
        f"OP{n}" for n in range(1, 6)
    ]
    pp4 = document.paragraph("PP4")
    assert pp4.pages == [1, 2]
    assert "noting in this regard Sustainable Development Goals 5 and 10, which seek" in pp4.text
    assert [f.number for f in pp4.footnotes] == ["8"]  # the raised 8 after "Development,"; no 5
    assert pp4.text.startswith("Observing the mutually reinforcing relationship")
    assert "the full realization of all their human rights and fundamental freedoms" in pp4.text
    assert pp4.text.endswith("to address racial discrimination,")
    pp2 = document.paragraph("PP2")
    assert [f.number for f in pp2.footnotes] == [str(n) for n in range(1, 8)]
    assert pp2.footnotes[3].text == "United Nations, Treaty Series, vol. 1249, No. 20378."
    assert document.paragraph("OP5").text.endswith("Women and Girls of African descent.")

    document = parse_file(corpus_dir / "pdf" / "S_RES_2768_2025.en.pdf")
    assert (document.symbol, document.date) == ("S/RES/2768 (2025)", "2025-01-15")
    assert [p.id for p in document.paragraphs] == [f"PP{n}" for n in range(1, 6)] + [
        f"OP{n}" for n in range(1, 7)
    ]
    assert document.paragraph("OP5").pages == [2]
    assert document.paragraph("OP2").text == (
        "Reiterates its demand that the Houthis immediately cease all attacks against merchant and "
        "commercial vessels and immediately release the M/V Galaxy Leader and its crew;"
    )


@pytest.mark.slow
def test_parse_file_end_to_end_human_rights_council(corpus_dir):
    document = parse_file(corpus_dir / "pdf" / "A_HRC_RES_59_25.en.pdf")
    assert (document.symbol, document.organ, document.date) == (
        "A/HRC/RES/59/25",
        "Human Rights Council",
        "2025-07-08",
    )
    ids = [f"PP{n}" for n in range(1, 57)] + [f"OP{n}" for n in range(1, 28)]
    assert [p.id for p in document.paragraphs] == ids
    pp7 = document.paragraph("PP7")
    assert pp7.pages == [1, 2]
    assert "the right to health, the rights of Indigenous Peoples, local communities" in pp7.text
    assert [(f.number, f.text) for f in pp7.footnotes] == [
        (
            "2",
            "Adopted under the United Nations Framework Convention on Climate Change; see "
            "FCCC/CP/2015/10/Add.1, decision 1/CP.21.",
        )
    ]
    op5 = document.paragraph("OP5")
    assert op5.pages == [7, 8]
    assert "looks forward to the full operationalization of the Santiago Network" in op5.text
    assert document.paragraph("OP27").text == "Decides to remain seized of the matter."
    assert document.meeting == "34th meeting"


@pytest.mark.slow
def test_parse_file_end_to_end_section_headings_and_annexes(corpus_dir):
    document = parse_file(corpus_dir / "pdf" / "S_RES_2769_2025.en.pdf")
    texts = [p.text for p in document.paragraphs]
    assert document.paragraph("OP1").text.startswith("Expresses grave concern over continued violations")
    assert document.paragraph("OP8").text.endswith("Libya’s military and security institutions;")
    assert not any("Arms Embargo" in text or text.endswith("Panel of Experts") for text in texts)
    document = parse_file(corpus_dir / "pdf" / "S_RES_2776_2025.en.pdf")
    assert document.paragraph("PP5").text.startswith("Expressing grave concern that Al-Shabaab continues")
    assert document.paragraph("OP1").text.startswith("Recalls its decisions in its resolution 1844 (2008)")
    assert document.paragraph("OP3").text.endswith("imposed by paragraph 3 of resolution 1844 (2008);")
    last = [p for p in document.paragraphs if p.kind == "operative"][-1]
    assert (last.id, last.footnotes) == ("OP50", [])
    assert last.text == "Decides to remain actively seized of the matter."  # the annexes follow it
    assert document.paragraphs[-1].id == "Annex B Part II para 3"
