"""Retrieval: the candidate paragraphs for a question, with what each search measured of them.

Three searches run once per question, within an optional scope (symbols, organ, year):

- **dense**: the question's embedding against the paragraphs embedded under their context header
  (``ingest.context``), through llama-index's ``ChromaVectorStore`` — one query;
- **lexical**: BM25 (bm25s) over each paragraph with its footnotes and context header;
- **document**: BM25 over whole resolutions (context header and every paragraph), which says which
  resolutions the question is about when no paragraph alone does ("the sanctions on Southern Rhodesia").

The candidates are the union of the dense and lexical lists, each with its ``Signals``; ranking them is
``assistant.rerank``'s job. Paragraphs a question names ("OP26 of resolution 80/118") are fetched directly.
Both lexical searches run on the library-wide ``assistant.library_index``, masked to the scope, and follow
the store's version stamp: an ingest by any process is seen on the next question.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import QueryBundle, TextNode
from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters
from llama_index.core.vector_stores.types import VectorStoreQuery

from assistant.lexical import coverage
from assistant.library_index import SharedIndex
from assistant.question import Question
from assistant.ranking import Candidate, Signals, rarest_term
from assistant.references import QuestionReferences, paragraph_variants
from assistant.tuning import Tuning
from assistant.types import Retrieved, to_retrieved
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


@dataclass(frozen=True)
class TermWeights:
    """The IDF of the question's terms in the searched paragraphs, and the terms no paragraph holds."""

    idf: dict[str, float]
    unseen: frozenset[str] = frozenset()


def term_weights(frequencies: dict[str, int], size: int) -> TermWeights:
    """Inverse document frequency over ``size`` paragraphs; a term found in no paragraph weighs most: a
    question about something the texts never mention ("the price of coffee") should not look answered."""
    unseen = 1.5 * math.log((size + 1) / 0.5)
    return TermWeights(
        {t: math.log((size + 1) / (n + 0.5)) if n else unseen for t, n in frequencies.items()},
        frozenset(t for t, n in frequencies.items() if not n),
    )


class Retriever:
    """Candidates for a question (``candidates``) and the paragraphs it names (``named_paragraphs``)."""

    def __init__(self, store: ParagraphStore, embed_model: BaseEmbedding, tuning: Tuning) -> None:
        self.store = store
        self.embed_model = embed_model
        self.tuning = tuning
        self.index = SharedIndex(store)

    def documents(self) -> list[dict[str, Any]]:
        """The stored resolutions' metadata, as of the store's current version (kept with the index)."""
        return self.index.current().resolutions

    def candidates(self, question: Question, scope: Scope) -> tuple[list[Candidate], TermWeights]:
        """The union of the dense and lexical lists for the question, each with its signals, and the
        weights of the question's terms in the scope."""
        scope = scope.narrowed(question.refs.symbols)
        index = self.index.current()
        view = index.scope(scope.symbols, scope.organ, scope.year)
        if view is None:
            return [], TermWeights({})
        bundle = QueryBundle(question.text, embedding=self.embed_model.get_query_embedding(question.text))
        dense = self._dense(bundle, scope)
        words = index.paragraphs(question.text, view, self.tuning.lexical_candidates)
        focused = (
            index.paragraphs(question.focus, view, self.tuning.lexical_candidates)
            if question.focus
            else words
        )
        ranked_documents = index.documents(question.text, view, self.tuning.document_candidates)
        documents = {hit.record_id: (hit.score, rank) for rank, hit in enumerate(ranked_documents)}
        found: dict[str, Candidate] = {}
        for rank, (node, similarity) in enumerate(dense):
            found[node.node_id] = Candidate(
                to_retrieved(node, 0.0), Signals(dense=similarity, dense_rank=rank)
            )
        focus = {hit.record_id: (hit.score, rank) for rank, hit in enumerate(focused)}
        lexical = {hit.record_id: (hit.score, rank) for rank, hit in enumerate(words)}
        nodes = self.store.nodes_by_id([i for i in {**lexical, **focus} if i not in found])
        for node_id, (score, rank) in lexical.items():
            current = found.get(node_id)
            if current is None and node_id not in nodes:
                continue  # deleted since the index was synced
            signals = current.signals if current else Signals()
            paragraph = current.paragraph if current else to_retrieved(nodes[node_id], 0.0)
            found[node_id] = Candidate(paragraph, Signals(signals.dense, signals.dense_rank, score, rank))
        for node_id in focus.keys() - found.keys():
            if node_id in nodes:
                found[node_id] = Candidate(to_retrieved(nodes[node_id], 0.0), Signals())
        # the dense similarity of what only the lexical searches found (stored vectors are normalised, as
        # the question's is: the dot product is the cosine)
        query = np.asarray(bundle.embedding)
        similarity = {i: float(np.dot(query, n.embedding)) for i, n in nodes.items() if n.embedding}
        wanted = tuple(dict.fromkeys(question.terms + question.focus_terms))
        weights = term_weights(index.frequencies(view, wanted), view.size)
        rarest = rarest_term(question, weights.idf)
        held = {}
        for symbol in {c.paragraph.symbol for c in found.values()}:
            held_terms = index.held(symbol, (*question.terms, rarest))
            held[symbol] = (coverage(question.terms, held_terms, weights.idf), rarest in held_terms)
        for node_id, candidate in found.items():
            score, rank = documents.get(candidate.paragraph.symbol, (None, None))
            focus_score, focus_rank = focus.get(node_id, (None, None))
            s = candidate.signals
            dense = s.dense if s.dense is not None else similarity.get(node_id)
            candidate.signals = Signals(
                dense,
                s.dense_rank,
                s.lexical,
                s.lexical_rank,
                score,
                rank,
                focus_score,
                focus_rank,
                *held[candidate.paragraph.symbol],
            )
            candidate.paragraph.similarity = dense or 0.0
        return list(found.values()), weights

    def _dense(self, bundle: QueryBundle, scope: Scope) -> list[tuple[TextNode, float]]:
        result = self.store.vector_store.query(
            VectorStoreQuery(
                query_embedding=bundle.embedding,
                similarity_top_k=self.tuning.dense_candidates,
                filters=scope.metadata_filters(),
            )
        )
        # llama-index reports exp(-cosine distance); the cosine similarity itself is easier to read
        pairs = zip(result.nodes or [], result.similarities or [], strict=True)
        return [(node, 1.0 + math.log(max(s, 1e-12))) for node, s in pairs]  # type: ignore[misc]

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
