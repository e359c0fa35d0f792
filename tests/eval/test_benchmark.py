"""``python -m eval.benchmark load``: concurrent UI sessions while an upload is stored. The figures are
printed, not asserted; what is asserted is what must hold under load: no errors, no mixed conversations."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eval.benchmark import (
    LIBRARY_GOLD,
    Conversation,
    LoadReport,
    SessionRun,
    UploadRun,
    bench_load,
    conversations,
    corpus_files,
)
from eval.gold import load_gold
from eval.scale import RATIO_FIGURES, PerturbedEmbedding, VectorCache, ensure_store, make_copy, parse_corpus
from ingest.context import indexed_text
from ingest.ids import SYMBOL_RE, normalize_symbol
from ingest.store import document_text, paragraph_nodes

REPO = Path(__file__).resolve().parents[2]


def test_conversations_are_distinct_follow_ups(corpus_dir: Path) -> None:
    files = corpus_files(corpus_dir)
    assert files["S/RES/232 (1966)"].name == "S_RES_0232_1966_EN_GOLD.txt"
    chosen = conversations(20, 3, set(files))
    assert len({c.symbol for c in chosen}) == 20
    assert len({q for c in chosen for q in c.questions}) == 60
    follow_ups = {i.question: i.history[0]["content"] for i in load_gold(LIBRARY_GOLD) if i.history}
    assert all(follow_ups[c.questions[1]] == c.questions[0] for c in chosen)  # a question, then its follow-up
    with pytest.raises(SystemExit, match="ask for at most 1 sessions"):
        conversations(2, 2, {"S/RES/232 (1966)"})


def _run(conversation: Conversation, answers: list[str], asked: int | None = None) -> SessionRun:
    run = SessionRun(conversation, answers=answers, latencies=[0.1] * len(answers))
    run.foreign_history = asked is not None and asked != len(conversation.questions)
    return run


def test_a_mixed_conversation_is_counted_and_a_changed_answer_is_not() -> None:
    one, two = Conversation("S/RES/1 (1946)", ("q1", "q2")), Conversation("S/RES/2 (1946)", ("q3", "q4"))
    alone = [_run(one, ["a1", "a2"]), _run(two, ["a3", "a4"])]

    def report(*runs: SessionRun) -> LoadReport:
        return LoadReport(list(runs), UploadRun(2, 2, "done", 1.0), alone, 1.0)

    assert report(_run(one, ["a1", "a2"]), _run(two, ["a3", "a4"])).mixed == 0
    swapped = report(_run(one, ["a1", "a4"]), _run(two, ["a3", "a2"]))
    assert (swapped.mixed, swapped.changed) == (2, 0)
    changed = report(_run(one, ["a1", "other"]), _run(two, ["a3", "a4"]))
    assert (changed.mixed, changed.changed) == (0, 1)
    assert report(_run(one, ["a1", "a2"], asked=3)).mixed == 1  # a question it did not ask in its chat
    assert "mixed conversations 2" in swapped.render() and "errors 0" in swapped.render()


@pytest.mark.slow
@pytest.mark.server
def test_load_command_with_3_sessions(corpus_dir: Path) -> None:
    env = {**os.environ, "UNQA_BACKEND": "extractive", "UNQA_CORPUS_DIR": str(corpus_dir)}
    command = [sys.executable, "-m", "eval.benchmark", "load", "--sessions", "3", "--questions", "2"]
    done = subprocess.run(
        [*command, "--uploads", "2"], env=env, cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert "load: 3 sessions x 2 questions" in done.stdout
    assert "errors 0; mixed conversations 0;" in done.stdout, done.stdout
    assert (
        "upload: 2 of 2 files stored, done" in done.stdout and "latency per question (6): p50" in done.stdout
    )


@pytest.mark.slow
@pytest.mark.server
def test_20_concurrent_sessions_give_no_errors_and_no_mixed_answers_or_histories(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNQA_BACKEND", "extractive")
    report = bench_load(sessions=20, questions=2, data_dir=None, corpus=corpus_dir, uploads=2)
    print(report.render())
    assert report.errors == []
    assert report.mixed == 0
    assert len(report.sessions) == 20 and all(len(run.answers) == 2 for run in report.sessions)
    assert report.upload.state == "done" and report.upload.stored == 2


# -- scale: synthetic stores of growing size -----------------------------------------------------------------
SCALE_FILES = ("S_RES_0001_1946", "S_RES_0101_1953", "S_RES_0118_1956", "S_RES_0133_1960", "S_RES_0232_1966")


@pytest.fixture(scope="module")
def small_corpus(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five Security Council resolutions the library gold set asks about: 200 paragraphs need copies."""
    folder = tmp_path_factory.mktemp("scale-corpus") / "unsc-text"
    folder.mkdir()
    for name in SCALE_FILES:
        shutil.copy(corpus_dir / "unsc-text" / f"{name}_EN_GOLD.txt", folder)
    return folder.parent


def test_a_copy_has_its_own_symbol_and_text_but_the_same_paragraphs(small_corpus: Path) -> None:
    corpus = parse_corpus(small_corpus)
    original = next(d for d in corpus.documents if d.symbol == "S/RES/232 (1966)")
    copy = make_copy(original, corpus, seed=0, round_=2, index=4)
    assert SYMBOL_RE.fullmatch(copy.symbol) and normalize_symbol(copy.symbol) == copy.symbol
    assert copy.symbol.startswith("S/RES/200232 (") and copy.date != original.date
    assert [p.id for p in copy.paragraphs] == [p.id for p in original.paragraphs]
    changed = sum(c.text != o.text for c, o in zip(copy.paragraphs, original.paragraphs, strict=True))
    assert changed >= len(original.paragraphs) / 2
    assert make_copy(original, corpus, seed=0, round_=2, index=4) == copy  # deterministic
    assert make_copy(original, corpus, seed=1, round_=2, index=4).paragraphs != copy.paragraphs


def test_a_copy_gets_its_originals_vector_perturbed_and_renormalised(
    small_corpus: Path, tmp_path: Path
) -> None:
    from llama_index.core import MockEmbedding

    corpus = parse_corpus(small_corpus)
    original = corpus.documents[0]
    copy = make_copy(original, corpus, seed=0, round_=1, index=0)
    model = PerturbedEmbedding(MockEmbedding(embed_dim=384), VectorCache(tmp_path / "vectors.npz"))
    originals = model.expect(copy, original)
    copied = [indexed_text(n.metadata, n.text) for n in paragraph_nodes(copy)] + [document_text(copy)]
    real = [model.get_text_embedding(t) for t in originals]
    vectors = [model.get_text_embedding(t) for t in copied]
    assert all(v == [0.5] * 384 for v in real)  # an original: the real model's vector, as it is
    for vector in vectors:
        cosine = sum(vector) * 0.5 / math.sqrt(384 * 0.25)
        assert math.isclose(math.fsum(x * x for x in vector), 1.0) and 0.9 < cosine < 0.995
    assert len({tuple(v) for v in vectors}) == len(vectors)  # each copy's text its own noise


@pytest.mark.slow
def test_scale_command_at_tiny_sizes(small_corpus: Path, tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    command = [sys.executable, "-m", "eval.benchmark", "scale", "--sizes", "60,200", "--questions", "3"]
    command += ["--sample", "2", "--data-dir", str(data), "--out", str(out), "--corpus", str(small_corpus)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "NOTE: copies are not embedded by the model" in done.stdout
    results = json.loads((out / "results.json").read_text())
    assert (out / "scale.png").read_bytes().startswith(b"\x89PNG")
    assert results["questions"] == 3 and results["corpus"]["documents"] == len(SCALE_FILES)
    sample = results["sample"]
    assert sample["files"] == 2 and sample["paragraphs"] > 0
    assert sample["parse_per_s"] > 0 and 0 < sample["embed_per_s"] < 10_000 and results["help_s"] > 0
    small, large = results["rows"]
    assert (small["paragraphs"], large["paragraphs"]) == (60, 200)
    for row in (small, large):
        assert row["mode"] == "embedded" and not row["reused"]
        assert row["paragraphs_stored"] == row["paragraphs"] and row["documents_stored"] == row["documents"]
        assert all(math.isfinite(row[k]) and row[k] > 0 for k in RATIO_FIGURES), row
        assert row["retrieval_p50_ms"] <= row["retrieval_p95_ms"] < 60_000
        assert row["answer_p50_ms"] <= row["answer_p95_ms"] < 60_000
        assert 100 < row["peak_rss_mb"] < 8_000 and row["cold_ask_s"] > results["help_s"]
        assert row["answers_citing"] + row["answers_refused"] >= 1
        assert row["ratios"] == pytest.approx({k: row[k] / small[k] for k in RATIO_FIGURES})
    assert 0 < small["copies"] < large["copies"]
    assert large["documents"] > small["documents"] > len(SCALE_FILES)
    assert large["answers_citing"] >= 1  # the questions' resolutions are stored whole, first
    # the stores are reused when run again with the same settings, without loading a model
    manifest = json.loads((data / "store-200" / "scale-manifest.json").read_text())
    again = ensure_store(parse_corpus(small_corpus), 200, 0, manifest["first"], data, real=None)
    assert again["reused"] and again["built_at"] == large["built_at"]
