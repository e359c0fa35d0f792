"""As-published UN resolution PDFs -> Blocks, by layout (pdfplumber words with positions and sizes).

Per page, words are grouped into lines by vertical overlap (a raised footnote marker joins the line it
sits on) and lines are cut into segments where a wide horizontal gap separates columns (the masthead's
"United Nations" and its symbol). Then, by position only:

- running headers (pages after the first: the band above the top margin) and footers, job numbers and
  barcodes (the band below the bottom margin) are dropped; the first page's masthead is kept in reading
  order, its symbol glyph joined to the rest ("S" + "/RES/2768 (2025)");
- everything under a short rule at the left (a drawn line or a row of underscores) is footnotes; a
  footnote starts at a line that begins left of the text margin or with a raised number;
- small raised words in a line are footnote reference markers: digits become superscript digits;
- a body block starts at a line indented from the text margin (paragraph starts and sub-paragraphs
  "(a)", "(i)": sub-paragraphs are emitted as their own blocks), after a paragraph gap, at a change of
  font size or weight, or, off the text margin, when the previous line ended early (manual break);
  right-aligned lines (the closing "103rd plenary meeting" over its date) stay one block.

The first body block of a later page at the text margin in the same font as the previous page's last
block continues it (``starts_paragraph=False``); every other block starts one (``True``).
Multi-column and right-to-left layouts are not handled.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from ingest.limits import DEFAULT_LIMITS, Limits, figure, over_limit
from ingest.model import Block, UnreadableFile
from ingest.text import SUPERSCRIPT_DIGITS, join_fragments

HEADER_BAND = 0.09  # share of the page height at the top holding running headers
FOOTER_BAND = 50.0  # points at the bottom holding page footers, job numbers and barcodes
COLUMN_GAP = 50.0  # a horizontal gap this wide (points) separates two segments of one row
MARGIN_TOLERANCE = 3.0  # points within which a line counts as starting at the text margin
PARAGRAPH_GAP = 1.45  # baseline distance, in font sizes, beyond which a paragraph gap lies between lines
SUPERSCRIPT_RATIO = 0.8  # a word this much smaller than its line, and raised, is a marker
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


@dataclass(frozen=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(frozen=True)
class _Line:
    """One segment of a row of text: its words left to right, measured by its dominant font."""

    words: tuple[_Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def size(self) -> float:
        return self._main[0]

    @property
    def bold(self) -> bool:
        return self._main[1]

    @property
    def baseline(self) -> float:
        return max(w.bottom for w in self.words if (w.size, w.bold) == self._main)

    @property
    def _main(self) -> tuple[float, bool]:
        """The (size, bold) that most characters of the line have."""
        weights: dict[tuple[float, bool], int] = {}
        for w in self.words:
            weights[(w.size, w.bold)] = weights.get((w.size, w.bold), 0) + len(w.text)
        return max(weights, key=lambda k: weights[k])

    def is_superscript(self, word: _Word) -> bool:
        return word.size < SUPERSCRIPT_RATIO * self.size and word.bottom < self.baseline - 1

    def text(self) -> str:
        """The words joined with spaces where the PDF has a gap; raised digits as superscripts."""
        out = ""
        previous: _Word | None = None
        for word in self.words:
            text = word.text
            if self.is_superscript(word):
                text = text.translate(_TO_SUPERSCRIPT)
            if previous is not None and word.x0 - previous.x1 > 0.15 * max(word.size, previous.size):
                out += " "
            out += text
            previous = word
        return out


@dataclass(frozen=True)
class _Page:
    number: int
    body: list[_Line]
    footnotes: list[_Line]


def read_pdf(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> list[Block]:
    """The body and footnote blocks of a PDF, page by page; ``UnreadableFile`` when it cannot be read,
    ``OverLimit`` when it has more than ``limits.max_pdf_pages`` pages."""
    pages = _read_pages(Path(path), limits.max_pdf_pages)
    body_lines = [line for page in pages for line in page.body]
    if not body_lines:
        raise UnreadableFile(str(path), "no text layer: run OCR first")
    margin = _text_margin(body_lines)
    right = max(line.x1 for line in body_lines if _at(line.x0, margin))
    blocks: list[Block] = []
    previous: _Line | None = None
    for page in pages:
        blocks += _body_blocks(page, margin, right, previous)
        blocks += _footnote_blocks(page, margin)
        previous = page.body[-1] if page.body else previous
    return blocks


def _read_pages(path: Path, max_pages: int) -> list[_Page]:
    """Every page's lines, once the pages are counted, so that an overlong PDF is refused before any page is
    read: by PDFium first (0.1 s for 200,000 blank pages in 21 MB, where pdfminer's walk of the page tree
    takes half a minute), then the pages pdfminer found, which are the ones read."""
    _check_page_count(path, _pdfium_page_count(path), max_pages)
    try:
        with pdfplumber.open(path) as pdf:
            _check_page_count(path, len(pdf.pages), max_pages)
            return [_page(page, number) for number, page in enumerate(pdf.pages, 1)]
    except OSError as exc:
        raise UnreadableFile(str(path), f"cannot open the file: {exc.strerror or exc}") from exc
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise UnreadableFile(str(path), "encrypted: remove the password protection first") from exc
        if isinstance(cause, PDFSyntaxError):
            raise UnreadableFile(str(path), "not a PDF, or a damaged one") from exc
        raise UnreadableFile(str(path), f"damaged PDF: {cause}") from exc


def _pdfium_page_count(path: Path) -> int:
    """The page count PDFium reads from the file; 0 when it cannot open it (pdfminer then says why)."""
    try:
        document = pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, OSError):
        return 0
    try:
        return len(document)
    finally:
        document.close()


def _check_page_count(path: Path, pages: int, max_pages: int) -> None:
    if pages > max_pages:
        measured = f"the PDF has {figure(pages)} pages"
        raise over_limit(path, measured, f"{figure(max_pages)}-page", "max_pdf_pages")


def _page(page: pdfplumber.page.Page, number: int) -> _Page:
    words = [
        _Word(
            w["text"], w["x0"], w["x1"], w["top"], w["bottom"], round(w["size"], 1), "Bold" in w["fontname"]
        )
        for w in page.extract_words(extra_attrs=["size", "fontname"])
    ]
    lines = [
        line
        for line in _lines(words)
        if line.baseline < page.height - FOOTER_BAND
        and (number == 1 or line.baseline > HEADER_BAND * page.height)
    ]
    rule = _footnote_rule(page, lines)
    if rule is None:
        return _Page(number, lines, [])
    body = [line for line in lines if line.baseline < rule]
    below = [line for line in lines if line.baseline > rule and not _is_underscores(line)]
    return _Page(number, body, below)


def _lines(words: list[_Word]) -> list[_Line]:
    """Rows of words (vertical overlap of at least half the smaller height), cut at column gaps."""
    rows: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: w.bottom):
        for row in reversed(rows[-3:]):
            top, bottom = min(w.top for w in row), max(w.bottom for w in row)
            height = min(word.bottom - word.top, bottom - top)
            if min(bottom, word.bottom) - max(top, word.top) >= 0.5 * height:
                row.append(word)
                break
        else:
            rows.append([word])
    rows.sort(key=lambda row: max(w.bottom for w in row))
    return [segment for row in rows for segment in _segments(sorted(row, key=lambda w: w.x0))]


def _segments(row: list[_Word]) -> Iterable[_Line]:
    start = 0
    for i in range(1, len(row)):
        if row[i].x0 - row[i - 1].x1 > COLUMN_GAP:
            yield _Line(tuple(row[start:i]))
            start = i
    yield _Line(tuple(row[start:]))


def _is_underscores(line: _Line) -> bool:
    return all(set(w.text) == {"_"} for w in line.words)


def _footnote_rule(page: pdfplumber.page.Page, lines: list[_Line]) -> float | None:
    """The height of the short rule at the left over the footnotes, drawn or typed as underscores."""
    width = float(page.width)
    drawn = [
        float(edge["top"])
        for edge in (*page.lines, *page.rects)
        if edge["bottom"] - edge["top"] < 2
        and 20 < edge["x1"] - edge["x0"] < 0.4 * width
        and edge["x0"] < 0.3 * width
        and edge["top"] > 0.3 * page.height
    ]
    typed = [line.baseline for line in lines if _is_underscores(line) and line.x0 < 0.3 * width]
    candidates = drawn + typed
    return min(candidates) if candidates else None


def _text_margin(lines: list[_Line]) -> float:
    """The left edge most body lines share (continuation lines of paragraphs)."""
    return statistics.mode(round(line.x0) for line in lines)


def _at(x: float, position: float) -> bool:
    return abs(x - position) <= MARGIN_TOLERANCE


def _body_blocks(page: _Page, margin: float, right: float, before: _Line | None) -> list[Block]:
    """Group a page's body lines into blocks; ``before`` is the last body line of the previous page.

    ``margin`` and ``right`` are the left and right edges of the document's text column.
    """
    groups: list[list[_Line]] = []
    for line in page.body:
        previous = groups[-1][-1] if groups else None
        if previous is None or _starts_block(line, previous, margin, page.body):
            groups.append([line])
        else:
            groups[-1].append(line)
    blocks = [Block(_join([line.text() for line in group]), page.number, "body", True) for group in groups]
    if blocks and before is not None and _continues(groups[0][0], before, margin, right):
        blocks[0] = Block(blocks[0].text, page.number, "body", False)
    return blocks


def _starts_block(line: _Line, previous: _Line, margin: float, page_lines: list[_Line]) -> bool:
    same_row = abs(line.baseline - previous.baseline) < 1
    if same_row or line.baseline - previous.baseline > PARAGRAPH_GAP * max(line.size, previous.size):
        return True
    if (line.size, line.bold) != (previous.size, previous.bold):
        return True
    indented = line.x0 > margin + MARGIN_TOLERANCE
    if indented and previous.x0 > margin + MARGIN_TOLERANCE and _at(line.x1, previous.x1):
        return _at(line.x0, previous.x0)  # x0 differs: right-aligned lines ("103rd plenary meeting", date)
    if indented:
        return True
    if _at(line.x0, margin):
        return False
    if not _at(line.x0, previous.x0):
        return True
    return _ends_early(previous, line, max(other.x1 for other in page_lines if _at(other.x0, previous.x0)))


def _ends_early(previous: _Line, line: _Line, right: float) -> bool:
    """Would the first word of ``line`` have fitted at the end of ``previous`` (a hard break)?"""
    first_word = line.words[0]
    return previous.x1 + 0.5 * line.size + (first_word.x1 - first_word.x0) < right


def _continues(first: _Line, before: _Line, margin: float, right: float) -> bool:
    """Does a page's first line, at the margin in the same font, go on from a full last line?"""
    same_font = (first.size, first.bold) == (before.size, before.bold)
    return _at(first.x0, margin) and same_font and not _ends_early(before, first, right)


def _join(lines: list[str]) -> str:
    """Lines joined as ``ingest.text.join_fragments`` joins them; after a line-end slash ("Pyla/|Pile") no
    space either: these PDFs mark footnotes by superscripts, never by a trailing ``1/``."""
    out = ""
    for line in lines:
        out = out + line if out.endswith("/") and not out.endswith(" /") else join_fragments(out, line)
    return out


def _footnote_blocks(page: _Page, margin: float) -> list[Block]:
    """One block per footnote, its number first; a first line without a number continues a footnote."""
    groups: list[list[str]] = []
    starts: list[bool] = []
    for line in page.footnotes:
        number = line.words[0]
        if line.x0 < margin - MARGIN_TOLERANCE or line.is_superscript(number):
            rest = _Line(line.words[1:]).text() if len(line.words) > 1 else ""
            groups.append([f"{number.text} {rest}".strip()])
            starts.append(True)
        elif groups:
            groups[-1].append(line.text())
        else:
            groups.append([line.text()])
            starts.append(False)
    return [
        Block(_join(group), page.number, "footnote", start)
        for group, start in zip(groups, starts, strict=True)
    ]
