"""parse_file: format detection from content, dispatch, and the errors a user sees."""

from __future__ import annotations

import functools
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.model import Document, NotAResolution, UnreadableFile
from ingest.parse import detect_format, parse_file


def test_detection_trusts_content_not_extension(corpus_dir: Path, tmp_path: Path) -> None:
    pdf_named_txt = tmp_path / "resolution.txt"
    shutil.copy(corpus_dir / "pdf" / "S_RES_2768_2025.en.pdf", pdf_named_txt)
    markdown_named_pdf = tmp_path / "resolution.pdf"
    shutil.copy(corpus_dir / "ga" / "A_RES_80_118.md", markdown_named_pdf)
    assert detect_format(pdf_named_txt) == "pdf"
    assert detect_format(markdown_named_pdf) == "text"
    assert parse_file(markdown_named_pdf).symbol == "A/RES/80/118"


def test_zip_without_word_document_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UnreadableFile, match=r"word/document\.xml"):
        parse_file(path)


def test_missing_path_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no such file") as info:
        parse_file(tmp_path / "nowhere.pdf")
    assert info.value.path.endswith("nowhere.pdf")


def test_directory_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="directory"):
        parse_file(tmp_path)


def test_garbage_bytes_are_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "garbage.bin"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnreadableFile, match=r"binary|UTF-8"):
        parse_file(path)


def test_empty_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\n\n")
    with pytest.raises(UnreadableFile, match="no text"):
        parse_file(path)


def test_plain_text_that_is_no_resolution(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(
        "Minutes of the staff meeting\n\nThe meeting opened at 10 a.m.\n\n"
        "Coffee supplies were discussed, and the budget was noted.\n"
    )
    with pytest.raises(NotAResolution, match="organ line"):
        parse_file(path)


def test_named_pipe_is_refused_without_being_opened(tmp_path: Path) -> None:
    """Opening a pipe nobody writes to blocks for ever; ``stat`` says what it is first."""
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(UnreadableFile, match="not a regular file"):
        parse_file(path)


def test_damaged_symbol_line(corpus_dir: Path, tmp_path: Path) -> None:
    """An OCR-damaged "80/118." line: refused, saying what was looked for, unless the file name spells the
    symbol (which then wins, as for the old texts' typos)."""
    text = (corpus_dir / "ga" / "A_RES_80_118.md").read_text(encoding="utf-8")
    damaged = text.replace("80/118. Information", "8O/1l8. Information", 1)
    assert damaged != text
    unnamed = tmp_path / "resolution.md"
    unnamed.write_text(damaged, encoding="utf-8")
    with pytest.raises(NotAResolution, match="no resolution symbol or number in the heading or the file"):
        parse_file(unnamed)
    named = tmp_path / "A_RES_80_118.md"
    named.write_text(damaged, encoding="utf-8")
    doc = parse_file(named)
    assert doc.symbol == "A/RES/80/118" and len(doc.paragraphs) == 133


def _symbol_from_pdf_name(name: str) -> str:
    if m := re.match(r"S_RES_(\d+)_(\d{4})", name):
        return f"S/RES/{m.group(1)} ({m.group(2)})"
    return name.split(".")[0].replace("_", "/")


@pytest.fixture(scope="module")
def parsed(corpus_dir: Path) -> Callable[[str], Document]:
    """``parsed("S_RES_2768_2025.en.pdf")``: the corpus PDF parsed once per module."""
    return functools.cache(lambda name: parse_file(corpus_dir / "pdf" / name))


# Preambular and operative paragraphs of each corpus PDF, counted on the printed pages: section headings
# ("Arms Embargo") are not paragraphs; annex items (S/RES/2776: Annexes A and B) are checked below.
PRINTED_COUNTS = {
    "A_HRC_RES_59_25.en.pdf": (56, 27),
    "A_RES_78_323.en.pdf": (8, 5),
    "S_RES_2768_2025.en.pdf": (5, 6),
    "S_RES_2769_2025.en.pdf": (18, 27),
    "S_RES_2770_2025.en.pdf": (3, 1),
    "S_RES_2771_2025.en.pdf": (19, 24),
    "S_RES_2772_2025.en.pdf": (3, 2),
    "S_RES_2773_2025.en.pdf": (15, 18),
    "S_RES_2774_2025.en.pdf": (2, 1),
    "S_RES_2775_2025.en.pdf": (3, 2),
    "S_RES_2776_2025.en.pdf": (25, 50),
    "S_RES_2777_2025.en.pdf": (11, 6),
    "S_RES_2778_2025.en.pdf": (3, 2),
}


@pytest.mark.slow
def test_every_pdf_has_exactly_its_printed_paragraphs(corpus_dir: Path, parsed) -> None:
    assert sorted(p.name for p in (corpus_dir / "pdf").glob("*.pdf")) == sorted(PRINTED_COUNTS)
    for name, (pp, op) in PRINTED_COUNTS.items():
        ids = [p.id for p in parsed(name).paragraphs if p.kind != "annex"]
        assert ids == [f"PP{n}" for n in range(1, pp + 1)] + [f"OP{n}" for n in range(1, op + 1)], name


@pytest.mark.slow
def test_annexes_keep_their_own_numbers_and_parts(parsed) -> None:
    """S/RES/2776 (2025): Annex A lists items 1-9; Annex B has Part I (1-2) and Part II (1-3), each
    numbered from 1, as its operative paragraph 19 cites them ("items in Part I of Annex B")."""
    doc = parsed("S_RES_2776_2025.en.pdf")
    annex = [p for p in doc.paragraphs if p.kind == "annex"]
    assert [p.id for p in annex] == [f"Annex A para {n}" for n in range(1, 10)] + [
        "Annex B Part I para 1",
        "Annex B Part I para 2",
        "Annex B Part II para 1",
        "Annex B Part II para 2",
        "Annex B Part II para 3",
    ]
    assert annex[0].text.startswith("Surface to air missiles")
    assert annex[-1].text.startswith("Dual use items identified by the Panel")
    assert [s.label for s in annex[-1].subparagraphs] == ["(a)", "(b)"]
    # footnote 2 is marked on the "Part I" heading; it is kept with the first item of Part I
    assert [(f.number, f.text[:24]) for f in annex[9].footnotes] == [("2", "To be notified to Govern")]
    assert [f.number for f in annex[0].footnotes] == ["1"]  # on "Annex A – Items ...¹"
    assert not doc.issues


@pytest.mark.slow
def test_every_pdf_gets_its_heading_metadata(corpus_dir: Path, parsed) -> None:
    pdfs = sorted((corpus_dir / "pdf").glob("*.pdf"))
    assert len(pdfs) == 13
    for path in pdfs:
        doc = parsed(path.name)
        assert doc.symbol == _symbol_from_pdf_name(path.name), path.name
        assert doc.date and doc.date.startswith(("2024", "2025")), path.name
        ops = [p.number for p in doc.paragraphs if p.kind == "operative"]
        assert ops == list(range(1, len(ops) + 1)), path.name
        for p in doc.paragraphs:
            assert not re.search(r"\d{2}-\d{5}|\*\d{7}\*|[⁰¹²³⁴⁵⁶⁷⁸⁹]", p.text), (path.name, p.id)
    hrc = parsed("A_HRC_RES_59_25.en.pdf")
    assert (hrc.organ, hrc.session, hrc.date) == ("Human Rights Council", "Fifty-ninth session", "2025-07-08")
    assert hrc.title == "Human rights and climate change"
    assert (hrc.meeting, hrc.vote) == ("34th meeting", "without a vote")
    sc = parsed("S_RES_2768_2025.en.pdf")
    assert (sc.organ, sc.date, sc.meeting) == ("Security Council", "2025-01-15", "9836th meeting")
    assert sc.vote is None  # the 2025 Security Council PDFs print no vote
    ga = parsed("A_RES_78_323.en.pdf")
    assert ga.adopted_on == "without reference to a Main Committee (A/78/L.96)"
    assert ga.date == "2024-08-13" and ga.agenda_item == "69"
