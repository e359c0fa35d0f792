from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from llama_index.core import VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.vector_stores.utils import node_to_metadata_dict
from llama_index.embeddings.openai import OpenAIEmbedding

from ingest.config import StoreConfig
from ingest.model import Document, Footnote, Paragraph, SubParagraph
from ingest.store import (
    EmbeddingMismatch,
    ParagraphStore,
    StoreUnavailable,
    UpsertCounts,
    paragraph_from_metadata,
    paragraph_nodes,
    upsert_document,
)

SYMBOL = "A/RES/80/118"


def make_doc(paragraphs: list[Paragraph] | None = None) -> Document:
    return Document(
        symbol=SYMBOL,
        title="Information and communications technologies for sustainable development",
        organ="General Assembly",
        date="2025-12-15",
        year=2025,
        session="Eightieth session",
        agenda_item="15",
        source="ga/A_RES_80_118.md",
        paragraphs=paragraphs if paragraphs is not None else PARAGRAPHS,
    )


PARAGRAPHS = [
    Paragraph("PP1", "preambular", 1, "Recalling its resolution 79/194 of 19 December 2024,", pages=[1]),
    Paragraph(
        "PP2",
        "preambular",
        2,
        "Noting with concern that only 27 per cent of people in low-income countries use the Internet,",
        footnotes=[Footnote("1", "International Telecommunication Union, Facts and Figures 2025.")],
        pages=[1, 2],
    ),
    Paragraph(
        "OP1",
        "operative",
        1,
        "Calls upon Member States to close the digital divide, including by:",
        subparagraphs=[
            SubParagraph("(a)", "investing in broadband;"),
            SubParagraph("(b)", "teaching skills;"),
        ],
        pages=[2],
    ),
    Paragraph(
        "OP2", "operative", 2, "Requests the Secretary-General to report on gender equality in science;"
    ),
]


@pytest.fixture
def store(tmp_path: Path) -> ParagraphStore:
    return ParagraphStore(StoreConfig(data_dir=tmp_path))


def ingested(store: ParagraphStore, embed_model: BaseEmbedding) -> ParagraphStore:
    upsert_document(store, make_doc(), embed_model)
    return store


def test_upsert_then_get_paragraph(store: ParagraphStore, embed_model: BaseEmbedding) -> None:
    counts = upsert_document(store, make_doc(), embed_model)
    assert counts == UpsertCounts(added=4, updated=0, unchanged=0, removed=0)
    text, metadata = store.get_paragraph(SYMBOL, "PP2")
    assert text == PARAGRAPHS[1].text
    assert metadata["label"] == "A/RES/80/118 PP2"
    assert (metadata["symbol"], metadata["paragraph"], metadata["kind"]) == (SYMBOL, "PP2", "preambular")
    assert metadata["url"] == "https://docs.un.org/en/A/RES/80/118"
    assert store.get_paragraph(SYMBOL, "OP70") is None
    assert store.get_paragraph("A/RES/80/119", "PP2") is None


def test_metadata_round_trips(store: ParagraphStore, embed_model: BaseEmbedding) -> None:
    ingested(store, embed_model)
    for paragraph in PARAGRAPHS:
        text, metadata = store.get_paragraph(SYMBOL, paragraph.id)
        assert paragraph_from_metadata(text, metadata) == paragraph
    _, metadata = store.get_paragraph(SYMBOL, "OP1(b)")
    assert metadata["paragraph"] == "OP1"
    assert (metadata["title"], metadata["year"], metadata["session"]) == (
        make_doc().title,
        2025,
        "Eightieth session",
    )


def test_reingest_is_idempotent(store: ParagraphStore, embed_model: BaseEmbedding) -> None:
    ingested(store, embed_model)
    before = store.paragraphs.get(include=["embeddings"])
    counts = upsert_document(store, make_doc(), embed_model)
    after = store.paragraphs.get(include=["embeddings"])
    assert counts == UpsertCounts(added=0, updated=0, unchanged=4, removed=0)
    assert sorted(after["ids"]) == sorted(before["ids"]) == sorted(f"{SYMBOL}#{p.id}" for p in PARAGRAPHS)
    vectors = dict(zip(before["ids"], before["embeddings"], strict=True))
    for record, vector in zip(after["ids"], after["embeddings"], strict=True):
        assert np.allclose(vector, vectors[record], atol=1e-6)  # Chroma re-normalizes: last-bit drift
    assert store.documents.count() == 1


def test_every_change_gives_the_library_a_new_version(
    store: ParagraphStore, embed_model: BaseEmbedding
) -> None:
    assert store.version() == ""
    ingested(store, embed_model)
    first = store.version()
    upsert_document(store, make_doc(), embed_model)  # unchanged: nothing written, nothing to announce
    assert store.version() == first
    upsert_document(store, make_doc(PARAGRAPHS[:2]), embed_model, announce=False)  # the caller announces
    assert store.version() == first
    store.mark_changed()
    second = store.version()
    assert second not in ("", first)
    store.delete_document(SYMBOL)
    assert store.version() not in ("", first, second)


def test_changed_document_replaces_its_paragraphs(store: ParagraphStore, embed_model: BaseEmbedding) -> None:
    ingested(store, embed_model)
    changed = [
        PARAGRAPHS[0],
        replace(PARAGRAPHS[2], text="Calls upon Member States to bridge the digital divide:"),
        PARAGRAPHS[3],
        Paragraph("OP3", "operative", 3, "Decides to remain seized of the matter."),
    ]
    counts = upsert_document(store, make_doc(changed), embed_model)
    assert counts == UpsertCounts(added=1, updated=1, unchanged=2, removed=1)
    assert store.get_paragraph(SYMBOL, "PP2") is None
    assert store.get_paragraph(SYMBOL, "OP1")[0] == "Calls upon Member States to bridge the digital divide:"
    assert [n.metadata["paragraph"] for n in store.document_paragraphs(SYMBOL)] == [
        "PP1",
        "OP1",
        "OP2",
        "OP3",
    ]
    assert store.list_documents()[0]["paragraph_count"] == 4


def test_reingest_after_an_interrupted_update_restores_the_document(
    store: ParagraphStore, embed_model: BaseEmbedding
) -> None:
    """A crash after a new version's paragraphs were written (its document record never was) must not
    make the old version look stored: re-ingesting the old version writes it back whole."""
    ingested(store, embed_model)
    newer = make_doc([PARAGRAPHS[0], replace(PARAGRAPHS[2], text="Calls upon Member States to act:")])
    nodes = paragraph_nodes(newer)
    store.paragraphs.upsert(
        ids=[n.id_ for n in nodes],
        documents=[n.text for n in nodes],
        embeddings=embed_model.get_text_embedding_batch([n.text for n in nodes]),
        metadatas=[node_to_metadata_dict(n, remove_text=True, flat_metadata=True) for n in nodes],
    )
    counts = upsert_document(store, make_doc(), embed_model)
    assert counts.updated == 1 and counts.unchanged == 3
    assert store.get_paragraph(SYMBOL, "OP1")[0] == PARAGRAPHS[2].text


def test_upserts_in_batches_of_the_max_batch_size(store: ParagraphStore, embed_model: BaseEmbedding) -> None:
    store.max_batch_size = 3
    ingested(store, embed_model)
    assert len(store.all_paragraph_nodes()) == 4
    upsert_document(store, make_doc(PARAGRAPHS[:1]), embed_model)
    assert [n.node_id for n in store.all_paragraph_nodes()] == [f"{SYMBOL}#PP1"]


def test_failed_embedding_changes_nothing(
    store: ParagraphStore, embed_model: BaseEmbedding, free_port: int
) -> None:
    ingested(store, embed_model)
    unreachable = OpenAIEmbedding(
        model_name="m", api_base=f"http://127.0.0.1:{free_port}/v1", api_key="k", max_retries=0, timeout=2
    )
    changed = [replace(p, text=p.text + " (revised)") for p in PARAGRAPHS[:2]]
    with pytest.raises(Exception, match="Connection"):
        upsert_document(store, make_doc(changed), unreachable)
    assert store.get_paragraph(SYMBOL, "PP1")[0] == PARAGRAPHS[0].text
    assert store.paragraphs.count() == 4


def test_list_documents_and_delete(store: ParagraphStore, embed_model: BaseEmbedding) -> None:
    ingested(store, embed_model)
    other = replace(make_doc(PARAGRAPHS[:1]), symbol="A/RES/80/12", title="Other", agenda_item=None)
    upsert_document(store, other, embed_model)
    documents = store.list_documents()
    assert [d["symbol"] for d in documents] == ["A/RES/80/12", SYMBOL]
    assert documents[1]["paragraph_count"] == 4
    assert (documents[1]["preambular_count"], documents[1]["operative_count"]) == (2, 2)
    assert documents[0]["agenda_item"] is None and documents[1]["agenda_item"] == "15"
    assert len(store.all_paragraph_nodes(where={"kind": "operative"})) == 2
    assert store.delete_document(SYMBOL) == 4
    assert [d["symbol"] for d in store.list_documents()] == ["A/RES/80/12"]
    assert [n.node_id for n in store.all_paragraph_nodes()] == ["A/RES/80/12#PP1"]


def test_other_embedding_model_is_refused(tmp_path: Path, embed_model: BaseEmbedding) -> None:
    ingested(ParagraphStore(StoreConfig(data_dir=tmp_path)), embed_model)
    other = StoreConfig(data_dir=tmp_path, embed_model="openai:text-embedding-3-small", embed_api_key="k")
    with pytest.raises(EmbeddingMismatch, match="text-embedding-3-small") as error:
        ParagraphStore(other)
    assert "local:all-MiniLM-L6-v2" in str(error.value)
    assert "new data directory" in str(error.value)
    assert ParagraphStore(StoreConfig(data_dir=tmp_path)).paragraphs.count() == 4


def test_chroma_never_embeds_by_itself(tmp_path: Path, embed_model: BaseEmbedding) -> None:
    ingested(ParagraphStore(StoreConfig(data_dir=tmp_path)), embed_model)
    reopened = ParagraphStore(StoreConfig(data_dir=tmp_path))
    for collection in (reopened.paragraphs, reopened.documents):
        with pytest.raises(RuntimeError, match="passes embeddings explicitly"):
            collection.query(query_texts=["digital divide"])


def test_vector_query_finds_the_obvious_paragraph(store: ParagraphStore, embed_model: BaseEmbedding) -> None:
    ingested(store, embed_model)
    retriever = VectorStoreIndex.from_vector_store(store.vector_store, embed_model=embed_model).as_retriever(
        similarity_top_k=2
    )
    hits = retriever.retrieve("share of people online in low-income countries")
    assert hits[0].node.node_id == f"{SYMBOL}#PP2"
    assert hits[0].node.metadata["label"] == "A/RES/80/118 PP2"
    assert hits[0].node.get_content() == PARAGRAPHS[1].text
    assert retriever.retrieve("women and girls in science careers")[0].node.node_id == f"{SYMBOL}#OP2"


def test_unreachable_server_says_what_to_do(tmp_path: Path, free_port: int) -> None:
    config = StoreConfig(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=free_port)
    with pytest.raises(
        StoreUnavailable, match=f"chroma run --path DIR --host 127.0.0.1 --port {free_port}"
    ) as e:
        ParagraphStore(config)
    assert "unset UNQA_CHROMA_HOST" in str(e.value)


def test_unusable_data_dir_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "chroma").write_text("a file where the store directory should be")
    with pytest.raises(StoreUnavailable, match="writable data directory"):
        ParagraphStore(StoreConfig(data_dir=tmp_path))


@pytest.mark.server
def test_server_store_round_trip(
    tmp_path: Path, chroma_server: tuple[str, int], embed_model: BaseEmbedding
) -> None:
    host, port = chroma_server
    config = StoreConfig(data_dir=tmp_path, chroma_host=host, chroma_port=port, collection="server_test")
    store = ParagraphStore(config)
    assert upsert_document(store, make_doc(), embed_model).added == 4
    assert upsert_document(ParagraphStore(config), make_doc(), embed_model).unchanged == 4
    text, metadata = store.get_paragraph(SYMBOL, "OP1")
    assert paragraph_from_metadata(text, metadata) == PARAGRAPHS[2]
    retriever = VectorStoreIndex.from_vector_store(store.vector_store, embed_model=embed_model).as_retriever()
    assert (
        retriever.retrieve("share of people online in low-income countries")[0].node.node_id
        == f"{SYMBOL}#PP2"
    )
    with pytest.raises(RuntimeError, match="passes embeddings explicitly"):
        store.paragraphs.query(query_texts=["digital divide"])
    other = replace(config, embed_model="openai:text-embedding-3-small", embed_api_key="k")
    with pytest.raises(EmbeddingMismatch):
        ParagraphStore(other)
