"""The learned models' fitting (assistant.learn) on data whose answer is known."""

import numpy as np

from assistant.learn import LinearModel, fit_logistic, fit_ranking, sigmoid, softmax


def test_the_conditional_logit_finds_what_tells_the_gold_candidate_apart() -> None:
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(200):
        x = rng.normal(size=(20, 3))
        gold = np.zeros(20)
        gold[np.argmax(x @ np.array([2.0, -1.0, 0.0]) + rng.normal(scale=0.5, size=20))] = 1
        groups.append((x, gold))
    model = fit_ranking(groups, ("a", "b", "c"), l2=1.0)
    w = np.array(model.weights)
    assert w[0] > 1.0 and w[1] < -0.5 and abs(w[2]) < 0.3
    hits = sum(int(np.argmax(model.scores(x)) == np.argmax(y)) for x, y in groups)
    assert hits / len(groups) > 0.7


def test_logistic_regression_separates_the_classes() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 2))
    y = (x[:, 0] + 0.2 * rng.normal(size=300) > 0.5).astype(float)  # imbalanced: about a third positive
    model = fit_logistic(x, y, ("signal", "noise"))
    p = sigmoid(model.scores(x))
    assert model.weights[0] > 2 * abs(model.weights[1])
    assert ((p > 0.5) == (y == 1)).mean() > 0.9


def test_linear_model_round_trips_and_scores() -> None:
    model = LinearModel(("a", "b"), (1.0, -2.0), (0.0, 1.0), (1.0, 2.0), 0.5)
    assert LinearModel.from_dict(model.__dict__) == model
    assert np.allclose(model.scores([[1.0, 3.0]]), [0.5 + 1.0 - 2.0])
    assert np.allclose(softmax(np.array([0.0, np.log(3.0)])), [0.25, 0.75])
