"""The one interface every answering back-end implements, and the error a generative one raises."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from assistant.question import Question
from assistant.types import Retrieved
from ingest.model import UnqaError

USE_EXTRACTIVE = "or use --backend extractive (no language model needed)"


class BackendUnavailable(UnqaError):
    """The language model cannot be reached or loaded (server down, bad key, missing model file), or it
    failed while answering (time-out, a reply that is not an answer).

    The message names what failed and what to do. ``where`` (the server URL or model file) and ``reason``
    (a few words: "connection refused", "no reply within 60 s") are kept apart so that an answer which
    falls back to the extractive back-end can say in one line why it did.
    """

    def __init__(self, message: str, *, where: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.where = where
        self.reason = reason or message


class AnswerBackend(Protocol):
    name: str  # "extractive" | "openai" | "llamacpp"

    def generate(
        self, question: Question, evidence: list[Retrieved], history: list[dict[str, str]]
    ) -> Iterator[str]:
        """Stream the answer to the (stand-alone, analysed) question; it cites evidence by its labels,
        e.g. ``[A/RES/80/118 OP26]``. A generative back-end raises ``BackendUnavailable`` when its model
        fails, before or during the stream."""
        ...

    def complete(self, prompt: str) -> str | None:
        """One-shot completion (used to rewrite follow-ups); None when there is no language model."""
        ...
