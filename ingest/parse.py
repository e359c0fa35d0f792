"""``parse_file(path) -> Document``: detect the format from the content, read blocks, build the document.

Each step stays within the ingest limits (``ingest.limits``), checked as early as the measure is known,
so that a file too big to parse is refused in a moment rather than after minutes: the size from ``stat``
before anything is read, a PDF's page count before its pages, a DOCX's parts before they are unpacked,
the number of blocks before the structure step (whose cost grows with them), the paragraphs at the end.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

from ingest.limits import DEFAULT_LIMITS, MB, Limits, figure, megabytes, over_limit
from ingest.model import Block, Document, UnreadableFile
from ingest.structure import build_document


def detect_format(path: Path) -> str:
    """``"pdf"``, ``"docx"`` or ``"text"`` from the first bytes, not the extension."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
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


def _unreadable(path: Path, exc: OSError) -> UnreadableFile:
    if isinstance(exc, FileNotFoundError):
        return UnreadableFile(str(path), "no such file")
    if isinstance(exc, IsADirectoryError):
        return UnreadableFile(str(path), "this is a directory, not a file")
    return UnreadableFile(str(path), f"cannot open the file: {exc.strerror or exc}")


def _check_file(path: Path, limits: Limits) -> None:
    """Refuse a path that is no regular file, or a file over ``limits.max_file_mb``, from ``stat`` alone:
    nothing is read (and a named pipe, which would block a read, is never opened)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile(str(path), "this is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(str(path), "not a regular file (a pipe, socket or device)")
    if info.st_size > limits.max_file_mb * MB:
        measured = f"the file is {megabytes(info.st_size)}"
        raise over_limit(path, measured, f"{figure(limits.max_file_mb)} MB", "max_file_mb")


def read_blocks(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Block]:
    """The blocks of a file, by its detected format; ``OverLimit`` as soon as there are more than
    ``limits.max_blocks`` (a text file is read no further)."""
    kind = detect_format(path)
    blocks: Iterable[Block]
    if kind == "pdf":
        from ingest.formats.pdf import read_pdf

        blocks = read_pdf(path, limits)
    elif kind == "docx":
        from ingest.formats.docx import read_docx

        blocks = read_docx(path, limits)
    else:
        from ingest.formats.text import read_text_file

        blocks = read_text_file(path)
    taken = list(islice(blocks, limits.max_blocks + 1))
    if len(taken) > limits.max_blocks:
        most = figure(limits.max_blocks)
        measured = f"the file holds more than {most} blocks of text (paragraphs, headings, footnotes)"
        raise over_limit(path, measured, f"{most}-block", "max_paragraphs")
    return taken


def parse_file(path: str | Path, limits: Limits | None = None) -> Document:
    """Parse a PDF, DOCX or text file into a Document (``UnreadableFile`` / ``NotAResolution`` on failure,
    ``OverLimit`` over a limit); ``limits`` None: the defaults and ``UNQA_MAX_*`` (``Limits.from_env``)."""
    path = Path(path)
    limits = Limits.from_env() if limits is None else limits
    _check_file(path, limits)
    blocks = read_blocks(path, limits)
    if not any(b.text.strip() for b in blocks):
        raise UnreadableFile(str(path), "the file holds no text (a scanned PDF needs OCR first)")
    document = build_document(blocks, str(path))
    if len(document.paragraphs) > limits.max_paragraphs:
        measured = f"the document has {figure(len(document.paragraphs))} paragraphs"
        raise over_limit(path, measured, f"{figure(limits.max_paragraphs)}-paragraph", "max_paragraphs")
    return document
