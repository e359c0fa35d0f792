"""The grammar of a resolution's lines and paragraph openings, shared by the readers and the structure
parser. Pure functions.

A resolution is one sentence: "The Security Council, | Recalling ..., | Deeply concerned ..., | 1. Decides
...; | 2. Requests ... ." Preambular paragraphs open with a participle or an adjective phrase (*Recalling*,
*Having considered*, *Deeply concerned*, *Aware*, *Whereas*) and end with a comma; operative paragraphs open
with a verb in the third person singular (*Decides*, *Calls upon*, *Also requests*, *Once again urges*) and
end with a semicolon or, the last one, a full stop. Around the paragraphs stand part markers ("A", "II"),
section headings, annex headings ("ANNEX", "Annex A – Items ...") and headed items ("Rule 41", "Article 5").
"""

from __future__ import annotations

import re
from typing import Literal

from ingest.ids import roman_value
from ingest.text import ends_sentence_or_clause

Opening = Literal["preambular", "operative"]

# "3. Decides"; old scans also print "1, Recognizes", "7 Calls upon" and "l. Strongly condemns".
_NUMBERED_RE = re.compile(r"^(\d{1,3}|[lIL])(\.|,(?=\s+[A-Z])|(?=\s+[A-Z]))\s+(?=\S)")
SUB_RE = re.compile(r"^\(([a-z]{1,2}|[ivxlc]{1,6}|\d{1,2})\)\.?\s+")  # "(b) Nitroglycol", also "(b). Tetryl"
QUOTES = "“‘\"'"
HEADING_MAX = 120  # characters: a section heading is one short line

# Words that may stand before the verb or participle: "Also requests", "Deeply concerned", "Once again",
# "And further noting".
_ADVERBS = {
    "also", "further", "again", "once", "hereby", "therefore", "moreover", "furthermore", "still", "and",
}  # fmt: skip
# Adjectives that open a preambular paragraph without an -ing or -ed ending (a closed class of the genre).
_PREAMBLE_ADJECTIVES = {
    "aware", "conscious", "mindful", "cognizant", "desirous", "anxious", "keen", "sure", "confident",
    "whereas", "bearing",
}  # fmt: skip
# Words with a participle's ending that are not participles.
_NOT_PARTICIPLES = {
    "united",
    "hundred",
    "red",
    "need",
    "speed",
    "during",
    "bring",
    "thing",
    "king",
    "nothing",
}
_TREATY_OPERATIVE_RE = re.compile(r"^(?:Now,?\s+)?therefore,?\s+\S", re.IGNORECASE)
# Inside or at the end of a piece: a sentence cut short ("... breach of the peace; and"), not a heading.
_CUT_SENTENCE_RE = re.compile(r"[;:]|\b(?:and|or|of|the|a|an|to|in|for|by|with|on|at|that|which|as)$")
_ROMAN = r"(?=[IVX])X{0,2}(?:IX|IV|V?I{0,3})"  # I..XXIX: a part or annex that ingest.ids can name
_PART_MARKER_RE = re.compile(rf"^(?:PART\s+)?([A-H]|{_ROMAN})\.?$", re.IGNORECASE)
_ANNEX_RE = re.compile(
    rf"^ANNEX(?:ES)?(?:\s+([A-Z]|{_ROMAN}|\d{{1,2}}))?(?=$|\s*[–—:.\-]|\s+\S)", re.IGNORECASE
)
_HEADED_RE = re.compile(r"^(Rule|Article)\s+(\d{1,4}|[IVXLC]{1,6})\.?(?:\s+(\[[^\]]*\]\.?))?$", re.IGNORECASE)


def opening(text: str) -> Opening | None:
    """How a paragraph opens: like a preambular one, like an operative one, or neither (a continuation,
    a heading, a quoted text). Judged by the form of its first verb, after adverbs ("Deeply concerned",
    "Also requests", "Once again urges")."""
    if _TREATY_OPERATIVE_RE.match(text):  # "Now, therefore, the Security Council ... hereby resolves"
        return "operative"
    words = re.findall(r"[A-Za-z]+", text[:80])
    if not words or not words[0][:1].isupper():
        return None
    index = 0
    while index < len(words) - 1 and (
        words[index].lower() in _ADVERBS or words[index].lower().endswith("ly")
    ):
        index += 1
    word = words[index].lower()
    if word in _PREAMBLE_ADJECTIVES:
        return "preambular"
    if word in _NOT_PARTICIPLES or len(word) < 4:
        return None
    if word.endswith(("ing", "ed")):
        return "preambular"
    if word.endswith("s") and not word.endswith(("ss", "ous", "us", "is")):
        # A verb is followed by its object, mostly in lower case ("Decides to", "Calls upon"); a capitalized
        # word after a plural noun ("Arms Embargo", "Nations Peace-keeping Force ...") in a short text is a
        # heading or the rest of a cut sentence.
        following = words[index + 1] if index + 1 < len(words) else ""
        return None if following[:1].isupper() and len(text) <= HEADING_MAX else "operative"
    return None


def _is_adverb(word: str) -> bool:
    return word in _ADVERBS or word.endswith("ly")


def looks_preambular(text: str) -> bool:
    """Does this text open like a preambular paragraph ("Recalling", "Deeply concerned", "Aware")?"""
    return opening(text) == "preambular"


def opens_operative(text: str) -> bool:
    """Does this text open like an operative paragraph ("Decides", "Also requests", "Calls upon")?"""
    return opening(text) == "operative"


def printed_number(text: str, previous: int | None = None) -> tuple[int, int] | None:
    """The number printed at the start of an operative (or annex) paragraph and where its text begins:
    ``"26. Decides ..."`` -> (26, 4). A number that lost its full stop ("7 Calls upon"), or an OCR'd "l." or
    "I." for 1, counts only before an operative verb and, when the number printed before it is known
    (``previous``, 0 at the start), only as the next one: "18 Resolutions or decisions ..." after nothing
    is a footnote."""
    m = _NUMBERED_RE.match(text)
    if not m:
        return None
    number = int(m.group(1)) if m.group(1).isdigit() else 1
    if m.group(1).isdigit() and m.group(2) in (".", ","):
        return number, m.end()
    if opening(text[m.end() :]) != "operative" or (previous is not None and number != previous + 1):
        return None  # a footnote, a heading ("I. Introduction")
    return number, m.end()


def starts_paragraph_text(text: str) -> bool:
    """Can a paragraph start here, judging by the text alone (number, sub-paragraph, opener)?"""
    return bool(printed_number(text) or SUB_RE.match(text) or opening(text))


def is_section_heading(text: str, whole: bool = False) -> bool:
    """Is this (marker-free) text a heading between paragraphs ("Arms Embargo", "A. Targeted sanctions")?

    A short line, capitalized, without the terminal punctuation every paragraph has, with no ``;`` or
    ``:`` and not ending in "and", "of", ..., neither numbered nor a sub-paragraph nor opening like an
    operative paragraph. ``whole``: the layout says the text is complete (a PDF block that no later block
    continues); then it may open like a preambular paragraph ("Degrading the threat posed by Al-Shabaab,
    and the Arms Embargo targeting Al-Shabaab"), which in a plain text is a paragraph cut short by a page
    break instead.
    """
    return (
        len(text) <= HEADING_MAX
        and text[:1].isupper()
        and not ends_sentence_or_clause(text)
        and not _CUT_SENTENCE_RE.search(text)
        and not (printed_number(text) or SUB_RE.match(text) or opens_operative(text))
        and (whole or not looks_preambular(text))
    )


def part_marker(text: str) -> str | None:
    """``"B"``, ``"II."``, ``"PART A"`` alone on a line -> ``"B"``, ``"II"``, ``"A"``; else None."""
    m = _PART_MARKER_RE.match(text.strip())
    return m.group(1).upper() if m else None


def annex_heading(text: str) -> str | None:
    """The annex a heading opens: ``"ANNEX"`` -> ``""``, ``"Annex A – Items subject to ..."`` -> ``"A"``,
    ``"Annex II"`` -> ``"II"``; None when the text is no annex heading (a heading is short and does not end
    like a paragraph)."""
    text = text.strip()
    m = _ANNEX_RE.match(text)
    if not m or not is_section_heading(text, whole=True):
        return None
    return (m.group(1) or "").upper()


def headed_item(text: str) -> tuple[str, int, str] | None:
    """A heading of a rule or article standing alone: ``"Rule 41"`` -> ("Rule", 41, ""), ``"Article I"`` ->
    ("Article", 1, ""), ``"Rule 43 [Deleted]"`` -> ("Rule", 43, "[Deleted]"); else None."""
    m = _HEADED_RE.match(text.strip())
    if not m:
        return None
    number = m.group(2)
    value = int(number) if number.isdigit() else roman_value(number.upper())
    return m.group(1).capitalize(), value, m.group(3) or ""
