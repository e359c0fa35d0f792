"""A language model that is down, slow, killed mid-answer or answering garbage: bounded waits and retries,
then the extractive answer from the same paragraphs with a note (``UNQA_LLM_FALLBACK=extractive``, the
default) or a clear error (``error``).

Down and killed are a real ``llama_cpp.server`` started and killed here; slow and garbage are a small real
HTTP server (``Misbehaving``) on a real socket, since llama.cpp's server cannot be made to do either.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant import Answer, Assistant, AssistantConfig
from assistant.backends.base import BackendUnavailable
from assistant.backends.llamacpp import LlamaCppBackend
from assistant.backends.openai_compat import OpenAIBackend
from assistant.question import analyse
from assistant.references import QuestionReferences
from eval.processes import free_port, serving
from ingest.config import StoreConfig
from tests.conftest import LLAMA_MODEL_ALIAS
from ui.render import answer_html

# Every test answers from the session's sample store (ingested once, some 20 s) or runs a model.
pytestmark = pytest.mark.slow

QUESTION = "What share of people in low-income countries is online?"
# A sentence validation accepts: its clause is in A/RES/80/118 OP26.
SUPPORTED = "Only 27 per cent of the population of low-income countries is online [A/RES/80/118 OP26]. "
UNFINISHED = "In the least developed countries the share is"


class Misbehaving:
    """A real HTTP server on 127.0.0.1 that answers every chat request the way ``mode`` says.

    ``slow``: reads the request and never answers; ``html``: an HTML page with status 200; ``error500``: an
    HTML page with status 500; ``badjson``: an event stream whose event is not JSON; ``nochoices``: an event
    stream whose chunk has no choices; ``midway``: a supported sentence, the start of another, then the
    connection closes mid-stream (as when the server dies). ``requests`` counts the requests received.
    """

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.requests = 0
        self.released = threading.Event()  # ends the waits of ``slow`` at teardown
        self.server = _QuietServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", 0)))
                fake.requests += 1
                getattr(self, f"_{fake.mode}")()

            def _slow(self) -> None:
                fake.released.wait(600)
                self.close_connection = True

            def _html(self, status: int = 200) -> None:
                body = b"<html><body><h1>Welcome to nginx!</h1></body></html>"
                self.send_response(status)
                self.send_header("content-type", "text/html")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _error500(self) -> None:
                self._html(500)

            def _badjson(self) -> None:
                self._events(["{not json"])

            def _nochoices(self) -> None:
                self._events(
                    [json.dumps({"id": "x", "object": "chat.completion.chunk", "choices": []}), "[DONE]"]
                )

            def _midway(self) -> None:
                self._events([_chunk(SUPPORTED), _chunk(UNFINISHED)], finish=False)
                self.connection.shutdown(socket.SHUT_RDWR)  # no closing chunk: the stream is cut
                self.close_connection = True

            def _events(self, events: list[str], finish: bool = True) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("transfer-encoding", "chunked")
                self.end_headers()
                for event in events:
                    data = f"data: {event}\n\n".encode()
                    self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                    self.wfile.flush()
                if finish:
                    self.wfile.write(b"0\r\n\r\n")

        return Handler

    def __enter__(self) -> Misbehaving:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up (the time-outs and retries under test) is expected here, not an error."""


def _chunk(text: str) -> str:
    choice = {"index": 0, "delta": {"content": text}, "finish_reason": None}
    return json.dumps(
        {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m", "choices": [choice]}
    )


def openai_bot(store: StoreConfig, url: str, **settings: object) -> Assistant:
    config = {"llm_model": LLAMA_MODEL_ALIAS, "llm_timeout_s": 5.0, "llm_retries": 1, "max_tokens": 80}
    return Assistant(AssistantConfig(store=store, backend="openai", llm_base_url=url, **(config | settings)))


def timed_ask(bot: Assistant, question: str = QUESTION, **kwargs: object) -> tuple[Answer, float]:
    started = time.perf_counter()
    answer = bot.ask(question, **kwargs)
    return answer, time.perf_counter() - started


@pytest.fixture(scope="module")
def extractive(sample_store: StoreConfig) -> Answer:
    """What the extractive back-end answers to QUESTION: what every fallback below must answer."""
    answer = Assistant(AssistantConfig(store=sample_store)).ask(QUESTION)
    assert "27 per cent" in answer.text
    return answer


def assert_fell_back(answer: Answer, extractive: Answer, url: str, reason: str, midway: bool = False) -> None:
    assert answer.backend == "extractive"
    assert answer.text == extractive.text
    assert [c.label for c in answer.citations] == [c.label for c in extractive.citations]
    what = "stopped answering midway" if midway else "did not answer"
    (note,) = answer.notes
    assert note.startswith(f"The language model at {url} {what} ({reason}")
    assert note.endswith("); this answer is the extractive one from the same paragraphs.")
    assert answer.to_json()["notes"] == answer.notes


# -- a server that is down -----------------------------------------------------------------------------------
def test_server_down_falls_back_to_the_extractive_answer_with_a_note(sample_store, extractive) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    answer, elapsed = timed_ask(openai_bot(sample_store, url))
    assert_fell_back(answer, extractive, url, "connection refused")
    assert elapsed < 15  # two attempts and the openai client's back-off (about a second)
    assert (
        f'<ul class="unqa-notes" role="note"><li dir="auto">{escape(answer.notes[0])}</li></ul>'
        in answer_html(answer, 1)
    )
    print(f"server down, 1 retry: fell back after {elapsed:.1f} s")


def test_server_down_with_fallback_error_says_what_to_do(sample_store) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    bot = openai_bot(sample_store, url, llm_fallback="error")
    with pytest.raises(BackendUnavailable) as caught:
        bot.ask(QUESTION)
    message = str(caught.value)
    assert f"cannot connect to the language model server at {url} (connection refused)" in message
    assert "start the server or set UNQA_LLM_BASE_URL" in message and "--backend extractive" in message


def test_stream_falls_back_cleanly_when_the_model_fails_before_any_text(sample_store, extractive) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    *pieces, answer = openai_bot(sample_store, url).stream(QUESTION)
    assert isinstance(answer, Answer) and answer.backend == "extractive" and answer.notes
    assert "".join(pieces) == answer.text == extractive.text  # streamed once, nothing to take back


def test_followup_does_not_wait_for_a_failed_model_twice(sample_store, extractive) -> None:
    with Misbehaving("error500") as server:
        bot = openai_bot(sample_store, server.url)
        history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": extractive.text}]
        answer = bot.ask("And in the least developed countries?", history=history)
    assert server.requests == 2  # the rewrite's request and its one retry; generation did not ask again
    assert answer.backend == "extractive"
    assert answer.notes[0].startswith(f"The language model at {server.url} did not answer (HTTP 500")
    assert answer.notes[0].endswith("the follow-up question was read without it.")
    assert answer.notes[1:] == ["This answer is the extractive one from the same paragraphs."]


# -- a slow server -------------------------------------------------------------------------------------------
@pytest.mark.server
def test_slow_server_is_given_up_after_the_timeout_and_the_retries(sample_store, extractive) -> None:
    with Misbehaving("slow") as server:
        answer, elapsed = timed_ask(openai_bot(sample_store, server.url, llm_timeout_s=1.0, llm_retries=1))
    assert server.requests == 2
    assert_fell_back(answer, extractive, server.url, "no reply within 1 s")
    assert elapsed < 2 * 1.0 + 10  # two attempts of 1 s, the back-off, a generous margin
    print(f"slow server, 1 s timeout, 1 retry: fell back after {elapsed:.1f} s")


@pytest.mark.server
def test_slow_server_with_fallback_error_says_what_to_do(sample_store) -> None:
    with Misbehaving("slow") as server:
        bot = openai_bot(sample_store, server.url, llm_timeout_s=1.0, llm_retries=0, llm_fallback="error")
        with pytest.raises(
            BackendUnavailable, match=r"did not answer in time \(no reply within 1 s"
        ) as caught:
            bot.ask(QUESTION)
    assert server.requests == 1 and "UNQA_LLM_TIMEOUT" in str(caught.value)


# -- a server answering garbage ------------------------------------------------------------------------------
@pytest.mark.server
@pytest.mark.parametrize(
    ("mode", "reason", "requests"),
    [
        ("html", "a reply with no text", 1),
        ("nochoices", "a reply with no text", 1),
        ("badjson", "a reply that is not an OpenAI chat stream (Expecting property name", 1),
        ("error500", "HTTP 500: <html><body><h1>Welcome to nginx!</h1></body></html>", 2),  # 5xx is retried
    ],
)
def test_garbage_falls_back_with_a_note(sample_store, extractive, mode, reason, requests) -> None:
    with Misbehaving(mode) as server:
        answer, elapsed = timed_ask(openai_bot(sample_store, server.url))
    assert server.requests == requests
    assert_fell_back(answer, extractive, server.url, reason)
    print(f"{mode}: fell back after {elapsed:.1f} s")


@pytest.mark.server
def test_garbage_with_fallback_error_says_to_check_the_url(sample_store) -> None:
    with Misbehaving("html") as server:
        bot = openai_bot(sample_store, server.url, llm_fallback="error")
        with pytest.raises(BackendUnavailable, match="sent a reply with no text") as caught:
            bot.ask(QUESTION)
    assert "UNQA_LLM_BASE_URL" in str(caught.value) and "/v1" in str(caught.value)


# -- a stream that breaks midway -----------------------------------------------------------------------------
@pytest.mark.server
def test_stream_broken_midway_ends_with_the_extractive_answer_and_a_note(sample_store, extractive) -> None:
    with Misbehaving("midway") as server:
        *pieces, answer = openai_bot(sample_store, server.url).stream(QUESTION)
    assert isinstance(answer, Answer)
    assert pieces[0] == SUPPORTED.strip()  # the validated sentence streamed before the break
    assert not any(UNFINISHED in p for p in pieces)  # the unfinished one never shown
    assert pieces[-1] == "\n" + extractive.text  # the final text, shown whole, replaces what came before
    assert_fell_back(answer, extractive, server.url, "connection lost: peer closed connection", midway=True)


@pytest.mark.server
def test_stream_broken_midway_with_fallback_error_raises_after_validated_text_only(sample_store) -> None:
    pieces: list[str | Answer] = []
    with Misbehaving("midway") as server:
        bot = openai_bot(sample_store, server.url, llm_fallback="error")
        with pytest.raises(BackendUnavailable, match="connection lost"):
            for piece in bot.stream(QUESTION):
                pieces.append(piece)
    assert pieces == [SUPPORTED.strip()]


# -- a real llama.cpp server, killed and started again -------------------------------------------------------
@contextmanager
def llama_cpp_server(gguf: Path, port: int, log: Path) -> Iterator[subprocess.Popen]:
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf),
        "--model_alias",
        LLAMA_MODEL_ALIAS,
    ]
    command += ["--host", "127.0.0.1", "--port", str(port), "--n_threads", "1", "--n_ctx", "4096"]
    with serving(command, f"http://127.0.0.1:{port}/v1/models", log) as process:
        yield process


def kill(process: subprocess.Popen) -> None:
    process.kill()
    process.wait()


@pytest.mark.server
def test_killed_server_falls_back_and_the_same_assistant_uses_it_again_once_restarted(
    sample_store, smollm2_gguf, tmp_path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    small = {"top_k": 3, "max_tokens": 24}  # a short prompt and answer: SmolLM2 on one thread is slow
    bot = openai_bot(sample_store, url, llm_timeout_s=60.0, **small)
    extractive = Assistant(AssistantConfig(store=sample_store, **small)).ask(QUESTION)
    with llama_cpp_server(smollm2_gguf, port, tmp_path / "first.log") as process:
        answer, _ = timed_ask(bot)
        assert answer.backend == "openai" and answer.notes == []
        kill(process)
        down, elapsed = timed_ask(bot)
    assert_fell_back(down, extractive, url, "connection refused")
    print(f"killed llama.cpp server: fell back after {elapsed:.1f} s")
    with llama_cpp_server(smollm2_gguf, port, tmp_path / "second.log"):
        again, _ = timed_ask(bot)
    assert again.backend == "openai" and again.notes == []


@pytest.mark.server
def test_server_killed_mid_stream_is_a_lost_connection(smollm2_gguf, evidence_of, tmp_path) -> None:
    port = free_port()
    config = AssistantConfig(
        backend="openai",
        llm_model=LLAMA_MODEL_ALIAS,
        llm_base_url=f"http://127.0.0.1:{port}/v1",
        max_tokens=400,
    )
    question = analyse("List the whole numbers from 1 to 200, one per line.", QuestionReferences())
    chunks: list[str] = []
    with (
        llama_cpp_server(smollm2_gguf, port, tmp_path / "server.log") as process,
        pytest.raises(BackendUnavailable) as caught,
    ):
        for chunk in OpenAIBackend(config).generate(question, evidence_of("OP26"), []):
            chunks.append(chunk)
            if len(chunks) == 1:
                kill(process)
    assert chunks and caught.value.reason.startswith("connection lost")


# -- the in-process llama.cpp back-end -----------------------------------------------------------------------
def test_llamacpp_prompt_longer_than_its_context_is_backend_unavailable(smollm2_gguf, evidence_of) -> None:
    backend = LlamaCppBackend(AssistantConfig(backend="llamacpp", gguf_path=str(smollm2_gguf)), n_ctx=256)
    question = analyse(QUESTION, QuestionReferences())
    with pytest.raises(BackendUnavailable, match="exceed context window") as caught:
        list(backend.generate(question, evidence_of("OP26", "OP28", "OP32"), []))
    assert caught.value.where == str(smollm2_gguf) and "UNQA_TOP_K" in str(caught.value)
