"""The Assistant: a question in, an Answer out whose every citation names a retrieved paragraph."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator
from typing import Any

from llama_index.core import Settings
from llama_index.core.llms import MockLLM
from llama_index.core.memory import ChatMemoryBuffer

from assistant.backends import make_backend
from assistant.config import AssistantConfig
from assistant.conversation import condense
from assistant.metadata import asks_about_vote, describe_document, is_metadata_question
from assistant.references import QuestionReferences, find_references, mentions_any
from assistant.refusal import REFUSAL_TEXT, lacks_asked_number, should_refuse
from assistant.retrieval import HybridRetriever, Scope, to_retrieved
from assistant.types import Answer, Citation, Retrieved
from assistant.validation import validate
from ingest.embedding import make_embed_model
from ingest.model import UnqaError, document_url
from ingest.pipeline import IngestSummary, ingest_paths
from ingest.store import ParagraphStore

History = list[dict[str, str]]


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
        self.retriever = HybridRetriever(self.store, self.embed_model, candidates=self.config.candidates)
        self.backend = make_backend(self.config)

    def with_backend(self, backend: str) -> Assistant:
        """The same store, embeddings and retriever answered by another back-end (``extractive``, ``openai``,
        ``llamacpp``); an ingest through either is seen by both."""
        if backend == self.config.backend:
            return self
        variant = copy.copy(self)
        variant.config = self.config.with_overrides(backend=backend)
        variant.backend = make_backend(variant.config)
        return variant

    # -- documents -------------------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        """The stored resolutions' metadata (kept until the next ``ingest``; see ``refresh``)."""
        return self.retriever.documents()

    def refresh(self) -> None:
        """Forget what was read from the store, after another process ingested into it."""
        self.retriever.invalidate()

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
        summary = ingest_paths(
            paths, self.config.store, progress=progress, store=self.store, embed_model=self.embed_model
        )
        self.retriever.invalidate()
        return summary

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
        started = time.perf_counter()
        history = history or []
        standalone = condense(question, history, self.backend.complete, _condense_prompt())
        known = self.symbols()
        refs = find_references(standalone, known)
        if not refs.symbols and history:  # a follow-up stays on the resolution the conversation was about
            earlier = find_references(" ".join(m["content"] for m in history), known)
            refs = QuestionReferences(earlier.symbols, refs.paragraphs)
        scope = Scope.of(symbols, organ, year)
        answer = Answer(question=question, text="", standalone_question=standalone, backend=self.backend.name)

        if is_metadata_question(standalone) and not refs.paragraphs:
            documents = self._documents_for(refs, scope, standalone)
            if asks_about_vote(standalone) and not any(d.get("vote") for d in documents):
                documents = []  # the texts do not record the vote: refused below, never guessed
            if documents:
                answer.text = " ".join(describe_document(d) for d in documents)
                answer.citations = [
                    Citation(
                        d["symbol"],
                        d["symbol"],
                        "",
                        d.get("title") or "",
                        document_url(d["symbol"]),
                        i + 1,
                        d.get("title"),
                    )
                    for i, d in enumerate(documents)
                ]
                yield answer.text
                yield self._done(answer, started)
                return

        answer.retrieved = self.retriever.retrieve(standalone, scope, self.config.top_k, refs)
        if refs.unknown and not refs.symbols:  # a resolution that is not stored: only texts that cite it
            answer.retrieved = [r for r in answer.retrieved if mentions_any(r.text, refs.unknown)]
        if should_refuse(answer.retrieved):
            answer.text, answer.refused = REFUSAL_TEXT, True
            yield answer.text
            yield self._done(answer, started)
            return

        emitted, raw = "", ""
        for chunk in self.backend.generate(standalone, answer.retrieved, history):
            raw += chunk
            if not _at_sentence_end(raw):
                continue
            checked = validate(raw, answer.retrieved)
            if not checked.refused and checked.text.startswith(emitted) and len(checked.text) > len(emitted):
                yield checked.text[len(emitted) :]
                emitted = checked.text
        final = validate(raw, answer.retrieved)
        answer.text, answer.citations, answer.refused = final.text, final.citations, final.refused
        answer.removed_citations, answer.flagged_sentences = final.removed, final.flagged
        if not answer.refused and lacks_asked_number(standalone, answer.text):
            answer.text, answer.citations, answer.refused = REFUSAL_TEXT, [], True
        if answer.text.startswith(emitted) and len(answer.text) > len(emitted):
            yield answer.text[len(emitted) :]
        elif not answer.text.startswith(emitted):
            yield "\n" + answer.text  # validation changed what was already shown: show the final text whole
        yield self._done(answer, started)

    def chat(
        self, symbols: list[str] | None = None, organ: str | None = None, year: int | None = None
    ) -> Conversation:
        return Conversation(self, symbols=symbols, organ=organ, year=year)

    def _documents_for(self, refs: QuestionReferences, scope: Scope, question: str) -> list[dict[str, Any]]:
        docs = {d["symbol"]: d for d in self.documents()}
        wanted = refs.symbols or scope.symbols
        if not wanted and len(docs) == 1:
            wanted = tuple(docs)
        elif not wanted:  # the resolution the question's words point to
            wanted = tuple(r.symbol for r in self.retriever.retrieve(question, scope, 1)[:1])
        return [docs[s] for s in wanted if s in docs]

    @staticmethod
    def _done(answer: Answer, started: float) -> Answer:
        answer.latency_s = time.perf_counter() - started
        return answer


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


def _at_sentence_end(text: str) -> bool:
    stripped = text.rstrip()
    return stripped.endswith(("]", ".", "\n")) or text.endswith("\n")


def _condense_prompt():
    from assistant.prompts import condense_prompt

    return condense_prompt
