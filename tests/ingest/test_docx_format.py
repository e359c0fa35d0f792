"""DOCX files built with python-docx from A/RES/80/118's parsed text read back to the same paragraphs."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from ingest.formats.docx import read_docx
from ingest.model import Document, UnreadableFile
from ingest.parse import parse_file

FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADING = [
    "General Assembly",
    "Distr.: General",
    "18 December 2025",
    "Eightieth session",
    "Agenda item 15",
    "Information and communications technologies for sustainable development",
    "Resolution adopted by the General Assembly on 15 December 2025",
    "[on the report of the Second Committee (A/80/555, para. 7)]",
    "80/118. Information and communications technologies for sustainable development",
    "The General Assembly,",
]


@pytest.fixture(scope="module")
def ga(corpus_dir: Path) -> Document:
    return parse_file(corpus_dir / "ga" / "A_RES_80_118.md")


def _add_footnote_reference(paragraph: DocxParagraph, footnote_id: int) -> None:
    run = paragraph.add_run()._r
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(footnote_id))
    run.append(reference)


def _add_footnotes_part(document: docx.document.Document, texts: list[str]) -> None:
    """word/footnotes.xml with Word's two separators (ids -1 and 0) and one footnote per text."""
    notes = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0">'
        "<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>",
    ]  # fmt: skip
    for number, text in enumerate(texts, start=1):
        escaped = text.replace("&", "&amp;").replace("<", "&lt;")
        notes.append(
            f'<w:footnote w:id="{number}"><w:p><w:r><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {escaped}</w:t></w:r></w:p></w:footnote>'
        )
    blob = f'<w:footnotes xmlns:w="{W_NS}">{"".join(notes)}</w:footnotes>'.encode()
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, blob, document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def _write_docx(ga: Document, path: Path, *, automatic_numbers: bool, page_break_in: str = "") -> None:
    document = docx.Document()
    for line in HEADING:
        document.add_paragraph(line)
    footnotes: list[str] = []
    for p in ga.paragraphs:
        subs = [s.text for s in p.subparagraphs]
        main = p.text[: p.text.index(subs[0])].rstrip() if subs else p.text
        if p.kind == "operative":
            paragraph = document.add_paragraph(main if automatic_numbers else f"{p.number}.\t{main}")
            if automatic_numbers:
                paragraph.style = document.styles["List Number"]
        else:
            paragraph = document.add_paragraph(main)
        if p.id == page_break_in:  # the text goes on after a page break inside the Word paragraph
            head, tail = paragraph.runs[0].text.split(" ", 1)
            paragraph.runs[0].text = head
            paragraph.add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
            paragraph.add_run(" " + tail)
        for footnote in p.footnotes:
            footnotes.append(footnote.text)
            _add_footnote_reference(paragraph, len(footnotes))
            assert footnote.number == str(len(footnotes))
        for sub in subs:
            document.add_paragraph(sub)
    _add_footnotes_part(document, footnotes)
    document.save(str(path))


@pytest.mark.parametrize("automatic_numbers", [False, True], ids=["typed-numbers", "list-number-style"])
def test_docx_gives_back_the_same_paragraphs(ga: Document, tmp_path: Path, automatic_numbers: bool) -> None:
    path = tmp_path / "A_RES_80_118.docx"
    _write_docx(ga, path, automatic_numbers=automatic_numbers)
    doc = parse_file(path)
    assert [p.id for p in doc.paragraphs] == [p.id for p in ga.paragraphs]
    for got, want in zip(doc.paragraphs, ga.paragraphs, strict=True):
        assert got.text == want.text, got.id
        assert [s.label for s in got.subparagraphs] == [s.label for s in want.subparagraphs], got.id
        assert got.footnotes == want.footnotes, got.id
    assert (doc.symbol, doc.date, doc.session, doc.agenda_item) == (
        "A/RES/80/118",
        "2025-12-15",
        "Eightieth session",
        "15",
    )


def test_footnote_reference_comes_from_footnotes_xml(ga: Document, tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    _write_docx(ga, path, automatic_numbers=False)
    doc = parse_file(path)
    op26 = doc.paragraph("OP26")
    assert op26 is not None and [f.number for f in op26.footnotes] == ["20"]
    assert op26.footnotes[0].text.startswith("International Telecommunication Union, Measuring Digital")
    notes = [b for b in read_docx(path) if b.kind == "footnote"]
    assert len(notes) == 26 and notes[0].text.startswith("¹ Resolutions 56/183")


def test_page_break_inside_a_paragraph_records_both_pages(ga: Document, tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    _write_docx(ga, path, automatic_numbers=True, page_break_in="OP27")
    doc = parse_file(path)
    op27, op28 = doc.paragraph("OP27"), doc.paragraph("OP28")
    want = ga.paragraph("OP27")
    assert op27 is not None and op28 is not None and want is not None
    assert op27.text == want.text
    assert op27.pages == [1, 2]
    assert op28.pages == [2]
    blocks = read_docx(path)
    continuation = next(b for b in blocks if b.starts_paragraph is False)
    assert continuation.page == 2 and continuation.text.startswith("the need to provide universal")


def test_automatic_numbers_are_computed(ga: Document, tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    _write_docx(ga, path, automatic_numbers=True)
    texts = [b.text for b in read_docx(path)]
    assert any(t.startswith("1. Recognizes that information") for t in texts)
    assert any(t.startswith("74. Decides to include") for t in texts)


def test_corrupt_docx_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(UnreadableFile, match="damaged"):
        parse_file(path)
