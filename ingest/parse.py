"""``parse_file(path) -> Document``: detect the format from the content, read blocks, build the document."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ingest.model import Block, Document, UnreadableFile
from ingest.structure import build_document


def detect_format(path: Path) -> str:
    """``"pdf"``, ``"docx"`` or ``"text"`` from the first bytes, not the extension."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError as exc:
        raise UnreadableFile(str(path), "no such file") from exc
    except IsADirectoryError as exc:
        raise UnreadableFile(str(path), "this is a directory, not a file") from exc
    except OSError as exc:
        raise UnreadableFile(str(path), f"cannot open the file: {exc.strerror or exc}") from exc
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise UnreadableFile(str(path), "damaged ZIP/DOCX file") from exc
        if "word/document.xml" in names:
            return "docx"
        raise UnreadableFile(str(path), "ZIP archive without word/document.xml: not a DOCX document")
    return "text"


def read_blocks(path: Path) -> list[Block]:
    """The blocks of a file, by its detected format."""
    kind = detect_format(path)
    if kind == "pdf":
        from ingest.formats.pdf import read_pdf

        return read_pdf(path)
    if kind == "docx":
        from ingest.formats.docx import read_docx

        return read_docx(path)
    from ingest.formats.text import read_text_file

    return read_text_file(path)


def parse_file(path: str | Path) -> Document:
    """Parse a PDF, DOCX or text file into a Document (``UnreadableFile`` / ``NotAResolution`` on failure)."""
    path = Path(path)
    blocks = read_blocks(path)
    if not any(b.text.strip() for b in blocks):
        raise UnreadableFile(str(path), "the file holds no text (a scanned PDF needs OCR first)")
    return build_document(blocks, str(path))
