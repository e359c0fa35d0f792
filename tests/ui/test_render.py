"""ui.render and ui.export as pure functions: chips, refusal style, the paragraph panel, Markdown export."""

from __future__ import annotations

from datetime import UTC, datetime

from assistant import Answer, Citation
from tests.ui.ui_fakes import OP26, PARAGRAPHS, SYMBOL, URL
from ui import render
from ui.export import conversation_markdown
from ui.session import Session, Turn

LABEL = f"{SYMBOL} OP26"
QUOTE = "only 27 per cent of the population of low-income countries is online"


def _answer() -> Answer:
    text = f"Only 27 per cent of people in low-income countries are online [{LABEL}]. Not [A/RES/1/1 OP1]."
    return Answer("q", text, [Citation(LABEL, SYMBOL, "OP26", QUOTE, URL, 1)])


def test_citation_markers_become_chips_carrying_the_label() -> None:
    html = render.answer_html(_answer(), 3)
    assert f'<button type="button" class="unqa-chip" data-turn="3" data-cite="{LABEL}"' in html
    assert f"[{LABEL}]" not in html
    assert "[A/RES/1/1 OP1]" in html  # a marker that is no citation of this answer stays text
    assert 'dir="auto"' in html


def test_every_answer_lists_its_sources() -> None:
    html = render.answer_html(_answer(), 0)
    sources = html[html.index("unqa-sources") :]
    assert "Sources" in sources and LABEL in sources and URL in sources and QUOTE in sources


def test_numbered_and_grouped_markers() -> None:
    c1 = Citation(LABEL, SYMBOL, "OP26", "", URL, 1)
    c2 = Citation(f"{SYMBOL} PP3", SYMBOL, "PP3", "", URL, 2)
    html = render.answer_text_html(f"Text [1]. More [{LABEL}; {SYMBOL} PP3].", [c1, c2], 0)
    assert html.count('class="unqa-chip"') == 3


def test_answer_text_is_escaped() -> None:
    answer = Answer("q", "<script>alert(1)</script>", [])
    assert "<script>" not in render.answer_html(answer, 0)


def test_refusal_looks_like_a_refusal() -> None:
    html = render.answer_html(Answer("q", "The ingested resolutions do not address this.", refused=True), 0)
    assert "unqa-refusal" in html and "unqa-answer" not in html and "unqa-chip" not in html
    assert "No answer in the stored resolutions" in html


def test_panel_highlights_the_quote_and_shows_footnotes() -> None:
    html = render.paragraph_panel_html(PARAGRAPHS[-1], QUOTE)
    assert f"<mark>{QUOTE}</mark>" in html
    assert "International Telecommunication Union" in html
    assert "OP26" in html and "2025-12-15" in html and "Information and communications" in html
    assert f'href="{URL}"' in html and 'dir="auto"' in html


def test_highlight_tolerates_whitespace_case_and_ellipsis() -> None:
    html = render.highlight(OP26, "…ONLY 27 per  cent of the population… is online")
    assert "<mark>only 27 per cent of the population</mark>" in html
    assert html.count("<mark>") == 2


def test_split_label() -> None:
    assert render.split_label("A/RES/80/118 OP70(a)") == ("A/RES/80/118", "OP70(a)")
    assert render.split_label("S/RES/2720 (2023) PP3") == ("S/RES/2720 (2023)", "PP3")
    assert render.split_label("A/RES/80/118") == ("A/RES/80/118", "")


def test_reader_pages_through_paragraphs_with_ids() -> None:
    first = render.reader_html(PARAGRAPHS, 1, 10)
    assert "PP1" in first and "PP10" in first and "OP26" not in first
    last = render.reader_html(PARAGRAPHS, 99, 10)
    assert "OP26" in last and "page 2 of 2" in last


def test_export_markdown_has_answers_and_citations() -> None:
    session = Session([Turn("What share is online?", _answer()), Turn("Capital of France?")])
    session.turns[1].answer = Answer("Capital of France?", "Not addressed.", refused=True)
    md = conversation_markdown(session, now=datetime(2026, 1, 2, tzinfo=UTC))
    assert md.startswith("# unqa conversation")
    assert "## 1. What share is online?" in md
    assert f"1. [{LABEL}]({URL})" in md and f"“{QUOTE}”" in md
    assert "## 2. Capital of France?" in md and "No answer in the stored resolutions" in md
