"""Hybrid retrieval: dense (Chroma) and lexical (BM25) fused by reciprocal rank, plus paragraphs the
question names directly ("OP26 of resolution 80/118"), within an optional scope (symbols, organ, year)."""

from __future__ import annotations

import math
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any

from llama_index.core import VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import QueryFusionRetriever
from llama_index.core.retrievers.fusion_retriever import FUSION_MODES
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters
from llama_index.retrievers.bm25 import BM25Retriever

from assistant.lexical import coverage, query_terms, terms
from assistant.references import QuestionReferences, paragraph_variants, strip_references
from assistant.types import Retrieved
from ingest.ids import normalize_symbol
from ingest.store import ParagraphStore


@dataclass(frozen=True)
class Scope:
    """Which resolutions to search; empty means all."""

    symbols: tuple[str, ...] = ()
    organ: str | None = None
    year: int | None = None

    @classmethod
    def of(
        cls,
        symbols: list[str] | tuple[str, ...] | None = None,
        organ: str | None = None,
        year: int | None = None,
    ) -> Scope:
        return cls(tuple(sorted({normalize_symbol(s) for s in symbols or ()})), organ or None, year)

    def narrowed(self, symbols: tuple[str, ...]) -> Scope:
        return Scope(symbols, self.organ, self.year) if symbols else self

    def metadata_filters(self) -> MetadataFilters | None:
        filters: list[MetadataFilter] = []
        if self.symbols:
            filters.append(MetadataFilter(key="symbol", value=list(self.symbols), operator=FilterOperator.IN))
        if self.organ:
            filters.append(MetadataFilter(key="organ", value=self.organ))
        if self.year:
            filters.append(MetadataFilter(key="year", value=self.year))
        return MetadataFilters(filters=filters) if filters else None

    def chroma_where(self) -> dict | None:
        clauses: list[dict] = []
        if self.symbols:
            clauses.append({"symbol": {"$in": list(self.symbols)}})
        if self.organ:
            clauses.append({"organ": self.organ})
        if self.year:
            clauses.append({"year": self.year})
        return None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}


def to_retrieved(node: NodeWithScore | object, score: float) -> Retrieved:
    inner = getattr(node, "node", node)
    meta = dict(inner.metadata)
    return Retrieved(meta["label"], meta["symbol"], meta["paragraph"], inner.get_content(), score, meta)


@dataclass
class LexicalIndex:
    """BM25 over one scope's paragraphs with their footnotes, and the document frequency of every term."""

    bm25: BM25Retriever
    document_frequency: Counter[str]
    size: int
    originals: dict[str, TextNode]  # the stored nodes, by id (BM25 indexes copies that include footnotes)

    @classmethod
    def build(cls, nodes: list[TextNode], candidates: int) -> LexicalIndex:
        with_notes = [n.model_copy(update={"text": to_retrieved(n, 0.0).evidence_text}) for n in nodes]
        frequency: Counter[str] = Counter()
        for node in with_notes:
            frequency.update(set(terms(node.get_content())))
        bm25 = BM25Retriever.from_defaults(nodes=with_notes, similarity_top_k=min(candidates, len(nodes)))
        return cls(bm25, frequency, len(nodes), {n.node_id: n for n in nodes})

    def weights(self, wanted: list[str]) -> dict[str, float]:
        """Inverse document frequency; a term found in no paragraph weighs most: a question about
        something the texts never mention ("the price of coffee") should not look answered."""
        unseen = 1.5 * math.log((self.size + 1) / 0.5)
        return {
            t: math.log((self.size + 1) / (self.document_frequency[t] + 0.5))
            if self.document_frequency.get(t)
            else unseen
            for t in wanted
        }


class HybridRetriever:
    """Retrieves paragraphs for a question; lexical indexes are built per scope and kept (small LRU)."""

    def __init__(self, store: ParagraphStore, embed_model: BaseEmbedding, candidates: int = 20) -> None:
        self.store = store
        self.embed_model = embed_model
        self.candidates = candidates
        self.index = VectorStoreIndex.from_vector_store(store.vector_store, embed_model=embed_model)
        self._lexical: OrderedDict[Scope, LexicalIndex | None] = OrderedDict()
        self._documents: list[dict[str, Any]] | None = None

    def invalidate(self) -> None:
        """Forget the cached lexical indexes and document list (after an ingest)."""
        self._lexical.clear()
        self._documents = None

    def documents(self) -> list[dict[str, Any]]:
        """The stored resolutions' metadata, read once until ``invalidate``."""
        if self._documents is None:
            self._documents = self.store.list_documents()
        return self._documents

    def lexical(self, scope: Scope) -> LexicalIndex | None:
        if scope not in self._lexical:
            nodes = self.store.all_paragraph_nodes(where=scope.chroma_where())
            self._lexical[scope] = LexicalIndex.build(nodes, self.candidates) if nodes else None
            while len(self._lexical) > 16:
                self._lexical.popitem(last=False)
        self._lexical.move_to_end(scope)
        return self._lexical[scope]

    def retrieve(
        self, query: str, scope: Scope, top_k: int, refs: QuestionReferences | None = None
    ) -> list[Retrieved]:
        """The ``top_k`` best paragraphs, best first, those the question names first. ``score`` is the
        evidence score (``evidence_score``) that decides refusals."""
        scope = scope.narrowed(refs.symbols if refs else ())
        lexical = self.lexical(scope)
        if lexical is None:
            return []
        dense = self.index.as_retriever(similarity_top_k=self.candidates, filters=scope.metadata_filters())
        fusion = QueryFusionRetriever(
            [dense, lexical.bm25],
            llm=MockLLM(),
            mode=FUSION_MODES.RECIPROCAL_RANK,
            num_queries=1,
            similarity_top_k=self.candidates,
            use_async=False,
        )
        bundle = QueryBundle(query, embedding=self.embed_model.get_query_embedding(query))
        dense_hits = {n.node.node_id: n.score or 0.0 for n in dense.retrieve(bundle)}
        fused = fusion.retrieve(bundle)
        wanted = query_terms(strip_references(query))
        weights = lexical.weights(wanted)
        ranked = [
            to_retrieved(
                n, evidence_score(dense_hits.get(n.node.node_id), wanted, n.node.get_content(), weights)
            )
            for n in fused
        ]
        ranked.sort(key=lambda r: r.score, reverse=True)
        named = self.named_paragraphs(refs, scope, {r.symbol for r in ranked[:5]}) if refs else []
        seen = {r.label for r in named}
        return (named + [r for r in ranked if r.label not in seen])[: max(top_k, len(named))]

    def named_paragraphs(self, refs: QuestionReferences, scope: Scope, likely: set[str]) -> list[Retrieved]:
        """Paragraphs the question names, from the named (or else the best-matching) resolutions."""
        symbols = refs.symbols or scope.symbols or tuple(sorted(likely))
        found: list[Retrieved] = []
        for symbol in symbols:
            for ref in refs.paragraphs:
                for variant in paragraph_variants(ref):
                    if hit := self.store.get_paragraph(symbol, variant.id):
                        text, meta = hit
                        found.append(Retrieved(meta["label"], symbol, variant.id, text, 1.0, meta, True))
                        break
        return found


def evidence_score(
    dense_similarity: float | None, wanted: list[str], text: str, weights: dict[str, float] | None = None
) -> float:
    """How well a paragraph answers a question, 0..1: the mean of its IDF-weighted share of the question's
    content terms and its dense similarity (a paragraph the dense search did not return counts 0 there)."""
    lexical = coverage(wanted, terms(text), weights)
    return 0.5 * lexical + 0.5 * max(dense_similarity or 0.0, 0.0)
