"""Batch ingest: folders expanded, bad files reported, one symbol never overwritten within a batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.config import StoreConfig
from ingest.pipeline import SAMPLE_PATH, expand_inputs, ingest_paths
from ingest.store import ParagraphStore


def test_expand_inputs_walks_folders_and_reports_missing(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / ".hidden").write_text("x", encoding="utf-8")
    files, missing = expand_inputs([tmp_path / "a", tmp_path / "nope.pdf"])
    assert files == [tmp_path / "a" / "x.txt"]
    assert missing == [(str(tmp_path / "nope.pdf"), "no such file or folder")]


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
