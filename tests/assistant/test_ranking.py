"""The ranking features (assistant.ranking) and the learned order (assistant.rerank.learned_order)."""

from __future__ import annotations

import pytest

from assistant.learn import LinearModel
from assistant.question import analyse
from assistant.ranking import FEATURES, Candidate, Signals, feature_rows
from assistant.references import QuestionReferences
from assistant.rerank import learned_order
from assistant.tuning import Learned
from assistant.types import Retrieved


def _paragraph(label: str, text: str, date: str, kind: str = "operative") -> Retrieved:
    symbol, paragraph = label.rsplit(" ", 1)
    meta = {"symbol": symbol, "year": int(date[:4]), "date": date, "kind": kind, "organ": "Security Council"}
    return Retrieved(label, symbol, paragraph, text, 0.0, meta)


RENEWALS = [  # two UNDOF renewals of one year that read alike, as in the corpus
    _paragraph(
        "S/RES/408 (1977) OP1",
        "Decides to renew the mandate of the Force for six months, until 30 November 1977;",
        "1977-05-26",
    ),
    _paragraph(
        "S/RES/420 (1977) OP1",
        "Decides to renew the mandate of the Force for six months, until 31 May 1978;",
        "1977-11-30",
    ),
    _paragraph("S/RES/420 (1977) PP1", "Recalling its resolutions on the Force,", "1977-11-30", "preambular"),
]


def _features(question: str) -> list[dict[str, float]]:
    asked = analyse(question, QuestionReferences())
    candidates = [
        Candidate(p, Signals(dense=0.7, dense_rank=i, lexical=10.0, lexical_rank=i))
        for i, p in enumerate(RENEWALS)
    ]
    return [dict(zip(FEATURES, row, strict=True)) for row in feature_rows(asked, candidates, {})]


def test_the_adoption_month_named_tells_look_alike_renewals_apart() -> None:
    may, november, preamble = _features("Until when did the Council renew UNDOF in November 1977?")
    assert november["month_match"] == 1 and may["month_match"] == 0 and may["month_other"] == 1
    assert may["year_match"] == november["year_match"] == 1
    assert november["kind_fit"] == 1 and preamble["kind_miss"] == 1  # a date asked; the preamble holds none
    assert november["operative"] == 1 and preamble["preambular"] == 1


def test_the_opening_verb_asked_about() -> None:
    row = _features("What did the Council decide about the Force?")[0]
    assert row["opener_asked"] == 1
    assert _features("What does the Council recall?")[2]["opener_asked"] == 1


def test_learned_order_sets_probabilities_and_relevance() -> None:
    weights = tuple(1.0 if name == "month_match" else 0.0 for name in FEATURES)
    model = LinearModel(FEATURES, weights, (0.0,) * len(FEATURES), (1.0,) * len(FEATURES))
    asked = analyse("Until when did the Council renew UNDOF in November 1977?", QuestionReferences())
    ranked = learned_order(asked, [Candidate(p, Signals()) for p in RENEWALS], model, {})
    assert ranked[0].label == "S/RES/420 (1977) OP1"
    assert sum(r.score for r in ranked) == pytest.approx(1.0) and ranked[0].relevance == 1.0
    with pytest.raises(ValueError, match="refit"):
        learned_order(
            asked, [Candidate(RENEWALS[0], Signals())], LinearModel(("x",), (1.0,), (0.0,), (1.0,)), {}
        )


def test_the_shipped_models_match_the_features() -> None:
    learned = Learned.load()
    assert learned.ranking.features == FEATURES
    assert learned.fitted_on.get("split") == "tune" and learned.fitted_on.get("questions", 0) > 300
