"""Variations of a Security Council plain-text layout, for tests: one resolution written out the ways the
UN's texts of 1946-1994 put its pieces (adoption line above or below the text, title in capitals or not,
"The Security Council," on its own line or before the first paragraph, footnotes as "1/" or as a bare
number, blank lines between paragraphs or none), with what a correct parse must find."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

PREAMBLE = [
    "Reaffirming its resolutions 713 (1991) of 25 September 1991 and 757 (1992) of 30 May 1992,",
    "Recognizing that the situation in Bosnia and Herzegovina constitutes a threat to international peace "
    "and security,",
    "Recalling the Geneva Conventions of 12 August 1949{end}",
]
# A preambular paragraph that opens with an operative-looking verb (S/RES/2780-style drafting).
RECALLS = "Recalls that the deployment of the Force and the Agreement are steps toward a lasting peace,"
OPERATIVE = [
    "Reaffirms its demand that all parties immediately cease fighting;",
    "Calls upon States to take nationally or through regional agencies all measures necessary:",
    "Demands that unimpeded and continuous access be granted;",
    "Requests the Secretary-General to report periodically to the Council;",
    "Decides to remain actively seized of the matter.",
]
SUBPARAGRAPHS = ["(a) to facilitate the delivery of humanitarian assistance;", "(b) to protect the convoys;"]
FOOTNOTE = "United Nations, Treaty Series, vol. 75, Nos. 970-973."


@dataclass(frozen=True)
class Layout:
    adoption: Literal["top", "bottom"]
    capitals: bool  # "RESOLUTION 770 (1992)" or "Resolution 770 (1992)"
    organ: Literal["own-line", "inline"]  # "The Security Council," alone, or before the first paragraph
    footnote: Literal["slash", "bare"]  # "1/" or "28"
    blank_lines: bool  # blank lines between paragraphs
    recalls: bool  # an unnumbered "Recalls that ..." among the preambular paragraphs

    @property
    def name(self) -> str:
        return "-".join(
            [
                f"adoption-{self.adoption}",
                "CAPS" if self.capitals else "Title",
                f"organ-{self.organ}",
                f"note-{self.footnote}",
                "blank" if self.blank_lines else "dense",
                *(["recalls"] if self.recalls else []),
            ]
        )


def all_layouts() -> list[Layout]:
    return [
        Layout(*combination)  # type: ignore[arg-type]
        for combination in itertools.product(
            ("top", "bottom"),
            (True, False),
            ("own-line", "inline"),
            ("slash", "bare"),
            (True, False),
            (True, False),
        )
    ]


@dataclass(frozen=True)
class Expected:
    preambular: int  # how many preambular paragraphs
    footnote_on: str  # the paragraph id carrying the footnote
    footnote_number: str


def render(layout: Layout) -> tuple[str, Expected]:
    """The text of resolution 770 (1992) in this layout, and what its parse must hold."""
    number = "1" if layout.footnote == "slash" else "28"
    end = " 1/," if layout.footnote == "slash" else ", 28"  # "Protocol, 28": the old texts' bare marker
    preamble = [p.replace("{end}", end) for p in PREAMBLE]
    if layout.recalls:
        preamble.insert(2, RECALLS)
    title = "RESOLUTION 770 (1992)" if layout.capitals else "Resolution 770 (1992)"
    heading = [title]
    if layout.adoption == "top":
        heading.append("Adopted by the Security Council at its 3106th meeting,\non 13 August 1992")
    else:
        heading.append("of 13 August 1992")
    body = [f"The Security Council, {preamble[0]}"] if layout.organ == "inline" else ["The Security Council,"]
    body += preamble[1:] if layout.organ == "inline" else preamble
    operative = [f"{i}. {text}" for i, text in enumerate(OPERATIVE, 1)]
    operative[1] = "\n".join([operative[1], *SUBPARAGRAPHS])
    body += operative
    closing = ["Adopted unanimously at the 3106th meeting."] if layout.adoption == "bottom" else []
    notes = [f"{number}/ {FOOTNOTE}" if layout.footnote == "slash" else f"{number} {FOOTNOTE}"]
    separator = "\n\n" if layout.blank_lines else "\n"
    text = (
        "\n\n".join(heading) + "\n\n" + separator.join(body) + "\n\n" + "\n\n".join([*closing, *notes]) + "\n"
    )
    expected = Expected(
        preambular=len(preamble),
        footnote_on=f"PP{len(preamble)}",
        footnote_number=number,
    )
    return text, expected
