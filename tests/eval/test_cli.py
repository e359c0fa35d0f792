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
    gold = ["--gold", str(GOLD / "a_res_80_118.jsonl"), "--split", "tune", "--limit", "6"]
    assert unqa.main(["eval", *gold, "--out", str(tmp_path / "a"), *data]) == 0
    report = json.loads((tmp_path / "a" / "report.json").read_text(encoding="utf-8"))
    assert len(report["items"]) == 6 and report["config"]["split"] == "tune"
    config = report["config"]
    assert config["backend"] == "extractive" and "sha256" in config["embed_model"]
    # the whole configuration: every tuning constant, the learned models and what they were fitted on
    assert (
        config["tuning"]["max_quote_words"] == 90
        and config["tuning"]["learned"]["fitted_on"]["split"] == "tune"
    )
    assert config["reranker"] == "learned" and config["git_commit"]
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


def test_one_command_ingests_then_evaluates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--ingest`` fills a fresh store first, so the evaluation runs from one command."""
    from ingest.pipeline import SAMPLE_PATH

    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "x1",
                "question": "What share of people in low-income countries is online?",
                "citations": ["A/RES/80/118 OP26"],
                "answer_contains": ["27 per cent"],
                "answerable": True,
                "type": "factoid",
                "note": "carried by gold files from elsewhere",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    args = ["eval", "--gold", str(gold), "--ingest", str(SAMPLE_PATH), "--out", str(tmp_path / "out")]
    with pytest.warns(UserWarning, match="unknown key 'note'"):
        assert unqa.main([*args, "--data-dir", str(tmp_path / "data")]) == 0
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["config"]["documents_stored"] == 1
    assert report["items"][0]["cited"] == ["A/RES/80/118 OP26"]
