"""Batch ingest: folders expanded, bad files reported, one symbol never overwritten within a batch."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from llama_index.core.base.embeddings.base import BaseEmbedding

from ingest import pipeline
from ingest.config import StoreConfig
from ingest.limits import MB, Limits
from ingest.parse import parse_file
from ingest.pipeline import SAMPLE_PATH, expand_inputs, ingest_paths
from ingest.store import ParagraphStore
from tests.conftest import REPO

NOBODY = 65534


def test_expand_inputs_walks_folders_and_reports_missing(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / ".hidden").write_text("x", encoding="utf-8")
    files, missing = expand_inputs([tmp_path / "a", tmp_path / "nope.pdf"])
    assert files == [tmp_path / "a" / "x.txt"]
    assert missing == [(str(tmp_path / "nope.pdf"), "no such file or folder")]


def _tree_with_links(root: Path) -> None:
    """A folder with every kind of entry a walk can meet, and ``a.txt``, ``sub/b.txt`` to find."""
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("a", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("b", encoding="utf-8")
    (root / "sub" / "up").symlink_to("..")  # back to a folder above: a loop
    (root / "self").symlink_to("self")  # a link to itself: the system reports a loop
    (root / "gone.txt").symlink_to("nowhere.txt")
    (root / "other").symlink_to("sub")  # a second way into a folder walked already
    (root / "link.txt").symlink_to("a.txt")
    os.mkfifo(root / "pipe")


def test_expand_inputs_reports_what_it_does_not_follow(tmp_path: Path) -> None:
    root = tmp_path / "in"
    _tree_with_links(root)
    files, skipped = expand_inputs([root])
    assert files == [root / "a.txt", root / "link.txt", root / "sub" / "b.txt"]
    assert skipped == [
        (str(root / "gone.txt"), "broken symbolic link: its target nowhere.txt does not exist"),
        (str(root / "other"), "a link to a folder walked already: not walked twice"),
        (str(root / "pipe"), "not a regular file (a pipe, socket or device)"),
        (str(root / "self"), "symbolic link loop: not followed"),
        (str(root / "sub" / "up"), "symbolic link loop: not followed"),
    ]
    assert expand_inputs([root / "self", root / "gone.txt"]) == (
        [],
        [
            (str(root / "self"), "symbolic link loop: not followed"),
            (str(root / "gone.txt"), "broken symbolic link: its target nowhere.txt does not exist"),
        ],
    )


def test_a_folder_that_links_to_itself_everywhere_is_walked_once(tmp_path: Path) -> None:
    """Each of 20 folders links to the top one and to every other: the walk still ends, each file once."""
    root = tmp_path / "in"
    folders = [root / f"f{n:02}" for n in range(20)]
    for folder in folders:
        folder.mkdir(parents=True)
        (folder / "r.txt").write_text("r", encoding="utf-8")
        (folder / "top").symlink_to(root)
        for other in folders[: folders.index(folder)]:
            (folder / other.name).symlink_to(other)
    files, skipped = expand_inputs([root])
    assert files == [folder / "r.txt" for folder in folders]
    assert {reason for _, reason in skipped} <= {
        "symbolic link loop: not followed",
        "a link to a folder walked already: not walked twice",
    }
    assert len(skipped) == 20 + 190


def _expand_as_nobody(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """``expand_inputs`` in a forked process that has given up root, for whom permissions hold."""
    with multiprocessing.get_context("fork").Pool(1, initializer=os.setuid, initargs=(NOBODY,)) as pool:
        return pool.apply(expand_inputs, (paths,))


def test_unreadable_folder_is_reported() -> None:
    with tempfile.TemporaryDirectory() as name:  # not under pytest's folders, which only root may enter
        root = Path(name) / "in"
        (root / "locked").mkdir(parents=True)
        (root / "locked" / "x.txt").write_text("x", encoding="utf-8")
        (root / "a.txt").write_text("a", encoding="utf-8")
        for folder in (Path(name), root):
            folder.chmod(0o755)
        (root / "locked").chmod(0)
        try:
            expand = _expand_as_nobody if os.geteuid() == 0 else expand_inputs
            files, skipped = expand([root])
        finally:
            (root / "locked").chmod(0o755)
    assert files == [root / "a.txt"]
    assert skipped == [(str(root / "locked"), "cannot read this folder: Permission denied")]


@pytest.mark.slow
def test_two_files_with_one_symbol_do_not_overwrite_each_other(tmp_path: Path) -> None:
    first, second = tmp_path / "in" / "a.md", tmp_path / "in" / "b.md"
    first.parent.mkdir()
    first.write_bytes(SAMPLE_PATH.read_bytes())
    second.write_text(SAMPLE_PATH.read_text(encoding="utf-8").replace("27 per cent", "99 per cent"), "utf-8")
    config = StoreConfig(data_dir=tmp_path / "data")
    summary = ingest_paths([first.parent], config, progress=False)
    assert [d.source for d in summary.stored] == [str(first)]
    assert summary.skipped == [(str(second), f"same symbol A/RES/80/118 as {first}, stored just before")]
    assert "27 per cent" in ParagraphStore(config).get_paragraph("A/RES/80/118", "OP26")[0]


def test_a_batch_announces_its_writes_every_few_seconds_and_at_the_end(
    tmp_path: Path, corpus_dir: Path, embed_model: BaseEmbedding, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readers see a running ingest's documents within ``ANNOUNCE_EVERY_S``, and all of them at its end, even
    when it stops on an error; an ingest that stored nothing leaves the version alone."""
    files = [corpus_dir / "unsc-text" / f"S_RES_000{n}_1946_EN_GOLD.txt" for n in (1, 2, 3)]
    store = ParagraphStore(StoreConfig(data_dir=tmp_path))
    marks: list[str] = []
    mark = store.mark_changed
    monkeypatch.setattr(store, "mark_changed", lambda: (marks.append("mark"), mark()))
    monkeypatch.setattr(pipeline, "ANNOUNCE_EVERY_S", 3600.0)
    ingest_paths(files[:2], store.config, progress=False, store=store, embed_model=embed_model)
    assert marks == ["mark"] and store.version()
    monkeypatch.setattr(pipeline, "ANNOUNCE_EVERY_S", 0.0)
    ingest_paths(files, store.config, progress=False, store=store, embed_model=embed_model)
    assert marks == ["mark"] * 4  # after each of the three documents
    nothing = [tmp_path / "missing.txt"]
    ingest_paths(nothing, store.config, progress=False, store=store, embed_model=embed_model)
    assert len(marks) == 4

    def fail(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "ANNOUNCE_EVERY_S", 3600.0)
    monkeypatch.setattr(pipeline, "audit_document", fail)  # stops the batch after the first write
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(files, store.config, progress=False, store=store, embed_model=embed_model)
    assert len(marks) == 5


@pytest.mark.slow
def test_hostile_files_are_skipped_and_the_batch_goes_on(
    tmp_path: Path, corpus_dir: Path, embed_model: BaseEmbedding
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus_dir / "unsc-text" / "S_RES_0242_1967_EN_GOLD.txt", folder)
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(51 * MB)  # sparse: no disk used
    numbered = "\n\n".join(f"{n}. Decides that item {n} shall apply;" for n in range(1, 1001))
    (folder / "long.txt").write_text(f"The Security Council,\n\n{numbered}\n", encoding="utf-8")
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"a" * (3 * MB))
    (folder / "loop").symlink_to(".")
    summary = ingest_paths(
        [folder],
        StoreConfig(data_dir=tmp_path / "data"),
        progress=False,
        embed_model=embed_model,
        limits=Limits(max_paragraphs=100),
    )
    assert [d.symbol for d in summary.stored] == ["S/RES/242 (1967)"]
    reasons = {Path(path).name: reason for path, reason in summary.skipped}
    assert re.fullmatch(
        r"its part word/document\.xml is compressed 1,0\d\d:1 \(a zip bomb\?\), over the 100:1 limit "
        r"\(raise UNQA_MAX_ZIP_RATIO or --max-zip-ratio to ingest it\)",
        reasons.pop("bomb.docx"),
    )
    assert reasons == {
        "loop": "symbolic link loop: not followed",
        "huge.txt": "the file is 51.0 MB, over the 50 MB limit "
        "(raise UNQA_MAX_FILE_MB or --max-file-mb to ingest it)",
        "long.txt": "the file holds more than 400 blocks of text (paragraphs, headings, footnotes), "
        "over the 400-block limit (raise UNQA_MAX_PARAGRAPHS or --max-paragraphs to ingest it)",
    }


def _store_holds_exactly(config: StoreConfig, sources: list[Path]) -> None:
    """The store holds these files' documents, each with exactly its parsed paragraphs, and nothing else."""
    store = ParagraphStore(config)
    documents = [parse_file(path) for path in sources]
    assert sorted(d["symbol"] for d in store.list_documents()) == sorted(d.symbol for d in documents)
    for document in documents:
        stored = [node.metadata["paragraph"] for node in store.document_paragraphs(document.symbol)]
        assert stored == [p.id for p in document.paragraphs], document.symbol
    assert store.paragraphs.count() == sum(len(d.paragraphs) for d in documents)


def _copy_into_folders(corpus_dir: Path, folder: Path, names: list[str]) -> list[Path]:
    """Corpus files copied to ``folder/a``, ``folder/b`` ..., so that they are ingested in this order."""
    copies = []
    for letter, name in zip("abcdefgh", names, strict=False):
        (folder / letter).mkdir(parents=True)
        copies.append(Path(shutil.copy(next(corpus_dir.rglob(name)), folder / letter)))
    return copies


def _unqa_ingest(folder: Path, config: StoreConfig, *flags: str) -> list[str]:
    return [sys.executable, "-m", "unqa", "ingest", str(folder), *flags, "--data-dir", str(config.data_dir)]


@pytest.mark.slow
def test_kill_9_during_an_ingest_leaves_a_store_a_rerun_completes(
    tmp_path: Path, corpus_dir: Path, embed_model: BaseEmbedding
) -> None:
    """``unqa ingest`` is killed once its progress bar shows the first document stored, while it embeds
    A/RES/80/118 (133 paragraphs); ingesting again stores every document whole, and nothing more."""
    names = ["S_RES_0001_1946_EN_GOLD.txt", "A_RES_80_118.md", "S_RES_0242_1967_EN_GOLD.txt"]
    sources = _copy_into_folders(corpus_dir, tmp_path / "in", [*names, "S_RES_2768_2025.en.pdf"])
    config = StoreConfig(data_dir=tmp_path / "data")
    command = _unqa_ingest(tmp_path / "in", config)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO)
    assert process.stderr is not None
    shown = b""
    deadline = time.monotonic() + 120
    while not re.search(rb"\b[1-3]/4\b", shown):
        chunk = os.read(process.stderr.fileno(), 4096)
        assert chunk and time.monotonic() < deadline, shown.decode(errors="replace")
        shown += chunk
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    process.stderr.close()

    summary = ingest_paths([tmp_path / "in"], config, progress=False, embed_model=embed_model)
    assert not summary.skipped and len(summary.stored) == 4
    _store_holds_exactly(config, sources)


@pytest.mark.slow
def test_two_ingests_into_one_data_directory_at_once(tmp_path: Path, corpus_dir: Path) -> None:
    """Two ``unqa ingest`` processes write into one embedded store at the same time: both finish, and the
    store holds every document of both whole."""
    first = _copy_into_folders(
        corpus_dir, tmp_path / "one", ["A_RES_80_118.md", "S_RES_0001_1946_EN_GOLD.txt"]
    )
    second = _copy_into_folders(
        corpus_dir, tmp_path / "two", ["S_RES_2768_2025.en.pdf", "S_RES_0242_1967_EN_GOLD.txt"]
    )
    config = StoreConfig(data_dir=tmp_path / "data")
    processes = [
        subprocess.Popen(
            _unqa_ingest(folder, config, "--quiet"),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
        for folder in (tmp_path / "one", tmp_path / "two")
    ]
    for process in processes:
        out, _ = process.communicate(timeout=300)
        assert process.returncode == 0, out.decode(errors="replace")
    _store_holds_exactly(config, first + second)
