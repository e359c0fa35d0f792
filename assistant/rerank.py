"""Ranking the candidates: the learned ranker by default, and a slot for a stronger reranker.

The default scores every candidate with ``assistant.ranking`` (weights fitted on the tune documents) and
keeps the probability as ``Retrieved.score``. A configured reranker
(``UNQA_RERANKER``) then reorders the best ``RERANK_DEPTH`` of them:

- ``cross-encoder:NAME_OR_PATH`` — a cross-encoder run by fastembed's ``TextCrossEncoder`` (a model name it
  can download, or a folder holding one);
- ``endpoint:URL`` — a rerank endpoint speaking the Cohere/Jina/llama.cpp protocol (``POST URL`` with
  ``{"model", "query", "documents"}``, answering ``{"results": [{"index", "relevance_score"}]}``), with
  ``UNQA_RERANKER_MODEL`` and ``UNQA_RERANKER_API_KEY``;
- ``llm`` — the configured language model, through llama-index's ``LLMRerank``.

Each is a llama-index ``BaseNodePostprocessor``. A reranker that fails leaves the learned order and says so
in the log; it never costs an answer.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from pydantic import PrivateAttr

from assistant.learn import LinearModel, softmax
from assistant.question import Question
from assistant.ranking import FEATURES, Candidate, feature_rows
from assistant.types import Retrieved
from ingest.model import UnqaError

log = logging.getLogger(__name__)
RERANK_DEPTH = 20  # candidates a configured reranker reorders


class RerankerUnavailable(UnqaError):
    """The configured reranker cannot be built; the message says what to set or install."""


def learned_order(
    question: Question, candidates: list[Candidate], model: LinearModel, idf: dict[str, float]
) -> list[Retrieved]:
    """The candidates best first by the learned ranking ``model``, each with its ``relevance`` and
    ``score`` (the softmax of the relevance over the candidates: the probability that it answers)."""
    if not candidates:
        return []
    if model.features != FEATURES:
        raise ValueError("the learned ranking was fitted on other features; refit it: python -m eval.train")
    relevance = model.scores(feature_rows(question, candidates, idf))
    for candidate, r, p in zip(candidates, relevance, softmax(relevance), strict=True):
        candidate.paragraph.relevance, candidate.paragraph.score = float(r), float(p)
    return sorted((c.paragraph for c in candidates), key=lambda r: r.relevance, reverse=True)


def reorder(
    question: str, ranked: list[Retrieved], postprocessor: BaseNodePostprocessor | None
) -> list[Retrieved]:
    """Let a configured reranker reorder the best ``RERANK_DEPTH`` paragraphs; the rest follow."""
    if postprocessor is None or len(ranked) < 2:
        return ranked
    head, tail = ranked[:RERANK_DEPTH], ranked[RERANK_DEPTH:]
    nodes = [NodeWithScore(node=TextNode(id_=r.label, text=r.text), score=r.score) for r in head]
    try:
        reordered = postprocessor.postprocess_nodes(nodes, query_bundle=QueryBundle(question))
    except Exception as exc:  # a reranker failing must not cost the answer
        log.warning("reranker %s failed (%s); keeping the learned order", type(postprocessor).__name__, exc)
        return ranked
    by_label = {r.label: r for r in head}
    order = [by_label[n.node.node_id] for n in reordered if n.node.node_id in by_label]
    order += [r for r in head if r not in order]
    return order + tail


def make_postprocessor(
    spec: str | None, *, model: str | None = None, api_key: str | None = None, llm: Any = None
) -> BaseNodePostprocessor | None:
    """The reranker ``spec`` names (see the module docstring); None for the learned ranker alone."""
    if not spec or spec == "learned":
        return None
    if spec.startswith("cross-encoder:"):
        return CrossEncoderRerank(spec.removeprefix("cross-encoder:"), top_n=RERANK_DEPTH)
    if spec.startswith("endpoint:"):
        return EndpointRerank(
            url=spec.removeprefix("endpoint:"), model=model or "rerank", api_key=api_key, top_n=RERANK_DEPTH
        )
    if spec == "llm":
        if llm is None:
            raise RerankerUnavailable(
                "UNQA_RERANKER=llm needs a language model: use --backend openai (or llamacpp), "
                "or another reranker"
            )
        from llama_index.core.postprocessor import LLMRerank

        return LLMRerank(llm=llm, top_n=RERANK_DEPTH, choice_batch_size=5)
    raise RerankerUnavailable(
        f"unknown reranker {spec!r}: use learned (the default), cross-encoder:NAME_OR_PATH, "
        "endpoint:URL or llm"
    )


class CrossEncoderRerank(BaseNodePostprocessor):
    """A cross-encoder through fastembed's ``TextCrossEncoder``, by model name or a local model folder."""

    model: str
    top_n: int = RERANK_DEPTH
    _encoder: Any = PrivateAttr()

    def __init__(self, model: str, top_n: int = RERANK_DEPTH) -> None:
        super().__init__(model=model, top_n=top_n)
        from fastembed.common.model_description import ModelSource
        from fastembed.rerank.cross_encoder import TextCrossEncoder

        folder = Path(model).expanduser()
        try:
            if folder.is_dir():  # a local model: model.onnx (or onnx/model.onnx) beside its tokenizer files
                onnx = "model.onnx" if (folder / "model.onnx").is_file() else "onnx/model.onnx"
                name = f"unqa/{folder.resolve()}"
                if name not in {m["model"] for m in TextCrossEncoder.list_supported_models()}:
                    TextCrossEncoder.add_custom_model(name, ModelSource(url=folder.as_uri()), model_file=onnx)
                self._encoder = TextCrossEncoder(name, specific_model_path=str(folder), local_files_only=True)
            else:
                self._encoder = TextCrossEncoder(model_name=model)
        except Exception as exc:
            raise RerankerUnavailable(
                f"cannot load the cross-encoder {model!r} ({exc}); give a folder holding model.onnx and its "
                "tokenizer, or a name fastembed can download where a network is reachable"
            ) from exc

    @classmethod
    def class_name(cls) -> str:
        return "CrossEncoderRerank"

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        if query_bundle is None or not nodes:
            return nodes
        scores = list(self._encoder.rerank(query_bundle.query_str, [n.node.get_content() for n in nodes]))
        return _by_score(nodes, scores, self.top_n)


class EndpointRerank(BaseNodePostprocessor):
    """A rerank endpoint (Cohere, Jina, llama.cpp's ``/v1/rerank``, vLLM, Infinity)."""

    url: str
    model: str
    api_key: str | None = None
    top_n: int = RERANK_DEPTH
    timeout_s: float = 30.0

    @classmethod
    def class_name(cls) -> str:
        return "EndpointRerank"

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        if query_bundle is None or not nodes:
            return nodes
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {
            "model": self.model,
            "query": query_bundle.query_str,
            "documents": [n.node.get_content() for n in nodes],
        }
        response = httpx.post(self.url, json=body, headers=headers, timeout=self.timeout_s)
        response.raise_for_status()
        scores = [0.0] * len(nodes)
        for result in response.json()["results"]:
            scores[int(result["index"])] = float(result["relevance_score"])
        return _by_score(nodes, scores, self.top_n)


def _by_score(nodes: list[NodeWithScore], scores: Sequence[float], top_n: int) -> list[NodeWithScore]:
    ranked = sorted(zip(nodes, scores, strict=True), key=lambda pair: pair[1], reverse=True)
    return [NodeWithScore(node=n.node, score=s) for n, s in ranked[:top_n]]
