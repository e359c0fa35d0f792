"""Pure functions turning answers and paragraphs into the HTML the chat shows: citation chips, a sources list,
a refusal that looks like one, and the paragraph panel with the quoted clause highlighted. No Gradio here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any

from assistant import Answer, Citation, Retrieved
from ingest.ids import parse_citation_label

_MARKER = re.compile(r"\[([^\[\]\n]{1,200})\]")
_KIND = {"PP": "preambular paragraph", "OP": "operative paragraph"}


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def chip(citation: Citation, turn: int) -> str:
    """A keyboard-usable button carrying the citation label; a click opens the paragraph panel."""
    return (
        f'<button type="button" class="unqa-chip" data-turn="{turn}" data-cite="{_attr(citation.label)}" '
        f'title="Show {_attr(citation.label)}" aria-label="Show paragraph {_attr(citation.label)}">'
        f"{escape(citation.label)}</button>"
    )


def _chips_for(inner: str, citations: Sequence[Citation], turn: int) -> str | None:
    """The chips for one ``[...]`` marker, or None when it names no citation of this answer."""
    by_label = {c.label: c for c in citations}
    by_number = {str(c.number): c for c in citations if c.number}
    parts = [p.strip() for p in re.split(r"[;,]", inner) if p.strip()]
    found = [by_label.get(p) or by_number.get(p) for p in parts]
    if not parts or any(c is None for c in found):
        return None
    return "".join(chip(c, turn) for c in found if c is not None)


def answer_text_html(text: str, citations: Sequence[Citation], turn: int) -> str:
    """Answer text, escaped, with every ``[A/RES/80/118 OP26]`` marker of a citation turned into a chip."""
    out: list[str] = []
    last = 0
    for match in _MARKER.finditer(text):
        chips = _chips_for(match.group(1), citations, turn)
        if chips is None:
            continue
        out.append(_lines(text[last : match.start()]))
        out.append(chips)
        last = match.end()
    out.append(_lines(text[last:]))
    return "".join(out)


def _short(text: str, limit: int = 180) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sources_html(citations: Sequence[Citation], turn: int) -> str:
    if not citations:
        return ""
    items = []
    for c in citations:
        quote = f' <span class="unqa-quote" dir="auto">“{escape(_short(c.quote))}”</span>' if c.quote else ""
        link = (
            f' <a class="unqa-doclink" href="{_attr(c.url)}" target="_blank" rel="noopener noreferrer">'
            f"docs.un.org<span class='unqa-sr'> ({escape(c.symbol)}, opens in a new tab)</span></a>"
            if c.url
            else ""
        )
        items.append(f"<li>{chip(c, turn)}{quote}{link}</li>")
    return (
        '<div class="unqa-sources"><div class="unqa-sources-title">Sources</div>'
        f'<ol class="unqa-sources-list">{"".join(items)}</ol></div>'
    )


def answer_html(answer: Answer, turn: int) -> str:
    """The whole assistant message: the answer with chips and its sources, or a refusal; then its notes
    (e.g. that the language model did not answer and the extractive back-end did)."""
    if answer.refused:
        return refusal_html(answer.text) + notes_html(answer.notes)
    body = answer_text_html(answer.text, answer.citations, turn)
    return (
        f'<div class="unqa-answer" dir="auto">{body}</div>{sources_html(answer.citations, turn)}'
        f"{notes_html(answer.notes)}"
    )


def notes_html(notes: Sequence[str]) -> str:
    """An answer's notes, below it, so a reader knows e.g. that it is not the language model's."""
    if not notes:
        return ""
    items = "".join(f'<li dir="auto">{escape(n)}</li>' for n in notes)
    return f'<ul class="unqa-notes" role="note">{items}</ul>'


def refusal_html(text: str) -> str:
    return (
        '<div class="unqa-refusal" role="note"><div class="unqa-refusal-title">No answer in the stored '
        f'resolutions</div><div dir="auto">{_lines(text)}</div></div>'
    )


def streaming_html(partial: str) -> str:
    """An answer still arriving: plain text, no chips yet."""
    return (
        f'<div class="unqa-answer unqa-streaming" dir="auto" aria-busy="true">{_lines(partial) or "…"}</div>'
    )


def error_html(message: str) -> str:
    return (
        '<div class="unqa-error" role="alert"><div class="unqa-refusal-title">Something went wrong</div>'
        f'<div dir="auto">{_lines(message)}</div></div>'
    )


def question_html(question: str) -> str:
    return f'<div dir="auto">{_lines(question)}</div>'


# -- the paragraph panel -----------------------------------------------------------------------------------
def split_label(label: str) -> tuple[str, str]:
    """``"A/RES/80/118 OP70(a)"`` -> ``("A/RES/80/118", "OP70(a)")``, ``"S/RES/161 (1961) B OP1"`` ->
    ``("S/RES/161 (1961)", "B OP1")``; a bare symbol gives ``(symbol, "")``."""
    parsed = parse_citation_label(label)
    if parsed is None:
        return label.strip(), ""
    symbol, ref = parsed
    return symbol, ref.full


def _quote_pattern(quote: str) -> re.Pattern[str] | None:
    words = re.findall(r"\S+", quote.strip().strip("“”\"'…. "))
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)


def highlight(text: str, quote: str) -> str:
    """The paragraph text, escaped, with the quoted clause (or each part of an elided quote) in <mark>."""
    spans: list[tuple[int, int]] = []
    for part in re.split(r"…|\.\.\.", quote):
        pattern = _quote_pattern(part)
        if pattern is None or len(part.strip()) < 3:
            continue
        found = pattern.search(text)
        if found:
            spans.append(found.span())
    spans.sort()
    out, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        out.append(_lines(text[last:start]))
        out.append(f"<mark>{_lines(text[start:end])}</mark>")
        last = end
    out.append(_lines(text[last:]))
    return "".join(out)


def describe_paragraph_id(pid: str) -> str:
    match = re.match(r"(PP|OP)(\d+)(.*)$", pid)
    if not match:
        return pid
    kind, number, rest = match.groups()
    return f"{_KIND[kind]} {number}{rest}"


def footnotes_html(paragraph: Retrieved) -> str:
    notes = paragraph.footnotes
    if not notes:
        return ""
    items = "".join(
        f'<li><span class="unqa-fn-number">{escape(n.number)}</span> '
        f'<span dir="auto">{escape(n.text)}</span></li>'
        for n in notes
    )
    return f'<section class="unqa-footnotes"><h4>Footnotes</h4><ul>{items}</ul></section>'


def panel_placeholder_html() -> str:
    return (
        '<div class="unqa-panel unqa-panel-empty">Click a citation such as '
        '<span class="unqa-chip unqa-chip-static">A/RES/80/118 OP26</span> to read the whole paragraph '
        "here, with the quoted clause highlighted.</div>"
    )


def paragraph_panel_html(paragraph: Retrieved, quote: str = "", cited_as: str = "") -> str:
    """The full paragraph beside the chat: symbol, id, title, date, text with the clause marked, footnotes."""
    meta = paragraph.metadata
    label = cited_as or paragraph.label
    url = str(meta.get("url") or "")
    facts = [
        escape(str(x))
        for x in (meta.get("organ"), meta.get("date"), describe_paragraph_id(paragraph.paragraph))
        if x
    ]
    link = (
        f'<a class="unqa-doclink" href="{_attr(url)}" target="_blank" rel="noopener noreferrer">'
        f"Open {escape(paragraph.symbol)} on docs.un.org ↗</a>"
        if url
        else ""
    )
    note = (
        f'<p class="unqa-panel-note">Cited as {escape(label)}; the whole of {escape(paragraph.paragraph)} '
        "is shown.</p>"
        if label != paragraph.label
        else ""
    )
    return (
        f'<article class="unqa-panel" aria-label="{_attr(label)}">'
        f'<header><div class="unqa-panel-label">{escape(label)}</div>'
        f'<div class="unqa-panel-ids"><span>Symbol <b>{escape(paragraph.symbol)}</b></span>'
        f"<span>Paragraph <b>{escape(paragraph.paragraph)}</b></span></div>"
        f'<div class="unqa-panel-title" dir="auto">{escape(str(meta.get("title") or ""))}</div>'
        f'<div class="unqa-panel-facts">{" · ".join(facts)}</div></header>{note}'
        f'<p class="unqa-para-text" dir="auto">{highlight(paragraph.text, quote)}</p>'
        f"{footnotes_html(paragraph)}{link}</article>"
    )


def document_panel_html(document: dict[str, Any]) -> str:
    """A citation of a whole resolution (its metadata rather than one paragraph)."""
    rows = [
        ("Title", document.get("title")),
        ("Organ", document.get("organ")),
        ("Date", document.get("date")),
        ("Session", document.get("session")),
        ("Agenda item", document.get("agenda_item")),
        ("Meeting", document.get("meeting")),
        ("Paragraphs", document.get("paragraph_count")),
    ]
    cells = "".join(
        f"<dt>{k}</dt><dd dir='auto'>{escape(str(v))}</dd>" for k, v in rows if v not in (None, "")
    )
    url = str(document.get("url") or "")
    link = (
        f'<a class="unqa-doclink" href="{_attr(url)}" target="_blank" rel="noopener noreferrer">'
        f"Open {escape(str(document.get('symbol')))} on docs.un.org ↗</a>"
        if url
        else ""
    )
    return (
        '<article class="unqa-panel"><header><div class="unqa-panel-label">'
        f"{escape(str(document.get('symbol')))}</div></header>"
        f'<dl class="unqa-doc-facts">{cells}</dl>{link}</article>'
    )


def not_found_html(label: str) -> str:
    return f'<div class="unqa-panel unqa-panel-empty" role="alert">{escape(label)} is not in the store.</div>'


# -- the library -------------------------------------------------------------------------------------------
LIBRARY_HEADERS = ["Symbol", "Title", "Organ", "Date", "Paragraphs"]


def library_rows(documents: Sequence[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            d.get("symbol", ""),
            d.get("title") or "",
            d.get("organ") or "",
            d.get("date") or "",
            d.get("paragraph_count") or 0,
        ]
        for d in documents
    ]


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def reader_html(paragraphs: Sequence[Retrieved], page: int, per_page: int) -> str:
    """One page of a resolution, each paragraph with its id."""
    if not paragraphs:
        return '<div class="unqa-reader unqa-panel-empty">Choose a stored resolution to read it.</div>'
    pages = page_count(len(paragraphs), per_page)
    page = min(max(1, page), pages)
    shown = paragraphs[(page - 1) * per_page : page * per_page]
    first = paragraphs[0]
    items = "".join(
        f'<li class="unqa-reader-par" id="par-{_attr(p.paragraph)}"><span class="unqa-reader-id">'
        f'{escape(p.paragraph)}</span><div><p dir="auto">{_lines(p.text)}</p>{footnotes_html(p)}'
        "</div></li>"
        for p in shown
    )
    start = (page - 1) * per_page + 1
    return (
        f'<section class="unqa-reader" aria-label="{_attr(first.symbol)}">'
        f'<header><div class="unqa-panel-label">{escape(first.symbol)}</div>'
        f'<div class="unqa-panel-title" dir="auto">{escape(str(first.metadata.get("title") or ""))}</div>'
        f'<div class="unqa-panel-facts">Paragraphs {start}–{start + len(shown) - 1} of {len(paragraphs)} · '
        f"page {page} of {pages}</div></header><ol class='unqa-reader-list'>{items}</ol></section>"
    )
