"""Fitting the learned models on tune documents (eval.train): the calibration and a real run."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.ranking import FEATURES
from assistant.refusal import ANSWERABILITY_FEATURES
from assistant.tuning import Learned
from eval import train
from ingest.config import StoreConfig

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold"


def test_the_refusal_threshold_weighs_a_wrongly_answered_unanswerable_question_more() -> None:
    predicted = np.array([0.9, 0.8, 0.3, 0.2, 0.1])
    labels = np.array([1.0, 1.0, 1.0, 0.0, 0.0])
    refused = np.zeros(5, dtype=bool)
    threshold, loss = train.choose_threshold(predicted, labels, refused, cost=2.0)
    assert 0.2 < threshold <= 0.3 and loss == 0.0  # refuses both unanswerable, answers the rest
    threshold, loss = train.choose_threshold(
        np.array([0.9, 0.1, 0.5]), np.array([1.0, 1.0, 0.0]), np.zeros(3, bool), cost=2.0
    )
    assert threshold > 0.1 and loss == 1.0  # refusing the 0.1 answerable one costs 1, answering the 0.5 one 2
    assert "1/1 unanswerable refused, 1/2 answerable refused" in train.report_refusals(
        np.array([0.9, 0.1, 0.5]), np.array([1.0, 1.0, 0.0]), np.zeros(3, bool), 0.6
    )


def test_placeholder_models_match_the_features() -> None:
    learned = train.placeholder()
    assert learned.ranking.features == FEATURES and learned.answerable.features == ANSWERABILITY_FEATURES


@pytest.mark.slow
def test_a_real_fit_on_the_tune_questions(sample_store: StoreConfig, tmp_path: Path, capsys) -> None:
    out = tmp_path / "learned.json"
    gold = ["--gold", str(GOLD / "a_res_80_118.jsonl")]
    assert train.main([*gold, "--data-dir", str(sample_store.data_dir), "--out", str(out)]) == 0
    learned = Learned.load(out)
    assert learned.ranking.features == FEATURES and learned.fitted_on["split"] == "tune"
    assert 0.0 <= learned.refusal_threshold <= 1.0 and 0.2 <= learned.second_citation <= 1.01
    printed = capsys.readouterr().out
    assert "held-out: top-1" in printed and "a gold paragraph is among the candidates" in printed
    assert json.loads(out.read_text(encoding="utf-8"))["fitted_on"]["resolutions"] >= 1
