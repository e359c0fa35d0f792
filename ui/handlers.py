"""What the UI's events do, as plain functions over a session and the shared Assistants (no Gradio here,
so each can be called and tested directly; ``ui.app`` wires them to components)."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from assistant import Answer
from ingest.ids import normalize_symbol
from ingest.limits import DEFAULT_LIMITS, MB, figure, megabytes
from ui import render
from ui.export import write_markdown
from ui.services import (
    MAX_UPLOAD_ENV,
    Assistants,
    UploadJob,
    Uploads,
    UploadsBusy,
)
from ui.session import Session, Turn

READER_PAGE = 10
SHOWN_UPLOADS = 3  # a session's latest uploads listed under the upload box


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
class UploadView:
    """What the upload box shows for a session, and what the page should do next."""

    status_html: str
    pending: bool  # an upload of the session is still being stored: look again soon
    changed: bool  # an upload that stored something finished since the last look: refresh the lists


def _status(message: str, kind: str = "", role: str = "status") -> str:
    """A status box; ``message`` is HTML already escaped by the caller."""
    return f'<div class="unqa-status{f" unqa-status-{kind}" if kind else ""}" role="{role}">{message}</div>'


def _items(rows: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{row}</li>" for row in rows) + "</ul>"


class Handlers:
    def __init__(
        self,
        assistants: Assistants,
        export_dir: Path | None = None,
        max_upload_mb: float = DEFAULT_LIMITS.max_file_mb,
    ) -> None:
        self.assistants = assistants
        self.export_dir = export_dir or Path(tempfile.gettempdir()) / "unqa-exports"
        self.max_upload_mb = max_upload_mb
        self.uploads = Uploads(assistants)

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
        wanted, unknown = self._stored_symbols(symbols or [])
        if unknown:
            turn.error = (
                f"Not stored: {', '.join(unknown)}. Choose resolutions from “Search in” (the list is "
                "refreshed when you open the Ask tab), or upload them in the Library tab."
            )
            yield chat_messages(session), session
            return
        try:
            assistant = self.assistants.get(backend)
            for piece in assistant.stream(question, history, symbols=wanted or None):
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

    def _stored_symbols(self, symbols: Sequence[str]) -> tuple[list[str], list[str]]:
        """The asked symbols in their stored spelling, and those not stored. Checked against the store, not
        the picker's choices, which another session's upload makes stale."""
        stored = {normalize_symbol(s): s for s in (d["symbol"] for d in self.documents())}
        found = [stored.get(normalize_symbol(s)) for s in symbols]
        return [s for s in found if s], [s for s, f in zip(symbols, found, strict=True) if not f]

    # -- uploads ---------------------------------------------------------------------------------------
    def upload(self, files: Sequence[Any] | None, session: Session) -> UploadView:
        """Start storing uploaded files in the background and return at once; ``upload_status`` follows
        the progress. A file over the size limit is refused here, before anything is parsed."""
        paths = [Path(f if isinstance(f, str | os.PathLike) else f.name) for f in files or []]
        if not paths:
            return UploadView(_status("Choose a PDF, DOCX or text file first."), False, False)
        accepted, refused = self._check_sizes(paths)
        try:
            job = self.uploads.submit(accepted, refused)
        except UploadsBusy as err:
            return UploadView(_status(escape(str(err)), "error", "alert"), False, False)
        session.uploads.append(job.id)
        return self.upload_status(session)

    def _check_sizes(self, paths: Sequence[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
        accepted: list[Path] = []
        refused: list[tuple[str, str]] = []
        for path in paths:
            try:
                size = path.stat().st_size
            except OSError:
                refused.append((path.name, "the file did not arrive on the server; upload it again"))
                continue
            if size > self.max_upload_mb * MB:
                limit = f"{figure(self.max_upload_mb)} MB"
                reason = (
                    f"the file is {megabytes(size)}, over the {limit} limit for uploads: split it, or ask"
                )
                refused.append((path.name, f"{reason} whoever runs unqa to raise {MAX_UPLOAD_ENV}"))
            else:
                accepted.append(path)
        return accepted, refused

    def upload_status(self, session: Session) -> UploadView:
        """The session's latest uploads, newest first: waiting, storing (file i of n) or finished."""
        jobs = [j for j in map(self.uploads.get, session.uploads[-SHOWN_UPLOADS:]) if j is not None]
        finished = {j.id for j in jobs if not j.open} - session.uploads_seen
        session.uploads_seen |= finished
        changed = any(j.stored for j in jobs if j.id in finished)
        html = "".join(self._job_html(j) for j in reversed(jobs))
        return UploadView(html, any(j.open for j in jobs), changed)

    def _job_html(self, job: UploadJob) -> str:
        parts = [self._progress_html(job)] if job.open else []
        if job.stored:
            parts.append(_status("Stored:" + _items(_stored_rows(job)), "ok"))
        if job.skipped:
            rows = [f"<b>{escape(name)}</b>: {escape(reason)}" for name, reason in job.skipped]
            parts.append(_status("Not stored:" + _items(rows), "error", "alert"))
        if job.error:
            message = f"Upload failed: {escape(job.error)} Nothing stored before is lost."
            parts.append(_status(message, "error", "alert"))
        if not parts:
            parts.append(_status("Nothing to store."))
        head = f'<div class="unqa-upload" data-upload="{job.id}" data-state="{job.state}">'
        return head + "".join(parts) + "</div>"

    def _progress_html(self, job: UploadJob) -> str:
        total = len(job.files)
        if job.state == "queued":
            ahead = self.uploads.waiting_before(job)
            wait = f": {ahead} earlier upload(s) go first, file by file" if ahead else ""
            return _status(f"Waiting to store {total} file(s){wait}…")
        elapsed = time.monotonic() - job.submitted
        name = f" <b>{escape(job.current)}</b>" if job.current else ""
        return _status(
            f"Storing file {min(job.done + 1, total)} of {total}{name}… ({elapsed:.0f} s so far) "
            f'<progress value="{job.done}" max="{total}"></progress>'
        )

    def read(self, symbol: str | None, page: int | float | None) -> tuple[str, int, int]:
        """A page of a resolution in the reader: (html, page shown, number of pages)."""
        if not symbol:
            return render.reader_html([], 1, READER_PAGE), 1, 1
        paragraphs = self.assistants.base.paragraphs(normalize_symbol(symbol))
        if not paragraphs:  # asked of the store, so another session's upload can be read at once
            message = (
                f"{escape(symbol)} is not stored. Choose a resolution from the list, or add it with the "
                "upload box."
            )
            return f'<div class="unqa-reader unqa-panel-empty" role="alert">{message}</div>', 1, 1
        pages = render.page_count(len(paragraphs), READER_PAGE)
        shown = min(max(1, int(page or 1)), pages)
        return render.reader_html(paragraphs, shown, READER_PAGE), shown, pages


def _stored_rows(job: UploadJob) -> list[str]:
    """One row per stored file; a symbol stored twice by one upload says the later file replaced it."""
    rows = []
    for index, item in enumerate(job.stored):
        earlier = [e.name for e in job.stored[:index] if e.symbol == item.symbol]
        replaced = f" (replaces the one from {escape(earlier[-1])})" if earlier else ""
        rows.append(
            f"<b>{escape(item.symbol)}</b>: {item.paragraphs} paragraphs, from {escape(item.name)}{replaced}"
        )
    return rows
