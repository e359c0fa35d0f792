"""Every variation of the Security Council plain-text layout parses to the same resolution: the printed
operative numbers, the counted preambular paragraphs, the footnote on its paragraph, the heading's
symbol, date and meeting (tests/ingest/layouts.py writes the variations)."""

from __future__ import annotations

import pytest

from ingest.formats.text import read_text
from ingest.structure import build_document
from tests.ingest.layouts import OPERATIVE, RECALLS, all_layouts, render


@pytest.mark.parametrize("layout", all_layouts(), ids=lambda layout: layout.name)
def test_layout_variation_parses_to_the_printed_structure(layout) -> None:
    text, expected = render(layout)
    doc = build_document(read_text(text), "S_RES_0770_1992.txt")
    ids = [p.id for p in doc.paragraphs]
    assert ids == [f"PP{n}" for n in range(1, expected.preambular + 1)] + [f"OP{n}" for n in range(1, 6)]
    for n, opening in enumerate(OPERATIVE, 1):
        op = doc.paragraph(f"OP{n}")
        assert op is not None and op.text.startswith(opening.rstrip(";:.")), (n, op)
    op2 = doc.paragraph("OP2")
    assert op2 is not None and [s.label for s in op2.subparagraphs] == ["(a)", "(b)"]
    noted = doc.paragraph(expected.footnote_on)
    assert noted is not None and [f.number for f in noted.footnotes] == [expected.footnote_number]
    assert noted.footnotes[0].text.startswith("United Nations, Treaty Series")
    assert not noted.text.endswith(("1/", "28")) and "1/," not in noted.text
    assert (doc.symbol, doc.date, doc.organ) == ("S/RES/770 (1992)", "1992-08-13", "Security Council")
    if layout.adoption == "bottom":
        assert (doc.meeting, doc.vote) == ("3106th meeting", "unanimously")
    else:
        assert doc.meeting == "3106th meeting"
    if layout.recalls:  # unnumbered before "1." is preambular whatever its first word; numbers unshifted
        assert doc.paragraph("PP3").text == RECALLS  # type: ignore[union-attr]
    assert not doc.issues


def test_every_layout_is_distinct() -> None:
    texts = [render(layout)[0] for layout in all_layouts()]
    assert len(set(texts)) == len(texts) == 64
