"""The parse audit (ingest.audit): one test per finding class, on hand-made layouts, and the corpus run."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.audit import CHECKS, DocumentAudit, audit_document, render, summary
from ingest.model import Block, Document, Paragraph
from ingest.structure import build_document


def _audit(*texts: str) -> list[tuple[str, str]]:
    doc = build_document([Block(t, page=3) for t in texts], "S_RES_0009_1950.txt")
    return [(i.check, i.paragraph) for i in audit_document(doc).issues]


HEADING = ("Resolution 9 (1950)", "of 5 May 1950", "The Security Council,", "Noting the report,")


def test_a_regular_resolution_has_no_findings() -> None:
    assert _audit(*HEADING, "1. Decides to act;", "2. Requests more.") == []


def test_numbering_gap_order_and_repeat_are_reported_never_renumbered() -> None:
    assert _audit(*HEADING, "1. Decides to act;", "3. Requests more.") == [("numbering-gap", "OP3")]
    assert _audit(*HEADING, "2. Decides to act;", "1. Requests more.") == [
        ("numbering-gap", "OP2"),
        ("numbering-order", "OP1"),
    ]
    doc = build_document(
        [Block(t, page=3) for t in (*HEADING, "1. Decides;", "2. Urges;", "2. Requests.")],
        "S_RES_0009_1950.txt",
    )
    assert [p.id for p in doc.paragraphs] == ["PP1", "OP1", "OP2", "OP2bis"]
    (issue,) = doc.issues
    assert (issue.check, issue.paragraph, issue.page) == ("numbering-repeat", "OP2bis", 3)
    assert issue.text.startswith("2. Requests")


def test_missing_footnote() -> None:
    findings = _audit(*HEADING[:3], "Noting the report 1/,", "1. Decides to act.")
    assert findings == [("missing-footnote", "PP1")]


def test_paragraph_opening_like_the_other_kind() -> None:
    assert _audit(*HEADING, "Decides to recall,", "1. Recalling its resolution.") == [
        ("preambular-opens-like-operative", "PP2"),
        ("operative-opens-like-preambular", "OP1"),
    ]


def test_cut_mid_sentence() -> None:
    assert _audit(*HEADING, "1. Decides that the mission shall") == [("cut-mid-sentence", "OP1")]


def test_missing_date_and_no_operative() -> None:
    assert _audit("Resolution 9 (1950)", "The Security Council,", "Noting the report,", "1. Decides.") == [
        ("missing-date", "")
    ]
    assert _audit(*HEADING) == [("no-operative", "")]


def test_missing_symbol() -> None:
    doc = Document(
        symbol="",
        title=None,
        organ=None,
        date="1950-05-05",
        paragraphs=[Paragraph("OP1", "operative", 1, "Decides.")],
    )
    assert [i.check for i in audit_document(doc).issues] == ["missing-symbol"]


def test_every_check_has_a_test_and_a_description() -> None:
    tested = {
        "numbering-gap",
        "numbering-order",
        "numbering-repeat",
        "missing-footnote",
        "preambular-opens-like-operative",
        "operative-opens-like-preambular",
        "cut-mid-sentence",
        "missing-date",
        "no-operative",
        "missing-symbol",
    }
    assert set(CHECKS) == tested


def test_render_and_summary() -> None:
    doc = build_document(
        [Block(t) for t in (*HEADING, "1. Decides;", "3. Requests.")], "x/S_RES_0009_1950.txt"
    )
    audits = [audit_document(doc), DocumentAudit("", "junk.bin", error="binary file")]
    text = render(audits)
    assert "S/RES/9 (1950)  x/S_RES_0009_1950.txt" in text
    assert "numbering-gap [OP3]: no paragraph 2 is printed before OP3  “Requests.”" in text
    assert "not parsed: binary file" in text
    assert text.endswith(
        "Audited 2 document(s): 2 with findings (1 not parsed); 1 finding(s): numbering-gap 1."
    )
    assert summary(audits)["by_check"] == {"numbering-gap": 1}


@pytest.mark.slow
def test_audit_of_the_whole_corpus_finds_only_what_is_printed(corpus_dir: Path) -> None:
    """The corpus texts' own irregularities, read on the page: S/RES/591 (1986) prints "8." where 5 stands
    and "8." again; S/RES/565 (1985) stops after its preamble."""
    from ingest.parse import parse_file

    audits = {}
    for path in sorted((corpus_dir / "unsc-text").glob("*.txt")):
        audit = audit_document(parse_file(path))
        audits[audit.symbol] = {i.check for i in audit.issues}
    assert {"numbering-repeat", "numbering-gap", "numbering-order"} <= audits["S/RES/591 (1986)"]
    assert audits["S/RES/565 (1985)"] == {"no-operative"}
    assert audits["S/RES/161 (1961)"] == audits["S/RES/101 (1953)"] == set()
    with_numbering = [s for s, checks in audits.items() if any(c.startswith("numbering") for c in checks)]
    assert len(with_numbering) <= 8, with_numbering
