"""The one interface every answering back-end implements, and the error a generative one raises."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from assistant.question import Question
from assistant.types import Retrieved
from ingest.model import UnqaError

USE_EXTRACTIVE = "or use --backend extractive (no language model needed)"


class BackendUnavailable(UnqaError):
    """The language model cannot be reached or loaded (server down, bad key, missing model file).

    The message names what failed and what to do.
    """


class AnswerBackend(Protocol):
    name: str  # "extractive" | "openai" | "llamacpp"

    def generate(
        self, question: Question, evidence: list[Retrieved], history: list[dict[str, str]]
    ) -> Iterator[str]:
        """Stream the answer to the (stand-alone, analysed) question; it cites evidence by its labels,
        e.g. ``[A/RES/80/118 OP26]``."""
        ...

    def complete(self, prompt: str) -> str | None:
        """One-shot completion (used to rewrite follow-ups); None when there is no language model."""
        ...
