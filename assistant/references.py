"""References written in a question: resolutions ("80/118", "S/RES/2768", "resolution 2768 (2025)") and
paragraphs ("OP26", "PP19", "operative paragraph 26", "paragraph 70 (a)"). Pure functions.

A question that names them gets those paragraphs fetched or its search filtered to them, rather than
hoping the embedding finds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.ids import ParagraphRef, normalize_symbol

_FULL_SYMBOL = re.compile(
    r"\b((?:A|S|E)(?:/[A-Z]{1,5})*/RES/[\w.\-]+(?:/\d+)*)(\s?\(\d{4}\))?", re.IGNORECASE
)
# "resolution 80/118", "80/118": session/number; "resolution 2768 (2025)", "resolution 242"
_SESSION_NUMBER = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,4})(?![\w/])")
_COUNCIL_NUMBER = re.compile(r"\bresolutions?\s+(\d{1,4})(?:\s?\((\d{4})\))?(?![\w/])", re.IGNORECASE)
_SHORT_PARA = re.compile(r"\b(PP|OP)\s?(\d{1,3})((?:\s?\([a-z]{1,4}\))*)", re.IGNORECASE)
_LONG_PARA = re.compile(
    r"\b(preambular|operative)?\s*(?:paragraph|para\.?)\s+(\d{1,3})((?:\s?\([a-z]{1,4}\))*)"
    r"(?:\s+(?:of|in)\s+(?:the\s+)?(preamble))?",
    re.IGNORECASE,
)
_ORDINAL_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_ORDINAL_PARA = re.compile(
    rf"\b(\d{{1,3}}(?:st|nd|rd|th)|{'|'.join(_ORDINAL_WORDS)})\s+(preambular|operative)\s+paragraph", re.I
)


@dataclass(frozen=True)
class QuestionReferences:
    symbols: tuple[str, ...] = ()  # stored symbols the question names
    paragraphs: tuple[ParagraphRef, ...] = ()
    unknown: tuple[str, ...] = ()  # resolution numbers named that match nothing stored ("2779", "79/194")


def _sub(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def paragraph_refs(question: str) -> list[ParagraphRef]:
    """Paragraphs named in a question; a bare "paragraph 26" is operative, as the UN numbers only those."""
    found: list[ParagraphRef] = []
    for m in _SHORT_PARA.finditer(question):
        found.append(ParagraphRef(m.group(1).upper(), int(m.group(2)), _sub(m.group(3))))
    for m in _LONG_PARA.finditer(question):
        preambular = (m.group(1) or "").lower() == "preambular" or bool(m.group(4))
        found.append(ParagraphRef("PP" if preambular else "OP", int(m.group(2)), _sub(m.group(3))))
    for m in _ORDINAL_PARA.finditer(question):
        word = m.group(1).lower()
        number = _ORDINAL_WORDS.index(word) + 1 if word in _ORDINAL_WORDS else int(word[:-2])
        found.append(ParagraphRef("PP" if m.group(2).lower() == "preambular" else "OP", number))
    return list(dict.fromkeys(found))


def symbol_refs(question: str, known_symbols: Iterable[str]) -> list[str]:
    """Stored symbols a question names, fully ("A/RES/80/118") or by number ("80/118", "resolution 2768")."""
    known = [normalize_symbol(s) for s in known_symbols]
    hits: list[str] = []
    for m in _FULL_SYMBOL.finditer(question):
        wanted = normalize_symbol(m.group(1) + (m.group(2) or ""))
        hits += [s for s in known if s == wanted or (not m.group(2) and s.split(" (")[0] == wanted)]
    for m in _SESSION_NUMBER.finditer(question):
        tail = f"/{int(m.group(1))}/{int(m.group(2))}"
        hits += [s for s in known if s.endswith(tail)]
    for m in _COUNCIL_NUMBER.finditer(question):
        number, year = int(m.group(1)), m.group(2)
        for s in known:
            council = re.fullmatch(r"S/RES/(\d+) \((\d{4})\)", s)
            if council and int(council.group(1)) == number and (not year or council.group(2) == year):
                hits.append(s)
    return list(dict.fromkeys(hits))


def strip_references(question: str) -> str:
    """The question without its paragraph and resolution references, for matching words against texts."""
    for pattern in (_FULL_SYMBOL, _SESSION_NUMBER, _COUNCIL_NUMBER, _ORDINAL_PARA, _LONG_PARA, _SHORT_PARA):
        question = pattern.sub(" ", question)
    return re.sub(r"\s+", " ", question).strip()


def unknown_refs(question: str, known_symbols: Iterable[str]) -> list[str]:
    """Resolution numbers the question names ("S/RES/2779", "resolution 2779 (2025)", "79/194") that are
    not stored: only what a paragraph could still mention, as the number alone ("2779", "79/194")."""
    known = list(known_symbols)
    numbers: list[str] = []
    for m in _FULL_SYMBOL.finditer(question):
        if not symbol_refs(m.group(0), known):
            numbers.append(re.sub(r"^.*?RES/", "", m.group(1), flags=re.I))
    for m in _SESSION_NUMBER.finditer(question):
        if not symbol_refs(m.group(0), known):
            numbers.append(m.group(0))
    for m in _COUNCIL_NUMBER.finditer(question):
        if not symbol_refs(m.group(0), known):
            numbers.append(m.group(1))
    return list(dict.fromkeys(numbers))


def find_references(question: str, known_symbols: Iterable[str]) -> QuestionReferences:
    known = list(known_symbols)
    return QuestionReferences(
        tuple(symbol_refs(question, known)),
        tuple(paragraph_refs(question)),
        tuple(unknown_refs(question, known)),
    )


def mentions_any(text: str, numbers: Iterable[str]) -> bool:
    """The text cites one of these resolution numbers ("2722", "79/194") as a whole number."""
    return any(re.search(rf"(?<![\w/]){re.escape(n)}(?![\w/])", text) for n in numbers)
