"""Markdown-like and plain text -> Blocks.

Blank lines separate blocks; hard-wrapped lines are joined. Markdown footnotes start with superscript
digits (``¹ Resolution 70/125.``). In plain texts footnotes start with their number: ``1/ United Nations,
Treaty Series ...`` anywhere after the organ line (a paragraph never opens with "1/"), or ``22 Adopted
without vote.`` after the closing "Adopted ..." line that ends the text (not an adoption line printed in
the heading, above "The Security Council,"). An annex or a part after the closing line opens the text
again. Plain texts without blank lines between paragraphs are split where a line opens a paragraph after
a line that ends one; an organ line, a part letter, an annex heading, a rule's or article's heading and a
section heading before a numbered paragraph stand on their own, and "The Security Council, Recalling ..."
on one line is split after the organ.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from ingest.grammar import (
    annex_heading,
    headed_item,
    is_section_heading,
    part_marker,
    printed_number,
    starts_paragraph_text,
)
from ingest.heading import ORGAN_LINE_RE, is_closing_line, organ_of
from ingest.model import Block, UnreadableFile
from ingest.text import (
    MONTHS,
    SUPERSCRIPT_DIGITS,
    ends_sentence_or_clause,
    is_page_furniture,
    join_lines,
    strip_markdown,
)

_MARKDOWN_FOOTNOTE_RE = re.compile(f"^[{SUPERSCRIPT_DIGITS}]+\\s")
_PLAIN_FOOTNOTE_RE = re.compile(r"^(\d{1,3}/?|\*{1,3})(\s+\S|\.?\s*[A-Z“])")
_SLASH_FOOTNOTE_RE = re.compile(r"^\d{1,3}/\s+\S")
# A number and a capitalized word with no full stop between them ("18 Resolutions ...", "10 Ibid."), not a
# date ("12 August 1949") and not a paragraph whose number lost its stop ("7 Calls upon").
_BARE_FOOTNOTE_RE = re.compile(rf"^\d{{1,3}}\s+(?!(?:{MONTHS})\b)[A-Z“]")
_ORGAN_LINE_MAX = 60
_BLANK_LINES_RE = re.compile(r"\n(?:[^\S\n]*\n)+")  # the line breaks around one or more blank lines


# Byte order marks and the codec that reads past them; UTF-32 first (its little-endian mark starts
# with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # what text never holds (tab, newlines, form feed do)
_NOT_TEXT = "binary file: not a PDF, DOCX or text (UTF-8, or UTF-16 with a byte order mark)"


def read_text_file(path: Path) -> Iterator[Block]:
    """Decode a text file (UTF-8, or UTF-8/16/32 after a byte order mark) and return its blocks as they are
    read, so that a caller may stop early; ``UnreadableFile`` (raised here, not while iterating) when it is
    not text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(str(path), f"cannot read the file: {exc.strerror or exc}") from exc
    return iter_blocks(_decode(data, str(path)))


def _decode(data: bytes, path: str) -> str:
    """The text of a file's bytes by its byte order mark, else as UTF-8; ``UnreadableFile`` when binary."""
    codec = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if codec is None and b"\x00" in data:  # UTF-16 without a mark has them too, but so has any binary
        raise UnreadableFile(path, _NOT_TEXT)
    try:
        text = data.decode(codec or "utf-8")
    except UnicodeDecodeError as exc:
        encoding = codec.upper().removesuffix("-SIG") if codec else "UTF-8"
        raise UnreadableFile(
            path, f"not valid {encoding} text (byte {exc.start}); save it as UTF-8, PDF or DOCX"
        ) from exc
    controls = sum(1 for _ in _CONTROL_RE.finditer(text))
    if controls > max(8, len(text) // 100):
        raise UnreadableFile(path, _NOT_TEXT)
    return text


def read_text(text: str) -> list[Block]:
    """Split a text into body and footnote blocks (pure)."""
    return list(iter_blocks(text))


def iter_blocks(text: str) -> Iterator[Block]:
    """The body and footnote blocks of a text, one at a time: the text is read only as far as the blocks
    are asked for (and up to the organ line, which decides how the groups after it are read)."""
    groups = _groups(text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n"))
    head: list[list[str]] = []
    organ_at = None
    for group in groups:
        head.append(group)
        if ORGAN_LINE_RE.match(strip_markdown(group[0])):
            organ_at = len(head) - 1
            break
    closed = False
    last_number = 0  # the last operative number printed so far
    for index, group in enumerate(chain(head, groups)):
        after_organ = organ_at is None or index > organ_at
        first = strip_markdown(group[0])
        if _MARKDOWN_FOOTNOTE_RE.match(group[0]):
            notes = _footnote_lines(group, _MARKDOWN_FOOTNOTE_RE)
            yield from (Block(join_lines(lines), kind="footnote") for lines in notes)
            continue
        if annex_heading(first) is not None or part_marker(first):
            closed = False
        if after_organ and _is_footnote(first, closed, last_number):
            yield from (Block(join_lines(lines), kind="footnote") for lines in _footnote_lines(group))
            continue
        for lines in _split_group(group):
            joined = join_lines(lines)
            yield Block(joined)
            if printed := printed_number(strip_markdown(joined), last_number):
                last_number = printed[0]
            closed = closed or (after_organ and is_closing_line(strip_markdown(joined)))


def _is_footnote(first_line: str, closed: bool, last_number: int) -> bool:
    """Does a group after the organ line, starting with this line, hold footnotes?"""
    if _SLASH_FOOTNOTE_RE.match(first_line):
        return True
    if _BARE_FOOTNOTE_RE.match(first_line) and not printed_number(first_line, last_number):
        return True
    return closed and bool(_PLAIN_FOOTNOTE_RE.match(first_line))


def _groups(text: str) -> Iterator[list[str]]:
    """The runs of non-blank lines (blank: whitespace only), stripped, one run at a time."""
    for chunk in _BLANK_LINES_RE.split(text):
        if lines := [stripped for line in chunk.split("\n") if (stripped := line.strip())]:
            yield lines


def _footnote_lines(group: list[str], start: re.Pattern[str] = _PLAIN_FOOTNOTE_RE) -> list[list[str]]:
    """One list of lines per footnote: a footnote starts on a line beginning with its number (``start``)."""
    notes: list[list[str]] = []
    for line in group:
        if start.match(line) or not notes:
            notes.append([line])
        else:
            notes[-1].append(line)
    return notes


def _split_group(group: list[str]) -> list[list[str]]:
    """Split a blank-line group where a new paragraph, an organ line, a part letter, an annex heading or a
    rule's heading starts, and around page furniture and a section heading before a numbered paragraph;
    "The Security Council, Recalling ..." is cut after the organ."""
    lines = [piece for line in group for piece in _organ_apart(line)]
    before, after = ["", *lines[:-1]], [*lines[1:], ""]
    own = {i for i, line in enumerate(lines) if _is_own_line(line, before[i], after[i])}
    parts: list[list[str]] = [[lines[0]]]
    for i in range(1, len(lines)):
        if i in own or i - 1 in own or _opens_after_end(lines[i - 1], lines[i]):
            parts.append([lines[i]])
        else:
            parts[-1].append(lines[i])
    return parts


def _organ_apart(line: str) -> list[str]:
    """``"The Security Council, Recalling its resolutions ..."`` -> the organ line and the rest."""
    m = ORGAN_LINE_RE.match(line)
    if not m or not line[m.end() :].strip():
        return [line]
    return [line[: m.end()].strip(), line[m.end() :].strip()]


def _opens_after_end(previous: str, line: str) -> bool:
    if line.startswith("[Adopted"):  # "34th meeting | 8 July 2025 | [Adopted without a vote.]"
        return True
    opens = starts_paragraph_text(strip_markdown(line)) or line.startswith("Adopted")
    return opens and _ends(previous)


def _ends(line: str) -> bool:
    """Does a line end a paragraph (a footnote marker after its punctuation, ";¹", allowed)?"""
    return ends_sentence_or_clause(strip_markdown(line).rstrip(SUPERSCRIPT_DIGITS))


def _is_own_line(line: str, previous: str, following: str) -> bool:
    """A line that is a block of its own (page furniture too: "25-00616 (E) | 3/7" are two). A rule's or
    article's heading counts only after a line that ends a sentence: a wrapped "... in accordance with |
    Article 51 | of the Charter" is running text. A section heading ("Arms Embargo") counts only before
    a numbered paragraph, not in a wrapped "(Poland, | Union of Soviet Socialist | Republics)."; when the
    line before does not end, the structure step joins them again."""
    text = strip_markdown(line)
    ended = not previous or _ends(previous)
    return bool(
        is_page_furniture(text)
        or part_marker(text)
        or (organ_of(text) and len(text) < _ORGAN_LINE_MAX)
        or annex_heading(text) is not None
        or (headed_item(text) and ended)
        or (printed_number(strip_markdown(following)) and is_section_heading(text, whole=True))
    )
