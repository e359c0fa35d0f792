"""Markdown-like and plain text -> Blocks.

Blank lines separate blocks; hard-wrapped lines are joined. Markdown footnotes start with superscript
digits (``¹ Resolution 70/125.``). In plain texts footnotes start with their number: ``1/ United Nations,
Treaty Series ...`` anywhere after the organ line (a paragraph never opens with "1/"), or ``22 Adopted
without vote.`` after the closing "Adopted ..." line that ends the text (not an adoption line printed in
the heading, above "The Security Council,"). An annex or a part after the closing line opens the text
again. Plain texts without blank lines between paragraphs are split where a line opens a paragraph after
a line that ends one; an organ line, a part letter, an annex heading and a rule's or article's heading
stand on their own, and "The Security Council, Recalling ..." on one line is split after the organ.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.grammar import annex_heading, headed_item, part_marker, printed_number, starts_paragraph_text
from ingest.heading import ORGAN_LINE_RE, is_closing_line, organ_of
from ingest.model import Block, UnreadableFile
from ingest.text import MONTHS, SUPERSCRIPT_DIGITS, ends_sentence_or_clause, join_lines, strip_markdown

_MARKDOWN_FOOTNOTE_RE = re.compile(f"^[{SUPERSCRIPT_DIGITS}]+\\s")
_PLAIN_FOOTNOTE_RE = re.compile(r"^(\d{1,3}/?|\*{1,3})(\s+\S|\.?\s*[A-Z“])")
_SLASH_FOOTNOTE_RE = re.compile(r"^\d{1,3}/\s+\S")
# A number and a capitalized word with no full stop between them ("18 Resolutions ...", "10 Ibid."), not a
# date ("12 August 1949") and not a paragraph whose number lost its stop ("7 Calls upon").
_BARE_FOOTNOTE_RE = re.compile(rf"^\d{{1,3}}\s+(?!(?:{MONTHS})\b)[A-Z“]")
_ORGAN_LINE_MAX = 60


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
    groups = _groups(text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n"))
    organ_at = next((i for i, g in enumerate(groups) if ORGAN_LINE_RE.match(strip_markdown(g[0]))), None)
    blocks: list[Block] = []
    closed = False
    last_number = 0  # the last operative number printed so far
    for index, group in enumerate(groups):
        after_organ = organ_at is None or index > organ_at
        first = strip_markdown(group[0])
        if _MARKDOWN_FOOTNOTE_RE.match(group[0]):
            blocks.append(Block(join_lines(group), kind="footnote"))
            continue
        if annex_heading(first) is not None or part_marker(first):
            closed = False
        if after_organ and _is_footnote(first, closed, last_number):
            blocks.extend(Block(join_lines(lines), kind="footnote") for lines in _footnote_lines(group))
            continue
        for lines in _split_group(group):
            joined = join_lines(lines)
            blocks.append(Block(joined))
            if printed := printed_number(strip_markdown(joined), last_number):
                last_number = printed[0]
            closed = closed or (after_organ and is_closing_line(strip_markdown(joined)))
    return blocks


def _is_footnote(first_line: str, closed: bool, last_number: int) -> bool:
    """Does a group after the organ line, starting with this line, hold footnotes?"""
    if _SLASH_FOOTNOTE_RE.match(first_line):
        return True
    if _BARE_FOOTNOTE_RE.match(first_line) and not printed_number(first_line, last_number):
        return True
    return closed and bool(_PLAIN_FOOTNOTE_RE.match(first_line))


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
    """Split a blank-line group where a new paragraph, an organ line, a part letter, an annex heading or a
    rule's heading starts; "The Security Council, Recalling ..." is cut after the organ."""
    lines = [piece for line in group for piece in _organ_apart(line)]
    own = {i for i, line in enumerate(lines) if _is_own_line(line, lines[i - 1] if i else "")}
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
    opens = starts_paragraph_text(strip_markdown(line)) or line.startswith("Adopted")
    return opens and ends_sentence_or_clause(strip_markdown(previous))


def _is_own_line(line: str, previous: str) -> bool:
    """A line that is a block of its own. A rule's or article's heading counts only after a line that ends
    a sentence: a wrapped "... in accordance with | Article 51 | of the Charter" is running text."""
    text = strip_markdown(line)
    return bool(
        part_marker(text)
        or (organ_of(text) and len(text) < _ORGAN_LINE_MAX)
        or annex_heading(text) is not None
        or (headed_item(text) and (not previous or ends_sentence_or_clause(strip_markdown(previous))))
    )
