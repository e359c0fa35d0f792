"""The lexical side of retrieval for the whole library: one index per store, shared through its version.

One BM25 index (bm25s, tokenised as llama-index's ``BM25Retriever`` does) covers every paragraph of the
library (with its footnotes and context header), a second every resolution as one text (its heading and
all its paragraphs), and two sparse matrices give, per resolution, how many of its paragraphs hold each
content term (``assistant.lexical.terms``) and which terms it holds at all. A search scope (symbols, organ,
year) is a mask over these, never a rebuild.

The index follows the store's version stamp (``ParagraphStore.version``): before each question ``sync``
reads it (one small read) and, when it moved, compares every resolution's content hash with the one it
indexed, fetches and tokenises only the resolutions that changed, and rebuilds the matrices from the
token ids it keeps (no store scan, no re-tokenising). The result is saved beside the store
(``DATA_DIR/lexical/``), so a new process with an up-to-date file loads it instead of reading every
paragraph out of Chroma; a worker on another machine keeps its own file and follows the same stamp.
Paragraph texts are not kept: the few paragraphs a search returns are read from Chroma by id.

llama-index's ``BM25Retriever`` indexes a fixed node list (and keeps every node's text in memory): it
cannot add one resolution without re-tokenising all of them, which is why the index is kept here at the
token level.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import Stemmer
from llama_index.core.schema import TextNode
from scipy import sparse

from assistant.lexical import terms
from assistant.types import to_retrieved
from ingest.context import context_header, indexed_text
from ingest.store import ParagraphStore

_FORMAT = 3  # bump when the saved layout changes: an older file is rebuilt, never misread
_TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # BM25Retriever's
_STEMMER = Stemmer.Stemmer("english")
_MASKS = 16  # search scopes whose masks and term counts are kept
_FETCH = 200  # resolutions read from the store per request while syncing


def bm25_tokens(texts: list[str]) -> list[list[str]]:
    """Stemmed BM25 tokens without stop words (as ``BM25Retriever`` indexes a corpus)."""
    return bm25s.tokenize(  # type: ignore[return-value]
        texts,
        stopwords="en",
        stemmer=_STEMMER,
        token_pattern=_TOKEN_PATTERN,
        return_ids=False,
        show_progress=False,
    )


def _query_tokens(text: str) -> list[str]:
    """A question's BM25 tokens (as ``BM25Retriever`` tokenises a query)."""
    found = bm25s.tokenize(
        text, stemmer=_STEMMER, token_pattern=_TOKEN_PATTERN, return_ids=False, show_progress=False
    )
    return found[0] if found else []  # type: ignore[return-value]


def evidence_text(node: TextNode) -> str:
    """A paragraph with its footnotes, as an answer quotes and checks it."""
    return to_retrieved(node, 0.0).evidence_text


@dataclass
class _Entry:
    """One resolution as indexed: its records' ids and every token as an id into the index's vocabularies."""

    doc_hash: str
    organ: str
    year: int
    ids: list[str]  # paragraph record ids
    tokens: np.ndarray  # BM25 token ids of every paragraph, one after the other
    lengths: np.ndarray  # BM25 tokens per paragraph
    profile: np.ndarray  # BM25 token ids of the resolution as one text
    counts: dict[int, int]  # content term id -> paragraphs holding it (evidence text only)
    held: np.ndarray  # content term ids anywhere in the resolution (with its context headers)


@dataclass
class _Built:
    """What searching needs, rebuilt from the entries after a change."""

    symbols: list[str]
    rows: dict[str, int]  # each symbol's row
    organs: np.ndarray
    years: np.ndarray
    ids: list[str]
    paragraph_document: np.ndarray  # each paragraph's row in ``symbols``
    paragraphs: bm25s.BM25 | None
    documents: bm25s.BM25 | None
    counts: sparse.csc_matrix  # resolutions x content terms: paragraphs holding the term
    held: sparse.csr_matrix  # resolutions x content terms: 1 where the resolution holds it
    library_counts: np.ndarray  # counts summed over the library


@dataclass(frozen=True)
class Hit:
    record_id: str
    score: float


@dataclass(frozen=True)
class ScopeView:
    """A scope's resolutions and paragraphs as masks over the built index."""

    documents: np.ndarray  # bool per resolution
    paragraphs: np.ndarray  # indices of the paragraphs in scope
    size: int


@dataclass
class LibraryIndex:
    """BM25 over the library's paragraphs and resolutions, term counts per resolution, and the store
    version they were built from."""

    store_key: str
    version: str | None = None
    entries: dict[str, _Entry] = field(default_factory=dict)
    bm25_vocab: dict[str, int] = field(default_factory=lambda: {"": 0})
    term_vocab: dict[str, int] = field(default_factory=dict)
    built: _Built | None = None
    resolutions: list[dict[str, Any]] = field(default_factory=list)  # list_documents() at ``version``

    def __post_init__(self) -> None:
        self._masks: OrderedDict[tuple, ScopeView] = OrderedDict()

    # -- keeping up with the store --------------------------------------------------------------------
    def sync(self, store: ParagraphStore) -> bool:
        """Follow the store: ``True`` when something changed since the last call (the index was updated)."""
        version = store.version()
        if version == self.version and self.built is not None:
            return False
        self.resolutions = store.list_documents()
        current = {m["symbol"]: m for m in self.resolutions}
        changed = [
            s
            for s, m in current.items()
            if s not in self.entries or self.entries[s].doc_hash != m.get("doc_hash")
        ]
        removed = [s for s in self.entries if s not in current]
        if self.built is not None and not changed and not removed:  # rewritten as it was
            self.version = version
            return True
        for symbol in removed:
            del self.entries[symbol]
        for start in range(0, len(changed), _FETCH):
            batch = changed[start : start + _FETCH]
            nodes = store.all_paragraph_nodes(where={"symbol": {"$in": batch}})
            by_symbol: dict[str, list[TextNode]] = {}
            for node in nodes:
                by_symbol.setdefault(node.metadata["symbol"], []).append(node)
            for symbol in batch:
                members = [
                    n
                    for n in by_symbol.get(symbol, [])
                    if n.metadata.get("doc_hash") == current[symbol].get("doc_hash")
                ]
                if members:
                    members.sort(key=lambda n: n.metadata.get("position", 0))
                    self.entries[symbol] = self._entry(current[symbol], members)
                else:  # written while we read: the next version stamp brings it
                    self.entries.pop(symbol, None)
        self.version = version
        self._build()
        return True

    def _entry(self, document: dict[str, Any], nodes: list[TextNode]) -> _Entry:
        evidence = [evidence_text(n) for n in nodes]
        indexed = [indexed_text(n.metadata, text) for n, text in zip(nodes, evidence, strict=True)]
        header = context_header({**nodes[0].metadata, "kind": ""})
        profile = "\n".join([header, *(n.get_content() for n in nodes)])
        tokenised = bm25_tokens([*indexed, profile])
        vocab = self.bm25_vocab
        paragraph_ids = [[vocab.setdefault(t, len(vocab)) for t in tokens] for tokens in tokenised[:-1]]
        counts: Counter[int] = Counter()
        held: set[int] = set()
        for own, text in zip(evidence, indexed, strict=True):
            counts.update({self._term(t) for t in terms(own)})
            held.update(self._term(t) for t in terms(text))
        return _Entry(
            doc_hash=str(document.get("doc_hash")),
            organ=str(document.get("organ") or ""),
            year=int(document.get("year") or 0),
            ids=[n.node_id for n in nodes],
            tokens=np.fromiter((i for ids in paragraph_ids for i in ids), dtype=np.int32),
            lengths=np.array([len(ids) for ids in paragraph_ids], dtype=np.int32),
            profile=np.array([vocab.setdefault(t, len(vocab)) for t in tokenised[-1]], dtype=np.int32),
            counts=dict(counts),
            held=np.array(sorted(held), dtype=np.int32),
        )

    def _term(self, term: str) -> int:
        return self.term_vocab.setdefault(term, len(self.term_vocab))

    def _build(self) -> None:
        self._masks.clear()
        symbols = sorted(self.entries)
        entries = [self.entries[s] for s in symbols]
        ids = [i for e in entries for i in e.ids]
        paragraph_tokens = [
            chunk.tolist() for e in entries for chunk in np.split(e.tokens, np.cumsum(e.lengths)[:-1])
        ]
        rows = np.repeat(np.arange(len(entries)), [len(e.counts) for e in entries])
        columns = np.fromiter((t for e in entries for t in e.counts), dtype=np.int64, count=len(rows))
        values = np.fromiter((c for e in entries for c in e.counts.values()), dtype=np.int64, count=len(rows))
        shape = (len(entries), len(self.term_vocab))
        counts = sparse.csc_matrix((values, (rows, columns)), shape=shape)
        held_rows = np.repeat(np.arange(len(entries)), [len(e.held) for e in entries])
        held_columns = np.concatenate([e.held for e in entries]) if entries else np.zeros(0, np.int32)
        held = sparse.csr_matrix((np.ones(len(held_rows), np.int8), (held_rows, held_columns)), shape=shape)
        self.built = _Built(
            symbols=symbols,
            rows={s: i for i, s in enumerate(symbols)},
            organs=np.array([e.organ for e in entries], dtype=object),
            years=np.array([e.year for e in entries], dtype=np.int64),
            ids=ids,
            paragraph_document=np.repeat(np.arange(len(entries)), [len(e.ids) for e in entries]),
            paragraphs=self._bm25(paragraph_tokens),
            documents=self._bm25([e.profile.tolist() for e in entries]),
            counts=counts,
            held=held,
            library_counts=np.asarray(counts.sum(axis=0)).ravel(),
        )

    def _bm25(self, corpus: list[list[int]]) -> bm25s.BM25 | None:
        if not corpus:
            return None
        index = bm25s.BM25()
        index.index(bm25s.tokenization.Tokenized(ids=corpus, vocab=self.bm25_vocab), show_progress=False)
        return index

    # -- searching ------------------------------------------------------------------------------------
    def scope(self, symbols: Sequence[str], organ: str | None, year: int | None) -> ScopeView | None:
        """The resolutions and paragraphs a scope covers; ``None`` when it covers none."""
        built = self.built
        if built is None or not built.symbols:
            return None
        key = (tuple(symbols), organ, year)
        if key not in self._masks:
            wanted = np.ones(len(built.symbols), dtype=bool)
            if symbols:
                wanted &= np.isin(np.array(built.symbols, dtype=object), list(symbols))
            if organ:
                wanted &= built.organs == organ
            if year:
                wanted &= built.years == year
            paragraphs = np.flatnonzero(wanted[built.paragraph_document])
            self._masks[key] = ScopeView(wanted, paragraphs, len(paragraphs))
            while len(self._masks) > _MASKS:
                self._masks.popitem(last=False)
        self._masks.move_to_end(key)
        view = self._masks[key]
        return view if view.size else None

    def paragraphs(self, query: str, view: ScopeView, k: int) -> list[Hit]:
        """The ``k`` paragraphs of the scope BM25 scores highest for ``query`` (ties in store order)."""
        built = self.built
        assert built is not None and built.paragraphs is not None
        scores = _scores(built.paragraphs, query)[view.paragraphs]
        return [Hit(built.ids[view.paragraphs[i]], float(scores[i])) for i in _top(scores, k)]

    def documents(self, query: str, view: ScopeView, k: int) -> list[Hit]:
        """The ``k`` resolutions of the scope whose whole text BM25 scores highest for ``query``."""
        built = self.built
        assert built is not None and built.documents is not None
        rows = np.flatnonzero(view.documents)
        scores = _scores(built.documents, query)[rows]
        return [Hit(built.symbols[rows[i]], float(scores[i])) for i in _top(scores, k)]

    def frequencies(self, view: ScopeView, wanted: Sequence[str]) -> dict[str, int]:
        """How many paragraphs of the scope hold each wanted content term (0 for unknown terms)."""
        built = self.built
        assert built is not None
        columns = {
            t: self.term_vocab[t]
            for t in wanted
            if self.term_vocab.get(t, len(self.term_vocab)) < built.counts.shape[1]
        }
        if not columns:
            return dict.fromkeys(wanted, 0)
        if view.documents.all():
            found = built.library_counts[list(columns.values())]
        else:
            found = np.asarray(built.counts[:, list(columns.values())][view.documents].sum(axis=0)).ravel()
        counted = dict(zip(columns, (int(v) for v in found), strict=True))
        return {t: counted.get(t, 0) for t in wanted}

    def held(self, symbol: str, wanted: Sequence[str]) -> frozenset[str]:
        """The wanted content terms that occur anywhere in the resolution (with its headers)."""
        built = self.built
        assert built is not None
        row = built.rows.get(symbol)
        if row is None:
            return frozenset()
        present = set(built.held.indices[built.held.indptr[row] : built.held.indptr[row + 1]].tolist())
        return frozenset(t for t in wanted if self.term_vocab.get(t, -1) in present)

    # -- persistence ----------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the index atomically (several workers may share the file: the last complete one wins)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        state = {"format": _FORMAT, **{f.name: getattr(self, f.name) for f in fields(self)}}
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".lexical-", delete=False) as out:
            pickle.dump(state, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path)

    @classmethod
    def load(cls, path: Path, store_key: str) -> LibraryIndex:
        """The saved index of this store, or an empty one when there is none (or it is unreadable, of
        another format or of another store): it is then built from the store on the first ``sync``."""
        try:
            with path.open("rb") as handle:
                state = pickle.load(handle)  # our own file in the user's data directory
            if state.get("format") != _FORMAT or state.get("store_key") != store_key:
                raise ValueError("another format or store")
            entry = next(iter(state["entries"].values()), None)
            if not (_laid_out_as(state["built"], _Built) and _laid_out_as(entry, _Entry)):
                raise ValueError("saved by a version with other fields")  # in case _FORMAT was not bumped
            return cls(**{f.name: state[f.name] for f in fields(cls)})
        except (OSError, EOFError, ValueError, KeyError, pickle.UnpicklingError, AttributeError, TypeError):
            return cls(store_key)


def _laid_out_as(saved: object, cls: type) -> bool:
    """A saved dataclass (or None) has exactly the fields ``cls`` has now."""
    return saved is None or (type(saved) is cls and set(vars(saved)) == {f.name for f in fields(cls)})


def store_key(store: ParagraphStore) -> str:
    """Which store an index belongs to: its location and collection."""
    return f"{store.config.describe_location}|{store.config.collection}"


def index_path(store: ParagraphStore) -> Path:
    """Where a store's lexical index is saved: under the data directory, one file per store."""
    digest = hashlib.sha256(store_key(store).encode()).hexdigest()[:16]
    return store.config.data_dir / "lexical" / f"{store.config.collection}-{digest}.pickle"


class SharedIndex:
    """A process's handle on its store's ``LibraryIndex``: loaded from disk once, synced before each use,
    saved after each change; thread-safe (UI questions run in threads while an upload lands)."""

    def __init__(self, store: ParagraphStore) -> None:
        self.store = store
        self.path = index_path(store)
        self.index_key = store_key(store)
        self._index: LibraryIndex | None = None
        self._lock = threading.RLock()

    def current(self) -> LibraryIndex:
        """The index (and the list of stored resolutions it holds), brought up to the store's version:
        loaded or built on first use."""
        with self._lock:
            if self._index is None:
                self._index = LibraryIndex.load(self.path, self.index_key)
            if self._index.sync(self.store):
                self._index.save(self.path)
            return self._index


def _scores(index: bm25s.BM25, query: str) -> np.ndarray:
    tokens = index.get_tokens_ids(_query_tokens(query))
    if not tokens:
        return np.zeros(int(index.scores["num_docs"]), dtype=np.float32)
    return index.get_scores(tokens)


def _top(scores: np.ndarray, k: int) -> list[int]:
    """Positions of the ``k`` highest scores, best first; equal scores in position order."""
    k = min(k, len(scores))
    if k <= 0:
        return []
    best = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    return sorted(best.tolist(), key=lambda i: (-scores[i], i))
