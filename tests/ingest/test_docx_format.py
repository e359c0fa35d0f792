"""DOCX files built with python-docx from A/RES/80/118's parsed text read back to the same paragraphs."""

from __future__ import annotations

import io
import re
import struct
import tracemalloc
import zipfile
import zlib
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
from ingest.limits import MB, Limits
from ingest.model import Document, OverLimit, UnreadableFile
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


def _docx_with_body(path: Path, body_xml: bytes, method: int = zipfile.ZIP_DEFLATED) -> None:
    """A DOCX written by python-docx whose word/document.xml is replaced by a body holding ``body_xml``."""
    template = io.BytesIO()
    docx.Document().save(template)
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + body_xml + b"</w:body></w:document>"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "word/document.xml":
                target.writestr(info.filename, xml, compress_type=method)
            else:
                target.writestr(info, source.read(info))


def _text_run(text: bytes) -> bytes:
    return b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>"


def test_zip_bomb_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    """word/document.xml packs 20 MB into about 20 KB; before the limit python-docx unpacked it and lxml
    refused the text node with "try XML_PARSE_HUGE ... re-save it from Word"."""
    path = tmp_path / "bomb.docx"
    _docx_with_body(path, _text_run(b"a" * (20 * MB)))
    assert path.stat().st_size < 100_000
    with pytest.raises(OverLimit) as info:
        parse_file(path, Limits(max_unzipped_mb=5))
    assert re.fullmatch(
        r"its parts unpack to 20\.\d MB, over the 5 MB limit "
        r"\(raise UNQA_MAX_UNZIPPED_MB or --max-unzipped-mb to ingest it\)",
        info.value.reason,
    )


def test_part_compressed_like_a_bomb_is_refused(tmp_path: Path) -> None:
    """3 MB of one letter packs about 1,000:1; Word's most compressible parts reach about 30:1."""
    path = tmp_path / "dense.docx"
    _docx_with_body(path, _text_run(b"a" * (3 * MB)))
    with pytest.raises(OverLimit) as info:
        read_docx(path)
    assert re.fullmatch(
        r"its part word/document\.xml is compressed [\d,]+:1 \(a zip bomb\?\), over the 100:1 limit "
        r"\(raise UNQA_MAX_ZIP_RATIO or --max-zip-ratio to ingest it\)",
        info.value.reason,
    )
    assert read_docx(path, Limits(max_zip_ratio=5000))[0].text == "a" * (3 * MB)


def _declare_smaller(data: bytes, member: str, size: int) -> bytes:
    """The archive with the zip directory's entry for ``member`` declaring only its first ``size`` bytes
    (size and CRC-32 of those), as a crafted bomb does: the data still inflates to its full length."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        head = archive.read(member)[:size]
    at = struct.unpack_from("<I", out, out.rindex(b"PK\x05\x06") + 16)[0]  # the directory's first entry
    while True:
        name_length, extra_length, comment_length = struct.unpack_from("<3H", out, at + 28)
        if out[at + 46 : at + 46 + name_length] == member.encode():
            struct.pack_into("<I", out, at + 16, zlib.crc32(head))
            struct.pack_into("<I", out, at + 24, size)
            return bytes(out)
        at += 46 + name_length + extra_length + comment_length


def test_a_lying_zip_directory_cannot_unpack_a_bomb_into_memory(tmp_path: Path) -> None:
    """word/document.xml inflates to 30 MB but the directory declares 2 KB: the directory checks pass, and
    the part is inflated a chunk at a time and cut at what was declared, so memory stays small (python-docx
    alone inflates a part in one call: 30 MB at once)."""
    path = tmp_path / "liar.docx"
    _docx_with_body(path, _text_run(b"a" * (30 * MB)))
    path.write_bytes(_declare_smaller(path.read_bytes(), "word/document.xml", 2048))
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFile, match="damaged DOCX"):  # the XML is cut short
            read_docx(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * MB


@pytest.mark.parametrize(
    ("method", "reason"),
    [(zipfile.ZIP_BZIP2, "packed with compression method 12"), (zipfile.ZIP_LZMA, "method 14")],
)
def test_parts_packed_as_word_never_packs_them_are_refused(tmp_path: Path, method: int, reason: str) -> None:
    """bzip2 and LZMA cannot be inflated in bounded chunks by zipfile; Word writes deflate only."""
    path = tmp_path / "odd.docx"
    _docx_with_body(path, _text_run(b"The Security Council,"), method)
    with pytest.raises(UnreadableFile, match=reason):
        read_docx(path)


def test_list_level_that_is_no_number_is_a_damaged_docx(tmp_path: Path) -> None:
    """It raised a bare ValueError, which stopped a whole ingest batch."""
    path = tmp_path / "odd-list.docx"
    numbered = b'<w:pPr><w:numPr><w:ilvl w:val="x"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    _docx_with_body(path, b"<w:p>" + numbered + b"<w:r><w:t>Decides;</w:t></w:r></w:p>")
    with pytest.raises(UnreadableFile, match=r"damaged DOCX file \(invalid literal for int\(\)"):
        read_docx(path)
