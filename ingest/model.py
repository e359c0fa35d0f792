"""The parsed shape of a resolution: a Document holding its Paragraphs.

Format readers (``ingest.formats``) turn a file into ``Block``s; ``ingest.structure`` turns blocks
into a ``Document``. Everything downstream (store, assistant, eval, ui) speaks these types.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Literal

ParagraphKind = Literal["preambular", "operative", "annex"]
BlockKind = Literal["body", "footnote"]


class UnqaError(Exception):
    """An error a user can act on; its message says what to do. The CLI prints it without a traceback."""


class IngestError(UnqaError):
    """A file could not be turned into a resolution; ``reason`` says why in words a user can act on."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnreadableFile(IngestError):
    """The file is missing, damaged, encrypted or of an unsupported format."""


class OverLimit(UnreadableFile):
    """The file is over one of the ingest limits (``ingest.limits``); the reason names the limit, the measured
    value and the environment variable that raises it."""


class NotAResolution(IngestError):
    """The file was read but holds no recognisable UN resolution."""


@dataclass(frozen=True)
class Block:
    """One physical chunk of text as a reader found it, before the UN structure is known.

    ``text``: the chunk with its line wraps joined by single spaces. Footnote reference markers are
    kept in the text as Unicode superscript digits (``¹²``) or, for old Security Council texts, as
    ``1/``; ``ingest.structure`` strips and resolves them.
    ``kind``: ``"footnote"`` for the text of a footnote (it starts with its number), else ``"body"``.
    ``starts_paragraph``: what the layout says: ``True`` a new paragraph starts here (indentation),
    ``False`` this continues the previous body block (after a page break), ``None`` unknown.
    """

    text: str
    page: int | None = None
    kind: BlockKind = "body"
    starts_paragraph: bool | None = None


@dataclass
class Footnote:
    number: str
    text: str


def footnotes_from_json(value: str | None) -> list[Footnote]:
    """Footnotes as a store record keeps them (a JSON list of {number, text}); none when absent."""
    return [Footnote(**f) for f in json.loads(value or "[]")]


@dataclass
class SubParagraph:
    """A lettered or roman sub-paragraph, addressable as ``OP70(a)`` or ``OP12(b)(ii)``."""

    label: str  # "(a)" or "(b)(ii)"
    text: str


@dataclass
class Paragraph:
    """One paragraph as the page shows it. ``id`` follows the grammar of ``ingest.ids``: ``PP19``, ``OP26``,
    ``B OP1`` (part B), ``Annex Rule 41``; ``kind`` is ``annex`` for the items of an annex or of an
    instrument set out in the text ("Article 5"); ``number`` the printed (operative, annex) or counted
    (preambular) number."""

    id: str
    kind: ParagraphKind
    number: int
    text: str
    footnotes: list[Footnote] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    subparagraphs: list[SubParagraph] = field(default_factory=list)
    part: str = ""  # "B", "II": the part whose numbering this paragraph follows; "" when none
    annex: str | None = None  # None outside an annex; "" in the only annex; "A", "II" in a named one


@dataclass(frozen=True)
class ParseIssue:
    """Something in a document that looks wrong, found while parsing or by the audit (``ingest.audit``).

    ``check`` names the finding class (``numbering-gap``, ``numbering-repeat``, ``missing-footnote``, ...);
    ``paragraph`` the id it concerns ("" for the document); ``page`` where it is printed, when known;
    ``text`` the start of the text concerned."""

    check: str
    message: str
    paragraph: str = ""
    page: int | None = None
    text: str = ""


@dataclass
class Document:
    symbol: str  # "A/RES/80/118", "S/RES/2768 (2025)"
    title: str | None
    organ: str | None  # "General Assembly", "Security Council", "Human Rights Council"
    date: str | None  # adoption date, ISO 8601 (YYYY-MM-DD)
    year: int | None = None
    session: str | None = None  # "Eightieth session", "Fifty-ninth session"
    agenda_item: str | None = None  # "15" or "15 (a)"
    adopted_on: str | None = None  # "Second Committee (A/80/555, para. 7)"
    meeting: str | None = None  # "9836th meeting"
    vote: str | None = None  # "13 votes to none, with 2 abstentions (...)", "unanimously", "without a vote"
    language: str = "en"
    source: str | None = None  # path or URL of the file it came from
    paragraphs: list[Paragraph] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)  # what the parser found irregular

    def paragraph(self, paragraph_id: str) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.id == paragraph_id), None)

    @property
    def url(self) -> str:
        return document_url(self.symbol)

    def to_json(self) -> dict:
        """The stable JSON shape printed by ``unqa parse --json``."""
        data = asdict(self)
        data["url"] = self.url
        return data


def document_url(symbol: str) -> str:
    """The UN's own link for a symbol: ``https://docs.un.org/en/A/RES/80/118``."""
    return "https://docs.un.org/en/" + symbol.replace(" ", "")
