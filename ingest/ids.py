"""Paragraph identifiers and citation labels, as the UN writes them.

``PP19`` is the 19th preambular paragraph, ``OP26`` operative paragraph 26, ``OP70(a)`` its
sub-paragraph (a). A citation label joins a document symbol and a paragraph id:
``A/RES/80/118 OP26``. Pure functions only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARA_RE = re.compile(r"^(PP|OP)(\d+)((?:\([a-z]{1,2}\)|\([ivxlc]+\))*)$", re.IGNORECASE)
# A symbol: letters/digits separated by slashes, optionally followed by a year in parentheses.
_SYMBOL = r"[A-Z]{1,3}(?:/[A-Z0-9.\-]+)+(?:\s?\(\d{4}\))?"
_LABEL_RE = re.compile(rf"^\s*({_SYMBOL})\s+((?:PP|OP)\d+(?:\([a-z]{{1,4}}\))*)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ParagraphRef:
    kind: str  # "PP" or "OP"
    number: int
    sub: str = ""  # "(a)" or "(a)(ii)"

    @property
    def id(self) -> str:
        return f"{self.kind}{self.number}"

    @property
    def full(self) -> str:
        return f"{self.kind}{self.number}{self.sub}"


def parse_paragraph_id(text: str) -> ParagraphRef | None:
    """``"op70(a)"`` -> ParagraphRef("OP", 70, "(a)"); None when it is not a paragraph id."""
    m = _PARA_RE.match(text.strip())
    if not m:
        return None
    return ParagraphRef(m.group(1).upper(), int(m.group(2)), m.group(3).lower())


def normalize_symbol(symbol: str) -> str:
    """Canonical spelling: upper case, single spaces, ``S/RES/2768(2025)`` -> ``S/RES/2768 (2025)``."""
    s = re.sub(r"\s+", " ", symbol.strip()).upper()
    return re.sub(r"\s?\((\d{4})\)$", r" (\1)", s)


def record_id(symbol: str, paragraph_id: str) -> str:
    """The stable store id of a paragraph: ``A/RES/80/118#OP26``."""
    return f"{normalize_symbol(symbol)}#{paragraph_id}"


def citation_label(symbol: str, paragraph_id: str) -> str:
    """``A/RES/80/118 OP26``."""
    return f"{normalize_symbol(symbol)} {paragraph_id}"


def parse_citation_label(label: str) -> tuple[str, ParagraphRef] | None:
    """``"A/RES/80/118 OP70(a)"`` -> (``"A/RES/80/118"``, ParagraphRef("OP", 70, "(a)"))."""
    m = _LABEL_RE.match(label)
    if not m:
        return None
    ref = parse_paragraph_id(m.group(2))
    return (normalize_symbol(m.group(1)), ref) if ref else None
