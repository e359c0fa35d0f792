"""Every number that shapes an answer, in one place: how many candidates each search returns, the learned
models and constants (fitted on the tune documents by ``python -m eval.train`` and shipped as
``assistant/learned.json``), and the constants of answer selection and citation validation.

The evaluation report records ``Tuning.to_dict()`` with every run, so two reports can be told apart.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from assistant.learn import LinearModel

LEARNED_PATH = Path(__file__).parent / "learned.json"


@dataclass(frozen=True)
class Learned:
    """What ``python -m eval.train`` fits on the tune documents.

    ``ranking``: the paragraphs' relevance to a question (``assistant.ranking``; its softmax over a
    question's candidates is the probability that each answers). ``answerable``: whether the best of
    them answers the question at all (``assistant.refusal``), refused below ``refusal_threshold``.
    ``second_citation``: another paragraph is quoted beside the best only when its probability is at
    least this share of the best's (``second_citation_multi`` for a question that asks several things).
    ``fitted_on`` says which gold items and documents produced them."""

    ranking: LinearModel
    answerable: LinearModel
    refusal_threshold: float
    second_citation: float
    second_citation_multi: float
    fitted_on: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = LEARNED_PATH) -> Learned:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            ranking=LinearModel.from_dict(data["ranking"]),
            answerable=LinearModel.from_dict(data["answerable"]),
            refusal_threshold=data["refusal_threshold"],
            second_citation=data["second_citation"],
            second_citation_multi=data["second_citation_multi"],
            fitted_on=data.get("fitted_on", {}),
        )

    def save(self, path: Path = LEARNED_PATH) -> None:
        path.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Tuning:
    dense_candidates: int = 40  # paragraphs the dense (Chroma) search returns
    lexical_candidates: int = 40  # paragraphs the lexical (BM25) search returns
    document_candidates: int = 20  # resolutions the document-level search ranks
    max_quoted: int = 2  # paragraphs the extractive answer quotes at most
    max_quote_words: int = 90  # a quoted passage longer than this is cut at commas around what it answers
    support_threshold: float = 0.5  # share of a sentence's content words its cited paragraph must hold
    min_shared: int = 2  # fewer shared content words is never support
    learned: Learned | None = None  # None: the file shipped as LEARNED_PATH

    def models(self) -> Learned:
        return self.learned or _shipped()

    def with_learned(self, learned: Learned) -> Tuning:
        return replace(self, learned=learned)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["learned"] = asdict(self.models())
        return data


@cache
def _shipped() -> Learned:
    return Learned.load()
