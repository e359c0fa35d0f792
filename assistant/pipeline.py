"""The answering pipeline, one step per method, each typed and replaceable:

    condense -> understand -> (answer from the heading) -> retrieve -> rank -> refuse -> generate -> validate

``condense`` turns a follow-up into a stand-alone question; ``understand`` reads what it names and asks
(``assistant.question``); a question about a resolution itself (when adopted, by what vote) is answered from
its heading and cites the document; ``retrieve`` runs the dense, lexical and document searches once
(``assistant.retrieval``); ``rank`` orders the candidates by the learned ranker and an optional configured
reranker (``assistant.rerank``), the paragraphs the question names first; ``refuse`` declines when the
evidence is too weak or lacks the kind of value asked for (``assistant.refusal``); ``generate`` is the
back-end's (when its model fails, the ``fallback`` back-end answers from the same evidence and the Answer's
``notes`` say so); ``validate`` keeps only citations to retrieved paragraphs that support their sentence
(``assistant.validation``). Every constant is in ``Tuning``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from llama_index.core.postprocessor.types import BaseNodePostprocessor

from assistant.backends.base import AnswerBackend, BackendUnavailable
from assistant.conversation import condense
from assistant.metadata import asks_about_vote, describe_document, is_metadata_question
from assistant.question import ENGLISH_ONLY, Question, analyse, in_another_script
from assistant.ranking import Candidate
from assistant.references import QuestionReferences, find_references, mentions_any
from assistant.refusal import REFUSAL_TEXT, lacks_asked_value, should_refuse
from assistant.rerank import learned_order, reorder
from assistant.retrieval import Retriever, Scope, TermWeights
from assistant.tuning import Tuning
from assistant.types import Answer, Citation, Retrieved
from assistant.validation import validate
from ingest.model import document_url

History = list[dict[str, str]]
EXTRACTIVE_NOTE = "this answer is the extractive one from the same paragraphs"


@dataclass
class Pipeline:
    retriever: Retriever
    backend: AnswerBackend
    tuning: Tuning
    top_k: int
    postprocessor: BaseNodePostprocessor | None = None  # a configured reranker, if any
    condense_prompt: Callable[[str, History], str] | None = None
    fallback: AnswerBackend | None = None  # answers when the model fails; None: its failure is raised

    # -- the steps ----------------------------------------------------------------------------------------
    def condense(self, question: str, history: History) -> str:
        return condense(question, history, self.backend.complete, self.condense_prompt)

    def understand(self, question: str, standalone: str, history: History) -> Question:
        known = [d["symbol"] for d in self.retriever.documents()]
        refs = find_references(standalone, known)
        if not refs.symbols and history:  # a follow-up stays on the resolution the conversation was about
            earlier = find_references(" ".join(m["content"] for m in history), known)
            refs = QuestionReferences(earlier.symbols, refs.paragraphs, refs.unknown)
        return analyse(standalone, refs, focus=question if standalone != question else "")

    def retrieve(self, question: Question, scope: Scope) -> tuple[list[Candidate], TermWeights]:
        return self.retriever.candidates(question, scope)

    def rank(
        self, question: Question, scope: Scope, candidates: list[Candidate], idf: dict[str, float]
    ) -> list[Retrieved]:
        """The ``top_k`` paragraphs to answer from, best first; those the question names come first."""
        ranked = learned_order(question, candidates, self.tuning.models().ranking, idf)
        ranked = reorder(question.text, ranked, self.postprocessor)
        refs = question.refs
        if refs.unknown and not refs.symbols:  # a resolution that is not stored: only texts that cite it
            ranked = [r for r in ranked if mentions_any(r.text, refs.unknown)]
        named = (
            self.retriever.named_paragraphs(refs, scope, {r.symbol for r in ranked[:5]})
            if refs.paragraphs
            else []
        )
        seen = {r.label for r in named}
        return (named + [r for r in ranked if r.label not in seen])[: max(self.top_k, len(named))]

    def refuse(self, question: Question, evidence: list[Retrieved], weights: TermWeights) -> bool:
        return should_refuse(evidence, question, weights, self.tuning)

    def generate(self, question: Question, evidence: list[Retrieved], history: History) -> Iterator[str]:
        return self.backend.generate(question, evidence, history)

    # -- the whole ----------------------------------------------------------------------------------------
    def stream(self, question: str, history: History, scope: Scope) -> Iterator[str | Answer]:
        """Yield the answer text in pieces as it is validated, then the final ``Answer``."""
        started = time.perf_counter()
        if in_another_script(question):
            answer = Answer(
                question=question,
                text=f"{REFUSAL_TEXT} {ENGLISH_ONLY}",
                refused=True,
                backend=self.backend.name,
            )
            yield answer.text
            yield _done(answer, started)
            return
        standalone, failed = self._condensed(question, history)
        asked = self.understand(question, standalone, history)
        answer = Answer(question=question, text="", standalone_question=standalone, backend=self.backend.name)
        if failed:
            answer.notes.append(_model_note(failed, "the follow-up question was read without it"))
        if is_metadata_question(standalone) and not asked.refs.paragraphs:
            documents = self._documents_for(asked, scope)
            if asks_about_vote(standalone) and not any(d.get("vote") for d in documents):
                answer.text, answer.refused = REFUSAL_TEXT, True  # no vote printed: never guessed
                yield answer.text
                yield _done(answer, started)
                return
            if documents:
                answer.text = " ".join(describe_document(d) for d in documents)
                answer.citations = [_document_citation(d, i + 1) for i, d in enumerate(documents)]
                yield answer.text
                yield _done(answer, started)
                return
        candidates, weights = self.retrieve(asked, scope)
        answer.retrieved = self.rank(asked, scope, candidates, weights.idf)
        if self.refuse(asked, answer.retrieved, weights):
            answer.text, answer.refused = REFUSAL_TEXT, True
            yield answer.text
            yield _done(answer, started)
            return
        yield from self._generate_validated(asked, answer, history, model_failed=failed is not None)
        yield _done(answer, started)

    def _condensed(self, question: str, history: History) -> tuple[str, BackendUnavailable | None]:
        """The stand-alone question, and the model's failure when it failed at the rewrite and there is a
        fallback: then the rewrite is the rule-based one, and generation does not wait for the model again."""
        try:
            return self.condense(question, history), None
        except BackendUnavailable as exc:
            if self.fallback is None:
                raise
            return condense(question, history), exc

    def _generate_validated(
        self, asked: Question, answer: Answer, history: History, model_failed: bool = False
    ) -> Iterator[str]:
        """Stream the back-end's text, validated sentence by sentence; fill in the final answer.

        When the model fails, before or during its answer, the fallback (if any) answers from the same
        evidence and a note says so. Only whole validated sentences of the model's answer were shown; the
        fallback's answer replaces them.
        """
        shown = _Shown()
        if model_failed and self.fallback:
            yield from self._fall_back(
                self.fallback, asked, answer, history, shown, f"{EXTRACTIVE_NOTE.capitalize()}."
            )
        else:
            try:
                yield from self._validated(
                    self.generate(asked, answer.retrieved, history), answer.retrieved, shown
                )
            except BackendUnavailable as exc:
                if self.fallback is None:
                    raise
                note = _model_note(exc, EXTRACTIVE_NOTE, midway=bool(shown.raw))
                yield from self._fall_back(self.fallback, asked, answer, history, shown, note)
        emitted, raw = shown.emitted, shown.raw
        final = validate(raw, answer.retrieved, self.tuning)
        answer.text, answer.citations, answer.refused = final.text, final.citations, final.refused
        answer.removed_citations, answer.flagged_sentences = final.removed, final.flagged
        if not answer.refused and lacks_asked_value(asked, answer.text):
            answer.text, answer.citations, answer.refused = REFUSAL_TEXT, [], True
        if answer.text.startswith(emitted) and len(answer.text) > len(emitted):
            yield answer.text[len(emitted) :]
        elif not answer.text.startswith(emitted):
            yield "\n" + answer.text  # validation changed what was already shown: show the final text whole

    def _validated(self, chunks: Iterator[str], evidence: list[Retrieved], shown: _Shown) -> Iterator[str]:
        """Yield what is newly validated each time a sentence of ``chunks`` ends; ``shown`` keeps count."""
        for chunk in chunks:
            shown.raw += chunk
            if not _at_sentence_end(shown.raw):
                continue
            checked = validate(shown.raw, evidence, self.tuning)
            grown = checked.text.startswith(shown.emitted) and len(checked.text) > len(shown.emitted)
            if not checked.refused and grown:
                yield checked.text[len(shown.emitted) :]
                shown.emitted = checked.text

    def _fall_back(
        self,
        fallback: AnswerBackend,
        asked: Question,
        answer: Answer,
        history: History,
        shown: _Shown,
        note: str,
    ) -> Iterator[str]:
        """Answer with ``fallback`` from the same evidence; what the model said is dropped, not finished."""
        answer.notes.append(note)
        answer.backend = fallback.name
        shown.raw = ""
        yield from self._validated(
            fallback.generate(asked, answer.retrieved, history), answer.retrieved, shown
        )

    def _documents_for(self, asked: Question, scope: Scope) -> list[dict[str, Any]]:
        docs = {d["symbol"]: d for d in self.retriever.documents()}
        wanted = asked.refs.symbols or scope.symbols
        if not wanted and len(docs) == 1:
            wanted = tuple(docs)
        elif not wanted:  # the resolution the question's words point to; here they all describe it
            described = replace(asked, ask_terms=asked.terms)
            candidates, weights = self.retrieve(described, scope)
            wanted = tuple(r.symbol for r in self.rank(described, scope, candidates, weights.idf)[:1])
        return [docs[s] for s in wanted if s in docs]


@dataclass
class _Shown:
    """An answer while it streams: the text the back-end sent, and its validated part already yielded."""

    raw: str = ""
    emitted: str = ""


def _model_note(failure: BackendUnavailable, consequence: str, *, midway: bool = False) -> str:
    """One line for the reader: which model failed, how, and what the answer is instead."""
    model = f"The language model at {failure.where}" if failure.where else "The language model"
    what = "stopped answering midway" if midway else "did not answer"
    return f"{model} {what} ({failure.reason}); {consequence}."


def _document_citation(document: dict[str, Any], number: int) -> Citation:
    symbol = document["symbol"]
    title = document.get("title")
    return Citation(symbol, symbol, "", title or "", document_url(symbol), number, title)


def _done(answer: Answer, started: float) -> Answer:
    answer.latency_s = time.perf_counter() - started
    return answer


def _at_sentence_end(text: str) -> bool:
    """Whether the text so far ends a sentence that can be validated: not inside an open quotation, whose
    brackets and full stops are the quoted paragraph's."""
    line = text.rsplit("\n", 1)[-1]
    if line.count("“") > line.count("”") or line.count('"') % 2:
        return False
    stripped = text.rstrip()
    return stripped.endswith(("]", ".", "\n")) or text.endswith("\n")
