"""A Chroma server that is not there, or goes away mid-session and comes back: a clear ``StoreUnavailable``
while it is down, and the same store (the same Assistant) works again once it is back.

Every server here is a real ``chroma run`` started, killed and started again on the same port.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant import Assistant, AssistantConfig
from eval.processes import free_port, serving
from ingest.config import StoreConfig
from ingest.pipeline import SAMPLE_PATH
from ingest.store import ParagraphStore, StoreUnavailable

QUESTION = "What share of people in low-income countries is online?"


@contextmanager
def chroma(data: Path, port: int, log: Path) -> Iterator[subprocess.Popen]:
    command = ["chroma", "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)]
    with serving(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", log, timeout_s=60) as process:
        yield process


def kill(process: subprocess.Popen) -> None:
    process.kill()
    process.wait()


def server_config(tmp_path: Path, port: int) -> StoreConfig:
    return StoreConfig(data_dir=tmp_path / "client", chroma_host="127.0.0.1", chroma_port=port)


def assert_says_what_to_do(error: StoreUnavailable, port: int) -> None:
    message = str(error)
    assert f"http://127.0.0.1:{port}" in message
    assert f"chroma run --path DIR --host 127.0.0.1 --port {port}" in message


def test_unreachable_server_at_start_says_what_to_do(tmp_path: Path) -> None:
    port = free_port()
    started = time.perf_counter()
    with pytest.raises(StoreUnavailable) as caught:
        Assistant(AssistantConfig(store=server_config(tmp_path, port)))
    assert_says_what_to_do(caught.value, port)
    print(f"Chroma server not running: StoreUnavailable after {time.perf_counter() - started:.2f} s")


@pytest.mark.server
def test_store_says_what_to_do_while_the_server_is_down_and_reconnects_when_it_is_back(
    tmp_path: Path,
) -> None:
    port = free_port()
    store_config = server_config(tmp_path, port)
    with chroma(tmp_path / "data", port, tmp_path / "first.log") as process:
        store = ParagraphStore(store_config)
        assert store.list_documents() == []
        kill(process)
        with pytest.raises(StoreUnavailable, match="lost the connection") as lost:
            store.list_documents()  # fails through the handles it has
        with pytest.raises(StoreUnavailable, match="cannot reach") as unreachable:
            store.get_paragraph("A/RES/80/118", "OP26")  # tries to reconnect, and cannot yet
        for caught in (lost, unreachable):
            assert_says_what_to_do(caught.value, port)
    with chroma(tmp_path / "data", port, tmp_path / "second.log"):
        assert store.list_documents() == []
        assert store.get_paragraph("A/RES/80/118", "OP26") is None


@pytest.mark.server
def test_server_restarted_on_an_empty_directory_is_reopened(tmp_path: Path) -> None:
    port = free_port()
    with chroma(tmp_path / "data", port, tmp_path / "first.log") as process:
        store = ParagraphStore(server_config(tmp_path, port))
        kill(process)
    with chroma(tmp_path / "other", port, tmp_path / "second.log"):
        with pytest.raises(StoreUnavailable, match=r"collections are gone .* ingest again"):
            store.list_documents()  # the handles name collections this server never had
        assert store.list_documents() == []  # opened afresh


@pytest.mark.server
@pytest.mark.slow
def test_the_same_assistant_answers_again_after_chroma_restarts(tmp_path: Path) -> None:
    port = free_port()
    with chroma(tmp_path / "data", port, tmp_path / "first.log") as process:
        bot = Assistant(AssistantConfig(store=server_config(tmp_path, port)))
        bot.ingest([str(SAMPLE_PATH)], progress=False)
        before = bot.ask(QUESTION)
        assert "27 per cent" in before.text
        kill(process)
        started = time.perf_counter()
        with pytest.raises(StoreUnavailable, match="lost the connection") as caught:
            bot.ask(QUESTION)
        elapsed = time.perf_counter() - started
        assert_says_what_to_do(caught.value, port)
        with pytest.raises(StoreUnavailable, match="cannot reach"):  # reconnecting, still down
            bot.paragraph("A/RES/80/118", "OP26")
    print(f"Chroma server killed mid-session: StoreUnavailable after {elapsed:.2f} s")
    with chroma(tmp_path / "data", port, tmp_path / "second.log"):
        after = bot.ask(QUESTION)
        assert bot.paragraph("A/RES/80/118", "OP26") is not None
    assert after.text == before.text and after.citations == before.citations
