"""The two small models the assistant learns from the tune documents, in numpy: a conditional logit that
ranks a question's candidate paragraphs, and a logistic model that says whether the best of them answers
it at all. Both are linear over named, standardised features; ``LinearModel`` stores either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class LinearModel:
    """``bias + weights · (x - means) / scales`` over the named ``features``."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    bias: float = 0.0

    def scores(self, rows: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        x = np.asarray(rows, dtype=float)
        if not x.size:
            return np.zeros(0)
        return ((x - np.array(self.means)) / np.array(self.scales)) @ np.array(self.weights) + self.bias

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearModel:
        return cls(
            tuple(data["features"]),
            tuple(data["weights"]),
            tuple(data["means"]),
            tuple(data["scales"]),
            data.get("bias", 0.0),
        )


def softmax(scores: np.ndarray) -> np.ndarray:
    if not len(scores):
        return scores
    e = np.exp(scores - scores.max())
    return e / e.sum()


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _standardise(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    means, scales = rows.mean(axis=0), rows.std(axis=0)
    scales[scales == 0] = 1.0
    return means, scales


def _newton(
    size: int,
    loss: Callable[[np.ndarray], float],
    derivatives: Callable[[np.ndarray], tuple],
    iterations: int,
) -> np.ndarray:
    """Damped Newton: a full step when it lowers the loss, else halved until it does."""
    w = np.zeros(size)
    current = loss(w)
    for _ in range(iterations):
        gradient, hessian = derivatives(w)
        step = np.linalg.solve(hessian, gradient)
        size_ = 1.0
        while size_ > 1e-6 and (trial := loss(w - size_ * step)) > current:
            size_ /= 2
        if size_ <= 1e-6:
            break
        w, previous, current = w - size_ * step, current, trial
        if previous - current < 1e-9:
            break
    return w


def fit_ranking(
    groups: Sequence[tuple[np.ndarray, np.ndarray]], features: tuple[str, ...], l2: float = 1.0
) -> LinearModel:
    """A conditional logit over groups (one per question: its candidates' features and 0/1 gold labels,
    at least one 1), L2-regularised: the gold candidates should take the probability mass, shared
    equally. The scores are comparable within a question; the bias is 0."""
    means, scales = _standardise(np.vstack([rows for rows, _ in groups]))
    data = [((rows - means) / scales, labels / labels.sum()) for rows, labels in groups]

    def loss(w: np.ndarray) -> float:
        total = 0.5 * l2 * float(w @ w)
        for x, target in data:
            z = x @ w
            total += float(np.log(np.exp(z - z.max()).sum()) + z.max() - target @ z)
        return total

    def derivatives(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        gradient, hessian = l2 * w, l2 * np.eye(len(w))
        for x, target in data:
            p = softmax(x @ w)
            mean = p @ x
            gradient = gradient + x.T @ (p - target)
            hessian = hessian + (x * p[:, None]).T @ x - np.outer(mean, mean)
        return gradient, hessian

    w = _newton(len(features), loss, derivatives, iterations=100)
    return LinearModel(features, tuple(map(float, w)), tuple(map(float, means)), tuple(map(float, scales)))


def fit_logistic(
    rows: np.ndarray, labels: np.ndarray, features: tuple[str, ...], l2: float = 1.0, balanced: bool = True
) -> LinearModel:
    """L2-regularised logistic regression; ``balanced`` weighs each class by the other's share."""
    means, scales = _standardise(rows)
    x = np.hstack([np.ones((len(rows), 1)), (rows - means) / scales])
    positives = labels.sum()
    weight = np.ones(len(labels))
    if balanced and 0 < positives < len(labels):
        weight = np.where(
            labels == 1, len(labels) / (2 * positives), len(labels) / (2 * (len(labels) - positives))
        )
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0  # the bias is not shrunk

    def loss(b: np.ndarray) -> float:
        z = x @ b
        return float(weight @ (np.logaddexp(0, z) - labels * z) + 0.5 * penalty @ (b * b))

    def derivatives(b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        p = sigmoid(x @ b)
        gradient = x.T @ (weight * (p - labels)) + penalty * b
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        return gradient, hessian

    b = _newton(x.shape[1], loss, derivatives, iterations=100)
    return LinearModel(
        features, tuple(map(float, b[1:])), tuple(map(float, means)), tuple(map(float, scales)), float(b[0])
    )
