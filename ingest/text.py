"""Text cleaning shared by the readers and the structure parser. Pure functions only.

Everything here keeps the wording verbatim: quotes, dashes and spelling are never changed; only
markup, footnote markers, page furniture and line wraps are removed.
"""

from __future__ import annotations

import re

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_HEADING_HASH_RE = re.compile(r"^#{1,6}\s+")
_SUPERSCRIPT_RE = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_SLASH_MARKER_RE = re.compile(r"(?<![\w/.])\s?(\d{1,3})/(?![\w/])")
_STAR_MARKER_RE = re.compile(r"(?<=.)(\*{1,3})[?!'’]?(?=\s|$|[,;.:])")
_TRAILING_NUMBERS_RE = re.compile(r"([,;.:])\s+(\d{1,3}(?:\s+\d{1,3})*)$")
_TRAILING_MARKER_RE = re.compile(r"([,;.:])\s*(?:\d{1,3}(?:\s+\d{1,3})*|\*{1,3}\??)$")
_TRAILING_LINK_RE = re.compile(r"([,;])\s+(?:and|or)$")
_SPACES_RE = re.compile(r"\s+")

# Page furniture of the published documents: job numbers, barcodes and page footers.
_FURNITURE_RES = (
    re.compile(r"^\d{2}-\d{5}\s*(\([A-Z]\))?$"),  # 25-00616 (E)
    re.compile(r"^\*\d{7,}\*$"),  # *2500616*
    re.compile(r"^(\d{2}-\d{5}\s+)?\d{1,3}/\d{1,3}(\s+\d{2}-\d{5})?$"),  # 25-00687 2/7, 3/7 25-00687
    re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$"),
)
_INLINE_FURNITURE_RE = re.compile(r"\s*(\b\d{2}-\d{5}\s*\([A-Z]\)|\*\d{7,}\*)\s*")

# Words whose number is part of the text ("Article 2 of"), never a footnote marker.
_NUMBER_NOUNS = {
    "article", "articles", "chapter", "paragraph", "paragraphs", "para.", "paras.", "resolution",
    "resolutions", "no.", "nos.", "annex", "part", "section", "rule", "rules", "page", "pages",
    "appendix", "item", "items", "principle", "goal", "target", "and", "to", "of", "or",
}  # fmt: skip
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def strip_markdown(text: str) -> str:
    """``[79/194](#)`` -> ``79/194``, ``*Recognizes*`` -> ``Recognizes``, ``# Title`` -> ``Title``."""
    text = _LINK_RE.sub(r"\1", text)
    text = _HEADING_HASH_RE.sub("", text)
    previous = None
    while previous != text:  # nested emphasis: ***x***, *a **b** c*
        previous, text = text, _EMPHASIS_RE.sub(r"\2", text)
    return text


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines with single spaces; ``capacity-`` + ``building`` -> ``capacity-building``."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        out = join_fragments(out, line)
    return out


def join_fragments(head: str, tail: str) -> str:
    """Rejoin two pieces of one paragraph cut by a wrap or a page break."""
    if not head:
        return tail
    if head.endswith("-") and tail[:1].isalpha() and not head.endswith(" -"):
        return head + tail  # "capacity-" + "building", "Secretary-" + "General": hyphens are kept
    return head + " " + tail


def squash_spaces(text: str) -> str:
    return _SPACES_RE.sub(" ", text).strip()


def is_page_furniture(line: str) -> bool:
    """A job number, barcode or page footer line, which never belongs to a paragraph."""
    s = line.strip()
    return any(r.match(s) for r in _FURNITURE_RES)


def remove_inline_furniture(text: str) -> str:
    """Drop job numbers and barcodes that a reader glued onto a text line."""
    return _INLINE_FURNITURE_RE.sub(" ", text).strip()


def superscript_to_int(marker: str) -> str:
    return marker.translate(_TO_ASCII)


def strip_footnote_markers(text: str, numbers: set[str] | None = None) -> tuple[str, list[str]]:
    """Remove footnote reference markers; return the clean text and the marker numbers in order.

    Superscript digits (``issue,¹``), ``1/`` and asterisk (``Nations,**``) markers are always
    markers (Markdown emphasis must be stripped first). Bare numbers (``dated 23 October 1953, 6``)
    are looked for only when ``numbers`` is given, i.e. in a document that does not mark its
    references (old Security Council plain texts): they count when ``numbers`` (the document's
    footnote numbers) holds them and their position rules out a date, an article or a paragraph
    number, or when they end the text after a punctuation mark. With ``numbers=None`` (a document
    with superscript markers) a bare number is always text: "Goals 5 and 10" keeps its 5.
    """
    found: list[str] = []

    def take(m: re.Match[str]) -> str:
        found.append(superscript_to_int(m.group(1) if m.groups() else m.group(0)))
        return ""

    text = _SUPERSCRIPT_RE.sub(take, text)
    text = _SLASH_MARKER_RE.sub(take, text)
    text = _STAR_MARKER_RE.sub(take, text)
    if numbers is not None:
        text = _strip_bare_markers(text, numbers, found)
        if trailing := _TRAILING_NUMBERS_RE.search(text):  # "Geneva Protocol, 28": a marker even if unknown
            found.extend(trailing.group(2).split())
            text = text[: trailing.start()] + trailing.group(1)
    return squash_spaces(re.sub(r"\s+([,;.:])", r"\1", text)) if found else text, found


def _strip_bare_markers(text: str, numbers: set[str], found: list[str]) -> str:
    tokens = text.split(" ")
    keep: list[str] = []
    for i, token in enumerate(tokens):
        after = [t for t in tokens[i + 1 : i + 2] if t not in numbers]
        if token in numbers and i > 0 and _is_bare_marker(keep[-1] if keep else tokens[i - 1], after):
            found.append(token)
            continue
        keep.append(token)
    return " ".join(keep)


def _is_bare_marker(before: str, after: list[str]) -> bool:
    if not before:
        return False
    if before.lower() in _NUMBER_NOUNS or re.fullmatch(MONTHS, before):
        return False
    if not (before[-1:].isdigit() or before[-1:] in ',;.:)”’"]' or before[:1].isupper()):
        return False
    if not after:
        return True
    nxt = after[0]
    if re.match(MONTHS, nxt) or nxt[:1].isdigit() or nxt in {"per", "%"}:
        return False
    return nxt[:1].islower() or nxt[:1] in ",;.:(" or nxt[:1] == "*"


def ends_sentence_or_clause(text: str) -> bool:
    """Does a paragraph piece end the way a whole UN paragraph does (a trailing marker allowed, and the
    "; and" / ", or" that links the paragraphs of older texts)?"""
    text = _TRAILING_MARKER_RE.sub(r"\1", text.rstrip())
    text = _TRAILING_LINK_RE.sub(r"\1", text)
    return text.rstrip('”’")]').endswith((",", ";", ".", ":", "—"))
