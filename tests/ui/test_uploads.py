"""Uploads: stored in the background with their own progress, never holding up another session's upload or
anyone's questions; a size limit with a message saying what to do; what one session stores can be read and
searched at once by every other session, through the real Gradio app."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant import AssistantConfig
from eval.processes import free_port
from ingest.store import StoreUnavailable
from tests.ui.ui_fakes import SYMBOL, UPLOADED, FakeAssistant, IngestResult, Stored, finished_upload
from ui.app import build, launch, launch_kwargs, serve
from ui.handlers import Handlers
from ui.services import MAX_UPLOAD_ENV, Assistants, FairLock, upload_limit_mb
from ui.session import Session

QUESTION = "What share of people in low-income countries is online?"


class SlowFake(FakeAssistant):
    """Stores each file only once the test lets it (``release(name)``), recording the order of files."""

    def __init__(self) -> None:
        super().__init__()
        self.order: list[str] = []
        self.started: list[str] = []
        self.gates: dict[str, threading.Event] = {}

    def release(self, *names: str) -> None:
        for name in names:
            self.gates.setdefault(name, threading.Event()).set()

    def ingest(self, paths: list[str], *, progress: bool = True) -> IngestResult:
        name = Path(paths[0]).name
        self.started.append(name)
        assert self.gates.setdefault(name, threading.Event()).wait(30), f"{name} never released"
        self.order.append(name)
        return super().ingest(paths, progress=progress)


def _files(folder: Path, *names: str, size: int = 10) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in names]
    for path in paths:
        path.write_bytes(b"x" * size)
    return paths


def _handlers(fake: FakeAssistant, **kwargs: Any) -> Handlers:
    return Handlers(Assistants(AssistantConfig(), base=fake), **kwargs)  # type: ignore[arg-type]


def _until(condition: Any, timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_upload_returns_at_once_and_shows_its_progress(tmp_path: Path) -> None:
    fake = SlowFake()
    handlers = _handlers(fake)
    session = Session()
    view = handlers.upload(_files(tmp_path, "one.md", "two.md"), session)
    assert view.pending and not view.changed
    _until(lambda: fake.started == ["one.md"])
    view = handlers.upload_status(session)
    assert "Storing file 1 of 2" in view.status_html and "<b>one.md</b>" in view.status_html
    assert '<progress value="0" max="2">' in view.status_html
    fake.release("one.md")
    _until(lambda: fake.started == ["one.md", "two.md"])
    assert "Storing file 2 of 2" in handlers.upload_status(session).status_html
    fake.release("two.md")
    _until(lambda: not handlers.upload_status(session).pending)
    assert "Stored:" in handlers.upload_status(session).status_html
    assert Session().uploads == [] and handlers.upload_status(Session()).status_html == ""  # others see none


def test_lists_refresh_once_when_an_upload_stored_something(tmp_path: Path) -> None:
    handlers = _handlers(FakeAssistant())
    session = Session()
    stored = finished_upload(handlers, _files(tmp_path, "new.md"), session)
    assert stored.changed and f"<b>{UPLOADED}</b>: 3 paragraphs, from new.md" in stored.status_html
    assert not handlers.upload_status(session).changed  # the lists are refreshed once, not every second
    refused = finished_upload(handlers, _files(tmp_path, "broken.pdf"), session)
    assert not refused.changed and "no document symbol found on the first page" in refused.status_html
    assert "Choose a PDF" in handlers.upload(None, session).status_html


def test_two_sessions_uploads_take_turns_file_by_file(tmp_path: Path) -> None:
    """A many-file upload does not make a later one wait for all of its files (it waits for one)."""
    fake = SlowFake()
    handlers = _handlers(fake)
    first, second = Session(), Session()
    handlers.upload(_files(tmp_path / "a", "a1.md", "a2.md", "a3.md"), first)
    _until(lambda: fake.started == ["a1.md"])
    view = handlers.upload(_files(tmp_path / "b", "b1.md"), second)
    assert view.pending and "1 earlier upload(s) go first, file by file" in view.status_html
    time.sleep(0.1)  # the second upload is waiting for the store now
    fake.release("a1.md", "a2.md", "a3.md", "b1.md")
    _until(lambda: len(fake.order) == 4)
    assert fake.order == ["a1.md", "b1.md", "a2.md", "a3.md"]


def test_questions_are_answered_while_an_upload_is_stored(tmp_path: Path) -> None:
    fake = SlowFake()
    handlers = _handlers(fake)
    handlers.upload(_files(tmp_path, "big.md"), Session())
    _until(lambda: fake.started == ["big.md"])
    session = Session()
    list(handlers.ask(QUESTION, session))
    assert session.turns[0].answer is not None  # answered while big.md is still being stored
    assert "27 per cent" in handlers.read(SYMBOL, 3)[0]
    fake.release("big.md")


def test_fair_lock_serves_in_request_order() -> None:
    lock, order = FairLock(), []
    with lock:
        threads = [threading.Thread(target=lambda i=i: _take(lock, order, i)) for i in range(5)]
        for thread in threads:
            thread.start()
            time.sleep(0.02)  # each asks after the one before
    for thread in threads:
        thread.join(5)
    assert order == [0, 1, 2, 3, 4]


def _take(lock: FairLock, order: list[int], index: int) -> None:
    with lock:
        order.append(index)


def test_an_oversize_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    fake = FakeAssistant()
    handlers = _handlers(fake, max_upload_mb=0.001)  # 1 KB
    big, small = _files(tmp_path, "big.md", size=2048) + _files(tmp_path, "small.md", size=10)
    view = finished_upload(handlers, [big, small], Session())
    assert "<b>big.md</b>: the file is 2,048 bytes, over the 0.001 MB limit for uploads" in view.status_html
    assert f"ask whoever runs unqa to raise {MAX_UPLOAD_ENV}" in view.status_html
    assert fake.ingested == [str(small)]  # the big one was never parsed


def test_a_store_failure_is_reported_and_stops_the_upload(tmp_path: Path) -> None:
    fake = FakeAssistant()

    def broken(paths: list[str], *, progress: bool = True) -> IngestResult:
        raise StoreUnavailable("cannot open embedded Chroma at /x. Choose a writable data directory.")

    fake.ingest = broken  # type: ignore[method-assign]
    view = finished_upload(_handlers(fake), _files(tmp_path, "a.md", "b.md"), Session())
    assert "Upload failed: cannot open embedded Chroma" in view.status_html
    assert "Nothing stored before is lost" in view.status_html and 'data-state="failed"' in view.status_html


def test_too_many_open_uploads_are_refused_politely(tmp_path: Path) -> None:
    fake = SlowFake()
    handlers = _handlers(fake)
    handlers.uploads.max_open = 1
    handlers.upload(_files(tmp_path / "a", "a.md"), Session())
    view = handlers.upload(_files(tmp_path / "b", "b.md"), Session())
    assert "already storing 1 uploads. Try again in a few minutes." in view.status_html and not view.pending
    fake.release("a.md", "b.md")


def test_the_same_symbol_twice_in_one_upload_says_which_file_won(tmp_path: Path) -> None:
    fake = FakeAssistant()
    fake.ingest = lambda paths, progress=True: IngestResult([Stored("S/RES/1 (1946)", 3)])  # type: ignore[method-assign]
    view = finished_upload(_handlers(fake), _files(tmp_path, "a.md", "b.md"), Session())
    assert "from b.md (replaces the one from a.md)" in view.status_html


def test_upload_names_are_shown_escaped(tmp_path: Path) -> None:
    """A file name is the uploader's text: it is shown, never run."""
    name = "<img src=x onerror=alert(1)>.pdf"
    view = finished_upload(_handlers(FakeAssistant()), _files(tmp_path, name), Session())
    assert "<img" not in view.status_html and "&lt;img src=x onerror=alert(1)&gt;.pdf" in view.status_html


def test_upload_limit_setting(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(MAX_UPLOAD_ENV, raising=False)
    monkeypatch.delenv("UNQA_MAX_FILE_MB", raising=False)
    assert upload_limit_mb() == 50  # the ingest's own default
    monkeypatch.setenv("UNQA_MAX_FILE_MB", "20")
    assert upload_limit_mb() == 20  # follows the ingest's limit
    monkeypatch.setenv(MAX_UPLOAD_ENV, " 2.5 ")
    assert upload_limit_mb() == 2.5  # unless the UI has its own
    assert launch_kwargs("127.0.0.1", 7860, None)["max_file_size"] == int(2.5 * 1024 * 1024)
    assert launch_kwargs("127.0.0.1", 7860, None, 3)["max_file_size"] == 3 * 1024 * 1024
    for bad in ("0", "-1", "lots"):
        monkeypatch.setenv(MAX_UPLOAD_ENV, bad)
        with pytest.raises(ValueError, match=f"{MAX_UPLOAD_ENV} must be a number of megabytes above 0"):
            upload_limit_mb()
    assert launch(AssistantConfig()) == 2  # refused before anything starts
    assert f"unqa ui: {MAX_UPLOAD_ENV} must be a number" in capsys.readouterr().err


def test_the_reader_and_the_search_check_the_store_not_a_fixed_list(tmp_path: Path) -> None:
    handlers = _handlers(FakeAssistant())
    html, _, _ = handlers.read(UPLOADED, 1)
    assert "is not stored. Choose a resolution from the list, or add it with the upload box." in html
    session = Session()
    list(handlers.ask(QUESTION, session, symbols=[UPLOADED]))
    assert session.turns[0].error.startswith(f"Not stored: {UPLOADED}.") and session.history() == []
    finished_upload(handlers, _files(tmp_path, "new.md"), Session())  # another session's upload
    assert "Uploaded text 1" in handlers.read(UPLOADED, 1)[0]
    list(handlers.ask(QUESTION, session, symbols=[UPLOADED.lower()]))
    assert session.turns[1].answer is not None


# -- through the Gradio app, as browsers and API clients use it -------------------------------------------
@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[str, FakeAssistant]]:
    """The real app over a fake Assistant, served in-process on a free 127.0.0.1 port with a 1 MB limit."""
    fake = FakeAssistant()
    demo = build(_handlers(fake, max_upload_mb=1))
    port = free_port()
    serve(demo, launch_kwargs("127.0.0.1", port, None, 1), block=False)
    try:
        yield f"http://127.0.0.1:{port}/", fake
    finally:
        demo.close()


def _client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False, analytics_enabled=False, download_files=False)


def _upload(client: Any, path: Path) -> str:
    from gradio_client import handle_file

    status = client.predict([handle_file(str(path))], None, None, api_name="/upload")[0]
    while 'data-state="queued"' in status or 'data-state="running"' in status:
        time.sleep(0.05)
        status = client.predict(None, None, api_name="/upload_status")[0]
    return status


@pytest.mark.server
def test_an_upload_of_one_session_is_read_and_searched_in_another(
    app: tuple[str, FakeAssistant], tmp_path: Path
) -> None:
    """Before: 'Value: A/RES/80/999 is not in the list of choices' in every session opened before it."""
    url, _ = app
    uploader, reader = _client(url), _client(url)  # two sessions, both opened before the upload
    assert "Stored:" in _upload(uploader, _files(tmp_path, "new.md")[0])
    html, page = reader.predict(UPLOADED, api_name="/read")
    assert "Uploaded text 1" in html and page == 1
    chat, _ = reader.predict(QUESTION, [UPLOADED], None, api_name="/ask")
    assert "unqa-error" not in str(chat[-1]) and "27 per cent" in str(chat[-1])
    symbols, _, library = reader.predict(None, SYMBOL, api_name="/refresh")  # as on opening the Library
    assert UPLOADED in [row[0] for row in library["data"]]
    assert UPLOADED in [value for _, value in symbols["choices"]]


@pytest.mark.server
def test_an_oversize_upload_is_refused_by_the_server(app: tuple[str, FakeAssistant], tmp_path: Path) -> None:
    import httpx

    url, fake = app
    big = _files(tmp_path, "big.txt", size=2 * 1024 * 1024)[0]
    with big.open("rb") as handle:
        response = httpx.post(f"{url}gradio_api/upload", files={"files": ("big.txt", handle)}, timeout=30)
    assert response.status_code == 413 and "maximum allowed size" in response.text
    assert not fake.ingested


@pytest.mark.server
def test_upload_names_cannot_escape_the_upload_folder(app: tuple[str, FakeAssistant], tmp_path: Path) -> None:
    """Names like ``../../x.md`` are stored inside Gradio's upload folder, and a file of the server that no
    one uploaded is never handed to the ingest."""
    import httpx

    url, fake = app
    token = uuid.uuid4().hex
    tricks = [f"../../escape-{token}.md", f"..\\..\\escape2-{token}.md", f"/tmp/escape3-{token}.md"]
    response = httpx.post(
        f"{url}gradio_api/upload", files=[("files", (name, b"text")) for name in tricks], timeout=30
    )
    assert response.status_code == 200, response.text
    saved = [Path(p) for p in response.json()]
    folder = saved[0].parent
    assert all(p.parent == folder and token in p.name and ".." not in p.parts for p in saved)
    assert not (folder.parent.parent / f"escape-{token}.md").exists()
    assert not Path(f"/tmp/escape3-{token}.md").exists()

    secret = tmp_path / "secret.md"  # on the server's disk, never uploaded
    secret.write_text("not for the store")
    outcome = _call(
        url, "upload", [[{"path": str(secret), "meta": {"_type": "gradio.FileData"}}], None, None]
    )
    assert outcome.startswith("event: error")
    assert str(secret) not in fake.ingested


def _call(url: str, api_name: str, data: list[Any]) -> str:
    """An event called the way any HTTP client can, bypassing gradio_client's own uploading of local files;
    returns the first line of the result stream (``event: complete`` or ``event: error``)."""
    import httpx

    started = httpx.post(f"{url}gradio_api/call/{api_name}", json={"data": data}, timeout=30)
    started.raise_for_status()
    with httpx.stream(
        "GET", f"{url}gradio_api/call/{api_name}/{started.json()['event_id']}", timeout=30
    ) as r:
        return next(line for line in r.iter_lines() if line.startswith("event:"))
