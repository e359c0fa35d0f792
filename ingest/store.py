"""The Chroma store and its schema: one record per paragraph, one per resolution.

Paragraph records (collection ``config.collection``) have the id ``A/RES/80/118#OP26``, the paragraph
text as document and flat metadata (lists JSON-encoded), in the layout llama-index's
``ChromaVectorStore`` reads back as ``TextNode``s. Document records (``config.collection +
"_documents"``) have the symbol as id, a short heading text and the document's metadata. Both
collections record the embedding model they were filled with; embeddings are always passed in
explicitly, never computed by Chroma.

A third collection (``config.collection + "_state"``) holds one record, the library's **version**: a new
random stamp written after every change (a resolution added, replaced or deleted). Every process reading
the store (UI workers, ``unqa ask``, an ingest elsewhere) compares it with the version its caches were
built from before each question: one small read, and stale caches are noticed however the store changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import ssl
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, cast

import chromadb
import httpx
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings
from chromadb.errors import AuthorizationError, ChromaAuthError, ChromaError, NotFoundError
from chromadb.utils.embedding_functions import register_embedding_function
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import TextNode
from llama_index.core.vector_stores.utils import metadata_dict_to_node, node_to_metadata_dict
from llama_index.vector_stores.chroma import ChromaVectorStore

from ingest.config import StoreConfig
from ingest.context import indexed_text
from ingest.embedding import embedding_id
from ingest.ids import citation_label, normalize_symbol, parse_paragraph_id, record_id
from ingest.model import Document, Paragraph, ParseIssue, SubParagraph, UnqaError, footnotes_from_json

DOCUMENTS_SUFFIX = "_documents"
STATE_SUFFIX = "_state"
_VERSION_ID = "library"
EMBEDDING_ID_KEY = "embedding_id"
# Document attributes a document record carries as they are (besides symbol, url, hash and counts).
DOCUMENT_FIELDS = (
    "title",
    "organ",
    "date",
    "year",
    "session",
    "agenda_item",
    "adopted_on",
    "meeting",
    "vote",
    "language",
    "source",
)
# What a call to a Chroma server raises when the server went away (refused, reset, cut mid-reply) or came
# back without the collection (restarted on another directory): the store reopens its handles next time.
CONNECTION_LOST = (httpx.TransportError, NotFoundError)


class StoreError(UnqaError):
    """The store cannot be used as configured; the message says what to do."""


class StoreUnavailable(StoreError):
    """Chroma cannot be reached (server down) or opened (directory not writable)."""


class EmbeddingMismatch(StoreError):
    """The collection was filled with another embedding model than the one configured."""


@register_embedding_function
class ExplicitEmbeddingsOnly(EmbeddingFunction[Documents]):
    """Attached to every collection so Chroma never downloads its default model: unqa embeds itself."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        raise RuntimeError(
            "Chroma was asked to embed text itself; unqa always passes embeddings explicitly "
            "(use ingest.embedding.make_embed_model and pass query_embeddings/embeddings)"
        )

    @staticmethod
    def name() -> str:
        return "unqa_explicit_embeddings_only"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ExplicitEmbeddingsOnly:
        return ExplicitEmbeddingsOnly()


@dataclass(frozen=True)
class UpsertCounts:
    added: int
    updated: int
    unchanged: int
    removed: int


def open_client(config: StoreConfig) -> ClientAPI:
    """Embedded Chroma under ``config.chroma_path``, or the Chroma server at ``config.chroma_host`` (with the
    token and TLS settings of ``config``), opened on ``config.chroma_tenant`` / ``config.chroma_database``.

    Every failure is a one-line ``StoreUnavailable`` saying what to do: a server that cannot be reached, a
    TLS handshake that fails, a token refused (HTTP 401/403, from Chroma or a proxy in front of it), a
    tenant or database that does not exist (unqa never creates one: a mistyped name would otherwise start
    an empty store), a data directory that cannot be written.
    """
    where = config.describe_location

    def missing(exc: NotFoundError) -> StoreUnavailable:
        if str(exc).startswith("Tenant"):
            what, name, calls = "tenant", config.chroma_tenant, "create_tenant and create_database"
        else:
            what, name, calls = "database", config.chroma_database, "create_database"
        return StoreUnavailable(
            f"{what} {name!r} does not exist in {where}: create it once with chromadb.AdminClient's {calls} "
            f'(README, "Chroma server"), or fix UNQA_CHROMA_{what.upper()} (--chroma-{what}).'
        )

    settings = Settings(**config.chroma_settings())
    options = config.chroma_client_options()
    if not config.chroma_host:
        try:
            config.chroma_path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(settings=settings, **options)
        except NotFoundError as exc:
            raise missing(exc) from exc
        except (ValueError, OSError, ChromaError) as exc:
            raise StoreUnavailable(
                f"cannot open {where} ({exc}). Choose a writable data directory "
                "(--data-dir or UNQA_DATA_DIR), or a Chroma server (UNQA_CHROMA_HOST)."
            ) from exc
    if config.chroma_ca_bundle and not config.chroma_ca_bundle.is_file():
        raise StoreUnavailable(
            f"UNQA_CHROMA_CA_BUNDLE={str(config.chroma_ca_bundle)!r} is not a file: name the PEM file of the "
            f"CA that signed the certificate of {where}, or unset it to trust the system's CAs."
        )
    try:
        return chromadb.HttpClient(settings=settings, **options)
    except Exception as exc:  # chromadb makes an HTTP error it does not know a bare Exception or ValueError
        chain: list[BaseException] = [exc]
        while len(chain) < 10 and (inner := chain[-1].__cause__ or chain[-1].__context__):
            chain.append(inner)
        # An HTTP error chromadb does not know (a proxy's 401, a 502) keeps the response in the chain.
        status = next((e.response.status_code for e in chain if isinstance(e, httpx.HTTPStatusError)), None)
        text = f"HTTP {status}" if status else " ".join(str(chain[-1]).split())[:300]
        refused = isinstance(exc, ChromaAuthError | AuthorizationError) or status in (401, 403)
        if refused and config.chroma_token:
            raise StoreUnavailable(
                f"{where} refused the token sent in {config.chroma_token_header} ({text}): check "
                "UNQA_CHROMA_TOKEN (--chroma-token) and the header it goes in, UNQA_CHROMA_TOKEN_HEADER "
                "(Authorization or X-Chroma-Token)."
            ) from exc
        if refused:
            raise StoreUnavailable(
                f"{where} asks for a token ({text}): set UNQA_CHROMA_TOKEN, and UNQA_CHROMA_TOKEN_HEADER="
                "X-Chroma-Token if it expects that header rather than Authorization: Bearer."
            ) from exc
        if isinstance(exc, NotFoundError):
            raise missing(exc) from exc
        if any(isinstance(e, ssl.SSLError) for e in chain):
            raise StoreUnavailable(
                f"TLS with {where} failed ({text}): set UNQA_CHROMA_SSL=1 only if it serves https, and "
                "UNQA_CHROMA_CA_BUNDLE to the CA file of a certificate the system does not trust."
            ) from exc
        if isinstance(exc, ValueError | OSError | ChromaError | httpx.HTTPError):
            raise StoreUnavailable(
                f"cannot reach {where} ({text}). Start it with "
                f"`chroma run --path DIR --host {config.chroma_host} --port {config.chroma_port}`, "
                "or unset UNQA_CHROMA_HOST to use the embedded store."
            ) from exc
        raise


@dataclass(frozen=True)
class _Handles:
    """What one connection to Chroma gives: the client and the collections opened through it."""

    client: ClientAPI
    paragraphs: Collection
    documents: Collection
    state: Collection
    vector_store: ChromaVectorStore


class ParagraphStore:
    """The client, the paragraph and document collections, and a llama-index vector store over paragraphs.

    With a Chroma server, a call that finds the server gone raises ``StoreUnavailable`` (never httpx's own
    error) and drops the handles; the next use opens them again, so a long-lived store (the UI's, a chat's)
    answers again as soon as the server is back, and says clearly what to do while it is not.
    """

    def __init__(self, config: StoreConfig) -> None:
        self.config = config
        self.embedding_id = embedding_id(config)
        self._handles: _Handles | None = self._open()
        self.max_batch_size = self.client.get_max_batch_size()

    @property
    def client(self) -> ClientAPI:
        return self._connected().client

    @property
    def paragraphs(self) -> Collection:
        return self._connected().paragraphs

    @property
    def documents(self) -> Collection:
        return self._connected().documents

    @property
    def vector_store(self) -> ChromaVectorStore:
        return self._connected().vector_store

    def _connected(self) -> _Handles:
        if self._handles is None:
            self._handles = self._open()
        return self._handles

    def _open(self) -> _Handles:
        client = open_client(self.config)
        paragraphs = self._collection(client, self.config.collection)
        documents = self._collection(client, self.config.collection + DOCUMENTS_SUFFIX)
        state = self._collection(client, self.config.collection + STATE_SUFFIX)
        return _Handles(client, paragraphs, documents, state, ChromaVectorStore(chroma_collection=paragraphs))

    def _lost(self, exc: Exception) -> StoreUnavailable:
        """Forget the handles (the next use reopens them) and say what happened and what to do."""
        self._handles = None
        where = self.config.describe_location
        if isinstance(exc, NotFoundError):
            return StoreUnavailable(
                f"the collections are gone from {where} ({exc}); the next question opens them again. If the "
                "server was restarted on another directory, restart it on the old one, or ingest again."
            )
        return StoreUnavailable(
            f"lost the connection to {where} ({exc}). Start it again on the same data (`chroma run --path "
            f"DIR --host {self.config.chroma_host} --port {self.config.chroma_port}`): the next question "
            "reconnects by itself."
        )

    def _collection(self, client: ClientAPI, name: str) -> Collection:
        try:
            collection = client.get_or_create_collection(
                name,
                metadata={EMBEDDING_ID_KEY: self.embedding_id},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=ExplicitEmbeddingsOnly(),  # type: ignore[arg-type]
            )
        except (ValueError, OSError, ChromaError, httpx.TransportError) as exc:
            raise StoreUnavailable(
                f"cannot open collection {name!r} in {self.config.describe_location}: {exc}"
            ) from exc
        stored = (collection.metadata or {}).get(EMBEDDING_ID_KEY)
        if stored != self.embedding_id:
            raise EmbeddingMismatch(
                f"collection {name!r} in {self.config.describe_location} was built with embedding model "
                f"{stored!r}, but {self.embedding_id!r} is configured. Use the same model "
                "(UNQA_EMBED_MODEL / --embed-model), or a new data directory or collection "
                "(UNQA_DATA_DIR, UNQA_COLLECTION) and ingest again."
            )
        return cast(Collection, _Guarded(collection, self._lost))

    def version(self) -> str:
        """The library's current version stamp ("" for a store never written since stamps exist)."""
        found = self._connected().state.get(ids=[_VERSION_ID], include=["metadatas"])
        return str(found["metadatas"][0]["version"]) if found["ids"] else ""

    def mark_changed(self) -> None:
        """Give the library a new version: every reader rebuilds what it cached from the old one."""
        self._connected().state.upsert(
            ids=[_VERSION_ID],
            embeddings=[[1.0]],
            metadatas=[{"version": uuid.uuid4().hex, "changed_at": time.time()}],
        )

    def get_paragraph(self, symbol: str, paragraph_id: str) -> tuple[str, dict[str, Any]] | None:
        """Text and metadata of a paragraph; a sub-paragraph id (``OP70(a)``) gives its whole paragraph."""
        ref = parse_paragraph_id(paragraph_id)
        if ref is None:
            return None
        found = self.paragraphs.get(ids=[record_id(symbol, ref.id)], include=["documents", "metadatas"])
        if not found["ids"]:
            return None
        node = _record_node(found["documents"][0], found["metadatas"][0])
        return node.text, node.metadata

    def list_documents(self) -> list[dict[str, Any]]:
        """The metadata of every stored resolution (with ``paragraph_count``), in natural symbol order."""
        found = self.documents.get(include=["metadatas"])
        # Chroma drops None values: give every document the same keys.
        documents = [{**dict.fromkeys(DOCUMENT_FIELDS), **m} for m in found["metadatas"]]
        return sorted(documents, key=lambda m: _natural_key(m["symbol"]))

    def stored_documents(self) -> list[Document]:
        """Every stored resolution rebuilt as a ``Document`` (metadata, paragraphs in reading order, the
        parser's findings), e.g. for ``unqa audit --stored``."""
        return [self._document(meta) for meta in self.list_documents()]

    def _document(self, meta: dict[str, Any]) -> Document:
        paragraphs = [
            paragraph_from_metadata(n.text, n.metadata) for n in self.document_paragraphs(meta["symbol"])
        ]
        return Document(
            symbol=meta["symbol"],
            **{name: meta.get(name) for name in DOCUMENT_FIELDS if name != "language"},
            language=meta.get("language") or "en",
            paragraphs=paragraphs,
            issues=[ParseIssue(**i) for i in json.loads(meta.get("issues") or "[]")],
        )

    def document_paragraphs(self, symbol: str) -> list[TextNode]:
        """A resolution's paragraphs in reading order (as printed: parts, then annexes)."""
        nodes = self.all_paragraph_nodes(where={"symbol": normalize_symbol(symbol)})
        return sorted(nodes, key=lambda n: n.metadata["position"])

    def nodes_by_id(self, record_ids: list[str]) -> dict[str, TextNode]:
        """The stored paragraphs with these record ids (``A/RES/80/118#OP26``), with their stored vectors
        (``node.embedding``); missing ones left out."""
        if not record_ids:
            return {}
        found = self.paragraphs.get(ids=record_ids, include=["documents", "metadatas", "embeddings"])
        nodes = {}
        columns = (found[k] for k in ("ids", "documents", "metadatas", "embeddings"))
        for i, text, meta, vector in zip(*columns, strict=True):
            nodes[i] = _record_node(text, meta)
            nodes[i].embedding = [float(x) for x in vector]
        return nodes

    def all_paragraph_nodes(self, where: dict[str, Any] | None = None) -> list[TextNode]:
        """Every paragraph record (or those matching a Chroma ``where`` filter) as a TextNode."""
        nodes: list[TextNode] = []
        while True:
            found = self.paragraphs.get(
                where=where, limit=self.max_batch_size, offset=len(nodes), include=["documents", "metadatas"]
            )
            nodes.extend(
                _record_node(t, m) for t, m in zip(found["documents"], found["metadatas"], strict=True)
            )
            if len(found["ids"]) < self.max_batch_size:
                return nodes

    def delete_document(self, symbol: str) -> int:
        """Remove a resolution and its paragraphs; returns how many paragraphs were removed."""
        symbol = normalize_symbol(symbol)
        ids = self.paragraphs.get(where={"symbol": symbol}, include=[])["ids"]
        for start in range(0, len(ids), self.max_batch_size):
            self.paragraphs.delete(ids=ids[start : start + self.max_batch_size])
        self.documents.delete(ids=[symbol])
        self.mark_changed()
        return len(ids)


class _Guarded:
    """A collection whose calls raise ``StoreUnavailable`` from ``lost`` when the server is gone."""

    def __init__(self, collection: Collection, lost: Callable[[Exception], StoreUnavailable]) -> None:
        self._collection = collection
        self._lost = lost

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._collection, name)
        if not callable(attribute):
            return attribute

        @functools.wraps(attribute)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return attribute(*args, **kwargs)
            except CONNECTION_LOST as exc:
                raise self._lost(exc) from exc

        return guarded


def paragraph_nodes(doc: Document) -> list[TextNode]:
    """One TextNode per paragraph, with the flat metadata the store keeps; what is embedded is the text
    under its context header (``ingest.context.indexed_text``)."""
    symbol = normalize_symbol(doc.symbol)
    doc_hash = document_hash(doc)
    nodes = []
    for position, p in enumerate(doc.paragraphs):
        metadata: dict[str, Any] = {
            "symbol": symbol,
            "paragraph": p.id,
            "label": citation_label(symbol, p.id),
            "kind": p.kind,
            "number": p.number,
            "part": p.part,
            "annex": p.annex,  # None (dropped by Chroma) outside an annex
            "position": position,
            "organ": doc.organ,
            "year": doc.year,
            "session": doc.session,
            "title": doc.title,
            "date": doc.date,
            "pages": json.dumps(p.pages),
            "footnotes": json.dumps([asdict(f) for f in p.footnotes], ensure_ascii=False),
            "subparagraphs": json.dumps([asdict(s) for s in p.subparagraphs], ensure_ascii=False),
            "source": doc.source,
            "language": doc.language,
            "url": doc.url,
            "doc_hash": doc_hash,
        }
        metadata["content_hash"] = _sha256(indexed_text(metadata, p.text))
        keys = list(metadata)
        nodes.append(
            TextNode(
                id_=record_id(symbol, p.id),
                text=p.text,
                metadata=metadata,
                excluded_embed_metadata_keys=keys,
                excluded_llm_metadata_keys=[k for k in keys if k not in ("label", "title")],
            )
        )
    return nodes


def paragraph_from_metadata(text: str, metadata: dict[str, Any]) -> Paragraph:
    """The Paragraph a stored record was made from (the inverse of ``paragraph_nodes`` for one record)."""
    return Paragraph(
        id=metadata["paragraph"],
        kind=metadata["kind"],
        number=metadata["number"],
        text=text,
        footnotes=footnotes_from_json(metadata["footnotes"]),
        pages=json.loads(metadata["pages"]),
        subparagraphs=[SubParagraph(**s) for s in json.loads(metadata["subparagraphs"])],
        part=metadata.get("part") or "",
        annex=metadata.get("annex"),
    )


def document_text(doc: Document) -> str:
    """The short text of a document record: symbol, title and heading, for metadata questions."""
    parts = [
        normalize_symbol(doc.symbol),
        doc.title,
        f"Adopted by the {doc.organ}" if doc.organ else None,
        f"on {doc.date}" if doc.date else None,
        f"at its {doc.meeting}" if doc.meeting else None,
        doc.session,
        f"agenda item {doc.agenda_item}" if doc.agenda_item else None,
        f"on the report of the {doc.adopted_on}" if doc.adopted_on else None,
    ]
    return ". ".join(p for p in parts if p)


def document_metadata(doc: Document) -> dict[str, Any]:
    """The flat metadata of a document record."""
    kinds = [p.kind for p in doc.paragraphs]
    return {
        "symbol": normalize_symbol(doc.symbol),
        **{name: getattr(doc, name) for name in DOCUMENT_FIELDS},
        "url": doc.url,
        "doc_hash": document_hash(doc),
        "paragraph_count": len(kinds),
        "preambular_count": kinds.count("preambular"),
        "operative_count": kinds.count("operative"),
        "annex_count": kinds.count("annex"),
        "issues": json.dumps([asdict(i) for i in doc.issues], ensure_ascii=False),
    }


def document_hash(doc: Document) -> str:
    return _sha256(json.dumps(doc.to_json(), sort_keys=True, ensure_ascii=False))


def upsert_document(
    store: ParagraphStore, doc: Document, embed_model: BaseEmbedding, *, announce: bool = True
) -> UpsertCounts:
    """Add or replace a resolution; unchanged paragraphs keep their stored vectors.

    Embeddings are computed first (a failure there changes nothing), then the paragraphs are
    upserted, paragraphs no longer in the document deleted, and the document record written last; then
    the library gets a new version, unless ``announce`` is False (a batch announces its writes itself,
    ``ingest.pipeline.ingest_paths``: one version write per document is a third of the write time).
    """
    symbol = normalize_symbol(doc.symbol)
    nodes = paragraph_nodes(doc)
    if _already_stored(store, symbol, nodes):
        return UpsertCounts(added=0, updated=0, unchanged=len(nodes), removed=0)
    stored = store.paragraphs.get(where={"symbol": symbol}, include=["metadatas", "embeddings"])
    stored_by_id = {
        i: (m["content_hash"], e)
        for i, m, e in zip(stored["ids"], stored["metadatas"], stored["embeddings"], strict=True)
    }
    to_embed = [n for n in nodes if stored_by_id.get(n.id_, ("", None))[0] != n.metadata["content_hash"]]
    fresh = embed_model.get_text_embedding_batch([indexed_text(n.metadata, n.text) for n in to_embed])
    doc_embedding = embed_model.get_text_embedding(document_text(doc))
    vectors = {n.id_: v for n, v in zip(to_embed, fresh, strict=True)}
    embeddings = [vectors[n.id_] if n.id_ in vectors else list(stored_by_id[n.id_][1]) for n in nodes]

    for start in range(0, len(nodes), store.max_batch_size):
        batch = nodes[start : start + store.max_batch_size]
        store.paragraphs.upsert(
            ids=[n.id_ for n in batch],
            documents=[n.text for n in batch],
            embeddings=embeddings[start : start + store.max_batch_size],
            metadatas=[node_to_metadata_dict(n, remove_text=True, flat_metadata=True) for n in batch],
        )
    current = {n.id_ for n in nodes}
    gone = [i for i in stored_by_id if i not in current]
    for start in range(0, len(gone), store.max_batch_size):
        store.paragraphs.delete(ids=gone[start : start + store.max_batch_size])
    store.documents.upsert(
        ids=[symbol],
        documents=[document_text(doc)],
        embeddings=[doc_embedding],
        metadatas=[document_metadata(doc)],
    )
    if announce:
        store.mark_changed()
    added = sum(1 for n in to_embed if n.id_ not in stored_by_id)
    return UpsertCounts(
        added=added, updated=len(to_embed) - added, unchanged=len(nodes) - len(to_embed), removed=len(gone)
    )


def _already_stored(store: ParagraphStore, symbol: str, nodes: list[TextNode]) -> bool:
    """This exact document version is stored whole: its document record (written last) and every one of
    its paragraph records carry its hash, and no other paragraph of the symbol is stored."""
    doc_hash = nodes[0].metadata["doc_hash"] if nodes else None
    record = store.documents.get(ids=[symbol], include=["metadatas"])
    if not record["ids"] or record["metadatas"][0].get("doc_hash") != doc_hash:
        return False
    stored = store.paragraphs.get(where={"symbol": symbol}, include=["metadatas"])
    return set(stored["ids"]) == {n.id_ for n in nodes} and all(
        m.get("doc_hash") == doc_hash for m in stored["metadatas"]
    )


def _record_node(text: str, metadata: dict[str, Any]) -> TextNode:
    node = metadata_dict_to_node(metadata, text=text)
    assert isinstance(node, TextNode)
    return node


def _natural_key(symbol: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", symbol)]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
