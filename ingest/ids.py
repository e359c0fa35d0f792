"""Document symbols, paragraph ids and citation labels: the one home of their patterns. Pure functions.

A **symbol** is the UN's document symbol: ``A/RES/80/118``, ``A/HRC/RES/59/25``, ``S/RES/2768 (2025)``.

A **paragraph id** names a paragraph as a reader finds it on the page, in this grammar (canonical spelling
shown; parsing ignores case and accepts the spaces left out where marked)::

    id     := [part " "] core sub*  |  annex " " ["Part " part " "] core sub*
    part   := A..H | I..XX                 a part that restarts the numbering: "B OP1" is paragraph 1 of
                                           part B, as the UN writes "resolution 161 B (1961), paragraph 1";
                                           "Annex B Part I para 1" as it writes "Part I of annex B"
    annex  := "Annex" [" " A..Z | I..XX | 1..99]          "Annex", "Annex A", "Annex II"
    core   := "PP" n                       n-th preambular paragraph (counted; the UN does not number them)
            | "OP" n [suffix]              operative paragraph with the printed number n (a repeated printed
                                           number gets "bis", "ter", ..., as the UN writes an inserted one)
            | "para " n [suffix] | "item " n   numbered / unnumbered paragraph of an annex
            | "Rule " n [suffix]           an item headed "Rule 41" or "Article 5" (a
            | "Article " n [suffix]        repeated heading: "Rule 41bis")
    sub    := "(" a..z{1,6} | 1..99 ")"    sub-paragraph: OP70(a), OP12(b)(ii), Article 5(1)

``para`` and ``item`` exist only inside an annex. A **citation label** is a symbol, a space and a paragraph
id: ``A/RES/80/118 OP26``, ``S/RES/161 (1961) B OP1``, ``S/RES/263 (1969) Annex Rule 41``,
``S/RES/2776 (2025) Annex A para 1``, ``S/RES/21 (1947) Article 5(1)``. A document itself is cited by its
symbol alone. A record in the store has the id ``SYMBOL#PARAGRAPH_ID``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# -- symbols ---------------------------------------------------------------------------------------------
# Organ letters, then slash-separated parts (RES, HRC, ES-10, 80, 118), then an optional year in parentheses.
SYMBOL_PATTERN = r"(?<![\w/])[A-Z]{1,3}(?:/[A-Z0-9](?:[A-Z0-9.\-]*[A-Z0-9])?)+(?:\s?\(\d{4}\))?"
SYMBOL_RE = re.compile(SYMBOL_PATTERN)
_FILE_SYMBOL_RES = (  # ASCII digits: a symbol has no others
    (re.compile(r"S_RES_0*(\d+)_(\d{4})", re.ASCII), "S/RES/{0} ({1})"),
    (re.compile(r"A_HRC_RES_(\d+)_(\d+)", re.ASCII), "A/HRC/RES/{0}/{1}"),
    (re.compile(r"A_RES_(\d+)_(\d+)", re.ASCII), "A/RES/{0}/{1}"),
)

# -- paragraph ids ---------------------------------------------------------------------------------------
_ROMAN = r"(?-i:(?=[IVX])X{0,2}(?:IX|IV|V?I{0,3}))"  # I..XXIX, upper case only
_PART = rf"(?-i:[A-H]|{_ROMAN})"
_ANNEX = rf"Annex(?:\s+(?-i:[A-Z]|{_ROMAN}|\d{{1,2}})\b)?"
_SUB = r"(?:\s?\((?:[a-z]{1,6}|\d{1,2})\))"
SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")
_SUFFIX = rf"(?:{'|'.join(SUFFIXES)})"
_HEADED = rf"(?:Rule|Article)\s?(?:\d{{1,4}}{_SUFFIX}?|(?-i:[IVXLC]{{1,6}}))\b"
_ANNEX_ITEM = rf"(?:para\s?\d{{1,4}}{_SUFFIX}?|item\s?\d{{1,4}})\b"
_CORE = rf"(?:(?:PP|OP)\s?\d{{1,4}}{_SUFFIX}?\b|{_HEADED}|{_ANNEX_ITEM})"
_PART_AHEAD = r"(?=(?:Annex\b|PP\s?\d|OP\s?\d|Rule\b|Article\b))"
# The whole grammar, for a string that should be a paragraph id and nothing else.
_ID_RE = re.compile(
    rf"^(?:(?P<part>{_PART})\s+{_PART_AHEAD})?"
    rf"(?:(?P<annex>{_ANNEX})\s+(?:Part\s+(?P<annex_part>{_PART})\s+)?)?"
    rf"(?P<core>{_CORE})(?P<sub>{_SUB}*)$",
    re.IGNORECASE | re.ASCII,  # the grammar is ASCII: no "ı" for "i", no "١" for "1"
)
# An id inside running text or a citation group: "OP26", "B OP1", "Annex Rule 41", "Annex A para 1(a)".
# The bare "Rule 41" / "Article 5" forms are left out: in running text they name the Charter or rules of
# procedure far more often than a paragraph; inside a citation they follow an Annex or a symbol.
PARAGRAPH_ID_PATTERN = (
    rf"\b(?:{_PART}\s+{_PART_AHEAD})?(?:{_ANNEX}\s+(?:Part\s+{_PART}\s+)?(?:{_HEADED}|{_ANNEX_ITEM})"
    rf"|(?:PP|OP)\s?\d{{1,4}}{_SUFFIX}?\b){_SUB}*"
)
PARAGRAPH_ID_RE = re.compile(PARAGRAPH_ID_PATTERN, re.IGNORECASE)
# Inside a citation ("[S/RES/21 (1947) Article 5]") the bare headed forms count too.
CITED_ID_RE = re.compile(rf"{PARAGRAPH_ID_PATTERN}|\b{_HEADED}{_SUB}*", re.IGNORECASE)
# A label: symbol, space, paragraph id (every form, the bare headed ones included).
_LABEL_RE = re.compile(rf"^\s*({SYMBOL_PATTERN})\s+(\S.*?)\s*$", re.IGNORECASE)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_KINDS = {"pp": "PP", "op": "OP", "para": "para", "item": "item", "rule": "Rule", "article": "Article"}


@dataclass(frozen=True)
class ParagraphRef:
    """A parsed paragraph id. ``kind``: PP, OP, para, item, Rule or Article; ``part``: "" or "B";
    ``annex``: None outside an annex, "" in the only annex, "A" / "II" in a named one."""

    kind: str
    number: int
    sub: str = ""  # "(a)", "(a)(ii)", "(1)"
    part: str = ""
    annex: str | None = None
    suffix: str = ""  # "bis" for a repeated printed number

    @property
    def id(self) -> str:
        """The paragraph's id without its sub-paragraph: ``OP70``, ``B OP1``, ``Annex A para 1``."""
        if self.kind in ("PP", "OP"):
            core = f"{self.kind}{self.number}{self.suffix}"
        else:
            core = f"{self.kind} {self.number}{self.suffix}"
        if self.annex is None:
            return " ".join(p for p in (self.part, core) if p)
        part = f"Part {self.part}" if self.part else ""
        return " ".join(p for p in (f"Annex {self.annex}".strip(), part, core) if p)

    @property
    def full(self) -> str:
        """The id with its sub-paragraph: ``OP70(a)``."""
        return f"{self.id}{self.sub}"


def paragraph_id(
    kind: str, number: int, *, part: str = "", annex: str | None = None, suffix: str = "", sub: str = ""
) -> str:
    """The canonical id string of a paragraph: ``paragraph_id("OP", 1, part="B") == "B OP1"``."""
    return ParagraphRef(kind, number, sub, part, annex, suffix).full


def parse_paragraph_id(text: str) -> ParagraphRef | None:
    """``"op70(a)"`` -> ParagraphRef("OP", 70, "(a)"); ``"b op1"`` -> part B; None when it is no id."""
    m = _ID_RE.match(" ".join(text.split()))
    if not m:
        return None
    core = m.group("core")
    word = re.match("|".join(_KINDS), core, re.IGNORECASE).group(0)  # type: ignore[union-attr]
    kind = _KINDS[word.lower()]
    rest = core[len(word) :]  # "RuleIV": the number may follow the word without a space
    digits = re.search(r"\d+|[IVXLC]+", rest, re.IGNORECASE).group(0)  # type: ignore[union-attr]
    number = int(digits) if digits.isdigit() else roman_value(digits.upper())
    suffix = rest.strip()[len(digits) :].lower()
    annex = m.group("annex")
    if annex is None and kind in ("para", "item"):
        return None  # an annex's own paragraphs exist only inside an annex
    return ParagraphRef(
        kind=kind,
        number=number,
        sub="".join(m.group("sub").split()).lower(),
        part=(m.group("part") or m.group("annex_part") or "").upper(),
        annex=None if annex is None else annex[5:].strip().upper(),
        suffix=suffix,
    )


def roman_value(roman: str) -> int:
    """``"XIV"`` -> 14."""
    values = [_ROMAN_VALUES[c] for c in roman]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


# -- symbols and labels ----------------------------------------------------------------------------------
def normalize_symbol(symbol: str) -> str:
    """Canonical spelling: upper case, single spaces, ``S/RES/2768(2025)`` -> ``S/RES/2768 (2025)``."""
    s = re.sub(r"\s+", " ", symbol.strip()).upper()
    return re.sub(r"\s?\((\d{4})\)$", r" (\1)", s)


def symbol_from_filename(name: str) -> str | None:
    """``S_RES_0001_1946_EN_GOLD.txt`` -> ``S/RES/1 (1946)``; ``A_RES_80_118.md`` -> ``A/RES/80/118``."""
    for pattern, template in _FILE_SYMBOL_RES:
        if m := pattern.search(name.upper()):
            return template.format(*m.groups())
    return None


_ORGAN_PREFIXES = (
    ("A/HRC/", "Human Rights Council"),
    ("S/", "Security Council"),
    ("E/", "Economic and Social Council"),
    ("A/", "General Assembly"),
)


def organ_of_symbol(symbol: str) -> str | None:
    """The organ whose resolutions carry this symbol: ``S/RES/1 (1946)`` -> ``Security Council``."""
    upper = symbol.upper()
    return next((organ for prefix, organ in _ORGAN_PREFIXES if upper.startswith(prefix)), None)


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
