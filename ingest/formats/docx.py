"""DOCX -> Blocks, with python-docx.

Each Word paragraph is a block (``starts_paragraph=True``); an explicit or rendered page break inside
one splits it into a continuation block (``starts_paragraph=False``) on the next page. Automatic list
numbers ("1.", "(a)") are computed from word/numbering.xml and put in front of the text, as printed.
Footnote references (``w:footnoteReference``) become superscript markers numbered in order of first
appearance, as Word displays them; their texts come from word/footnotes.xml, which python-docx
reads but does not expose, so the part is parsed here.

A DOCX is a ZIP archive, and a small one can unpack to gigabytes (a zip bomb). python-docx inflates each
part in one call, so it is never given the file: the zip directory is checked against the limits first
(``ingest.limits``: nothing is inflated), then every part is inflated a chunk at a time into an
uncompressed copy in memory, counting what comes out (the directory can lie), and python-docx reads that.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from lxml import etree

from ingest.limits import DEFAULT_LIMITS, MB, Limits, figure, megabytes, over_limit
from ingest.model import Block, OverLimit, UnreadableFile
from ingest.text import SUPERSCRIPT_DIGITS, squash_spaces

_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l")]
_ROMAN += [(40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_CHUNK = 1 << 16  # bytes inflated at a time: what one read can cost, whatever the archive declares
# Parts at most this big are spared the ratio check: a small part of repeated markup compresses well and
# can do no harm (Apache POI spares 100 KB).
RATIO_GRACE = 1 * MB
_ENCRYPTED = 0x1  # general purpose flag bit of an encrypted ZIP entry


def read_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Block]:
    """The body and footnote blocks of a DOCX file; ``UnreadableFile`` when it is damaged, ``OverLimit``
    when its parts unpack beyond ``limits`` (checked before any XML is parsed)."""
    package = _unpacked(path, limits)
    try:
        document = docx.Document(package)
        footnote_texts = _footnote_texts(document)
        reader = _BodyReader(_numbering_levels(document), _style_numbering(document))
        for paragraph in document.element.body.iter(qn("w:p")):
            reader.read_paragraph(paragraph)  # a list level that is no number ("x") is a ValueError
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise UnreadableFile(str(path), f"damaged DOCX file ({exc}); re-save it from Word") from exc
    notes = [
        Block(
            f"{reader.footnote_numbers[fid].translate(_TO_SUPERSCRIPT)} {footnote_texts[fid]}",
            kind="footnote",
        )
        for fid in reader.footnote_numbers
        if fid in footnote_texts
    ]
    return reader.blocks + notes


def _unpacked(path: Path, limits: Limits) -> io.BytesIO:
    """The DOCX as an uncompressed ZIP archive in memory, once its parts are found within ``limits``."""
    budget = limits.max_unzipped_mb * MB
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(path) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as unpacked:
            members = archive.infolist()
            _check_directory(path, members, limits)
            for info in members:
                budget -= _copy_part(archive, info, unpacked, budget)
                if budget < 0:
                    raise _over_unzipped(path, "more than their zip directory declares", limits)
    except OSError as exc:
        raise UnreadableFile(str(path), f"cannot read the file: {exc.strerror or exc}") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise UnreadableFile(str(path), f"damaged DOCX file ({exc}); re-save it from Word") from exc
    out.seek(0)
    return out


def _check_directory(path: Path, members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse from the zip directory alone: parts declared to unpack beyond ``max_unzipped_mb`` or, over
    ``RATIO_GRACE``, to more than ``max_zip_ratio`` times their packed size; encrypted parts; parts packed by
    a method Word never uses (bzip2 and LZMA cannot be inflated in bounded chunks)."""
    total = sum(info.file_size for info in members)
    if total > limits.max_unzipped_mb * MB:
        raise _over_unzipped(path, megabytes(total), limits)
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_GRACE and ratio > limits.max_zip_ratio:
            measured = f"its part {info.filename} is compressed {figure(round(ratio))}:1 (a zip bomb?)"
            raise over_limit(path, measured, f"{figure(limits.max_zip_ratio)}:1", "max_zip_ratio")
        if info.flag_bits & _ENCRYPTED:
            raise UnreadableFile(str(path), "encrypted: remove the password protection first")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            method = f"compression method {info.compress_type}"
            raise UnreadableFile(str(path), f"{info.filename} is packed with {method}, which Word never uses")


def _over_unzipped(path: Path, measured: str, limits: Limits) -> OverLimit:
    limit = f"{figure(limits.max_unzipped_mb)} MB"
    return over_limit(path, f"its parts unpack to {measured}", limit, "max_unzipped_mb")


def _copy_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, unpacked: zipfile.ZipFile, budget: float
) -> int:
    """Inflate one part into ``unpacked`` a chunk at a time; how many bytes came out, stopping past
    ``budget``."""
    size = 0
    with archive.open(info) as source, unpacked.open(info.filename, "w", force_zip64=True) as target:
        while size <= budget and (chunk := source.read(_CHUNK)):
            target.write(chunk)
            size += len(chunk)
    return size


def _footnote_texts(document: docx.document.Document) -> dict[str, str]:
    """Footnote id -> its text, from word/footnotes.xml (separators excluded)."""
    for rel in document.part.rels.values():
        if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            return {
                note.get(qn("w:id")): squash_spaces("".join(note.itertext()))
                for note in root.iter(qn("w:footnote"))
                if note.get(qn("w:type")) in (None, "normal")
            }
    return {}


def _style_numbering(document: docx.document.Document) -> dict[str, etree._Element]:
    """styleId -> the ``w:numPr`` a paragraph style applies (Word's "List Number" numbers this way)."""
    numbered = {}
    for style in document.styles.element.iter(qn("w:style")):
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            numbered[style.get(qn("w:styleId"))] = num_pr
    return numbered


@dataclass(frozen=True)
class _Level:
    fmt: str  # decimal, lowerLetter, lowerRoman, upperLetter, upperRoman, bullet
    text: str  # "%1.", "(%2)"
    start: int


def _numbering_levels(document: docx.document.Document) -> dict[str, dict[int, _Level]]:
    """numId -> {ilvl -> level format} from word/numbering.xml."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract: dict[str, dict[int, _Level]] = {}
    for node in numbering.iter(qn("w:abstractNum")):
        levels = {}
        for lvl in node.iter(qn("w:lvl")):
            levels[int(lvl.get(qn("w:ilvl")))] = _Level(
                _val(lvl, "w:numFmt") or "decimal",
                _val(lvl, "w:lvlText") or "",
                int(_val(lvl, "w:start") or 1),
            )
        abstract[node.get(qn("w:abstractNumId"))] = levels
    return {
        num.get(qn("w:numId")): abstract.get(_val(num, "w:abstractNumId") or "", {})
        for num in numbering.iter(qn("w:num"))
    }


def _val(element: etree._Element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = ""
        for amount, digits in _ROMAN:
            count, value = divmod(value, amount)
            roman += digits * count
        return roman if fmt == "lowerRoman" else roman.upper()
    return str(value)


@dataclass
class _BodyReader:
    levels: dict[str, dict[int, _Level]]
    style_numbering: dict[str, etree._Element]
    blocks: list[Block] = field(default_factory=list)
    footnote_numbers: dict[str, str] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    page: int = 1

    def read_paragraph(self, paragraph: etree._Element) -> None:
        parts: list[str] = [self._list_label(paragraph)]
        starts = True
        for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:footnoteReference"),
                                   qn("w:lastRenderedPageBreak")):  # fmt: skip
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
            elif node.tag == qn("w:footnoteReference"):
                fid = node.get(qn("w:id"))
                number = self.footnote_numbers.setdefault(fid, str(len(self.footnote_numbers) + 1))
                if parts[-1].endswith(tuple(SUPERSCRIPT_DIGITS)):  # keep ³ ⁴ apart from footnote 34
                    parts.append(" ")
                parts.append(number.translate(_TO_SUPERSCRIPT))
            elif node.tag == qn("w:lastRenderedPageBreak") or node.get(qn("w:type")) == "page":
                starts = self._emit(parts, starts)
                parts = []
                self.page += 1
            else:
                parts.append(" ")
        self._emit(parts, starts)

    def _emit(self, parts: list[str], starts: bool) -> bool:
        """Add the collected text as a block; return whether the next piece starts a paragraph."""
        text = squash_spaces("".join(parts))
        if not text:
            return starts
        self.blocks.append(Block(text, self.page, "body", starts))
        return False

    def _list_label(self, paragraph: etree._Element) -> str:
        properties = paragraph.find(qn("w:pPr"))
        if properties is None:
            return ""
        num_pr = properties.find(qn("w:numPr"))
        if num_pr is None:
            num_pr = self.style_numbering.get(_val(properties, "w:pStyle") or "")
        if num_pr is None:
            return ""
        num_id, ilvl = _val(num_pr, "w:numId") or "", int(_val(num_pr, "w:ilvl") or 0)
        levels = self.levels.get(num_id, {})
        if ilvl not in levels or levels[ilvl].fmt in ("bullet", "none"):
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        label = levels[ilvl].text
        for level, level_format in levels.items():
            value = counts.get(level, level_format.start)
            label = label.replace(f"%{level + 1}", _format_number(value, level_format.fmt))
        return label + " "
