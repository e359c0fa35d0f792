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
    return _extractive(config)


def make_fallback(config: AssistantConfig) -> AnswerBackend | None:
    """What answers, from the same evidence, when the language model fails: the extractive back-end, or
    None (the failure is raised) with ``llm_fallback="error"`` or when there is no language model."""
    if config.backend == "extractive" or config.llm_fallback == "error":
        return None
    return _extractive(config)


def _extractive(config: AssistantConfig) -> AnswerBackend:
    from assistant.backends.extractive import ExtractiveBackend

    return ExtractiveBackend(config.tuning)
