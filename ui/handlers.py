"""What the UI's events do, as plain functions over a session and the shared Assistants (no Gradio here,
so each can be called and tested directly; ``ui.app`` wires them to components)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from assistant import Answer
from ui import render
from ui.export import write_markdown
from ui.services import Assistants
from ui.session import Session, Turn

READER_PAGE = 10


def chat_messages(session: Session) -> list[dict[str, str]]:
    """The chatbot's messages for a session: each question, then its answer (or what has arrived of it)."""
    messages: list[dict[str, str]] = []
    for index, turn in enumerate(session.turns):
        messages.append({"role": "user", "content": render.question_html(turn.question)})
        if turn.answer is not None:
            content = render.answer_html(turn.answer, index)
        elif turn.error:
            content = render.error_html(turn.error)
        else:
            content = render.streaming_html(turn.partial)
        messages.append({"role": "assistant", "content": content})
    return messages


@dataclass
class UploadResult:
    status_html: str
    stored: list[str]
    skipped: list[tuple[str, str]]


class Handlers:
    def __init__(self, assistants: Assistants, export_dir: Path | None = None) -> None:
        self.assistants = assistants
        self.export_dir = export_dir or Path(tempfile.gettempdir()) / "unqa-exports"

    # -- chat ------------------------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        session: Session,
        symbols: Sequence[str] | None = None,
        backend: str | None = None,
    ) -> Iterator[tuple[list[dict[str, str]], Session]]:
        """Stream an answer into the session; yields (chat messages, session) as text arrives."""
        question = (question or "").strip()
        if not question:
            yield chat_messages(session), session
            return
        history = session.history()
        turn = Turn(question)
        session.turns.append(turn)
        yield chat_messages(session), session
        try:
            assistant = self.assistants.get(backend)
            for piece in assistant.stream(question, history, symbols=list(symbols or []) or None):
                if isinstance(piece, Answer):
                    turn.answer = piece
                else:
                    turn.partial += piece
                yield chat_messages(session), session
            if turn.answer is None:
                turn.error = "The assistant gave no answer."
        except Exception as err:  # shown in the chat, plainly; the session stays usable
            turn.error = f"{type(err).__name__}: {err}" if not str(err) else str(err)
        yield chat_messages(session), session

    def cite(self, key: str, session: Session) -> str:
        """The paragraph panel for a chip's key ``"<turn>|<label>"`` (or a bare label)."""
        turn_text, _, label = (key or "").partition("|")
        if not label:
            turn_text, label = "-1", turn_text
        label = label.strip()
        if not label:
            return render.panel_placeholder_html()
        try:
            turn = int(turn_text)
        except ValueError:
            turn = -1
        citation = session.citation(turn, label)
        symbol, pid = (citation.symbol, citation.paragraph) if citation else render.split_label(label)
        assistant = self.assistants.base
        if not pid:
            document = next((d for d in assistant.documents() if d.get("symbol") == symbol), None)
            return render.document_panel_html(document) if document else render.not_found_html(label)
        paragraph = assistant.paragraph(symbol, pid)
        if paragraph is None:
            return render.not_found_html(label)
        return render.paragraph_panel_html(paragraph, citation.quote if citation else "", cited_as=label)

    def clear(self, session: Session) -> tuple[list[dict[str, str]], Session, str]:
        session.clear()
        return [], session, render.panel_placeholder_html()

    def export(self, session: Session) -> str:
        return str(write_markdown(session, self.export_dir))

    # -- the store -------------------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        return self.assistants.base.documents()

    def symbol_choices(self) -> list[tuple[str, str]]:
        """(label, value) pairs for the resolution pickers: ``A/RES/80/118 — title``."""
        choices = []
        for d in self.documents():
            title = str(d.get("title") or "")
            short = title if len(title) <= 60 else title[:59] + "…"
            choices.append((f"{d['symbol']} — {short}" if short else d["symbol"], d["symbol"]))
        return choices

    def library(self) -> list[list[Any]]:
        return render.library_rows(self.documents())

    def upload(self, files: Sequence[Any] | None) -> UploadResult:
        """Ingest uploaded files; a bad file is skipped with its reason, nothing stored is lost."""
        paths = [str(getattr(f, "name", f)) for f in files or []]
        if not paths:
            return UploadResult(
                '<div class="unqa-status">Choose a PDF, DOCX or text file first.</div>', [], []
            )
        try:
            with self.assistants.ingest_lock:
                summary = self.assistants.base.ingest(paths, progress=True)
        except Exception as err:
            message = (
                f'<div class="unqa-status unqa-status-error" role="alert">Upload failed: {escape(str(err))}'
            )
            return UploadResult(message + "</div>", [], [(p, str(err)) for p in paths])
        stored = [d.symbol for d in summary.stored]
        skipped = [(Path(p).name, reason) for p, reason in summary.skipped]
        parts = []
        if stored:
            items = "".join(
                f"<li><b>{escape(d.symbol)}</b>: {d.paragraphs} paragraphs</li>" for d in summary.stored
            )
            parts.append(
                f'<div class="unqa-status unqa-status-ok" role="status">Stored:<ul>{items}</ul></div>'
            )
        if skipped:
            items = "".join(f"<li><b>{escape(n)}</b>: {escape(r)}</li>" for n, r in skipped)
            parts.append(
                f'<div class="unqa-status unqa-status-error" role="alert">Not stored:<ul>{items}</ul></div>'
            )
        if not parts:
            parts.append('<div class="unqa-status">Nothing to store.</div>')
        return UploadResult("".join(parts), stored, skipped)

    def read(self, symbol: str | None, page: int | float | None) -> tuple[str, int, int]:
        """A page of a resolution in the reader: (html, page shown, number of pages)."""
        if not symbol:
            return render.reader_html([], 1, READER_PAGE), 1, 1
        paragraphs = self.assistants.base.paragraphs(symbol)
        pages = render.page_count(len(paragraphs), READER_PAGE)
        shown = min(max(1, int(page or 1)), pages)
        return render.reader_html(paragraphs, shown, READER_PAGE), shown, pages
