"""The library-wide lexical index: BM25 as bm25s scores it, scopes as masks, and following the store's
version stamp across processes (each ``ParagraphStore`` + ``SharedIndex`` pair here stands for a worker)."""

from __future__ import annotations

import shutil
from pathlib import Path

import bm25s
import numpy as np
import pytest
from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.library_index import LibraryIndex, SharedIndex, bm25_tokens, evidence_text
from ingest.config import StoreConfig
from ingest.context import indexed_text
from ingest.pipeline import ingest_paths
from ingest.store import ParagraphStore

FILES = {
    "S/RES/84 (1950)": "S_RES_0084_1950_EN_GOLD.txt",  # Korea
    "S/RES/186 (1964)": "S_RES_0186_1964_EN_GOLD.txt",  # Cyprus
    "S/RES/242 (1967)": "S_RES_0242_1967_EN_GOLD.txt",  # Middle East
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path, embed_model: BaseEmbedding) -> Path:
    """A data directory holding the first two resolutions (copied per test, so each starts the same)."""
    config = StoreConfig(data_dir=tmp_path_factory.mktemp("library"))
    files = [corpus_dir / "unsc-text" / FILES[s] for s in ("S/RES/84 (1950)", "S/RES/186 (1964)")]
    summary = ingest_paths(files, config, progress=False, embed_model=embed_model)
    assert not summary.skipped
    return config.data_dir


@pytest.fixture
def data_dir(library: Path, tmp_path: Path) -> Path:
    shutil.copytree(library, tmp_path / "data")
    return tmp_path / "data"


def worker(data_dir: Path) -> tuple[ParagraphStore, SharedIndex]:
    store = ParagraphStore(StoreConfig(data_dir=data_dir))
    return store, SharedIndex(store)


def test_scores_are_bm25_over_the_library(data_dir: Path) -> None:
    """Every paragraph's score is what bm25s gives over the library's indexed texts, top k in order."""
    store, shared = worker(data_dir)
    index = shared.current()
    nodes = sorted(store.all_paragraph_nodes(), key=lambda n: (n.metadata["symbol"], n.metadata["position"]))
    reference = bm25s.BM25()
    reference.index(
        bm25_tokens([indexed_text(n.metadata, evidence_text(n)) for n in nodes]), show_progress=False
    )
    query = "peace-keeping force in Cyprus and the withdrawal of armed forces"
    expected = reference.get_scores(bm25_tokens([query])[0])
    view = index.scope((), None, None)
    assert view is not None and view.size == len(nodes)
    hits = index.paragraphs(query, view, 5)
    by_id = {n.node_id: float(s) for n, s in zip(nodes, expected, strict=True)}
    assert [h.score for h in hits] == pytest.approx(sorted(by_id.values(), reverse=True)[:5], rel=1e-5)
    assert all(by_id[h.record_id] == pytest.approx(h.score, rel=1e-5) for h in hits)
    assert hits[0].record_id.startswith("S/RES/186 (1964)#")


def test_a_scope_is_a_mask_not_a_rebuild(data_dir: Path) -> None:
    store, shared = worker(data_dir)
    index = shared.current()
    korea = index.scope(("S/RES/84 (1950)",), None, None)
    assert korea is not None
    hits = index.paragraphs("Cyprus force", korea, 50)
    assert hits and {h.record_id.split("#")[0] for h in hits} == {"S/RES/84 (1950)"}
    assert [h.record_id for h in index.documents("Cyprus", korea, 5)] == ["S/RES/84 (1950)"]
    assert index.scope((), None, 1964).size == len(store.all_paragraph_nodes(where={"year": 1964}))  # type: ignore[union-attr]
    assert index.scope((), "General Assembly", None) is None  # nothing of the organ stored
    everything = index.scope((), None, None)
    assert everything is not None
    library, korean = index.frequencies(everything, ["cyprus"]), index.frequencies(korea, ["cyprus"])
    assert library["cyprus"] > 0 and korean == {"cyprus": 0}
    assert index.held("S/RES/186 (1964)", ["cyprus", "korea"]) == {"cyprus"}


def test_an_ingest_by_another_worker_is_seen_on_the_next_question(
    data_dir: Path, corpus_dir: Path, embed_model: BaseEmbedding
) -> None:
    _, first = worker(data_dir)
    before = first.current()
    kept = before.entries["S/RES/84 (1950)"]
    second_store, second = worker(data_dir)
    assert not second.current().sync(second_store)  # loaded from the saved file, at the same version
    summary = ingest_paths(
        [corpus_dir / "unsc-text" / FILES["S/RES/242 (1967)"]],
        second_store.config,
        progress=False,
        store=second_store,
        embed_model=embed_model,
    )
    assert summary.stored
    index = first.current()
    assert "S/RES/242 (1967)" in index.entries
    assert index.entries["S/RES/84 (1950)"] is kept  # per resolution: the unchanged ones are not re-read
    view = index.scope((), None, None)
    assert view is not None
    assert index.paragraphs("withdrawal of Israel armed forces from territories occupied", view, 1)[
        0
    ].record_id.startswith("S/RES/242 (1967)#")
    second_store.delete_document("S/RES/242 (1967)")
    assert "S/RES/242 (1967)" not in first.current().entries


def test_a_new_process_loads_the_saved_index_without_reading_the_store(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker(data_dir)[1].current()
    store, shared = worker(data_dir)

    def scan(*args: object, **kwargs: object) -> None:
        raise AssertionError("the saved index is up to date: nothing should be read")

    monkeypatch.setattr(store, "all_paragraph_nodes", scan)
    assert shared.current().scope((), None, None) is not None


def test_an_unreadable_or_foreign_file_is_rebuilt(data_dir: Path) -> None:
    _, shared = worker(data_dir)
    shared.path.parent.mkdir(parents=True, exist_ok=True)
    shared.path.write_bytes(b"not a pickle")
    assert LibraryIndex.load(shared.path, "key").entries == {}
    assert set(shared.current().entries) == {"S/RES/84 (1950)", "S/RES/186 (1964)"}
    assert LibraryIndex.load(shared.path, "another store").entries == {}
    saved = LibraryIndex.load(shared.path, shared.index_key)
    assert saved.built is not None
    del saved.built.rows  # as if saved by an older version whose format number was not bumped
    saved.save(shared.path)
    assert LibraryIndex.load(shared.path, shared.index_key).built is None


def test_an_empty_store_has_no_scope(tmp_path: Path) -> None:
    _, shared = worker(tmp_path)
    index = shared.current()
    assert index.scope((), None, None) is None
    assert np.asarray(index.built.library_counts).size == 0  # type: ignore[union-attr]
