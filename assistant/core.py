"""The Assistant: a question in, an Answer out whose every citation names a retrieved paragraph.

It holds the store, the embedding model, the retriever and the back-end, and answers through
``assistant.pipeline.Pipeline`` (condense, understand, retrieve, rank, refuse, generate, validate).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from llama_index.core import Settings
from llama_index.core.llms import MockLLM
from llama_index.core.memory import ChatMemoryBuffer

from assistant.backends import make_backend, make_fallback
from assistant.config import AssistantConfig
from assistant.pipeline import History, Pipeline
from assistant.prompts import condense_prompt
from assistant.rerank import make_postprocessor
from assistant.retrieval import Retriever, Scope
from assistant.types import Answer, Retrieved, to_retrieved
from ingest.embedding import make_embed_model
from ingest.model import UnqaError
from ingest.pipeline import IngestSummary, ingest_paths
from ingest.store import ParagraphStore


class InvalidQuestion(UnqaError):
    """An empty or unusable question."""


class Assistant:
    """``Assistant().ask("What share of people in low-income countries is online?")``.

    Embedded defaults: local Chroma under the data directory, the bundled embedding model, the extractive
    back-end (no language model, no key). ``AssistantConfig`` selects another back-end or store.
    """

    def __init__(self, config: AssistantConfig | None = None) -> None:
        self.config = config or AssistantConfig.from_env()
        self.embed_model = make_embed_model(self.config.store)
        # Explicit, so nothing in llama-index silently falls back to OpenAI.
        Settings.embed_model = self.embed_model
        Settings.llm = MockLLM()
        self.store = ParagraphStore(self.config.store)
        self.retriever = Retriever(self.store, self.embed_model, self.config.tuning)
        self.backend = make_backend(self.config)
        self.pipeline = self._pipeline()

    def _pipeline(self) -> Pipeline:
        reranker = make_postprocessor(
            self.config.reranker,
            model=self.config.reranker_model,
            api_key=self.config.reranker_api_key,
            llm=getattr(self.backend, "llm", None),
        )
        return Pipeline(
            self.retriever,
            self.backend,
            self.config.tuning,
            self.config.top_k,
            reranker,
            condense_prompt,
            fallback=make_fallback(self.config),
        )

    def with_backend(self, backend: str) -> Assistant:
        """The same store, embeddings and retriever answered by another back-end (``extractive``, ``openai``,
        ``llamacpp``); an ingest through either is seen by both."""
        if backend == self.config.backend:
            return self
        variant = copy.copy(self)
        variant.config = self.config.with_overrides(backend=backend)
        variant.backend = make_backend(variant.config)
        variant.pipeline = variant._pipeline()
        return variant

    # -- documents -------------------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        """The stored resolutions' metadata (read again whenever any process changed the store)."""
        return self.retriever.documents()

    def symbols(self) -> list[str]:
        return [d["symbol"] for d in self.documents()]

    def paragraphs(self, symbol: str) -> list[Retrieved]:
        """A stored resolution's paragraphs in reading order (for a reader view)."""
        return [to_retrieved(node, 0.0) for node in self.store.document_paragraphs(symbol)]

    def paragraph(self, symbol: str, paragraph_id: str) -> Retrieved | None:
        """One stored paragraph (``OP70(a)`` gives the whole of OP70), or None."""
        found = self.store.get_paragraph(symbol, paragraph_id)
        if found is None:
            return None
        text, meta = found
        return Retrieved(meta["label"], meta["symbol"], meta["paragraph"], text, 0.0, meta)

    def ingest(self, paths: list[str], *, progress: bool = True) -> IngestSummary:
        """Parse and store files; a bad file is reported in the summary, never stored half-way."""
        return ingest_paths(  # it moves the store's version: every reader's next question sees the change
            paths, self.config.store, progress=progress, store=self.store, embed_model=self.embed_model
        )

    # -- answering -------------------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: History | None = None,
        symbols: list[str] | None = None,
        organ: str | None = None,
        year: int | None = None,
    ) -> Answer:
        return final_answer(self.stream(question, history, symbols, organ, year))

    def stream(
        self,
        question: str,
        history: History | None = None,
        symbols: list[str] | None = None,
        organ: str | None = None,
        year: int | None = None,
    ) -> Iterator[str | Answer]:
        """Yield the answer text in pieces as it is validated, then the final ``Answer``."""
        if not question or not question.strip():
            raise InvalidQuestion("the question is empty: ask something about the stored resolutions")
        yield from self.pipeline.stream(question, history or [], Scope.of(symbols, organ, year))

    def chat(
        self, symbols: list[str] | None = None, organ: str | None = None, year: int | None = None
    ) -> Conversation:
        return Conversation(self, symbols=symbols, organ=organ, year=year)


class Conversation:
    """A conversation with memory (llama-index ChatMemoryBuffer); each answer's citations are its own."""

    def __init__(self, assistant: Assistant, token_limit: int = 3000, **filters: Any) -> None:
        self.assistant = assistant
        self.filters = filters
        self.memory = ChatMemoryBuffer.from_defaults(token_limit=token_limit, llm=MockLLM())

    @property
    def history(self) -> History:
        return [{"role": m.role.value, "content": m.content or ""} for m in self.memory.get_all()]

    def ask(self, question: str) -> Answer:
        return final_answer(self.stream(question))

    def stream(self, question: str) -> Iterator[str | Answer]:
        from llama_index.core.llms import ChatMessage

        for piece in self.assistant.stream(question, self.history, **self.filters):
            if isinstance(piece, Answer):
                self.memory.put(ChatMessage(role="user", content=question))
                self.memory.put(ChatMessage(role="assistant", content=piece.text))
            yield piece

    def clear(self) -> None:
        self.memory.reset()


def final_answer(pieces: Iterator[str | Answer]) -> Answer:
    """Drain a stream; its last piece is the Answer."""
    *_, answer = pieces
    if not isinstance(answer, Answer):
        raise RuntimeError("the answer stream ended without an Answer")
    return answer
