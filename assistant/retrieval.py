"""Retrieval: the candidate paragraphs for a question, with what each search measured of them.

Three searches run once per question, within an optional scope (symbols, organ, year):

- **dense**: the question's embedding against the paragraphs embedded under their context header
  (``ingest.context``), through llama-index's ``ChromaVectorStore`` — one query;
- **lexical**: BM25 (llama-index's ``BM25Retriever``, bm25s) over each paragraph with its footnotes and
  context header;
- **document**: BM25 over whole resolutions (context header and every paragraph), which says which
  resolutions the question is about when no paragraph alone does ("the sanctions on Southern Rhodesia").

The candidates are the union of the dense and lexical lists, each with its ``Signals``; ranking them is
``assistant.rerank``'s job. Paragraphs a question names ("OP26 of resolution 80/118") are fetched directly.
Lexical indexes are built per scope from the store and kept (a small LRU) until ``invalidate``.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters
from llama_index.core.vector_stores.types import VectorStoreQuery
from llama_index.retrievers.bm25 import BM25Retriever

from assistant.lexical import coverage, terms
from assistant.question import Question
from assistant.ranking import Candidate, Signals, rarest_term
from assistant.references import QuestionReferences, paragraph_variants
from assistant.tuning import Tuning
from assistant.types import Retrieved
from ingest.context import context_header, indexed_text
from ingest.ids import normalize_symbol
from ingest.store import ParagraphStore

_LRU = 16  # scopes whose lexical indexes are kept


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


def to_retrieved(node: NodeWithScore | TextNode, score: float) -> Retrieved:
    inner = getattr(node, "node", node)
    meta = dict(inner.metadata)
    return Retrieved(meta["label"], meta["symbol"], meta["paragraph"], inner.get_content(), score, meta)


@dataclass(frozen=True)
class TermWeights:
    """The IDF of the question's terms in the searched paragraphs, and the terms no paragraph holds."""

    idf: dict[str, float]
    unseen: frozenset[str] = frozenset()


@dataclass
class LexicalIndex:
    """BM25 over one scope's paragraphs (with footnotes and context header) and over its resolutions, and
    the document frequency of every term."""

    paragraphs: BM25Retriever
    documents: BM25Retriever
    document_frequency: Counter[str]
    size: int
    originals: dict[str, TextNode]  # the stored nodes by id (BM25 indexes copies with more text)
    document_terms: dict[str, frozenset[str]]  # every term of each resolution (with its heading)

    @classmethod
    def build(cls, nodes: list[TextNode], tuning: Tuning) -> LexicalIndex:
        indexed = [n.model_copy(update={"text": _indexed(n)}) for n in nodes]
        frequency: Counter[str] = Counter()
        by_symbol: dict[str, list[TextNode]] = {}
        document_terms: dict[str, set[str]] = {}
        for node, copy in zip(nodes, indexed, strict=True):
            paragraph_terms = set(terms(copy.get_content()))
            frequency.update(set(terms(to_retrieved(node, 0.0).evidence_text)))
            by_symbol.setdefault(node.metadata["symbol"], []).append(node)
            document_terms.setdefault(node.metadata["symbol"], set()).update(paragraph_terms)
        profiles = [_profile(symbol, members) for symbol, members in by_symbol.items()]
        return cls(
            paragraphs=BM25Retriever.from_defaults(
                nodes=indexed, similarity_top_k=min(tuning.lexical_candidates, len(nodes))
            ),
            documents=BM25Retriever.from_defaults(
                nodes=profiles, similarity_top_k=min(tuning.document_candidates, len(profiles))
            ),
            document_frequency=frequency,
            size=len(nodes),
            originals={n.node_id: n for n in nodes},
            document_terms={symbol: frozenset(found) for symbol, found in document_terms.items()},
        )

    def weights(self, wanted: tuple[str, ...]) -> TermWeights:
        """Inverse document frequency; a term found in no paragraph weighs most: a question about
        something the texts never mention ("the price of coffee") should not look answered."""
        unseen = 1.5 * math.log((self.size + 1) / 0.5)
        return TermWeights(
            {
                t: math.log((self.size + 1) / (self.document_frequency[t] + 0.5))
                if self.document_frequency.get(t)
                else unseen
                for t in wanted
            },
            frozenset(t for t in wanted if not self.document_frequency.get(t)),
        )


def _indexed(node: TextNode) -> str:
    return indexed_text(node.metadata, to_retrieved(node, 0.0).evidence_text)


def _profile(symbol: str, paragraphs: list[TextNode]) -> TextNode:
    """A resolution as one text for the document-level search: its heading and every paragraph."""
    header = context_header({**paragraphs[0].metadata, "kind": ""})
    return TextNode(id_=symbol, text="\n".join([header, *(p.get_content() for p in paragraphs)]))


class Retriever:
    """Candidates for a question (``candidates``) and the paragraphs it names (``named_paragraphs``)."""

    def __init__(self, store: ParagraphStore, embed_model: BaseEmbedding, tuning: Tuning) -> None:
        self.store = store
        self.embed_model = embed_model
        self.tuning = tuning
        self._lexical: OrderedDict[Scope, LexicalIndex | None] = OrderedDict()
        self._documents: list[dict[str, Any]] | None = None
        # Questions run in threads (the UI) while an upload may invalidate: one builder at a time, and no
        # cache cleared between building an index and returning it.
        self._lock = threading.RLock()

    def invalidate(self) -> None:
        """Forget the cached lexical indexes and document list (after an ingest)."""
        with self._lock:
            self._lexical.clear()
            self._documents = None

    def documents(self) -> list[dict[str, Any]]:
        """The stored resolutions' metadata, read once until ``invalidate``."""
        with self._lock:
            if self._documents is None:
                self._documents = self.store.list_documents()
            return self._documents

    def lexical(self, scope: Scope) -> LexicalIndex | None:
        with self._lock:
            if scope not in self._lexical:
                nodes = self.store.all_paragraph_nodes(where=scope.chroma_where())
                self._lexical[scope] = LexicalIndex.build(nodes, self.tuning) if nodes else None
                while len(self._lexical) > _LRU:
                    self._lexical.popitem(last=False)
            self._lexical.move_to_end(scope)
            return self._lexical[scope]

    def candidates(self, question: Question, scope: Scope) -> tuple[list[Candidate], TermWeights]:
        """The union of the dense and lexical lists for the question, each with its signals, and the
        weights of the question's terms in the scope."""
        scope = scope.narrowed(question.refs.symbols)
        lexical = self.lexical(scope)
        if lexical is None:
            return [], TermWeights({})
        bundle = QueryBundle(question.text, embedding=self.embed_model.get_query_embedding(question.text))
        dense = self._dense(bundle, scope)
        words = lexical.paragraphs.retrieve(bundle)
        focused = lexical.paragraphs.retrieve(QueryBundle(question.focus)) if question.focus else words
        ranked_documents = lexical.documents.retrieve(bundle)
        documents = {n.node.node_id: (n.score or 0.0, rank) for rank, n in enumerate(ranked_documents)}
        found: dict[str, Candidate] = {}
        for rank, (node, similarity) in enumerate(dense):
            found[node.node_id] = Candidate(
                to_retrieved(node, 0.0), Signals(dense=similarity, dense_rank=rank)
            )
        for rank, hit in enumerate(words):
            node = lexical.originals[hit.node.node_id]
            current = found.get(node.node_id)
            signals = current.signals if current else Signals()
            found[node.node_id] = Candidate(
                to_retrieved(node, 0.0),
                Signals(signals.dense, signals.dense_rank, hit.score or 0.0, rank),
            )
        focus = {hit.node.node_id: (hit.score or 0.0, rank) for rank, hit in enumerate(focused)}
        for node_id in focus.keys() - found.keys():
            found[node_id] = Candidate(to_retrieved(lexical.originals[node_id], 0.0), Signals())
        similarity = self._similarities(bundle, [i for i, c in found.items() if c.signals.dense is None])
        weights = lexical.weights(tuple(dict.fromkeys(question.terms + question.focus_terms)))
        rarest = rarest_term(question, weights.idf)
        held = {
            symbol: (coverage(question.terms, held_terms, weights.idf), rarest in held_terms)
            for symbol in {c.paragraph.symbol for c in found.values()}
            if (held_terms := lexical.document_terms.get(symbol, frozenset())) is not None
        }
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

    def _similarities(self, bundle: QueryBundle, ids: list[str]) -> dict[str, float]:
        """The dense similarity of candidates the dense search did not return (their stored vectors are
        normalised, as the question's is: the dot product is the cosine)."""
        if not ids:
            return {}
        found = self.store.paragraphs.get(ids=ids, include=["embeddings"])
        query = np.asarray(bundle.embedding)
        return {i: float(np.dot(query, e)) for i, e in zip(found["ids"], found["embeddings"], strict=True)}

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
