"""Citation validation: the project's last word over whatever a model wrote. Pure functions only.

``validate`` splits an answer into sentences and keeps a sentence only with citations that are right:

* a citation naming a paragraph that was not retrieved is taken out of the text (``removed``);
* a sentence must be supported by the paragraph it cites: enough of its content words (stemmed) occur
  in the paragraph, and every number it states occurs there exactly (``27 per cent`` never matches
  ``29 per cent``). An unsupported sentence is re-cited to the retrieved paragraph that supports it
  (``recited``), else dropped (``flagged``); an uncited sentence is cited to the paragraph that supports
  it, else dropped (``flagged``);
* a quotation ("…" or “…”) is the stored text, character for character: nothing inside it is read as a
  citation, a sentence boundary or spacing to tidy, and a sentence that quotes words its paragraph does not
  contain (an ellipsis may leave words out) is re-cited to a retrieved paragraph that does, else dropped;
* the model's refusal, or nothing left, gives the fixed refusal text and no citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.lexical import terms
from assistant.refusal import REFUSAL_TEXT
from assistant.tuning import Tuning
from assistant.types import Citation, Retrieved
from ingest.ids import (
    CITED_ID_RE,
    PARAGRAPH_ID_PATTERN,
    SYMBOL_RE,
    ParagraphRef,
    citation_label,
    normalize_symbol,
    parse_citation_label,
    parse_paragraph_id,
)
from ingest.model import document_url

DEFAULT_TUNING = Tuning()
# A bracketed or parenthesised group that may hold citations: [A/RES/80/118 OP26, OP27], (OP70(a)).
_GROUP_RE = re.compile(r"\[([^\[\]\n]{1,300})\]|\(((?:[^()\n]|\([a-z]{1,4}\)|\(\d{4}\)){1,300})\)")
_PID_RE = re.compile(PARAGRAPH_ID_PATTERN, re.IGNORECASE)
_SEPARATORS = " ,;&" + "\t"
_BOUNDARY_RE = re.compile(r"((?<=[.!?])\s+(?=[^a-z\s])|\s*\n\s*)")
_CLOSED_RE = re.compile(r"[.!?]\s*$|\n\s*$")
_LIST_MARKER_RE = re.compile(r"^(?:[-*•]|\d{1,2}[.)])\s+")
_TRAILING_PUNCT_RE = re.compile(r"^(.*?)\s*([.!?]*)$", re.DOTALL)
# Straight-quoted text on one line (curly quotes nest, so they are read by ``_quotation_spans``).
_STRAIGHT_QUOTE_RE = re.compile(r"\"[^\"\n]*\"")
_PLACEHOLDER_RE = re.compile("\ue000(\\d+)\ue001")
_ELLIPSIS_RE = re.compile(r"…|\.\.\.")

# Mentions of documents and paragraphs inside a sentence are not facts to check against a paragraph.
_REFERENCE_RES = (
    SYMBOL_RE,  # A/RES/80/118, S/RES/2768 (2025)
    re.compile(r"\b\d{1,4}/\d{1,4}\b"),  # resolution 80/118
    _PID_RE,  # OP26
    re.compile(r"\b(?:operative |preambular )?paragraphs? \d+(?:\s?\([a-z]{1,4}\))*", re.IGNORECASE),
)
_NUMBER_RE = re.compile(r"(\d+(?:[.,]\d+)*)\s*(%|per\s?cent\b|percent\b)?", re.IGNORECASE)
_CLAUSE_SPLIT_RE = re.compile(r"(?<=[;:,])\s+")

# Words any answer uses about a resolution without stating a fact from it (stemmed like ``terms``).
_META_TERMS = frozenset(
    terms("according answer assembly document general paragraph resolution said say says text united nations")
)


@dataclass
class Validated:
    """A model's answer after validation; ``text`` cites each kept sentence as ``[A/RES/80/118 OP26]``."""

    text: str
    citations: list[Citation]
    removed: list[str]  # citations to paragraphs that were not retrieved, as written
    flagged: list[str]  # sentences dropped because no retrieved paragraph supports them
    refused: bool
    recited: list[tuple[str, str]] = field(default_factory=list)  # (cited label, label that supports it)


@dataclass(frozen=True)
class _Source:
    """A retrieved paragraph a sentence may cite; ``label`` may name a sub-paragraph of it."""

    label: str
    symbol: str
    paragraph: str
    text: str


@dataclass
class _Sentence:
    text: str
    sources: list[_Source] = field(default_factory=list)
    closed: bool = False
    line_break: bool = False  # a new line follows it


def validate(text: str, evidence: list[Retrieved], tuning: Tuning = DEFAULT_TUNING) -> Validated:
    """Check every sentence and citation of ``text`` against the retrieved ``evidence``; what counts as
    support is ``tuning.support_threshold`` and ``tuning.min_shared``."""
    removed: list[str] = []
    held, quotations = _hold_quotations(text)
    sentences = _split(held, evidence, removed)
    pool = [_Source(r.label, normalize_symbol(r.symbol), r.paragraph, r.evidence_text) for r in evidence]
    kept: list[tuple[str, list[_Source], bool]] = []
    flagged: list[str] = []
    recited: list[tuple[str, str]] = []
    for sentence in sentences:
        own = _clean(sentence.text)  # the answer's own words, its quotations held out
        clean = _PLACEHOLDER_RE.sub(lambda m: quotations[int(m.group(1))], own)
        if not re.search(r"[A-Za-z0-9]", clean):
            continue
        if is_refusal(own):
            return Validated(REFUSAL_TEXT, [], removed, flagged, refused=True)
        if unverifiable_mentions(own, evidence):  # "OP99 says ..." in running text, not retrieved
            flagged.append(clean)
            continue
        sources = _supporting_sources(clean, _unique(sentence.sources), pool, recited, tuning)
        if sources:
            kept.append((clean, sources, sentence.line_break))
        else:
            flagged.append(clean)
    if not kept:
        return Validated(REFUSAL_TEXT, [], removed, flagged, refused=True, recited=recited)
    return Validated(_render(kept), _citations(kept), removed, flagged, refused=False, recited=recited)


def unverifiable_mentions(sentence: str, evidence: list[Retrieved]) -> list[str]:
    """Paragraph ids named in running text ("as OP99 says") that name no retrieved paragraph."""
    mentions = (parse_paragraph_id(m.group(0)) for m in _PID_RE.finditer(sentence))
    return [ref.full for ref in mentions if ref and _resolve(None, ref, evidence) is None]


def is_refusal(sentence: str) -> bool:
    """The model's refusal sentence, allowing small variations ("... do not address this question.")."""
    core = _normalized(REFUSAL_TEXT).rsplit(" ", 1)[0]  # "the ingested resolutions do not address"
    return core in _normalized(sentence)


def support_score(sentence: str, paragraph: str, min_shared: int = DEFAULT_TUNING.min_shared) -> float:
    """How well ``paragraph`` supports ``sentence``: 0.0 (not at all) .. 1.0 (every content word occurs).

    0.0 as well when the sentence states a number the paragraph does not, quotes words it does not
    contain, or shares fewer than ``min_shared`` content words with it ("HACKED." shares one word).
    """
    if not all(_quoted_in(q, paragraph) for q in quotations_of(sentence)):
        return 0.0
    words, numbers = _features(_strip_references(sentence))
    para_words, para_numbers = _features(paragraph)
    if not words and not numbers:
        return 0.0
    if not all(_number_occurs(n, para_numbers) for n in numbers):
        return 0.0
    shared = len(words & para_words) + len(numbers)
    if shared < min_shared:
        return 0.0
    return shared / (len(words) + len(numbers))


def quotations_of(sentence: str) -> list[str]:
    """The text inside each quotation of ``sentence`` ("…" or “…”, balanced)."""
    return [sentence[start + 1 : end - 1] for start, end in _quotation_spans(sentence)]


def _quotation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, quote marks included, in order. A curly quotation runs from an
    opening mark to its matching closing one (quotations nest: “entitled “Transforming our world””); a
    paragraph's own unbalanced marks stretch it to the last mark of the line; a quotation never crosses a
    line. Straight quotes pair up outside curly quotations."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start, depth, curly = -1, 0, []
        for i, char in enumerate(line.group(0), line.start()):
            if char == "“":
                start, depth = (i if depth == 0 else start), depth + 1
            elif char == "”" and depth > 0:
                depth -= 1
                if depth == 0:
                    curly.append((start, i + 1))
            elif char == "”" and curly:  # a closing mark without its opening one: the last quotation goes on
                curly[-1] = (curly[-1][0], i + 1)
        if depth > 0 and (last := line.group(0).rfind("”") + line.start()) > start:
            curly.append((start, last + 1))  # an opening mark never closed inside: up to the last closing one
        outside = [(m.start(), m.end()) for m in _STRAIGHT_QUOTE_RE.finditer(line.group(0))]
        straight = [
            (line.start() + s, line.start() + e)
            for s, e in outside
            if not any(a <= line.start() + s < b for a, b in curly)
        ]
        spans += sorted(curly + straight)
    return spans


def best_clause(sentence: str, paragraph: str) -> str:
    """What of ``paragraph`` the sentence rests on: the longest stretch of it the sentence quotes, or the
    sentence itself when it copies the paragraph word for word, else the clause (between commas,
    semicolons, colons) sharing most."""
    pieces = [p.strip() for q in quotations_of(sentence) for p in _ELLIPSIS_RE.split(q)]
    quoted = max((p for p in pieces if p and p in paragraph), key=len, default="")
    if len(quoted) > 20:
        return quoted
    copied = sentence.strip(' “”"….')
    if len(copied) > 20 and copied in paragraph:
        return copied
    words, numbers = _features(_strip_references(sentence))
    clauses = [c.strip(" ,;:") for c in _CLAUSE_SPLIT_RE.split(paragraph) if c.strip(" ,;:")]
    if not clauses:
        return paragraph

    def overlap(clause: str) -> tuple[int, int]:
        clause_words, clause_numbers = _features(clause)
        return len(words & clause_words) + len(numbers & clause_numbers), -len(clause)

    return max(clauses, key=overlap)


def _supporting_sources(
    sentence: str, cited: list[_Source], pool: list[_Source], recited: list[tuple[str, str]], tuning: Tuning
) -> list[_Source]:
    """The cited paragraphs that support the sentence; else the retrieved one that does best; else []."""

    def score(source: _Source) -> float:
        return support_score(sentence, source.text, tuning.min_shared)

    good = [s for s in cited if score(s) >= tuning.support_threshold]
    if not good:
        scored = [(score(s), -i, s) for i, s in enumerate(pool)]
        best = max(scored, key=lambda t: t[:2], default=None)
        if best is None or best[0] < tuning.support_threshold:
            return []
        good = [best[2]]
    recited.extend((s.label, good[0].label) for s in cited if s not in good)
    return good


def _hold_quotations(text: str) -> tuple[str, list[str]]:
    """``text`` with each quotation replaced by a placeholder (no space, bracket or full stop in it), and
    the quotations, so that splitting, citation parsing and tidying never reach inside one."""
    quotations: list[str] = []
    held, position = "", 0
    for start, end in _quotation_spans(text):
        held += text[position:start] + f"\ue000{len(quotations)}\ue001"
        quotations.append(text[start:end])
        position = end
    return held + text[position:], quotations


def _quoted_in(quotation: str, paragraph: str) -> bool:
    """Whether ``paragraph`` contains the quotation verbatim, its ellipses standing for left-out words."""
    position = 0
    for piece in (p.strip() for p in _ELLIPSIS_RE.split(quotation)):
        found = paragraph.find(piece, position) if piece else position
        if found < 0:
            return False
        position = found + len(piece)
    return True


def _split(text: str, evidence: list[Retrieved], removed: list[str]) -> list[_Sentence]:
    """Sentences of ``text`` with the retrieved paragraphs they cite; citation groups leave the text.

    A citation belongs to the sentence it closes or follows: ``... online [OP26].`` and
    ``... online. [OP26]`` both cite OP26 for "... online."
    """
    sentences: list[_Sentence] = []
    pending: list[_Source] = []  # citations before the first sentence
    position = 0
    for match in _GROUP_RE.finditer(text):
        refs = parse_citation_group(match.group(1) or match.group(2))
        if refs is None:
            continue
        _add_text(sentences, text[position : match.start()])
        position = match.end()
        for symbol, ref in refs:
            source = _resolve(symbol, ref, evidence)
            if source is None:
                removed.append(citation_label(symbol, ref.full) if symbol else ref.full)
            elif sentences:
                sentences[-1].sources.append(source)
            else:
                pending.append(source)
    _add_text(sentences, text[position:])
    if sentences:
        sentences[0].sources[:0] = pending
    return sentences


def parse_citation_group(content: str) -> list[tuple[str | None, ParagraphRef]] | None:
    """``"A/RES/80/118 OP26, OP27"`` -> [("A/RES/80/118", OP26), ("A/RES/80/118", OP27)].

    A paragraph id without a symbol takes the symbol before it in the group, else None (short form).
    None when the group holds anything but citations (``[sic]``, ``(2025)``, ``(see above)``).
    """
    refs: list[tuple[str | None, ParagraphRef]] = []
    symbol: str | None = None
    position = 0
    for match in CITED_ID_RE.finditer(content):
        ref = parse_paragraph_id(match.group(0))
        between = content[position : match.start()].strip(_SEPARATORS)
        if between.lower() == "and":
            between = ""
        if ref is None:
            return None
        if between:
            parsed = parse_citation_label(f"{between} {ref.full}")
            if parsed is None:
                return None
            symbol = parsed[0]
        refs.append((symbol, ref))
        position = match.end()
    if not refs or content[position:].strip(_SEPARATORS + "."):
        return None
    return refs


def _resolve(symbol: str | None, ref: ParagraphRef, evidence: list[Retrieved]) -> _Source | None:
    """The retrieved paragraph a citation names. ``OP70(a)`` is found in a retrieved ``OP70`` too.

    A short citation (no symbol) resolves only when exactly one retrieved document has that paragraph.
    """
    matches = [
        r
        for r in evidence
        if (symbol is None or normalize_symbol(r.symbol) == symbol) and r.paragraph in (ref.full, ref.id)
    ]
    if len({normalize_symbol(r.symbol) for r in matches}) != 1:
        return None
    hit = next((r for r in matches if r.paragraph == ref.full), matches[0])
    label = hit.label if hit.paragraph == ref.full else citation_label(hit.symbol, ref.full)
    return _Source(label, normalize_symbol(hit.symbol), ref.full, hit.evidence_text)


def _add_text(sentences: list[_Sentence], chunk: str) -> None:
    """Append the sentences of ``chunk``; its first piece continues an unfinished last sentence."""
    if sentences and chunk.lstrip(" \t").startswith("\n"):
        sentences[-1].closed = sentences[-1].line_break = True
    parts = _BOUNDARY_RE.split(chunk)  # piece, boundary, piece, ..., piece
    for i in range(0, len(parts), 2):
        piece, boundary = parts[i], (parts[i + 1] if i + 1 < len(parts) else "")
        closed = bool(boundary) or bool(_CLOSED_RE.search(chunk))
        if i == 0 and sentences and not sentences[-1].closed:
            sentence = sentences[-1]
            sentence.text += piece
        elif piece.strip():
            sentence = _Sentence(piece)
            sentences.append(sentence)
        else:
            continue
        sentence.closed = closed
        sentence.line_break = "\n" in boundary or (not boundary and chunk.rstrip(" \t").endswith("\n"))


def _clean(sentence: str) -> str:
    text = _LIST_MARKER_RE.sub("", " ".join(sentence.split()))
    return re.sub(r"\s+([.,;:!?])", r"\1", text).strip()


def _unique(sources: list[_Source]) -> list[_Source]:
    return list(dict.fromkeys(sources))


def _render(kept: list[tuple[str, list[_Source], bool]]) -> str:
    """Each sentence with its labels before its stop: ``online [A/RES/80/118 OP26].``, line breaks kept."""
    out = ""
    for sentence, sources, line_break in kept:
        body, stop = _TRAILING_PUNCT_RE.match(sentence).groups()  # type: ignore[union-attr]
        labels = " ".join(f"[{s.label}]" for s in sources)
        out += f"{body} {labels}{stop}" + ("\n" if line_break else " ")
    return out.rstrip()


def _citations(kept: list[tuple[str, list[_Source], bool]]) -> list[Citation]:
    """One Citation per label, numbered in order of first appearance, quoting the clause it rests on."""
    citations: dict[str, Citation] = {}
    for sentence, sources, _ in kept:
        for s in sources:
            if s.label not in citations:
                citations[s.label] = Citation(
                    label=s.label,
                    symbol=s.symbol,
                    paragraph=s.paragraph,
                    quote=best_clause(sentence, s.text),
                    url=document_url(s.symbol),
                    number=len(citations) + 1,
                )
    return list(citations.values())


def _strip_references(sentence: str) -> str:
    for pattern in _REFERENCE_RES:
        sentence = pattern.sub(" ", sentence)
    return sentence


@lru_cache(maxsize=4096)
def _features(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(stemmed content words, numbers) of a text; ``27 per cent``, ``27%`` and ``27 percent`` -> ``27%``."""
    numbers: set[str] = set()
    for match in _NUMBER_RE.finditer(text):
        value = re.sub(r",(?=\d{3}\b)", "", match.group(1)).rstrip(".,")
        numbers.add(value + ("%" if match.group(2) else ""))
    words = {t for t in terms(_NUMBER_RE.sub(" ", text)) if not t[0].isdigit()} - _META_TERMS
    return frozenset(words), frozenset(numbers)


def _number_occurs(number: str, paragraph_numbers: frozenset[str]) -> bool:
    """``27%`` needs ``27%``; a bare ``2030`` matches ``2030`` with or without a unit."""
    if number.endswith("%"):
        return number in paragraph_numbers
    return number in paragraph_numbers or f"{number}%" in paragraph_numbers


def _normalized(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+", text.lower()))
