"""Markdown-like and plain text -> Blocks.

Blank lines separate blocks; hard-wrapped lines are joined. Markdown footnotes start with superscript
digits (``¹ Resolution 70/125.``); in old Security Council texts the footnotes follow the closing
"Adopted ..." line and start with their number (``22 Adopted without vote.``). Plain texts without
blank lines between paragraphs are split where a line opens a paragraph after a line that ends one.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from ingest.heading import is_closing_line, organ_of
from ingest.model import Block, UnreadableFile
from ingest.structure import starts_paragraph_text
from ingest.text import SUPERSCRIPT_DIGITS, ends_sentence_or_clause, join_lines, strip_markdown

_MARKDOWN_FOOTNOTE_RE = re.compile(f"^[{SUPERSCRIPT_DIGITS}]+\\s")
_PLAIN_FOOTNOTE_RE = re.compile(r"^(\d{1,3}/?|\*{1,3})(\s+\S|\.?\s*[A-Z“])")
_PART_RE = re.compile(r"^[A-H]\.?$")


def read_text_file(path: Path) -> list[Block]:
    """Decode a UTF-8 text file and read its blocks; ``UnreadableFile`` when it is not text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(str(path), f"cannot read the file: {exc.strerror or exc}") from exc
    if b"\x00" in data:
        raise UnreadableFile(str(path), "binary file: not a PDF, DOCX or UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            str(path), f"not valid UTF-8 text (byte {exc.start}); save it as UTF-8, PDF or DOCX"
        ) from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise UnreadableFile(str(path), "binary file: not a PDF, DOCX or UTF-8 text")
    return read_text(text)


def read_text(text: str) -> list[Block]:
    """Split a text into body and footnote blocks (pure)."""
    blocks: list[Block] = []
    closed = False
    for group in _groups(text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")):
        if _MARKDOWN_FOOTNOTE_RE.match(group[0]):
            blocks.append(Block(join_lines(group), kind="footnote"))
            continue
        if closed and _PLAIN_FOOTNOTE_RE.match(group[0]):
            blocks.extend(Block(join_lines(lines), kind="footnote") for lines in _footnote_lines(group))
            continue
        for lines in _split_group(group):
            joined = join_lines(lines)
            blocks.append(Block(joined))
            closed = closed or is_closing_line(strip_markdown(joined))
    return blocks


def _groups(text: str) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            groups[-1].append(line.strip())
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _footnote_lines(group: list[str]) -> list[list[str]]:
    """One list of lines per footnote: a footnote starts on a line beginning with its number."""
    notes: list[list[str]] = []
    for line in group:
        if _PLAIN_FOOTNOTE_RE.match(line) or not notes:
            notes.append([line])
        else:
            notes[-1].append(line)
    return notes


def _split_group(group: list[str]) -> list[list[str]]:
    """Split a blank-line group where a new paragraph, an organ line or a part letter starts."""
    parts: list[list[str]] = [[group[0]]]
    for previous, line in itertools.pairwise(group):
        if _starts_new(previous, line):
            parts.append([line])
        else:
            parts[-1].append(line)
    return parts


def _starts_new(previous: str, line: str) -> bool:
    if _is_own_line(previous) or _is_own_line(line):
        return True
    opens = starts_paragraph_text(strip_markdown(line)) or line.startswith("Adopted")
    return opens and ends_sentence_or_clause(strip_markdown(previous))


def _is_own_line(line: str) -> bool:
    return bool(_PART_RE.match(line) or (organ_of(line) and len(line) < 60))
