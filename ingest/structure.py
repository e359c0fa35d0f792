"""Blocks -> Document: the format-independent UN structure of a resolution.

Heading (before the organ line) -> metadata; then preambular paragraphs PP1..PPn (unnumbered) and
operative paragraphs OP1..OPn (printed numbers), sub-paragraphs ``(a)``/``(i)`` kept inside their
paragraph and listed; paragraphs cut by a page break and a block of footnotes rejoined; footnote
markers resolved into ``Footnote``s. Section headings between paragraphs ("Arms Embargo",
"A. Targeted sanctions") are dropped. An annex ("Annex A – Items ...", "ANNEX") ends the paragraph
list: its items, numbered from 1 again, are not paragraphs of the resolution and are left out, since
a ``Paragraph`` can only be preambular or operative. Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.heading import Heading, is_closing_line, organ_of, parse_heading, symbol_from_filename
from ingest.model import Block, Document, Footnote, NotAResolution, Paragraph, SubParagraph
from ingest.text import (
    SUPERSCRIPT_DIGITS,
    ends_sentence_or_clause,
    is_page_furniture,
    join_fragments,
    remove_inline_furniture,
    squash_spaces,
    strip_footnote_markers,
    strip_markdown,
    superscript_to_int,
)

_NUMBERED_RE = re.compile(r"^(\d{1,3})\.\s+(?=\S)")
_SUB_RE = re.compile(r"^\(([a-z]{1,2}|[ivxlc]+|\d{1,2})\)\s+")
_QUOTES = "“‘\"'"
_ROMAN_RE = re.compile(r"^[ivxlc]+$")
_PART_RE = re.compile(r"^(?:[A-H]|Part\s+[A-H]|[IVX]+)\.?$")
_ANNEX_RE = re.compile(r"^Annex(?:es)?\b", re.IGNORECASE)
_HEADING_MAX = 120  # characters: a section heading is one short line
# Inside or at the end of a piece: a sentence cut short ("... breach of the peace; and"), not a heading.
_CUT_SENTENCE_RE = re.compile(r"[;:]|\b(?:and|or|of|the|a|an|to|in|for|by|with|on|at|that|which|as)$")
_FOOTNOTE_RE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,3}/?|\*{1,3})\.?\s*(?=\S)")
# First words of a preambular paragraph that do not end in -ing or -ed.
_PREAMBLE_WORDS = {
    "aware", "conscious", "mindful", "cognizant", "desirous", "fully", "deeply", "gravely", "further",
    "also", "whereas", "anxious", "keen", "sure", "confident", "seriously", "strongly", "firmly",
    "profoundly", "greatly", "highly", "bearing", "acting", "considering", "reaffirming", "having",
}  # fmt: skip
# First words of an unnumbered operative paragraph ("Decides to ...", "Hereby resolves ...").
_OPERATIVE_RE = re.compile(
    r"^(?:(?:Also|Further|Hereby|Strongly|Again|Once again|Firmly|Earnestly|Solemnly)\s+)?"
    r"(?:Decides|Requests|Recommends|Calls|Urges|Demands|Condemns|Reaffirms|Affirms|Invites|Appeals|"
    r"Authorizes|Approves|Endorses|Welcomes|Expresses|Notes|Takes|Declares|Resolves|Directs|Instructs|"
    r"Encourages|Emphasizes|Stresses|Deplores|Commends|Reiterates|Recognizes|Supports|Considers|"
    r"Appoints|Establishes|Extends|Censures|Records)\b[:\s]"
)
_NOT_PREAMBLE_WORDS = {"united", "hundred", "red", "need", "speed", "during", "bring", "thing", "king"}


def looks_preambular(text: str) -> bool:
    """Does this text open like a preambular paragraph ("Recalling", "Deeply concerned", "Aware")?

    An adverb is judged by the word after it: "Deeply concerned" opens a preambular paragraph,
    "Deeply deplores" an operative one.
    """
    if _OPERATIVE_RE.match(text):
        return False
    words = re.findall(r"[A-Za-z]+", text[:60])
    if not words or not words[0][:1].isupper():
        return False
    word = words[0].lower()
    if (word.endswith("ly") or word in {"further", "also"}) and len(words) > 1:
        word = words[1].lower()
    if word in _NOT_PREAMBLE_WORDS:
        return False
    return word in _PREAMBLE_WORDS or word.endswith(("ing", "ed"))


def starts_paragraph_text(text: str) -> bool:
    """Can a paragraph start here, judging by the text alone (number, sub-paragraph, opener)?"""
    return bool(
        _NUMBERED_RE.match(text) or _SUB_RE.match(text) or _OPERATIVE_RE.match(text) or looks_preambular(text)
    )


def is_section_heading(text: str, whole: bool = False) -> bool:
    """Is this (marker-free) text a heading between paragraphs ("Arms Embargo", "A. Targeted sanctions")?

    A short line, capitalized, without the terminal punctuation every paragraph has, with no ``;`` or
    ``:`` and not ending in "and", "of", ..., neither numbered nor a sub-paragraph nor opening like a
    paragraph. ``whole``: the layout says the text is complete
    (a PDF block that no later block continues); then it may open like a preambular paragraph ("Degrading
    the threat posed by Al-Shabaab, and the Arms Embargo targeting Al-Shabaab"), which in a plain text is
    a paragraph cut short by a page break instead.
    """
    return (
        len(text) <= _HEADING_MAX
        and text[:1].isupper()
        and not ends_sentence_or_clause(text)
        and not _CUT_SENTENCE_RE.search(text)
        and not (_NUMBERED_RE.match(text) or _SUB_RE.match(text) or _OPERATIVE_RE.match(text))
        and (whole or not looks_preambular(text))
    )


@dataclass
class _Piece:
    """A paragraph's text as collected from one or more blocks; ``laid_out`` when the blocks carry the
    reader's layout hints (``Block.starts_paragraph``), so that the piece is known to be whole."""

    text: str
    pages: list[int] = field(default_factory=list)
    laid_out: bool = False


def build_document(blocks: list[Block], source: str) -> Document:
    """Turn a reader's blocks into a Document; ``NotAResolution`` when there is no resolution in them."""
    body, footnotes = _split_kinds(blocks)
    organ_index, organ = _find_organ(body)
    heading_blocks = body[:organ_index] if organ_index is not None else _leading_heading(body)
    rest = _until_closing(body[organ_index + 1 :] if organ_index is not None else body[len(heading_blocks) :])
    closing = [b.text for b in rest if is_closing_line(b.text)]
    heading = parse_heading([b.text for b in heading_blocks], organ, closing, footnotes)
    numbers = _bare_marker_numbers(body, footnotes)
    pieces = _rejoin(_drop_running_headers(rest, heading), numbers)
    paragraphs = _classify(pieces, footnotes, numbers)
    numbered = any(_NUMBERED_RE.match(piece.text) for piece in pieces)
    if organ is None and not numbered and heading.symbol is None:
        raise NotAResolution(
            source,
            "not a UN resolution: no organ line ('The General Assembly,'), no resolution number in the "
            "heading and no numbered paragraphs",
        )
    if not any(p.kind == "operative" for p in paragraphs):
        raise NotAResolution(source, "not a UN resolution: no operative paragraph found")
    # A file name that spells a full symbol wins over the printed heading: old texts carry OCR typos in
    # their headings (S/RES/542 (1983) prints "538", S/RES/434 (1978) prints "(1973)").
    symbol = symbol_from_filename(Path(source).name) or heading.symbol
    if symbol is None:
        raise NotAResolution(source, "no resolution symbol or number in the heading or the file name")
    return _document(replace(heading, symbol=symbol), paragraphs, source)


def _document(heading: Heading, paragraphs: list[Paragraph], source: str) -> Document:
    return Document(
        symbol=heading.symbol or "",
        title=heading.title,
        organ=heading.organ,
        date=heading.date,
        year=heading.year,
        session=heading.session,
        agenda_item=heading.agenda_item,
        adopted_on=heading.adopted_on,
        meeting=heading.meeting,
        vote=heading.vote,
        source=source,
        paragraphs=paragraphs,
    )


def _split_kinds(blocks: list[Block]) -> tuple[list[Block], dict[str, str]]:
    """Clean body blocks (markup and page furniture removed) and the footnotes by number."""
    body: list[Block] = []
    footnotes: dict[str, str] = {}
    for block in blocks:
        text = squash_spaces(strip_markdown(block.text))
        if block.kind == "footnote":
            m = _FOOTNOTE_RE.match(text)
            if m:
                number = superscript_to_int(m.group(1)).rstrip("/")
                footnotes.setdefault(number, text[m.end() :].strip())
            continue
        if is_page_furniture(block.text) or is_page_furniture(text):
            continue
        text = remove_inline_furniture(text)
        if text:
            body.append(Block(text, block.page, "body", block.starts_paragraph))
    return body, footnotes


def _bare_marker_numbers(body: list[Block], footnotes: dict[str, str]) -> set[str] | None:
    """The footnote numbers that a bare number in the text may refer to, or None when the document
    marks its references as superscripts (PDF, Markdown): then no bare number is a marker.

    Decided for the whole document, not per paragraph: a paragraph of a PDF without a marker of its own
    ("Goals 5 and 10") must keep its numbers.
    """
    marked = any(ch in SUPERSCRIPT_DIGITS for block in body for ch in block.text)
    return None if marked else set(footnotes)


def _find_organ(body: list[Block]) -> tuple[int | None, str | None]:
    for i, block in enumerate(body):
        if (organ := organ_of(block.text)) and len(block.text) < 60:
            return i, organ
    return None, None


def _until_closing(blocks: list[Block]) -> list[Block]:
    """The blocks up to the closing lines ("34th meeting 8 July 2025", "[Adopted without a vote.]"), unless
    an organ line further down starts another part; what follows the closing is no paragraph."""
    first = next((i for i, b in enumerate(blocks) if is_closing_line(b.text)), None)
    if first is None or any(organ_of(b.text) for b in blocks[first:]):
        return blocks
    last = next((i for i in range(first, len(blocks)) if not is_closing_line(blocks[i].text)), len(blocks))
    return blocks[:last]


def _leading_heading(body: list[Block]) -> list[Block]:
    """Without an organ line, the heading runs up to the first block that opens a paragraph."""
    for i, block in enumerate(body):
        text = re.sub(r"^(?:Therefore,?\s+)?(?:the Security Council\s+)?", "", block.text, flags=re.I)
        if i > 0 and (starts_paragraph_text(text) or _NUMBERED_RE.match(block.text)):
            return body[:i]
    return body[:1]


def _drop_running_headers(blocks: list[Block], heading: Heading) -> list[Block]:
    """Remove running headers (the symbol, alone or followed by the title) and closing lines."""
    headers = {heading.symbol or "", f"{heading.symbol} {heading.title}"}
    compact = {h.replace(" ", "") for h in headers}
    return [
        b
        for b in blocks
        if b.text.replace(" ", "") not in compact
        and not is_closing_line(b.text)
        and not (organ_of(b.text) and len(b.text) < 60)
    ]


def _rejoin(blocks: list[Block], numbers: set[str] | None) -> list[_Piece]:
    """Merge blocks that continue a paragraph across a page break (layout hint, else text evidence);
    stop at an annex heading that starts a piece."""
    pieces: list[_Piece] = []
    for block in blocks:
        if _PART_RE.match(block.text):
            continue
        if pieces and _continues(pieces[-1].text, block, numbers):
            last = pieces[-1]
            last.text = join_fragments(last.text, block.text)
            if block.page is not None and block.page not in last.pages:
                last.pages.append(block.page)
        elif _is_annex_heading(block, numbers):
            break
        else:
            pages = [block.page] if block.page is not None else []
            pieces.append(_Piece(block.text, pages, block.starts_paragraph is not None))
    return pieces


def _is_annex_heading(block: Block, numbers: set[str] | None) -> bool:
    """ "Annex A – Items subject to a no-objection process¹", "ANNEX": what follows is no paragraph."""
    text = strip_footnote_markers(block.text, numbers)[0]
    return bool(_ANNEX_RE.match(text)) and is_section_heading(text, block.starts_paragraph is not None)


def _continues(previous: str, block: Block, numbers: set[str] | None) -> bool:
    if block.starts_paragraph is not None:
        return not block.starts_paragraph
    text = block.text
    if _NUMBERED_RE.match(text) or _SUB_RE.match(text) or _OPERATIVE_RE.match(text):
        return False
    clean_previous = strip_footnote_markers(previous, numbers)[0]
    if is_section_heading(clean_previous) and starts_paragraph_text(text):
        return False
    return text[:1].islower() or not ends_sentence_or_clause(clean_previous)


def _classify(pieces: list[_Piece], footnotes: dict[str, str], numbers: set[str] | None) -> list[Paragraph]:
    """Number the pieces as PP/OP paragraphs, folding sub-paragraphs into their parent.

    Unnumbered pieces before any operative paragraph are preambular when they open like one, else
    unnumbered operative paragraphs (OP1, OP2, ...). After a numbered operative paragraph, an
    unnumbered piece continues it, unless it is the preamble of a new part ("Noting ...,"). A piece
    opening with a quotation mark (a quoted rule or article) stays in the paragraph that quotes it.
    Printed numbers that repeat (parts A, B restarting at 1.) continue the count instead. The
    printed number ("26. ") leaves the text: the paragraph id carries it. Section headings are
    dropped. ``numbers``: see ``_bare_marker_numbers``.
    """
    paragraphs: list[Paragraph] = []
    printed: set[str] = set()
    pp_count = op_max = 0
    used_op: set[int] = set()
    for piece in pieces:
        text, markers = strip_footnote_markers(piece.text, numbers)
        if not text or is_section_heading(text, piece.laid_out):
            continue
        numbered = _NUMBERED_RE.match(text)
        last = paragraphs[-1] if paragraphs else None
        preambular = looks_preambular(text) and (not used_op or text.endswith(","))
        if (
            last is not None
            and not numbered
            and (_SUB_RE.match(text) or text[:1] in _QUOTES or (last.id in printed and not preambular))
        ):
            _append(last, text, markers, piece.pages, footnotes)
            continue
        if preambular and not numbered:
            pp_count += 1
            paragraph = Paragraph(f"PP{pp_count}", "preambular", pp_count, "")
        else:
            number = int(numbered.group(1)) if numbered else 0
            number = number if number and number not in used_op else op_max + 1
            used_op.add(number)
            op_max = max(op_max, number)
            paragraph = Paragraph(f"OP{number}", "operative", number, "")
            if numbered:
                printed.add(paragraph.id)
        paragraphs.append(paragraph)
        _append(paragraph, text[numbered.end() :] if numbered else text, markers, piece.pages, footnotes)
    return paragraphs


def _append(
    paragraph: Paragraph, text: str, markers: list[str], pages: list[int], footnotes: dict[str, str]
) -> None:
    if sub := _SUB_RE.match(text):
        paragraph.subparagraphs.append(SubParagraph(_sub_label(paragraph, sub.group(1)), text))
    paragraph.text = join_fragments(paragraph.text, text)
    for page in pages:
        if page not in paragraph.pages:
            paragraph.pages.append(page)
    known = {f.number for f in paragraph.footnotes}
    for marker in markers:
        if marker in footnotes and marker not in known:
            paragraph.footnotes.append(Footnote(marker, footnotes[marker]))
            known.add(marker)


def _sub_label(paragraph: Paragraph, label: str) -> str:
    """``(ii)`` under ``(a)`` -> ``(a)(ii)``; ``(i)`` after ``(h)`` is a letter."""
    previous = paragraph.subparagraphs[-1].label if paragraph.subparagraphs else ""
    letters = re.findall(r"\(([^)]+)\)", previous)
    parent = letters[0] if letters else ""
    in_roman = len(letters) == 2
    is_roman = bool(_ROMAN_RE.match(label)) and (
        in_roman or (label == "i" and parent not in {"", "h"}) or (label != "i" and not parent)
    )
    if label.isdigit() or not is_roman or (len(label) == 1 and label != "i" and not in_roman):
        return f"({label})"
    return f"({parent})({label})" if parent and not _ROMAN_RE.match(parent) else f"({label})"
