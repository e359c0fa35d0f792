"""Several ``unqa ui`` workers on one Chroma server stay consistent: what one stores (an upload through
it, or ``unqa ingest`` from elsewhere) the other answers from on its next question, without a restart.

Real processes throughout: a ``chroma run`` on 127.0.0.1, two ``unqa ui`` workers with their own data
directories (their own saved search indexes, as on two machines), a ``unqa ingest`` beside them, and
questions and an upload through the Gradio API as a browser sends them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.benchmark import stored_symbols, ui_server, upload_files

pytestmark = [pytest.mark.server, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]
# Named resolutions: the question is searched within them only, so a worker whose caches are stale finds
# nothing to cite (dense search alone would find a new paragraph by itself: Chroma answers it live).
CYPRUS = "What does S/RES/186 (1964) recommend about a peace-keeping force in Cyprus?"
MIDDLE_EAST = "Which principles does S/RES/242 (1967) affirm for a just and lasting peace in the Middle East?"


@pytest.fixture(scope="module")
def env(chroma_server: tuple[str, int]) -> dict[str, str]:
    host, port = chroma_server
    return {
        **os.environ,
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        "UNQA_BACKEND": "extractive",
        "UNQA_CHROMA_HOST": host,
        "UNQA_CHROMA_PORT": str(port),
        "UNQA_COLLECTION": "two_workers",
    }


@pytest.fixture(scope="module")
def workers(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Two workers over a library holding only the bundled A/RES/80/118."""
    unqa = [sys.executable, str(REPO / "unqa.py")]
    first, second = tmp_path_factory.mktemp("worker-1"), tmp_path_factory.mktemp("worker-2")
    subprocess.run([*unqa, "ingest", "--sample", "--quiet", "--data-dir", str(first)], env=env, check=True)
    with (
        ui_server(first, env, first / "ui.log") as one,
        ui_server(second, env, second / "ui.log") as two,
    ):
        yield one, two


def cited(url: str, question: str) -> str:
    """The answer's HTML (a fresh session each time, so no conversation history plays a part)."""
    from gradio_client import Client

    client = Client(url, verbose=False, analytics_enabled=False, download_files=False)
    chat, _ = client.predict(question, [], None, api_name="/ask")
    content = chat[-1]["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


def test_an_upload_through_one_worker_is_answered_by_the_other(
    workers: tuple[str, str], corpus_dir: Path
) -> None:
    one, two = workers
    assert "S/RES/186 (1964) OP" not in cited(two, CYPRUS)  # the second worker has answered once already
    run = upload_files(one, [corpus_dir / "unsc-text" / "S_RES_0186_1964_EN_GOLD.txt"])
    assert run.state == "done" and not run.error, run.error
    assert "S/RES/186 (1964)" in stored_symbols(two)
    assert "S/RES/186 (1964) OP" in cited(two, CYPRUS)


def test_an_ingest_from_elsewhere_is_answered_by_both(
    workers: tuple[str, str], env: dict[str, str], corpus_dir: Path, tmp_path: Path
) -> None:
    one, two = workers
    assert "S/RES/242 (1967) OP" not in cited(one, MIDDLE_EAST)
    command = [sys.executable, str(REPO / "unqa.py"), "ingest", "--quiet", "--data-dir", str(tmp_path)]
    subprocess.run(
        [*command, str(corpus_dir / "unsc-text" / "S_RES_0242_1967_EN_GOLD.txt")], env=env, check=True
    )
    assert "S/RES/242 (1967) OP" in cited(one, MIDDLE_EAST)
    assert "S/RES/242 (1967) OP" in cited(two, MIDDLE_EAST)
