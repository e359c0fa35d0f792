"""Generative answers from an OpenAI-compatible chat server (llama.cpp server, vLLM, Ollama) or OpenAI.

Through llama-index: ``OpenAILike`` when ``llm_base_url`` is set, else ``OpenAI``; streamed with
``stream_chat``. Connection, time-out, key and model failures become ``BackendUnavailable``.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import openai
from llama_index.core.base.llms.types import ChatMessage
from llama_index.core.llms import LLM

from assistant.backends.base import USE_EXTRACTIVE, BackendUnavailable
from assistant.config import AssistantConfig
from assistant.prompts import answer_messages
from assistant.question import Question
from assistant.types import Retrieved

OPENAI_URL = "https://api.openai.com/v1"
NO_KEY = "sk-no-key-required"  # local servers accept any key; the client insists on one


class OpenAIBackend:
    name = "openai"

    def __init__(self, config: AssistantConfig) -> None:
        self.url = config.llm_base_url or OPENAI_URL
        self.model = config.llm_model
        self.llm = _make_llm(config)

    def generate(
        self, question: Question, evidence: list[Retrieved], history: list[dict[str, str]]
    ) -> Iterator[str]:
        yield from self._stream(answer_messages(question.text, evidence, history))

    def complete(self, prompt: str) -> str | None:
        return "".join(self._stream([ChatMessage(content=prompt)])).strip() or None

    def _stream(self, messages: list[ChatMessage]) -> Iterator[str]:
        try:
            for chunk in self.llm.stream_chat(messages):
                if chunk.delta:
                    yield chunk.delta
        except (openai.APIError, httpx.TransportError) as exc:  # httpx's own: failures mid-stream
            raise BackendUnavailable(self._explain(exc)) from exc

    def _explain(self, exc: openai.APIError | httpx.TransportError) -> str:
        where = f"the language model server at {self.url}"
        if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException):
            return f"{where} did not answer in time: use a smaller model or a faster server; {USE_EXTRACTIVE}"
        if isinstance(exc, openai.APIConnectionError | httpx.TransportError):
            return f"cannot connect to {where}: start the server or set UNQA_LLM_BASE_URL; {USE_EXTRACTIVE}"
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return f"{where} refused the API key: set UNQA_LLM_API_KEY (or OPENAI_API_KEY); {USE_EXTRACTIVE}"
        if isinstance(exc, openai.NotFoundError):
            return (
                f"{where} does not serve the model {self.model!r}: set UNQA_LLM_MODEL to one it lists "
                f"at {self.url.rstrip('/')}/models; {USE_EXTRACTIVE}"
            )
        return f"{where} failed: {exc}; {USE_EXTRACTIVE}"


def _make_llm(config: AssistantConfig) -> LLM:
    common = {
        "model": config.llm_model,
        "timeout": config.llm_timeout_s,
        "max_retries": 1,
        "max_tokens": config.max_tokens,
        "temperature": 0.0,
    }
    if config.llm_base_url:
        from llama_index.llms.openai_like import OpenAILike

        return OpenAILike(
            api_base=config.llm_base_url, api_key=config.llm_api_key or NO_KEY, is_chat_model=True, **common
        )
    if not config.llm_api_key:
        raise BackendUnavailable(
            "no API key for OpenAI: set UNQA_LLM_API_KEY (or OPENAI_API_KEY), or set UNQA_LLM_BASE_URL "
            f"to a local OpenAI-compatible server; {USE_EXTRACTIVE}"
        )
    from llama_index.llms.openai import OpenAI

    return OpenAI(api_key=config.llm_api_key, **common)
