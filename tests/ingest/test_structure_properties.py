"""Property tests (hypothesis) of the text reader and the structure parser (``ingest.formats.text`` then
``ingest.structure.build_document``).

Two families of inputs:

- arbitrary text and bytes (control characters, odd Unicode, very long lines, nothing at all, lines of
  resolution structure in random order): the parser returns a Document whose ids are well formed, or
  refuses with one of the project's own ``IngestError``s, never anything else;
- resolutions written from the grammar of the genre (``resolutions()``): a heading in one of several
  layouts with masthead noise, an organ line alone or before the first paragraph, preambular paragraphs
  opening with a participle, operative paragraphs numbered or (in a text without numbers) recognised by
  their verb, lettered sub-paragraphs with roman points, parts that restart the numbering, annexes with
  numbered items, unnumbered items or rules, footnote markers (``1/``, ``¹``, a bare ``28``) with their
  footnotes, section headings, page-break furniture, hard wraps, blank lines or none, stray whitespace.
  Each generated resolution knows the ids, texts, sub-paragraph labels and footnotes a correct parse
  finds, and the parse must find exactly those; with junk lines thrown into its body the ids must still
  be well formed and no operative paragraph may be lost.

The default runs are small and derandomized (reproducible in CI); the ``slow`` variants run ten times as
many examples. ``HYPOTHESIS_PROFILE=fuzz`` runs thousands of random examples per property for a bug hunt.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingest.formats.text import read_text, read_text_file
from ingest.heading import is_closing_line
from ingest.ids import citation_label, paragraph_id, parse_citation_label, parse_paragraph_id
from ingest.model import Document, IngestError
from ingest.structure import build_document

settings.register_profile("fuzz", max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
if profile := os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(profile)
_FUZZING = bool(profile)


def _examples(n: int) -> Callable:
    """``n`` derandomized examples (reproducible in CI), unless a profile asks for a random hunt."""
    if _FUZZING:
        return settings()
    return settings(
        max_examples=n, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
    )


# -- vocabulary ------------------------------------------------------------------------------------------
_LOWER = [
    "the", "situation", "in", "region", "all", "parties", "to", "cooperate", "fully", "with", "mission",
    "of", "international", "peace", "and", "security", "humanitarian", "assistance", "civilians", "report",
    "implementation", "present", "its", "efforts", "continued", "support", "relevant", "national",
    "authorities", "without", "delay", "measures", "necessary", "sanctions", "regime", "annual", "that",
    "progress,", "further,", "including,", "inter", "alia,", "as", "appropriate,", "particular",
]  # fmt: skip
_CAPITALIZED = ["United Nations", "Member States", "Secretary-General", "Charter", "Africa", "Congo"]
_NUMERIC = ["resolution 1234 (2010)", "of 12 August 1949", "on 3 March 2020", "within 30 days"]
_PREAMBULAR_OPENERS = [
    "Recalling", "Recalling also", "Noting with concern", "Reaffirming", "Deeply concerned", "Welcoming",
    "Bearing in mind", "Aware", "Mindful", "Expressing grave concern", "Having considered", "Taking note",
    "Emphasizing", "Recognizing", "Determined", "Further recalling", "Convinced", "Stressing",
]  # fmt: skip
_OPERATIVE_OPENERS = [
    "Decides", "Requests", "Calls upon", "Urges", "Demands", "Also requests", "Encourages", "Reaffirms",
    "Welcomes", "Condemns", "Invites", "Stresses", "Further decides", "Strongly condemns", "Authorizes",
]  # fmt: skip
_ITEMS = ["Missiles", "Small arms", "Explosives", "Precursors", "Any representative", "The President"]
_HEADINGS = ["Arms Embargo", "Travel Ban", "Mandate of the Mission", "A. Targeted sanctions", "Asset Freeze"]
_FURNITURE = ["25-00616 (E)", "*2500616*", "3/7", "25-00687 2/7", "12/15 25-00687"]
_MASTHEAD = [
    "Distr.: General", "Original: English", "Agenda item 15", "Eightieth session", "Please recycle",
    "25-00616 (E)", "*2500616*", "[on the report of the Third Committee (A/80/123)]", "Page 2",
]  # fmt: skip
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_ORGANS = {"S": "Security Council", "A": "General Assembly", "H": "Human Rights Council"}


def _superscript(number: str) -> str:
    return "".join(_SUPERSCRIPTS[int(d)] for d in number)


# -- what a generated resolution must parse to -----------------------------------------------------------
@dataclass
class Expected:
    """One paragraph as the generator wrote it: its id, its text (markers removed, whitespace single), its
    sub-paragraph labels and the numbers of its footnotes."""

    id: str
    text: str
    subs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Resolution:
    """A generated resolution: its heading and body (the text of its file), its file name and what its
    parse must hold."""

    heading: str
    body: str
    source: str
    organ: str
    paragraphs: list[Expected]
    footnotes: dict[str, str]
    issues: list[tuple[str, str]]  # (check, paragraph id) of what is printed irregularly

    @property
    def text(self) -> str:
        return self.heading + self.body


@dataclass
class _Writer:
    """Collects the text of a resolution as blocks of lines, and the paragraphs a parse must find."""

    draw: st.DrawFn
    dense: bool  # no blank lines between the paragraphs of the body, as in many old plain texts
    markers: str  # footnote markers: "slash" (" 1/,"), "superscript" (",¹") or "bare" (", 28")
    first_note: int  # the number of the first footnote
    blocks: list[list[str]] = field(default_factory=list)
    expected: list[Expected] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    issues: list[tuple[str, str]] = field(default_factory=list)
    spaces: tuple[str, ...] = (" ",)  # what a space between words is printed as
    open: bool = False  # the last block takes the next lines of a dense text
    heading: bool = False  # the last line is a section heading: no page break after it

    def words(self, least: int = 1) -> str:
        """Running text: a lower-case word first (so that the paragraph opens with its verb), then words,
        names and numbers."""
        pool = st.one_of(st.sampled_from(_LOWER), st.sampled_from(_CAPITALIZED), st.sampled_from(_NUMERIC))
        first = self.draw(st.sampled_from([w for w in _LOWER if w.isalpha()]))
        return " ".join([first, *self.draw(st.lists(pool, min_size=least - 1, max_size=12))]).rstrip(",")

    def marker(self) -> tuple[str, str]:
        """A new footnote's number and marker, or ("", "") (most paragraphs carry none)."""
        if self.draw(st.integers(0, 4)):
            return "", ""
        number = str(self.first_note + len(self.footnotes))
        self.footnotes[number] = f"Official Records, supplement {number}."
        marks = {"slash": f" {number}/", "superscript": _superscript(number), "bare": f" {number}"}
        return number, marks[self.markers]

    def paragraph(
        self, id_: str, opener: str, end: str, prefix: str = "", subs: list[tuple[str, str]] | None = None
    ) -> None:
        """Write one paragraph ending with ``end``: its first line may carry ``prefix`` (the organ line, the
        number); ``subs`` are its sub-paragraphs as (printed label, expected label), set out after a colon,
        the last one ending the paragraph."""
        subs = subs or []
        if self.markers == "superscript" and self.draw(st.booleans()):
            opener = f"*{opener}*"  # Markdown emphasis, as the General Assembly's texts print the verb
        body = f"{opener} {self.words()}"
        number, mark = self.marker()
        stop = ":" if subs else end
        printed = f"{body}{mark}{stop}" if self.markers == "slash" else f"{body}{stop}{mark}"
        self.add(self.wrap(f"{prefix}{printed}", keep=len(f"{prefix}{opener}".split())), breakable=True)
        expected = Expected(id_, f"{body.replace('*', '')}{stop}", notes=[number] if number else [])
        for i, (printed_label, label) in enumerate(subs):
            following = subs[i + 1][1] if i + 1 < len(subs) else ""
            stop = end if not following else ":" if following.startswith(label) else ";"
            sub = f"{printed_label} to {self.words()}{stop}"
            self.add(self.wrap(sub), breakable=True)
            expected.subs.append(label)
            expected.text += f" {sub}"
        self.expected.append(expected)

    def wrap(self, text: str, keep: int = 1) -> list[str]:
        """Hard-wrap before lower-case words (a line opening with "Decides" or "1990" after one that ends a
        clause is a new paragraph), never inside the first ``keep`` words (an emphasis cut in two) nor
        right after them (a number or label alone on its line)."""
        words = text.split(" ")
        lines = [words[: keep + 1]]
        for word in words[keep + 1 :]:
            if word[:1].islower() and self.draw(st.integers(0, 5)) == 0:
                lines.append([])
            lines[-1].append(word)
        return [" ".join(line) for line in lines]

    def add(self, lines: list[str], breakable: bool = False) -> None:
        """Lines of the body: a block of their own or, in a dense text, more lines of the block before. A
        page break (furniture between blank lines) may fall before them or, when ``breakable``, inside."""
        if not self.heading and self.draw(st.integers(0, 9)) == 0:
            self.apart([self.draw(st.sampled_from(_FURNITURE))])
        if breakable and len(lines) > 1 and self.draw(st.integers(0, 3)) == 0:
            at = self.draw(st.integers(1, len(lines) - 1))
            self.add(lines[:at])
            self.apart(self.draw(st.lists(st.sampled_from(_FURNITURE), min_size=1, max_size=2)))
            lines = lines[at:]
        if self.dense and self.open:
            self.blocks[-1].extend(lines)
        else:
            self.blocks.append(list(lines))
        self.open, self.heading = True, False

    def apart(self, lines: list[str]) -> None:
        """A block between blank lines (heading, closing lines, footnotes, annex heading, furniture)."""
        self.blocks.append(list(lines))
        self.open = False

    def render(self, blocks: list[list[str]]) -> str:
        """The text of ``blocks``: between one to three blank lines, stray spaces and tabs around lines and
        maybe double or no-break spaces between words."""
        out: list[str] = []
        for block in blocks:
            pad = [self.draw(st.sampled_from(["", "", " ", "  ", "\t"])) for _ in range(2)]
            lines = [
                "".join(w + self.draw(st.sampled_from(self.spaces)) for w in line.split(" "))
                for line in block
            ]
            out.append("\n".join(f"{pad[0]}{line.strip()}{pad[1]}" for line in lines))
            out.append("\n" * self.draw(st.integers(2, 4)))
        return "".join(out)


def _heading(draw: st.DrawFn, organ: str, year: int, number: int) -> tuple[list[list[str]], str]:
    """The heading blocks of a resolution in one of the layouts of its organ, and its file name."""
    day = f"{draw(st.integers(1, 28))} {draw(st.sampled_from(['March', 'August', 'December']))} {year}"
    if organ == "S":
        title = draw(st.sampled_from([f"RESOLUTION {number} ({year})", f"Resolution {number} ({year})"]))
        layout = draw(st.sampled_from(["above", "of", "masthead", "yearbook"]))
        blocks = {
            "above": [[title], ["Adopted by the Security Council at its 3106th meeting,", f"on {day}"]],
            "of": [[title], [f"of {day}"]],
            "masthead": [["United Nations", f"S/RES/{number} ({year})"], ["Security Council"], [title]],
            "yearbook": [[f"{number} ({year}). Resolution of {day}", "[S/4549]"]],
        }[layout]
        return blocks, f"S_RES_{number:04d}_{year}_EN_GOLD.txt"
    session, prefix = (80, "A_RES") if organ == "A" else (59, "A_HRC_RES")
    blocks = [
        ["United Nations", f"{prefix.replace('_', '/')}/{session}/{number}"],
        [_ORGANS[organ]],
        ["Distr.: General", day],
        [f"{session}/{number}. Information and communications technologies"],
    ]
    return [*draw(st.permutations(blocks[:3])), blocks[3]], f"{prefix}_{session}_{number}.md"


def _closing(draw: st.DrawFn, organ: str) -> list[list[str]]:
    """The closing lines of the organ's layout, as blocks."""
    if organ == "S":
        meeting = draw(st.sampled_from(["908th", "2330th", "1463rd"]))
        return [
            draw(
                st.sampled_from(
                    [
                        [f"Adopted unanimously at the {meeting} meeting."],
                        ["Adopted unanimously at the", f"{meeting} meeting."],
                        [f"Adopted at the {meeting} meeting by 13 votes to none, with 2 abstentions."],
                    ]
                )
            )
        ]
    if organ == "A":
        return [["64th plenary meeting", "15 December 2025"]]
    return [["34th meeting", "8 July 2025", "[Adopted without a vote.]"]]


def _subparagraphs(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Lettered sub-paragraphs, some with roman points under them: (printed label, expected label)."""
    subs: list[tuple[str, str]] = []
    for letter in "abcdefg"[: draw(st.integers(1, 4))]:
        subs.append((f"({letter})", f"({letter})"))
        for roman in ["i", "ii", "iii", "iv"][: draw(st.sampled_from([0, 0, 1, 2, 4]))]:
            subs.append((f"({roman})", f"({letter})({roman})"))
    return subs


def _maybe_subparagraphs(draw: st.DrawFn) -> list[tuple[str, str]]:
    return _subparagraphs(draw) if draw(st.integers(0, 3)) == 0 else []


def _part(draw: st.DrawFn, writer: _Writer, part: str, organ: str, numbered: bool, first: bool) -> None:
    """One part (or the whole resolution when ``part`` is ""): its marker, organ line, preamble and
    operative paragraphs, numbered from 1."""
    if part:
        writer.add([draw(st.sampled_from([part, f"{part}.", f"PART {part}"]))])
    organ_line = draw(st.sampled_from([f"The {organ},", f"THE {organ.upper()},", f"The {organ}"]))
    inline = draw(st.booleans())
    preambular = draw(st.integers(0 if numbered else 1, 4))
    if first or draw(st.booleans()):
        if not inline:
            writer.add([organ_line])
    else:
        inline = False
    for n in range(1, preambular + 1):
        prefix = f"{organ_line} " if inline and n == 1 else ""
        opener = draw(st.sampled_from(_PREAMBULAR_OPENERS))
        writer.paragraph(paragraph_id("PP", n, part=part), opener, ",", prefix, _maybe_subparagraphs(draw))
    if inline and not preambular:
        writer.add([organ_line])
    operative = draw(st.integers(1, 5))
    printed, repeated = 0, False  # the number printed last, and whether it was printed twice
    for n in range(1, operative + 1):
        if numbered and draw(st.integers(0, 6)) == 0:  # a heading stands before a numbered paragraph
            writer.add([draw(st.sampled_from(_HEADINGS))])
            writer.heading = True  # (in a dense text a reader cannot see past a page break after it)
        opener = draw(st.sampled_from(_OPERATIVE_OPENERS))
        end = "." if n == operative else ";"
        slip = draw(st.sampled_from(["", "", "", "", "", "", "", "", "gap", "repeat"])) if n > 1 else ""
        repeated = numbered and slip == "repeat" and not repeated  # printed twice: stored as "bis"
        printed += 0 if repeated else 2 if numbered and slip == "gap" else 1
        id_ = paragraph_id("OP", printed if numbered else n, part=part, suffix="bis" if repeated else "")
        if repeated or (numbered and slip == "gap"):
            writer.issues.append(("numbering-repeat" if repeated else "numbering-gap", id_))
        prefix = f"{printed}. " if numbered else ""
        writer.paragraph(id_, opener, end, prefix, _maybe_subparagraphs(draw))


def _annex(draw: st.DrawFn, writer: _Writer, annex: str) -> None:
    """An annex heading, maybe a title, then numbered items, unnumbered items or rules."""
    name = draw(st.sampled_from(["ANNEX", "Annex"])) + (f" {annex}" if annex else "")
    title = draw(st.sampled_from(["", " – Items subject to notification", " – List of items"]))
    writer.apart([f"{name}{title}"])
    kind = draw(st.sampled_from(["para", "item", "Rule"]))
    if kind != "item" and draw(st.booleans()):  # a title; before an unnumbered item it would be its start
        title = "Revised text of the provisional rules of procedure"
        writer.add([title]) if kind == "para" else writer.apart([title])
    rule = draw(st.integers(1, 60))
    for n in range(1, draw(st.integers(1, 4)) + 1):
        opener = draw(st.sampled_from(_ITEMS))
        if kind == "Rule":
            rule += draw(st.integers(1, 3))
            writer.apart([f"Rule {rule}"])
            writer.paragraph(paragraph_id("Rule", rule, annex=annex), opener, ".")
        else:
            writer.open = writer.open and kind == "para"  # only a blank line tells unnumbered items apart
            prefix = f"{n}. " if kind == "para" else ""
            writer.paragraph(paragraph_id(kind, n, annex=annex), opener, ";", prefix)


@st.composite
def resolutions(draw: st.DrawFn) -> Resolution:
    """A resolution written from the grammar of the genre, with the parse it must have."""
    organ = draw(st.sampled_from(sorted(_ORGANS)))
    closing = draw(st.booleans())
    markers = draw(st.sampled_from(["slash", "superscript", "bare"] if closing else ["slash", "superscript"]))
    writer = _Writer(draw, draw(st.booleans()), markers, draw(st.integers(1, 60)))
    writer.spaces = draw(st.sampled_from([(" ",), (" ",), (" ", " ", "  "), (" ", " ", "\u00a0", " \t")]))
    heading, source = _heading(draw, organ, draw(st.integers(1946, 2025)), draw(st.integers(1, 2999)))
    for block in heading:
        writer.apart(block)
        if draw(st.integers(0, 3)) == 0:
            writer.apart([draw(st.sampled_from(_MASTHEAD))])
    body = len(writer.blocks)
    numbered = draw(st.integers(0, 3)) > 0
    parts = draw(st.sampled_from([[""], [""], ["A", "B"], ["I", "II", "III"], ["A", "B", "C"]]))
    for i, part in enumerate(parts):
        _part(draw, writer, part, _ORGANS[organ], numbered, first=i == 0)
    for block in _closing(draw, organ) if closing else []:
        writer.apart(block)
    for annex in draw(st.sampled_from([[], [""], ["A", "B"], ["I"]])):
        _annex(draw, writer, annex)
    if writer.footnotes:
        marks = {"slash": "{}/ {}", "superscript": "{} {}", "bare": "{} {}"}[markers]
        notes = [
            marks.format(_superscript(number) if markers == "superscript" else number, note)
            for number, note in writer.footnotes.items()
        ]
        writer.apart(notes)
    heading_text, body_text = writer.render(writer.blocks[:body]), writer.render(writer.blocks[body:])
    return Resolution(
        heading_text, body_text, source, _ORGANS[organ], writer.expected, writer.footnotes, writer.issues
    )


# -- checks ----------------------------------------------------------------------------------------------
def _parse(text: str, source: str = "x.txt") -> Document | None:
    """Read and build; None when the parser refuses the text with one of its own errors."""
    try:
        return build_document(read_text(text), source)
    except IngestError:
        return None


def _squash(text: str) -> str:
    return " ".join(text.split())


def _check_ids(doc: Document) -> None:
    """Ids are unique; preambular paragraphs are counted 1..n in each part; every id round-trips through
    ``ingest.ids`` (as an id and in a citation label) to the paragraph's own kind, number, part and annex."""
    ids = [p.id for p in doc.paragraphs]
    assert len(ids) == len(set(ids)), ids
    for region in {(p.part, p.annex) for p in doc.paragraphs}:
        counted = [p.number for p in doc.paragraphs if p.kind == "preambular" and (p.part, p.annex) == region]
        assert counted == list(range(1, len(counted) + 1)), ids
    for paragraph in doc.paragraphs:
        ref = parse_paragraph_id(paragraph.id)
        assert ref is not None, paragraph.id
        assert (
            paragraph_id(ref.kind, ref.number, part=ref.part, annex=ref.annex, suffix=ref.suffix)
            == paragraph.id
        )
        assert (ref.number, ref.part, ref.annex) == (paragraph.number, paragraph.part, paragraph.annex)
        assert parse_citation_label(citation_label(doc.symbol, paragraph.id)) == (doc.symbol, ref)
        for sub in paragraph.subparagraphs:
            assert parse_paragraph_id(paragraph.id + sub.label) == replace(ref, sub=sub.label), sub.label


# -- arbitrary text --------------------------------------------------------------------------------------
_ODD = st.sampled_from(
    list("\n\n\n\r\f\v\t \x00\x1c\x85\u2028\u2029\ufeff\u200b\u00a0¹²/.,;:()[]*“”–IVXAB0123456789")
)
_STRUCTURE_LINES = st.sampled_from(
    [
        "The Security Council,", "The General Assembly, Recalling", "1. Decides", "2 Calls upon", "(a) x;",
        "(ii) y;", "(ccccccc) z;", "A", "II.", "ANNEX", "Annex A – Items", "Rule 41", "Article V",
        "Adopted at the 1st meeting.", "64th plenary meeting", "1/ A note.", "12 Resolutions", "¹ Note.",
        "Resolution 12 (1950)", "80/118. T", "Part I", "", "Recalling,", "25-00616 (E)", "3/7", "[Adopted.]",
    ]
)  # fmt: skip
_TEXTS = st.one_of(
    st.text(max_size=400),
    st.text(st.one_of(st.characters(), _ODD), max_size=400),
    st.lists(st.one_of(_STRUCTURE_LINES, st.text(_ODD, max_size=30), st.text(max_size=30)), max_size=40).map(
        "\n".join
    ),
    st.integers(1, 20_000).map(lambda n: "The Security Council,\n" + "Recalling the x, " * n),
)


def _parses_or_is_refused(text: str) -> None:
    """Reading and building give a Document with well-formed ids or raise an ``IngestError``, whatever
    the file name says."""
    for source in ("x.txt", "S_RES_0001_1946.txt", "A_RES_80_118.md"):
        if (doc := _parse(text, source)) is not None:
            _check_ids(doc)


@_examples(80)
@given(_TEXTS)
@example("The Security Council,\nRule 41\nRule 41")  # a repeated rule was stored twice under one id
@example("A\nThe General Assembly, Recalling\nA\nThe General Assembly, Recalling")  # "A PP1" twice
def test_arbitrary_text_parses_or_is_refused(text: str) -> None:
    """No text makes the reader or the structure parser raise anything but an ``IngestError``, and every
    Document they return has unique, well-formed ids."""
    _parses_or_is_refused(text)


@pytest.mark.slow
@_examples(800)
@given(_TEXTS)
def test_arbitrary_text_parses_or_is_refused_many(text: str) -> None:
    """``test_arbitrary_text_parses_or_is_refused`` on ten times as many texts."""
    _parses_or_is_refused(text)


@_examples(60)
@given(st.one_of(st.binary(max_size=2000), _TEXTS.map(lambda t: t.encode("utf-16")), _TEXTS.map(str.encode)))
def test_arbitrary_bytes_are_read_or_refused(data: bytes) -> None:
    """``read_text_file`` on any bytes returns blocks or raises an ``IngestError`` (``UnreadableFile``)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.txt"
        path.write_bytes(data)
        try:
            blocks = list(read_text_file(path))
            build_document(blocks, str(path))
        except IngestError:
            pass


# -- generated resolutions -------------------------------------------------------------------------------
def _parses_as_written(resolution: Resolution) -> None:
    """The parse finds exactly the paragraphs written: ids in order (preambular ones counted, operative
    ones as printed, a number printed twice with "bis"), texts, sub-paragraph labels, footnotes; and it
    reports what is printed irregularly (a repeated number, a gap), nothing else."""
    doc = build_document(read_text(resolution.text), resolution.source)
    _check_ids(doc)
    assert doc.organ == resolution.organ
    assert [p.id for p in doc.paragraphs] == [e.id for e in resolution.paragraphs]
    for paragraph, expected in zip(doc.paragraphs, resolution.paragraphs, strict=True):
        assert _squash(paragraph.text) == expected.text, paragraph.id
        assert [s.label for s in paragraph.subparagraphs] == expected.subs, paragraph.id
        assert [f.number for f in paragraph.footnotes] == expected.notes, paragraph.id
        for note in paragraph.footnotes:
            assert note.text == resolution.footnotes[note.number], paragraph.id
    assert sorted((i.check, i.paragraph) for i in doc.issues) == sorted(resolution.issues)


@_examples(60)
@given(resolutions())
def test_generated_resolutions_parse_as_written(resolution: Resolution) -> None:
    """See ``_parses_as_written``."""
    _parses_as_written(resolution)


@pytest.mark.slow
@_examples(600)
@given(resolutions())
def test_generated_resolutions_parse_as_written_many(resolution: Resolution) -> None:
    """``test_generated_resolutions_parse_as_written`` on ten times as many resolutions."""
    _parses_as_written(resolution)


# -- generated resolutions with junk -------------------------------------------------------------------
_JUNK_LINES = st.one_of(
    st.text(st.characters(exclude_characters="\n\r\f", exclude_categories=["Cs"]), min_size=1, max_size=60),
    _STRUCTURE_LINES,
).filter(lambda line: bool(line.strip()) and not is_closing_line(line.strip()))


@st.composite
def junked_resolutions(draw: st.DrawFn) -> tuple[Resolution, str]:
    """A generated resolution and its text with junk lines (random text, lines of resolution structure;
    no closing line, after which the grammar drops the text) between the blocks of its body."""
    resolution = draw(resolutions())
    chunks = resolution.body.split("\n\n")
    for _ in range(draw(st.integers(1, 6))):
        chunks.insert(draw(st.integers(1, len(chunks))), draw(_JUNK_LINES))
    return resolution, resolution.heading + "\n\n".join(chunks)


def _keeps_operative_text(resolution: Resolution, text: str) -> None:
    """With junk in its body a resolution still parses, its ids are well formed, and the opening words of
    every operative paragraph written are in some paragraph: no text is lost."""
    doc = build_document(read_text(text), resolution.source)
    _check_ids(doc)
    texts = [_squash(p.text) for p in doc.paragraphs]
    for expected in resolution.paragraphs:
        if expected.id.split()[-1].startswith("OP"):
            opening = " ".join(expected.text.split()[:2])
            assert any(opening in t for t in texts), (expected.id, opening)


@_examples(60)
@given(junked_resolutions())
def test_junk_loses_no_operative_paragraph(case: tuple[Resolution, str]) -> None:
    """See ``_keeps_operative_text``."""
    _keeps_operative_text(*case)


@pytest.mark.slow
@_examples(600)
@given(junked_resolutions())
def test_junk_loses_no_operative_paragraph_many(case: tuple[Resolution, str]) -> None:
    """``test_junk_loses_no_operative_paragraph`` on ten times as many resolutions."""
    _keeps_operative_text(*case)
