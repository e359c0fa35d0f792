"""Blocks -> Document: the format-independent UN structure of a resolution. Pure: no I/O.

The grammar, wherever a layout of the last eighty years puts its pieces:

- the **heading** is everything before the organ line ("The Security Council,"): masthead, symbol, title,
  session, agenda item and, in many Security Council texts, the adoption line ("Adopted by the Security
  Council at its 3106th meeting, on 13 August 1992"); without an organ line, everything before the first
  paragraph. It gives the metadata (``ingest.heading``);
- the **closing** lines ("Adopted at the 942nd meeting by 9 votes ...", "64th plenary meeting") end the
  text; after them only an annex or another part goes on;
- **parts** ("A", "B" or "I", "II" alone on a line, often each with its own organ line) whose operative
  numbering restarts (or that hold only unnumbered paragraphs) qualify their paragraphs' ids ("B OP1");
  markers that the numbering runs across are section headings;
- in a part, **printed numbers are ground truth**: "3. Decides" is OP3 whatever came before it; every
  unnumbered paragraph before the first numbered one is preambular (PP1, PP2, ... counted) whatever its
  first word; after it, an unnumbered piece continues the paragraph before it. Only a part without any
  numbered paragraph is read by the form of its openings (``ingest.grammar.opening``): preambular ones,
  then unnumbered operative ones (OP1, OP2, ...). Gaps, repeats and numbers out of order are reported as
  ``ParseIssue``s, never renumbered; a repeated number gets "bis", "ter", ... to stay citable;
- **annexes** ("ANNEX", "Annex A – Items ...") and **headed items** ("Rule 41", "Article 5") hold items of
  their own: ``Annex para 1`` (numbered), ``Annex item 2`` (unnumbered), ``Annex Rule 41``, ``Article 5``
  (an instrument set out in the operative text); numbered points inside a headed item are its
  sub-paragraphs ``Article 5(1)``.

Throughout, sub-paragraphs ``(a)``/``(i)`` stay inside their paragraph and are listed; paragraphs cut by a
page break and a block of footnotes are rejoined; footnote markers are resolved into ``Footnote``s (an
unresolved marker is reported); section headings between paragraphs are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.grammar import (
    QUOTES,
    SUB_RE,
    annex_heading,
    headed_item,
    is_section_heading,
    looks_preambular,
    opening,
    part_marker,
    printed_number,
    starts_paragraph_text,
)
from ingest.heading import Heading, is_adoption_line, is_closing_line, organ_of, parse_heading
from ingest.ids import (
    SUFFIXES,
    organ_of_symbol,
    paragraph_id,
    parse_paragraph_id,
    roman_value,
    symbol_from_filename,
)
from ingest.model import Block, Document, Footnote, NotAResolution, Paragraph, ParseIssue, SubParagraph
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

_ROMAN_RE = re.compile(r"^[ivxlc]+$")
_FOOTNOTE_RE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,3}/?|\*{1,3})\.?\s*(?=\S)")
_ORGAN_LINE_MAX = 60  # characters: an organ line is short ("The Security Council,")
_ISSUE_TEXT = 80  # characters of a paragraph quoted in a ParseIssue


@dataclass
class _Piece:
    """A paragraph's text as collected from one or more blocks; ``laid_out`` when the blocks carry the
    reader's layout hints (``Block.starts_paragraph``), so that the piece is known to be whole."""

    text: str
    pages: list[int] = field(default_factory=list)
    laid_out: bool = False


@dataclass
class _Region:
    """A run of the text with one numbering: the resolution, one of its parts, or an annex."""

    part: str = ""
    annex: str | None = None
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # footnote markers on the region's heading


def build_document(blocks: list[Block], source: str) -> Document:
    """Turn a reader's blocks into a Document; ``NotAResolution`` when there is no resolution in them."""
    body, footnotes = _split_kinds(blocks)
    organ_index, organ = _find_organ(body)
    heading_blocks = body[:organ_index] if organ_index is not None else _leading_heading(body)
    rest = body[organ_index + 1 :] if organ_index is not None else body[len(heading_blocks) :]
    first_part = ""
    if heading_blocks and (marker := part_marker(heading_blocks[-1].text)):  # "A" above the organ line
        first_part, heading_blocks = marker, heading_blocks[:-1]
    closing = [b.text for b in rest if is_closing_line(b.text)]
    heading = parse_heading([b.text for b in heading_blocks], organ, closing, footnotes)
    numbers = _bare_marker_numbers(body, footnotes)
    regions = _parts_or_sections(_regions(_drop_running_headers(rest, heading), first_part, numbers))
    builder = _Builder(footnotes, numbers)
    for region in regions:
        builder.region(region, _rejoin(region.blocks, numbers))
    paragraphs = builder.paragraphs
    numbered = any(printed_number(b.text) for b in rest)
    if organ is None and not numbered and heading.symbol is None:
        raise NotAResolution(
            source,
            "not a UN resolution: looked for an organ line ('The General Assembly,', 'The Security "
            "Council,') before the paragraphs, a resolution number in the first lines ('Resolution 770 "
            "(1992)', '80/118.') and numbered paragraphs ('1. Decides ...'), and found none of them",
        )
    if not paragraphs:
        where = f"after the organ line '{organ}'" if organ else "after the heading"
        raise NotAResolution(
            source,
            f"not a UN resolution: no paragraph {where} (looked for preambular paragraphs ending with a "
            "comma and operative ones, numbered '1. ...' or opening with a verb such as 'Decides')",
        )
    if not any(p.kind in ("operative", "annex") for p in paragraphs):
        builder.issues.append(
            ParseIssue("no-operative", "no operative paragraph found: the text may be cut short")
        )
    # A file name that spells a full symbol wins over the printed heading: old texts carry OCR typos in
    # their headings (S/RES/542 (1983) prints "538", S/RES/434 (1978) prints "(1973)").
    symbol = symbol_from_filename(Path(source).name) or heading.symbol
    if symbol is None:
        raise NotAResolution(source, "no resolution symbol or number in the heading or the file name")
    organ = heading.organ or organ_of_symbol(symbol)
    return _document(replace(heading, symbol=symbol, organ=organ), paragraphs, builder.issues, source)


def _document(
    heading: Heading, paragraphs: list[Paragraph], issues: list[ParseIssue], source: str
) -> Document:
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
        issues=issues,
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
        # furniture first: Markdown would read the barcode "*2500616*" as emphasis and keep "2500616"
        text = squash_spaces(strip_markdown(remove_inline_furniture(block.text)))
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


def _is_organ_line(text: str) -> bool:
    return bool(organ_of(text)) and len(text) < _ORGAN_LINE_MAX


def _find_organ(body: list[Block]) -> tuple[int | None, str | None]:
    for i, block in enumerate(body):
        if _is_organ_line(block.text):
            return i, organ_of(block.text)
    return None, None


def _leading_heading(body: list[Block]) -> list[Block]:
    """Without an organ line, the heading runs up to the first block that opens or ends like a paragraph
    (adoption lines, which may end with a comma, stay in the heading)."""
    for i, block in enumerate(body):
        text = re.sub(r"^(?:Therefore,?\s+)?(?:the Security Council\s+)?", "", block.text, flags=re.I)
        paragraph_like = (
            starts_paragraph_text(text)
            or printed_number(block.text)
            or (ends_sentence_or_clause(block.text) and not is_adoption_line(block.text))
        )
        if i > 0 and paragraph_like:
            return body[:i]
    return body[:1]


def _drop_running_headers(blocks: list[Block], heading: Heading) -> list[Block]:
    """Remove running headers: the symbol, alone or followed by the title."""
    compact = {h.replace(" ", "") for h in (heading.symbol or "", f"{heading.symbol} {heading.title}")}
    return [b for b in blocks if b.text.replace(" ", "") not in compact]


def _regions(blocks: list[Block], first_part: str, numbers: set[str] | None) -> list[_Region]:
    """Cut the text after the organ line at part markers and annex headings; leave out closing lines, a
    part's own organ line, and whatever follows the closing lines until an annex or another part."""
    regions = [_Region(part=first_part)]
    closed = False
    for block in blocks:
        text = block.text
        if is_closing_line(text):
            closed = True
            continue
        clean, notes = strip_footnote_markers(text, numbers)
        annex, marker = annex_heading(clean), part_marker(clean)
        if annex is not None:
            regions.append(_Region(annex=annex, notes=notes))
        elif marker:  # "B" in the resolution, "Part I" inside an annex
            regions.append(_Region(part=marker, annex=regions[-1].annex, notes=notes))
        elif _is_organ_line(text):
            pass  # a part's own organ line
        elif not closed:
            regions[-1].blocks.append(block)
            continue
        else:
            continue
        closed = False
    return [r for r in regions if r.blocks]


def _parts_or_sections(regions: list[_Region]) -> list[_Region]:
    """Within the resolution and within each annex: part markers whose regions restart the numbering, or
    hold no numbered paragraph at all, are parts; markers the numbering runs across are section headings
    and their regions are merged (one region left keeps no part)."""
    result: list[_Region] = []
    for annex in dict.fromkeys(r.annex for r in regions):
        group = [r for r in regions if r.annex == annex]
        printed = [[n[0] for b in r.blocks if (n := printed_number(b.text))] for r in group]
        highest, restarts = 0, False
        for numbers in printed:
            restarts = restarts or bool(numbers and highest and numbers[0] <= highest)
            highest = max([highest, *numbers])
        if len(group) > 1 and (restarts or not highest):
            result += group
        else:
            notes = [n for r in group for n in r.notes]
            result.append(_Region(annex=annex, blocks=[b for r in group for b in r.blocks], notes=notes))
    return result


def _rejoin(blocks: list[Block], numbers: set[str] | None) -> list[_Piece]:
    """Merge blocks that continue a paragraph across a page break (layout hint, else text evidence); a
    headed item's heading ("Rule 41") is a piece of its own."""
    pieces: list[_Piece] = []
    for block in blocks:
        heading = headed_item(block.text) is not None
        if pieces and not heading and _continues(pieces[-1].text, block, numbers):
            last = pieces[-1]
            last.text = join_fragments(last.text, block.text)
            if block.page is not None and block.page not in last.pages:
                last.pages.append(block.page)
        else:
            pages = [block.page] if block.page is not None else []
            pieces.append(_Piece(block.text, pages, block.starts_paragraph is not None or heading))
    return pieces


def _continues(previous: str, block: Block, numbers: set[str] | None) -> bool:
    if block.starts_paragraph is not None:
        return not block.starts_paragraph
    text = block.text
    if printed_number(text) or SUB_RE.match(text) or opening(text) == "operative" or headed_item(previous):
        return False
    clean_previous = strip_footnote_markers(previous, numbers)[0]
    if is_section_heading(clean_previous) and starts_paragraph_text(text):
        return False
    return text[:1].islower() or not ends_sentence_or_clause(clean_previous)


class _Builder:
    """Numbers the pieces of each region as paragraphs and collects what looks irregular."""

    def __init__(self, footnotes: dict[str, str], numbers: set[str] | None) -> None:
        self.footnotes = footnotes
        self.numbers = numbers
        self.paragraphs: list[Paragraph] = []
        self.issues: list[ParseIssue] = []
        self._taken: dict[tuple[str, str | None], set[str]] = {}  # ids given, per (part, annex)

    def region(self, region: _Region, pieces: list[_Piece]) -> None:
        """Classify one region's pieces (see the module docstring)."""
        start = len(self.paragraphs)
        cleaned = [(piece, *strip_footnote_markers(piece.text, self.numbers)) for piece in pieces]
        if cleaned:  # a footnote on the region's heading ("Annex A – Items ...¹") goes with its first piece
            first, text, markers = cleaned[0]
            cleaned[0] = (first, text, region.notes + markers)
        body_end = next((i for i, (_, text, _) in enumerate(cleaned) if headed_item(text)), len(cleaned))
        numbered = any(printed_number(text) for _, text, _ in cleaned[:body_end])
        instrument = region.annex is not None
        printed: list[Paragraph] = []
        # counted ids go on from a part printed twice ("A" ... "A"), never repeating one already given
        same = [p for p in self.paragraphs if (p.part, p.annex) == (region.part, region.annex)]
        counters = {
            k: max((p.number for p in same if _core_kind(p) == k), default=0) for k in ("PP", "OP", "item")
        }
        list_open = False  # the paragraph before sets out a list or a text after a colon
        last_number = 0  # the last number printed in this region
        for index, (piece, text, markers) in enumerate(cleaned):
            if not text:
                continue
            instrument = instrument or index >= body_end
            last = self.paragraphs[-1] if len(self.paragraphs) > start else None
            if item := headed_item(text):
                word, number, rest = item
                self._numbered(region, "annex", word, (number, 0), rest, piece, markers)  # a repeat: bis
                continue
            if is_section_heading(text, piece.laid_out or region.annex is not None):
                continue
            number_match = printed_number(text, last_number)
            last_number = number_match[0] if number_match else last_number
            continued = last is not None and _continues_paragraph(
                last, text, number_match, numbered, list_open
            )
            list_open = text.rstrip().endswith(":") or (continued and list_open)
            if last is not None and continued:
                self._append(last, text, markers, piece.pages, numbered_point=number_match)
                continue
            if instrument and number_match:
                printed += self._numbered(region, "annex", "para", number_match, text, piece, markers)
            elif instrument:
                counters["item"] += 1
                self._new(region, "annex", "item", counters["item"], piece, text, markers)
            elif number_match:
                printed += self._numbered(region, "operative", "OP", number_match, text, piece, markers)
            elif numbered or _preambular_here(text, self.paragraphs[start:]):
                counters["PP"] += 1
                self._new(region, "preambular", "PP", counters["PP"], piece, text, markers)
            else:
                counters["OP"] += 1
                self._new(region, "operative", "OP", counters["OP"], piece, text, markers)
        self._check_numbering(printed)
        for paragraph in self.paragraphs[start:]:
            _repair_sub_labels(paragraph)

    def _numbered(
        self,
        region: _Region,
        kind: str,
        word: str,
        match: tuple[int, int],
        text: str,
        piece: _Piece,
        markers: list[str],
    ) -> list[Paragraph]:
        """A paragraph with a printed number; returned when the number is new in its part or annex."""
        number, start = match
        taken = self._taken.get((region.part, region.annex), set())
        suffixes = ("", *SUFFIXES)
        free = [s for s in suffixes if _id(region, word, number, s) not in taken]
        if not free:  # more repeats than the UN has words for: keep the text with the paragraph before
            self._issue("numbering-repeat", f"printed number {number} repeats too often", piece, text)
            if self.paragraphs:
                self._append(self.paragraphs[-1], text, markers, piece.pages)
            return []
        self._new(region, kind, word, number, piece, text[start:], markers, suffix=free[0])
        if free[0]:
            stored = self.paragraphs[-1].id
            message = f"printed number {number} appears again; stored as {stored}"
            self._issue("numbering-repeat", message, piece, text, stored)
        return [] if free[0] else [self.paragraphs[-1]]

    def _new(
        self,
        region: _Region,
        kind: str,
        word: str,
        number: int,
        piece: _Piece,
        text: str,
        markers: list[str],
        suffix: str = "",
    ) -> None:
        paragraph = Paragraph(
            _id(region, word, number, suffix),
            kind,  # type: ignore[arg-type]
            number,
            "",
            part=region.part,
            annex=region.annex,
        )
        self.paragraphs.append(paragraph)
        self._taken.setdefault((region.part, region.annex), set()).add(paragraph.id)
        self._append(paragraph, text, markers, piece.pages)

    def _append(
        self,
        paragraph: Paragraph,
        text: str,
        markers: list[str],
        pages: list[int],
        numbered_point: tuple[int, int] | None = None,
    ) -> None:
        if numbered_point and paragraph.kind == "annex":  # "1. To establish ..." inside "Article 5"
            paragraph.subparagraphs.append(SubParagraph(f"({numbered_point[0]})", text))
        elif sub := SUB_RE.match(text):
            paragraph.subparagraphs.append(SubParagraph(_sub_label(paragraph, sub.group(1)), text))
        paragraph.text = join_fragments(paragraph.text, text)
        for page in pages:
            if page not in paragraph.pages:
                paragraph.pages.append(page)
        known = {f.number for f in paragraph.footnotes}
        for marker in markers:
            if marker in known:
                continue
            if marker in self.footnotes:
                paragraph.footnotes.append(Footnote(marker, self.footnotes[marker]))
                known.add(marker)
            else:
                self.issues.append(
                    ParseIssue(
                        "missing-footnote",
                        f"footnote marker {marker} has no footnote text",
                        paragraph.id,
                        pages[0] if pages else None,
                        text[:_ISSUE_TEXT],
                    )
                )

    def _issue(self, check: str, message: str, piece: _Piece, text: str, paragraph: str = "") -> None:
        page = piece.pages[0] if piece.pages else None
        self.issues.append(ParseIssue(check, message, paragraph, page, text[:_ISSUE_TEXT]))

    def _check_numbering(self, printed: list[Paragraph]) -> None:
        """Printed numbers should run 1, 2, 3 ... within a part or annex: report gaps and numbers out of
        order (repeats are reported where they are stored)."""
        expected = 1
        for paragraph in printed:
            if paragraph.number != expected:
                if paragraph.number > expected:
                    gap = (
                        f"{expected}"
                        if paragraph.number == expected + 1
                        else f"{expected}-{paragraph.number - 1}"
                    )
                    check, message = "numbering-gap", f"no paragraph {gap} is printed before {paragraph.id}"
                else:
                    check, message = (
                        "numbering-order",
                        f"{paragraph.id} is printed after number {expected - 1}",
                    )
                page = paragraph.pages[0] if paragraph.pages else None
                self.issues.append(
                    ParseIssue(check, message, paragraph.id, page, paragraph.text[:_ISSUE_TEXT])
                )
            expected = max(expected, paragraph.number + 1)


def _id(region: _Region, word: str, number: int, suffix: str = "") -> str:
    return paragraph_id(word, number, part=region.part, annex=region.annex, suffix=suffix)


def _continues_paragraph(
    last: Paragraph, text: str, number_match: tuple[int, int] | None, numbered: bool, list_open: bool
) -> bool:
    """Does this piece belong to the paragraph before it rather than start one?

    Inside a headed item ("Article 5") everything up to the next heading belongs to it; a sub-paragraph
    or a quoted text stays in its paragraph; in a numbered part or annex, an unnumbered piece after a
    numbered paragraph continues it; what a paragraph sets out after a colon ("Resolves: | To defer ...; |
    To request ...", "... as follows: | The Republic of Nauru will ...") belongs to it until a piece opens
    a new paragraph.
    """
    kind = _core_kind(last)
    if kind in ("Rule", "Article"):
        return True
    if number_match:
        return False
    if SUB_RE.match(text) or text[:1] in QUOTES:
        return True
    if numbered:
        return kind in ("OP", "para")
    return list_open and opening(text) is None


def _core_kind(paragraph: Paragraph) -> str:
    """``OP``, ``PP``, ``para``, ``item``, ``Rule`` or ``Article``."""
    ref = parse_paragraph_id(paragraph.id)
    return ref.kind if ref else ""


def _preambular_here(text: str, before: list[Paragraph]) -> bool:
    """In a part without numbered paragraphs: before the first operative paragraph, a paragraph that opens
    like a preambular one or ends with a preamble's comma ("In view of ..., "); after one, a paragraph that
    does both (the preamble of a part without a marker)."""
    if any(p.kind == "operative" for p in before):
        return looks_preambular(text) and text.endswith(",")
    return looks_preambular(text) or (opening(text) is None and text.endswith(","))


def _repair_sub_labels(paragraph: Paragraph) -> None:
    """A digit where the sequence of lettered sub-paragraphs needs a letter is a misread letter: "(a), (6),
    (c)" is (a), (b), (c), and so is a last "(6)" after "(a)" (the scan's usual b); a "(1)" followed by
    "(ii)" is (i). The text keeps what is printed."""
    labels = [s.label for s in paragraph.subparagraphs]
    for i, label in enumerate(labels):
        digit = re.fullmatch(r"\((\d)\)", label)
        if not digit:
            continue
        previous = re.fullmatch(r"\(([a-y])\)", labels[i - 1]) if i else None
        following = labels[i + 1] if i + 1 < len(labels) else ""
        after = chr(ord(previous.group(1)) + 2) if previous else ""
        if previous and (following == f"({after})" or (not following and digit.group(1) == "6")):
            labels[i] = f"({chr(ord(previous.group(1)) + 1)})"
        elif digit.group(1) == "1" and following == "(ii)":
            labels[i] = "(i)"
    for sub, label in zip(paragraph.subparagraphs, labels, strict=True):
        sub.label = label


def _sub_label(paragraph: Paragraph, label: str) -> str:
    """``(ii)`` under ``(a)`` -> ``(a)(ii)``, and under ``(c)`` -> ``(c)(ii)``; ``(i)`` after ``(h)`` is a
    letter, and so is ``(c)`` after ``(b)(ii)`` (the next letter, not the next roman number)."""
    previous = paragraph.subparagraphs[-1].label if paragraph.subparagraphs else ""
    letters = re.findall(r"\(([^)]+)\)", previous)
    parent = letters[0] if letters else ""
    in_roman = len(letters) == 2
    is_roman = bool(_ROMAN_RE.match(label)) and (
        in_roman or (label == "i" and parent not in {"", "h"}) or (label != "i" and not parent)
    )
    if is_roman and in_roman and len(parent) == 1 and label == chr(ord(parent) + 1):
        is_roman = roman_value(label.upper()) == roman_value(letters[1].upper()) + 1  # "(v)" after "(u)(iv)"
    if label.isdigit() or not is_roman or (len(label) == 1 and label != "i" and not in_roman):
        return f"({label})"
    # a one-letter parent is a letter ("(c)"), a longer roman one a point of a top-level roman list
    nested = parent and (len(parent) == 1 or not _ROMAN_RE.match(parent))
    return f"({parent})({label})" if nested else f"({label})"
