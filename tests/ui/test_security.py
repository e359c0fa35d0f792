"""What a tester found to hold, kept: HTML and script in questions and documents are shown as text in the
chat, the panel and the reader; the UI listens on 127.0.0.1 unless told otherwise; with ``--auth`` every
route that reaches the app's data or events answers 401 until the login. (Upload names: test_uploads.py;
20 concurrent sessions: tests/eval/test_benchmark.py.)"""

from __future__ import annotations

import inspect
import json
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant import Answer, AssistantConfig, Citation, Retrieved
from eval.processes import free_port, serving
from tests.ui.ui_fakes import SYMBOL, FakeAssistant
from ui import render
from ui.app import DEFAULT_HOST, build, launch, launch_kwargs, serve
from ui.handlers import Handlers, chat_messages
from ui.services import Assistants
from ui.session import Session

REPO = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
QUOTE_BREAK = '" onmouseover="alert(1)'


def _hostile_paragraph() -> Retrieved:
    meta = {
        "symbol": SYMBOL,
        "paragraph": "OP1",
        "label": f"{SYMBOL} OP1",
        "title": f"Title {IMG}",
        "date": "2025-12-15",
        "organ": f"Organ {SCRIPT}",
        "footnotes": json.dumps([{"number": "1", "text": f"Note {SCRIPT}"}]),
        "url": f"https://docs.un.org/en/{SYMBOL}{QUOTE_BREAK}",
    }
    return Retrieved(f"{SYMBOL} OP1", SYMBOL, "OP1", f"Decides {SCRIPT} and {IMG};", 0.0, meta)


def _no_markup(html: str) -> None:
    for tag in ("<script", "<img", 'onmouseover="'):
        assert tag not in html, f"{tag} unescaped in {html}"


def test_html_in_a_question_is_shown_as_text(tmp_path: Path) -> None:
    handlers = Handlers(Assistants(AssistantConfig(), base=FakeAssistant()), export_dir=tmp_path)  # type: ignore[arg-type]
    session = Session()
    list(handlers.ask(f"What about {IMG}{SCRIPT}?", session))
    question = chat_messages(session)[0]["content"]
    _no_markup(question)
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in question


def test_html_in_a_document_is_shown_as_text_in_chat_panel_and_reader() -> None:
    paragraph = _hostile_paragraph()
    citation = Citation(
        f"{SYMBOL} OP1{QUOTE_BREAK}", SYMBOL, "OP1", f"and {IMG}", paragraph.metadata["url"], 1
    )
    answer = Answer("q", f"It decides {SCRIPT} [{citation.label}].", [citation])
    document = {**paragraph.metadata, "vote": IMG, "agenda_item": SCRIPT}
    for html in (
        render.answer_html(answer, 0),  # the chat: answer text, chip, sources with the quote
        render.paragraph_panel_html(paragraph, f"and {IMG}", cited_as=citation.label),
        render.document_panel_html(document),
        render.reader_html([paragraph], 1, 10),
    ):
        _no_markup(html)
        assert "&lt;" in html


# -- the served app --------------------------------------------------------------------------------------
@pytest.fixture
def served() -> Iterator[Any]:
    """Start the real app over a fake Assistant in-process; ``served(host=…, auth=…)`` returns its port."""
    demos: list[Any] = []

    def start(host: str = DEFAULT_HOST, auth: str | None = None) -> int:
        demo = build(Handlers(Assistants(AssistantConfig(), base=FakeAssistant())))  # type: ignore[arg-type]
        port = free_port()
        serve(demo, launch_kwargs(host, port, auth), block=False)
        demos.append(demo)
        return port

    yield start
    for demo in demos:
        demo.close()


def _listening(port: int) -> set[str]:
    """The addresses a socket LISTENs on at ``port``, from /proc/net/tcp and tcp6."""
    found = set()
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(address)
            words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))  # little-endian words
            found.add(socket.inet_ntop(family, words))
    return found


@pytest.mark.server
def test_the_ui_listens_on_loopback_only_by_default(served: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import unqa

    monkeypatch.delenv("UNQA_UI_HOST", raising=False)
    assert unqa.build_parser().parse_args(["ui"]).host == DEFAULT_HOST == "127.0.0.1"
    assert inspect.signature(launch).parameters["host"].default == DEFAULT_HOST
    assert _listening(served()) == {"127.0.0.1"}


@pytest.mark.server
def test_html_in_a_question_comes_back_escaped_from_the_server(served: Any) -> None:
    from gradio_client import Client

    client = Client(f"http://127.0.0.1:{served()}/", verbose=False, analytics_enabled=False)
    chat, _ = client.predict(f"{IMG} online?", [], None, api_name="/ask")
    shown = json.dumps(chat)
    _no_markup(shown)
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown


# Routes Gradio serves before the login, and why each reveals nothing of the app: the login page and what
# draws it; the caller's own login state; plumbing that needs a session or event id only a logged-in page
# gets; the run history, turned off; Gradio's "vibe" editor, refused unless started with `gradio --vibe`.
OPEN_BEFORE_LOGIN = {
    "/",
    "/login",
    "/login/",
    "/logout",
    "/svelte/{path}",
    "/static/{path}",
    "/assets/{path}",
    "/favicon.ico",
    "/theme.css",
    "/robots.txt",
    "/pwa_icon",
    "/pwa_icon/{size}",
    "/manifest.json",
    "/gradio_api/theme.css",
    "/gradio_api/startup-events",
    "/gradio_api/custom_component/{id}/{environment}/{type}/{file_name}",
    "/gradio_api/user",
    "/gradio_api/user/",
    "/gradio_api/token",
    "/gradio_api/token/",
    "/gradio_api/app_id",
    "/gradio_api/app_id/",
    "/gradio_api/heartbeat/{session_hash}",
    "/gradio_api/reset",
    "/gradio_api/reset/",
    "/gradio_api/cancel",
    "/gradio_api/stream/{event_id}",
    "/gradio_api/stream/{event_id}/close",
    "/gradio_api/stream/{session_hash}/{run}/{component_id}/playlist.m3u8",
    "/gradio_api/stream/{session_hash}/{run}/{component_id}/{segment_id}.{ext}",
    "/gradio_api/stream/{session_hash}/{run}/{component_id}/playlist-file",
    "/gradio_api/runs",
    "/gradio_api/runs/",
    "/gradio_api/vibe-edit",
    "/gradio_api/vibe-edit/",
    "/gradio_api/undo-vibe-edit",
    "/gradio_api/undo-vibe-edit/",
    "/gradio_api/vibe-code",
    "/gradio_api/vibe-code/",
    "/gradio_api/vibe-starter-queries",
    "/gradio_api/vibe-starter-queries/",
}
STREAMING = {"/gradio_api/heartbeat/{session_hash}"}  # never ends: not requested


def _concrete(path: str) -> str:
    """A route template with every ``{parameter}`` filled (``/gradio_api/call/{api_name}`` -> ``…/ask``)."""
    for name, value in {"{api_name}": "ask", "{path_or_url}": "/etc/hostname"}.items():
        path = path.replace(name, value)
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + "x" + path[end + 1 :]
    return path


@pytest.mark.server
def test_with_auth_every_route_to_the_app_answers_401_before_login(served: Any) -> None:
    base = f"http://127.0.0.1:{served(auth='reader:s3cret')}"
    routes = httpx.get(f"{base}/openapi.json", timeout=10).json()["paths"]
    assert "/gradio_api/queue/join" in routes and "/config" in routes
    refused, open_ = [], []
    for path, operations in routes.items():
        for method in (m.upper() for m in operations if m in ("get", "post")):
            if path in STREAMING:
                continue
            body = {"data": ["x"], "fn_index": 0, "session_hash": "x"} if method == "POST" else None
            response = httpx.request(method, base + _concrete(path), json=body, timeout=10)
            if path in OPEN_BEFORE_LOGIN:
                open_.append(response)
            else:
                refused.append((method, path, response.status_code))
    assert [r for r in refused if r[2] not in (401, 403)] == []
    assert len(refused) > 30
    for response in open_:  # nothing of the app: no stored symbol, no component of the page
        assert SYMBOL not in response.text and "unqa-question" not in response.text, response.url
    assert httpx.get(f"{base}/gradio_api/runs", timeout=10).status_code == 404  # no run history kept

    with httpx.Client(base_url=base, timeout=10) as logged_in:  # the same routes work after the login
        assert logged_in.post("/login", data={"username": "reader", "password": "s3cret"}).status_code == 200
        assert logged_in.get("/config").status_code == 200
        assert "/ask" in logged_in.get("/gradio_api/info").text
    wrong = httpx.post(f"{base}/login", data={"username": "reader", "password": "guess"}, timeout=10)
    assert wrong.status_code == 400


@pytest.mark.slow
@pytest.mark.server
def test_unqa_ui_with_auth_listens_on_loopback_and_refuses_before_login(tmp_path: Path) -> None:
    """The real command, as an operator starts it: ``unqa ui --auth USER:PASS`` with no --host."""
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    env.pop("UNQA_UI_HOST", None)
    command = [sys.executable, str(REPO / "unqa.py"), "ui", "--data-dir", str(tmp_path / "store")]
    command += ["--port", str(port), "--auth", "reader:s3cret"]
    base = f"http://127.0.0.1:{port}"
    with serving(command, f"{base}/", tmp_path / "ui.log", timeout_s=120, env=env):
        assert _listening(port) == {"127.0.0.1"}
        for method, path in [
            ("GET", "/config"),
            ("GET", "/gradio_api/info"),
            ("POST", "/gradio_api/queue/join"),
            ("POST", "/gradio_api/call/ask"),
            ("POST", "/gradio_api/upload"),
            ("GET", "/gradio_api/file=/etc/hostname"),
        ]:
            assert httpx.request(method, base + path, json={}, timeout=10).status_code == 401, path
        with httpx.Client(base_url=base, timeout=10) as logged_in:
            assert (
                logged_in.post("/login", data={"username": "reader", "password": "s3cret"}).status_code == 200
            )
            assert logged_in.get("/gradio_api/info").status_code == 200
