"""Shared pytest fixtures: the corpus location and a real Chroma server."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from llama_index.core.base.embeddings.base import BaseEmbedding

from ingest.config import StoreConfig
from ingest.embedding import make_embed_model

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """``$UNQA_CORPUS_DIR``, else ``<repo>/../shared/corpus``."""
    path = Path(os.environ.get("UNQA_CORPUS_DIR") or REPO.parent / "shared" / "corpus")
    if not path.is_dir():
        pytest.fail(f"corpus not found at {path}: set UNQA_CORPUS_DIR")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def free_port() -> int:
    """A TCP port on 127.0.0.1 with nothing listening on it (at the time of asking)."""
    return _free_port()


@pytest.fixture(scope="session")
def embed_model(tmp_path_factory: pytest.TempPathFactory) -> BaseEmbedding:
    """The default embedding model (bundled ONNX all-MiniLM-L6-v2), loaded once per test session."""
    return make_embed_model(StoreConfig(data_dir=tmp_path_factory.mktemp("embed-model")))


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real ``chroma run`` server on a free port; yields (host, port) and stops it afterwards."""
    host, port = "127.0.0.1", _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("w")
    command = ["chroma", "run", "--path", str(path / "data"), "--host", host, "--port", str(port)]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://{host}:{port}/api/v2/heartbeat", timeout=1):
                    break
            except OSError as exc:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma server did not start ({exc}); see {log.name}")
                time.sleep(0.2)
        yield host, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
