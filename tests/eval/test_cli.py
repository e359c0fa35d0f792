"""``unqa eval`` over a real store: reports written, gold labels checked against what is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import unqa
from ingest.config import StoreConfig

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold"
pytestmark = pytest.mark.slow


def test_eval_writes_reports_and_compares(
    sample_store: StoreConfig, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(sample_store.data_dir)]
    gold = ["--gold", str(GOLD / "a_res_80_118.jsonl"), "--split", "test", "--limit", "6"]
    assert unqa.main(["eval", *gold, "--out", str(tmp_path / "a"), *data]) == 0
    report = json.loads((tmp_path / "a" / "report.json").read_text(encoding="utf-8"))
    assert len(report["items"]) == 6 and report["config"]["split"] == "test"
    assert report["config"]["backend"] == "extractive" and "sha256" in report["config"]["embed_model"]
    assert (tmp_path / "a" / "by_type.png").stat().st_size > 1000
    assert "citation F1" in capsys.readouterr().out

    assert (
        unqa.main(["eval", *gold, "--out", str(tmp_path / "b"), "--compare", str(tmp_path / "a"), *data]) == 0
    )
    assert "Comparing" in capsys.readouterr().out


def test_eval_refuses_gold_labels_not_in_the_store(
    sample_store: StoreConfig, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "eval",
        "--gold",
        str(GOLD / "corpus.jsonl"),
        "--out",
        str(tmp_path),
        "--data-dir",
        str(sample_store.data_dir),
    ]
    assert unqa.main(args) == 1
    err = capsys.readouterr().err
    assert "name no stored paragraph" in err and "A/RES/78/323" in err
