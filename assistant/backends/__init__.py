"""Answering back-ends behind one interface (``base.AnswerBackend``); generative ones load lazily."""

from __future__ import annotations

from assistant.backends.base import AnswerBackend
from assistant.config import AssistantConfig


def make_backend(config: AssistantConfig) -> AnswerBackend:
    if config.backend == "openai":
        from assistant.backends.openai_compat import OpenAIBackend

        return OpenAIBackend(config)
    if config.backend == "llamacpp":
        from assistant.backends.llamacpp import LlamaCppBackend

        return LlamaCppBackend(config)
    from assistant.backends.extractive import ExtractiveBackend

    return ExtractiveBackend(config.tuning)
