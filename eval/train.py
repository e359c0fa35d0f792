"""Fit the learned models and constants on the tune documents.

    python -m eval.train --gold eval/gold/library.jsonl --gold eval/gold/a_res_80_118.jsonl \\
        --gold eval/gold/corpus.jsonl --data-dir DIR [--out assistant/learned.json]

The store at DIR must hold the corpus (``unqa ingest corpus --data-dir DIR``). Only the ``tune`` part of the
gold sets is read (``eval.split``: whole resolutions, never a test one). For every question the pipeline's
own steps (condense, understand, retrieve) produce the candidates and ``assistant.ranking.feature_rows``
their features; a candidate is gold when it is one of the item's gold (or acceptable) paragraphs. Then,
each chosen on the tune questions, with cross-validation over resolutions (a fold never sees the questions
of its held-out resolutions) where a choice could overfit:

- the ranking (a conditional logit) and its regularisation;
- ``second_citation``, the share of the best paragraph's probability another needs to be quoted too: the
  value giving the best mean citation F1 of the extractive answers;
- the answerability model (logistic, ``assistant.refusal.ANSWERABILITY_FEATURES``) and its threshold: the
  one that handles most questions right on held-out resolutions — unanswerable ones refused, answerable
  ones answered — a wrongly answered unanswerable question counting ``--refusal-cost`` times.

It prints what it measured and writes the models with a note of what they were fitted on.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from assistant import Assistant, AssistantConfig
from assistant.clauses import select
from assistant.learn import LinearModel, fit_logistic, fit_ranking, sigmoid, softmax
from assistant.question import Question
from assistant.ranking import FEATURES, feature_rows
from assistant.refusal import ANSWERABILITY_FEATURES, answerability_row, should_refuse
from assistant.retrieval import Scope, TermWeights
from assistant.tuning import LEARNED_PATH, Learned, Tuning
from assistant.types import Retrieved
from eval.cli import git_commit, load_items
from eval.gold import GoldItem
from eval.labels import matches_any
from eval.metrics import citation_scores
from eval.split import split_key
from ingest.config import StoreConfig

L2_CHOICES = (0.3, 1.0, 3.0, 10.0, 30.0)
RATIO_CHOICES = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
SMALL_LIBRARY = 3  # resolutions in the small libraries the questions are asked again in
RATIO_TIE = 0.005  # mean F1 differences smaller than this are noise on a few hundred questions
FOLDS = 5


@dataclass
class Example:
    """One tune question: its analysis, its candidates' features and which of them are gold."""

    item: GoldItem
    asked: Question
    rows: np.ndarray
    labels: np.ndarray
    paragraphs: list[Retrieved]
    weights: TermWeights
    made: bool = False  # asked again in a small library (``small_libraries``), not a tune question as such
    answerable: bool = True  # in that library


def placeholder() -> Learned:
    """Models that rank by the dense similarity alone and refuse nothing, to collect features with."""
    ranking = LinearModel(
        FEATURES, tuple(float(f == "dense") for f in FEATURES), (0.0,) * len(FEATURES), (1.0,) * len(FEATURES)
    )
    n = len(ANSWERABILITY_FEATURES)
    answerable = LinearModel(ANSWERABILITY_FEATURES, (0.0,) * n, (0.0,) * n, (1.0,) * n, 0.0)
    return Learned(ranking, answerable, 0.0, 1.0, 1.0, {"placeholder": True})


def collect(assistant: Assistant, items: Sequence[GoldItem]) -> list[Example]:
    """Features of every candidate of every question, by the pipeline's own steps."""
    return [e for item in items if (e := _example(assistant, item, Scope())) is not None]


def _example(
    assistant: Assistant, item: GoldItem, scope: Scope, made: bool = False, answerable: bool = True
) -> Example | None:
    pipeline = assistant.pipeline
    history = [dict(turn) for turn in item.history]
    asked = pipeline.understand(item.question, pipeline.condense(item.question, history), history)
    if asked.refs.paragraphs:
        return None  # answered from the paragraphs it names, whatever the ranking
    candidates, weights = pipeline.retrieve(asked, scope)
    if not candidates:
        return None
    gold = [*item.citations, *item.also_acceptable] if answerable else []
    labels = [float(bool(gold) and matches_any(c.paragraph.label, gold)) for c in candidates]
    rows = np.array(feature_rows(asked, candidates, weights.idf), dtype=float)
    paragraphs = [c.paragraph for c in candidates]
    return Example(
        item, asked, rows, np.array(labels), paragraphs, weights, made, item.answerable and answerable
    )


def small_libraries(assistant: Assistant, examples: Sequence[Example]) -> list[Example]:
    """Each answerable question asked again in two small libraries, as a user with a few resolutions asks
    it: its own resolution beside ``SMALL_LIBRARY - 1`` others (it is answerable there) and
    ``SMALL_LIBRARY`` others without its own (it is not). The others are chosen by a hash of the question;
    questions naming their resolution are left out (the name would win over the scope)."""
    symbols = sorted(d["symbol"] for d in assistant.documents())
    made = []
    for e in examples:
        if not e.item.answerable or not e.item.citations or e.asked.refs.symbols:
            continue
        own = sorted({split_key(e.item)} | {c.rsplit(" ", 1)[0] for c in e.item.citations})
        start = int(hashlib.sha256(e.item.id.encode("utf-8")).hexdigest(), 16)
        others = [s for k in range(len(symbols)) if (s := symbols[(start + k) % len(symbols)]) not in own]
        for scope, answerable in (
            (own + others[: SMALL_LIBRARY - 1], True),
            (others[:SMALL_LIBRARY], False),
        ):
            if (
                small := _example(assistant, e.item, Scope.of(scope), made=True, answerable=answerable)
            ) is not None:
                made.append(small)
    return made


def _fold(example: Example) -> int:
    return hashlib.sha256(split_key(example.item).encode("utf-8")).digest()[0] % FOLDS


def _gold_groups(examples: Sequence[Example]) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(e.rows, e.labels) for e in examples if e.item.answerable and e.labels.any()]


def ranking_scores(examples: Sequence[Example], model: LinearModel) -> dict[str, float]:
    """Top-1 accuracy, recall@5 and MRR of the gold paragraphs, over questions with a gold candidate."""
    counted = [e for e in examples if e.item.answerable and e.labels.any()]
    top1 = r5 = rr = 0.0
    for e in counted:
        order = np.argsort(-model.scores(e.rows))
        first = next(i for i, index in enumerate(order) if e.labels[index])
        top1 += first == 0
        r5 += first < 5
        rr += 1.0 / (1 + first)
    n = max(len(counted), 1)
    return {"questions": len(counted), "top1": top1 / n, "recall@5": r5 / n, "mrr": rr / n}


def cross_validate_ranking(examples: Sequence[Example], l2: float) -> dict[str, float]:
    """Ranking scores on held-out resolutions, over the folds that have questions on both sides."""
    totals = {"top1": 0.0, "recall@5": 0.0, "mrr": 0.0, "questions": 0.0}
    for k in range(FOLDS):
        train = _gold_groups([e for e in examples if _fold(e) != k])
        held = [e for e in examples if _fold(e) == k]
        if not train or not held:
            continue
        scores = ranking_scores(held, fit_ranking(train, FEATURES, l2))
        for key in ("top1", "recall@5", "mrr"):
            totals[key] += scores[key] * scores["questions"]
        totals["questions"] += scores["questions"]
    n = max(totals["questions"], 1.0)
    return {key: (value / n if key != "questions" else value) for key, value in totals.items()}


def evidence(example: Example, model: LinearModel, top_k: int) -> list[Retrieved]:
    """The top ``top_k`` candidates as the pipeline ranks them, with their relevance and probability."""
    relevance = model.scores(example.rows)
    probability = softmax(relevance)
    order = np.argsort(-relevance)[:top_k]
    return [
        replace(example.paragraphs[i], score=float(probability[i]), relevance=float(relevance[i]))
        for i in order
    ]


def choose_ratio(examples: Sequence[Example], tuning: Tuning, top_k: int, multi: bool) -> float:
    """The share of the best paragraph's probability another needs to be quoted too, for questions asking
    one thing (``multi`` False: ``second_citation``) or several (``second_citation_multi``): the share with
    the best mean citation F1 of the extractive answers; of shares within ``RATIO_TIE`` of the best, the
    highest (a further citation must earn its place)."""
    field = "second_citation_multi" if multi else "second_citation"
    answerable = [
        e
        for e in examples
        if e.item.answerable and e.item.citations and not e.made and (e.asked.parts > 1) == multi
    ]
    model = tuning.models().ranking
    scores = {}
    for ratio in RATIO_CHOICES:
        trial = tuning.with_learned(replace(tuning.models(), **{field: ratio}))
        f1 = 0.0
        for e in answerable:
            cited = [p.retrieved.label for p in select(e.asked, evidence(e, model, top_k), trial)]
            f1 += citation_scores(cited, e.item.citations, e.item.also_acceptable).f1
        scores[ratio] = f1 / max(len(answerable), 1)
    print(
        f"  {field} over {len(answerable)} questions: " + ", ".join(f"{r} {f:.3f}" for r, f in scores.items())
    )
    best = max(scores.values())
    return max(ratio for ratio, f1 in scores.items() if f1 >= best - RATIO_TIE)


def answerability_data(examples: Sequence[Example], tuning: Tuning, top_k: int) -> tuple[np.ndarray, ...]:
    """Per question: the answerability features, whether it is answerable, and whether the grammatical
    test alone would refuse it."""
    open_door = tuning.with_learned(replace(tuning.models(), refusal_threshold=0.0))
    rows, labels, refused = [], [], []
    for e in examples:
        found = evidence(e, tuning.models().ranking, top_k)
        rows.append(answerability_row(e.asked, found, e.weights))
        labels.append(float(e.answerable))
        refused.append(should_refuse(found, e.asked, e.weights, open_door))
    return np.array(rows), np.array(labels), np.array(refused)


def held_out_answerability(
    examples: Sequence[Example], rows: np.ndarray, labels: np.ndarray, l2: float
) -> np.ndarray:
    """Each question's answerability as predicted by a model fitted without its resolution's fold (made
    questions train too, the real ones are predicted); in-sample where a fold leaves nothing to fit on."""
    folds = np.array([_fold(e) for e in examples])
    predicted = np.zeros(len(examples))
    for k in range(FOLDS):
        train = folds != k
        if not (~train).any():
            continue
        if len(set(labels[train])) < 2:
            train = np.ones(len(examples), dtype=bool)
        model = fit_logistic(rows[train], labels[train], ANSWERABILITY_FEATURES, l2)
        predicted[folds == k] = sigmoid(model.scores(rows[folds == k]))
    return predicted


def choose_threshold(
    predicted: np.ndarray, labels: np.ndarray, refused: np.ndarray, cost: float
) -> tuple[float, float]:
    """The answerability threshold with the least loss (and that loss)."""
    best_t, best_loss = 0.0, float("inf")
    for t in sorted({0.0, *map(float, predicted)}):
        refuse = refused | (predicted < t)
        loss = float(((labels == 1) & refuse).sum() + cost * ((labels == 0) & ~refuse).sum())
        if loss < best_loss:
            best_t, best_loss = t, loss
    return best_t, best_loss


def report_refusals(predicted: np.ndarray, labels: np.ndarray, refused: np.ndarray, threshold: float) -> str:
    refuse = refused | (predicted < threshold)
    unanswerable = int((labels == 0).sum())
    return (
        f"{int(((labels == 0) & refuse).sum())}/{unanswerable} unanswerable refused, "
        f"{int(((labels == 1) & refuse).sum())}/{len(labels) - unanswerable} answerable refused"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.train", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", action="append", required=True)
    parser.add_argument("--data-dir", required=True, help="a store holding the corpus")
    parser.add_argument("--out", default=str(LEARNED_PATH))
    parser.add_argument("--refusal-cost", type=float, default=2.0)
    args = parser.parse_args(argv)

    items = [i for i in load_items(args.gold, "tune") if i.type != "metadata"]
    config = AssistantConfig.from_env(StoreConfig.from_env().with_overrides(data_dir=args.data_dir))
    tuning = config.tuning.with_learned(placeholder())
    assistant = Assistant(replace(config, tuning=tuning))
    examples = collect(assistant, items)
    answerable = [e for e in examples if e.item.answerable and e.item.citations]
    found = sum(bool(e.labels.any()) for e in answerable)
    resolutions, share = len({split_key(i) for i in items}), found / max(len(answerable), 1)
    print(
        f"{len(items)} tune questions over {resolutions} resolutions; a gold paragraph is among the "
        f"candidates for {found} of {len(answerable)} answerable ones ({share:.1%})"
    )

    results = {l2: cross_validate_ranking(examples, l2) for l2 in L2_CHOICES}
    for l2, s in results.items():
        top1, recall5, mrr = s["top1"], s["recall@5"], s["mrr"]
        print(f"  ranking l2={l2:<5} held-out: top-1 {top1:.3f}, recall@5 {recall5:.3f}, MRR {mrr:.3f}")
    ranking_l2 = max(results, key=lambda k: (results[k]["mrr"], k))
    learned = replace(tuning.models(), ranking=fit_ranking(_gold_groups(examples), FEATURES, ranking_l2))
    tuning = tuning.with_learned(learned)

    ratio = choose_ratio(examples, tuning, config.top_k, multi=False)
    tuning = tuning.with_learned(replace(tuning.models(), second_citation=ratio))
    ratio_multi = choose_ratio(examples, tuning, config.top_k, multi=True)
    tuning = tuning.with_learned(replace(tuning.models(), second_citation_multi=ratio_multi))

    made = small_libraries(assistant, examples)
    everything = [*examples, *made]
    rows, labels, refused = answerability_data(everything, tuning, config.top_k)
    real = np.array([not e.made for e in everything])
    print(f"  answerability: {real.sum()} tune questions, and {len(made)} asked in small libraries")
    choices = {}
    for l2 in L2_CHOICES:
        predicted = held_out_answerability(everything, rows, labels, l2)[real]
        threshold, loss = choose_threshold(predicted, labels[real], refused[real], args.refusal_cost)
        choices[l2] = (loss, threshold, predicted)
        print(f"  answerability l2={l2:<5} held-out: threshold {threshold:.3f}, "
              f"{report_refusals(predicted, labels[real], refused[real], threshold)}")  # fmt: skip
    refusal_l2 = min(choices, key=lambda k: (choices[k][0], -k))
    _, threshold, _ = choices[refusal_l2]
    answerable_model = fit_logistic(rows, labels, ANSWERABILITY_FEATURES, refusal_l2)
    fitted_on = {
        "gold": args.gold,
        "split": "tune",
        "questions": len(examples),
        "resolutions": len({split_key(e.item) for e in examples}),
        "ranking_l2": ranking_l2,
        "ranking_cross_validated": results[ranking_l2],
        "answerability_l2": refusal_l2,
        "answerability_cross_validated": report_refusals(
            choices[refusal_l2][2], labels[real], refused[real], threshold
        ),
        "answerability_made_questions": len(made),
        "refusal_cost": args.refusal_cost,
        "commit": git_commit(),
        "date": datetime.now(UTC).date().isoformat(),
    }
    learned = replace(
        tuning.models(), answerable=answerable_model, refusal_threshold=threshold, fitted_on=fitted_on
    )
    learned.save(Path(args.out))
    print(f"chose ranking l2={ranking_l2}, second_citation {ratio} (multi {ratio_multi}), "
          f"answerability l2={refusal_l2} threshold {threshold:.3f}; wrote {args.out}")  # fmt: skip
    for title, model in (("ranking", learned.ranking), ("answerability", learned.answerable)):
        print(f"{title} weights:")
        for name, w in sorted(zip(model.features, model.weights, strict=True), key=lambda p: -abs(p[1])):
            print(f"  {name:<18} {w:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
