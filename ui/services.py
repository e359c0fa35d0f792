"""What the UI shares between sessions: one Assistant per answering back-end, all over one store, and the
background ingest of uploads (so a long upload never holds up another session's upload or questions)."""

from __future__ import annotations

import importlib.util
import os
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Literal

from assistant import Assistant, AssistantConfig
from ingest.limits import Limits

BACKEND_LABELS = {
    "extractive": "Extractive (quotes the texts, no model)",
    "openai": "OpenAI-compatible API",
    "llamacpp": "Local model (llama.cpp)",
}

MAX_UPLOAD_ENV = "UNQA_UI_MAX_UPLOAD_MB"
MAX_OPEN_UPLOADS = 16  # uploads queued or being stored at once, all sessions together
KEPT_FINISHED_UPLOADS = 200  # finished uploads whose status can still be looked up


def available_backends() -> list[str]:
    names = ["extractive", "openai"]
    if importlib.util.find_spec("llama_cpp") is not None:
        names.append("llamacpp")
    return names


def upload_limit_mb() -> float:
    """The largest file the UI accepts, in MB: ``UNQA_UI_MAX_UPLOAD_MB``, else the limit ingest itself
    applies (``UNQA_MAX_FILE_MB``, default 50), so that Gradio refuses before writing to disk what ingest
    would refuse after. Raises ValueError, saying what to set, for a value that is no positive number."""
    raw = os.environ.get(MAX_UPLOAD_ENV, "").strip()
    if not raw:
        return Limits.from_env().max_file_mb
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise ValueError(f"{MAX_UPLOAD_ENV} must be a number of megabytes above 0, e.g. 50 (got {raw!r})")
    return value


class FairLock:
    """A lock granted in the order it was asked for. ``threading.Lock`` is not fair: a thread that releases
    it and asks again at once usually wins, so one many-file upload would starve every other one."""

    def __init__(self) -> None:
        self._turns: deque[object] = deque()
        self._held = False
        self._changed = threading.Condition()

    def __enter__(self) -> FairLock:
        ticket = object()
        with self._changed:
            self._turns.append(ticket)
            self._changed.wait_for(lambda: not self._held and self._turns[0] is ticket)
            self._turns.popleft()
            self._held = True
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        with self._changed:
            self._held = False
            self._changed.notify_all()


class Assistants:
    """Created lazily; the variants share the first Assistant's store, embeddings and retriever, so an
    upload through any of them is seen by all (and by other workers: the store's version moves)."""

    def __init__(self, config: AssistantConfig, base: Assistant | None = None) -> None:
        self.config = config
        self._base = base
        self._variants: dict[str, Assistant] = {}
        self._lock = threading.Lock()
        self.ingest_lock = FairLock()  # one file is written to the store at a time

    @property
    def base(self) -> Assistant:
        with self._lock:
            if self._base is None:
                self._base = Assistant(self.config)
            return self._base

    @property
    def default_backend(self) -> str:
        return self.config.backend

    def backends(self) -> list[str]:
        names = available_backends()
        return names if self.default_backend in names else [self.default_backend, *names]

    def get(self, backend: str | None) -> Assistant:
        base = self.base
        name = backend or self.default_backend
        if name == base.config.backend:
            return base
        with self._lock:
            if name not in self._variants:
                self._variants[name] = base.with_backend(name)
            return self._variants[name]


UploadState = Literal["queued", "running", "done", "failed"]


@dataclass
class StoredFile:
    name: str  # the file's name as uploaded
    symbol: str
    paragraphs: int


@dataclass
class UploadJob:
    """One upload of one session: its files, stored one by one by a background thread. The thread is the
    only writer; a session's status poll only reads (single assignments and appends, safe to read)."""

    id: str
    files: list[Path]
    state: UploadState = "queued"
    done: int = 0  # files finished, stored or not
    current: str = ""  # the file being stored
    stored: list[StoredFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    error: str = ""
    submitted: float = field(default_factory=time.monotonic)
    finished: float | None = None

    @property
    def open(self) -> bool:
        return self.state in ("queued", "running")


class UploadsBusy(Exception):
    """Too many uploads are waiting already; the message says what to do."""


class Uploads:
    """Stores uploads in the background, one thread per upload. Files are written one at a time under the
    store's fair write lock, so two uploads take turns file by file (a document is never written by two
    threads at once) and questions, which never take that lock, keep being answered meanwhile."""

    def __init__(self, assistants: Assistants, max_open: int = MAX_OPEN_UPLOADS) -> None:
        self.assistants = assistants
        self.max_open = max_open
        self._jobs: dict[str, UploadJob] = {}
        self._lock = threading.Lock()

    def submit(self, files: list[Path], skipped: list[tuple[str, str]] | None = None) -> UploadJob:
        """Start storing ``files`` in the background; ``skipped`` are files refused before (too large)."""
        with self._lock:
            if sum(job.open for job in self._jobs.values()) >= self.max_open:
                raise UploadsBusy(
                    f"The server is already storing {self.max_open} uploads. Try again in a few minutes."
                )
            job = UploadJob(uuid.uuid4().hex, list(files), skipped=list(skipped or []))
            self._jobs[job.id] = job
            self._forget_old()
        threading.Thread(target=self._run, args=(job,), name=f"unqa-upload-{job.id[:8]}", daemon=True).start()
        return job

    def get(self, job_id: str) -> UploadJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def waiting_before(self, job: UploadJob) -> int:
        """Uploads submitted earlier and still open: what a queued upload waits for."""
        with self._lock:
            return sum(other.open and other.submitted < job.submitted for other in self._jobs.values())

    def _forget_old(self) -> None:
        finished = sorted((j for j in self._jobs.values() if not j.open), key=lambda j: j.finished or 0)
        for job in finished[: max(0, len(finished) - KEPT_FINISHED_UPLOADS)]:
            del self._jobs[job.id]

    def _run(self, job: UploadJob) -> None:
        try:
            for path in job.files:
                with self.assistants.ingest_lock:
                    job.state, job.current = "running", path.name
                    self._store(job, path)
                job.done += 1
            job.state = "done"
        except Exception as err:  # the store itself failed: every later file would fail alike
            job.error, job.state = str(err) or type(err).__name__, "failed"
        finally:
            job.current, job.finished = "", time.monotonic()

    def _store(self, job: UploadJob, path: Path) -> None:
        """One file per ingest call, so another upload gets its turn after each file."""
        summary = self.assistants.base.ingest([str(path)], progress=False)
        job.stored += [StoredFile(path.name, d.symbol, d.paragraphs) for d in summary.stored]
        job.skipped += [(path.name, reason) for _, reason in summary.skipped]
