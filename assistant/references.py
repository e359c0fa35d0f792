"""References written in a question: resolutions ("80/118", "S/RES/2768", "resolution 2768 (2025)") and
paragraphs ("OP26", "PP19", "operative paragraph 26", "paragraph 70 (a)", "paragraph 1 of part B",
"B OP1", "rule 41", "paragraph 3 of the annex"). Pure functions.

A question that names them gets those paragraphs fetched or its search filtered to them, rather than
hoping the embedding finds them. Symbols and paragraph ids are read with the grammar of ``ingest.ids``;
this module adds only the ways people write them in prose.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ingest.ids import (
    PARAGRAPH_ID_PATTERN,
    SYMBOL_PATTERN,
    ParagraphRef,
    normalize_symbol,
    parse_paragraph_id,
)

_SYMBOL = re.compile(SYMBOL_PATTERN, re.IGNORECASE)
_YEAR = re.compile(r"\s?\(\d{4}\)$")
# "resolution 80/118", "80/118": session/number; "resolution 2768 (2025)", "resolution 242"
_SESSION_NUMBER = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,4})(?![\w/])")
_COUNCIL_NUMBER = re.compile(r"\bresolutions?\s+(\d{1,4})(?:\s?\((\d{4})\))?(?![\w/])", re.IGNORECASE)
_PARAGRAPH_ID = re.compile(PARAGRAPH_ID_PATTERN, re.IGNORECASE)
_SUB = r"((?:\s?\([a-z]{1,6}\))*)"
_PART = r"(?-i:([A-H]|[IVX]{1,5}))"
_LONG_PARA = re.compile(
    rf"\b(preambular|operative)?\s*(?:paragraph|para\.?)\s+(\d{{1,3}}){_SUB}"
    rf"(?:\s+(?:of|in)\s+(?:the\s+)?(?:(preamble)|(annex)|part\s+{_PART}\b))?",
    re.IGNORECASE,
)
_PART_FIRST = re.compile(
    rf"\bpart\s+{_PART},?\s+(?:operative\s+)?paragraph\s+(\d{{1,3}}){_SUB}", re.IGNORECASE
)
_HEADED = re.compile(r"\b(rule|article)\s+(\d{1,3})\b", re.IGNORECASE)
_ORDINAL_WORDS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth",
]  # fmt: skip
_ORDINAL_PARA = re.compile(
    rf"\b(\d{{1,3}}(?:st|nd|rd|th)|{'|'.join(_ORDINAL_WORDS)})\s+(preambular|operative)\s+paragraph", re.I
)


@dataclass(frozen=True)
class QuestionReferences:
    symbols: tuple[str, ...] = ()  # stored symbols the question names
    paragraphs: tuple[ParagraphRef, ...] = ()
    unknown: tuple[str, ...] = ()  # resolution numbers named that match nothing stored ("2779", "79/194")


def _sub(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "").lower()


def paragraph_refs(question: str) -> list[ParagraphRef]:
    """Paragraphs named in a question; a bare "paragraph 26" is operative, as the UN numbers only those.

    "Rule 41" and "article 5" are listed as items of an annex or of the text (``annex=None``; the
    retriever tries both); they stand for a paragraph only in a question that also names a resolution.
    """
    found: list[ParagraphRef] = []
    for m in _PARAGRAPH_ID.finditer(question):
        if ref := parse_paragraph_id(m.group(0)):
            found.append(ref)
    for m in _LONG_PARA.finditer(question):
        preambular = (m.group(1) or "").lower() == "preambular" or bool(m.group(4))
        if m.group(5):  # "paragraph 3 of the annex"
            found.append(ParagraphRef("para", int(m.group(2)), _sub(m.group(3)), annex=""))
            continue
        kind = "PP" if preambular else "OP"
        found.append(ParagraphRef(kind, int(m.group(2)), _sub(m.group(3)), part=m.group(6) or ""))
    for m in _PART_FIRST.finditer(question):
        found.append(ParagraphRef("OP", int(m.group(2)), _sub(m.group(3)), part=m.group(1)))
    for m in _HEADED.finditer(question):
        found.append(ParagraphRef(m.group(1).capitalize(), int(m.group(2))))
    for m in _ORDINAL_PARA.finditer(question):
        word = m.group(1).lower()
        number = _ORDINAL_WORDS.index(word) + 1 if word in _ORDINAL_WORDS else int(word[:-2])
        found.append(ParagraphRef("PP" if m.group(2).lower() == "preambular" else "OP", number))
    return _without_weaker(list(dict.fromkeys(found)))


def _without_weaker(refs: list[ParagraphRef]) -> list[ParagraphRef]:
    """ "paragraph 1 of part B" or "Annex A para 1" is also read as a plain "paragraph 1": keep the
    qualified reading."""
    qualified = {r.number for r in refs if r.part or r.annex is not None}
    return [r for r in refs if r.part or r.annex is not None or r.kind != "OP" or r.number not in qualified]


def paragraph_variants(ref: ParagraphRef) -> list[ParagraphRef]:
    """The stored ids a question's reference may name: "rule 41" is ``Annex Rule 41`` or ``Rule 41``."""
    if ref.kind in ("Rule", "Article") and ref.annex is None:
        return [ref, replace(ref, annex="")]
    return [ref]


def _symbols_named(question: str) -> list[tuple[str, bool]]:
    """Full symbols written in the question, normalized, and whether each carries its year."""
    found = []
    for m in _SYMBOL.finditer(question):
        if "/RES/" in m.group(0).upper():
            symbol = normalize_symbol(m.group(0))
            found.append((symbol, bool(_YEAR.search(symbol))))
    return found


@dataclass(frozen=True)
class _SymbolIndex:
    """The stored symbols by each way a question may name them, built once per library version."""

    position: dict[str, int]  # normalized symbol -> its place in the library's list
    undated: dict[str, list[str]]  # "S/RES/2768" -> ["S/RES/2768 (2025)"]; every symbol under itself too
    tails: dict[str, list[str]]  # "/80/118" -> ["A/RES/80/118"]
    council: dict[int, list[tuple[str, str]]]  # 2768 -> [("S/RES/2768 (2025)", "2025")]


@functools.lru_cache(maxsize=4)
def _symbol_index(known: tuple[str, ...]) -> _SymbolIndex:
    position: dict[str, int] = {}
    undated: dict[str, list[str]] = {}
    tails: dict[str, list[str]] = {}
    council: dict[int, list[tuple[str, str]]] = {}
    for s in dict.fromkeys(normalize_symbol(s) for s in known):
        position[s] = len(position)
        undated.setdefault(_YEAR.sub("", s), []).append(s)
        if tail := re.search(r"/\d+/\d+$", s):
            tails.setdefault(tail.group(0), []).append(s)
        if m := re.fullmatch(r"S/RES/(\d+) \((\d{4})\)", s):
            council.setdefault(int(m.group(1)), []).append((s, m.group(2)))
    return _SymbolIndex(position, undated, tails, council)


def symbol_refs(question: str, known_symbols: Iterable[str]) -> list[str]:
    """Stored symbols a question names, fully ("A/RES/80/118") or by number ("80/118", "resolution 2768"),
    in the library's order. The library is indexed once per version, not scanned per question."""
    named = _symbols_named(question)
    sessions = list(_SESSION_NUMBER.finditer(question))
    councils = list(_COUNCIL_NUMBER.finditer(question))
    if not (named or sessions or councils):
        return []
    index = _symbol_index(tuple(known_symbols))
    hits: list[str] = []
    for wanted, has_year in named:
        hits += [wanted] if wanted in index.position else []
        hits += [] if has_year else index.undated.get(wanted, [])
    for m in sessions:
        hits += index.tails.get(f"/{int(m.group(1))}/{int(m.group(2))}", [])
    for m in councils:
        number, year = int(m.group(1)), m.group(2)
        hits += [s for s, printed in index.council.get(number, []) if not year or printed == year]
    return sorted(dict.fromkeys(hits), key=index.position.__getitem__)


def strip_references(question: str) -> str:
    """The question without its paragraph and resolution references, for matching words against texts."""
    for pattern in (
        _SYMBOL,
        _SESSION_NUMBER,
        _COUNCIL_NUMBER,
        _ORDINAL_PARA,
        _PART_FIRST,
        _LONG_PARA,
        _PARAGRAPH_ID,
    ):
        question = pattern.sub(" ", question)
    return re.sub(r"\s+", " ", question).strip()


def unknown_refs(question: str, known_symbols: Iterable[str]) -> list[str]:
    """Resolution numbers the question names ("S/RES/2779", "resolution 2779 (2025)", "79/194") that are
    not stored: only what a paragraph could still mention, as the number alone ("2779", "79/194")."""
    known = list(known_symbols)
    numbers: list[str] = []
    for m in _SYMBOL.finditer(question):
        if "/RES/" in m.group(0).upper() and not symbol_refs(m.group(0), known):
            numbers.append(_YEAR.sub("", re.sub(r"^.*?RES/", "", m.group(0), flags=re.I)))
    for m in _SESSION_NUMBER.finditer(question):
        if not symbol_refs(m.group(0), known):
            numbers.append(m.group(0))
    for m in _COUNCIL_NUMBER.finditer(question):
        if not symbol_refs(m.group(0), known):
            numbers.append(m.group(1))
    return list(dict.fromkeys(numbers))


def find_references(question: str, known_symbols: Iterable[str]) -> QuestionReferences:
    known = list(known_symbols)
    symbols = tuple(symbol_refs(question, known))
    paragraphs = paragraph_refs(question)
    if not symbols:  # "Article 51 of the Charter" is no paragraph of a resolution the question names
        paragraphs = [p for p in paragraphs if p.kind not in ("Rule", "Article") or p.annex is not None]
    return QuestionReferences(symbols, tuple(paragraphs), tuple(unknown_refs(question, known)))


def mentions_any(text: str, numbers: Iterable[str]) -> bool:
    """The text cites one of these resolution numbers ("2722", "79/194") as a whole number."""
    return any(re.search(rf"(?<![\w/]){re.escape(n)}(?![\w/])", text) for n in numbers)
