"""Generative answers from an OpenAI-compatible chat server (llama.cpp server, vLLM, Ollama) or OpenAI.

Through llama-index: ``OpenAILike`` when ``llm_base_url`` is set, else ``OpenAI``; streamed with
``stream_chat``. Each request waits at most ``llm_timeout_s`` to connect and between two pieces of the
answer, and is retried ``llm_retries`` times after a refused connection, a time-out or a 429/5xx reply (the
openai client's retries, with its back-off, before any text has arrived; a stream that breaks later cannot be
retried). Every failure, including a reply that is not an answer (an HTML page, a broken stream, no text),
becomes ``BackendUnavailable``.
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
# What the openai client raises while parsing a reply that is not an OpenAI chat stream (a JSON error
# decoding an event, a chunk of the wrong shape).
UNREADABLE = (ValueError, TypeError, AttributeError, KeyError, IndexError)


class OpenAIBackend:
    name = "openai"

    def __init__(self, config: AssistantConfig) -> None:
        self.url = config.llm_base_url or OPENAI_URL
        self.model = config.llm_model
        self.timeout_s = config.llm_timeout_s
        self.attempts = config.llm_retries + 1
        self.llm = _make_llm(config)

    def generate(
        self, question: Question, evidence: list[Retrieved], history: list[dict[str, str]]
    ) -> Iterator[str]:
        yield from self._stream(answer_messages(question.text, evidence, history))

    def complete(self, prompt: str) -> str | None:
        return "".join(self._stream([ChatMessage(content=prompt)])).strip() or None

    def _stream(self, messages: list[ChatMessage]) -> Iterator[str]:
        answered = False
        try:
            for chunk in self.llm.stream_chat(messages):
                if chunk.delta:
                    answered = True
                    yield chunk.delta
        except (openai.APIError, httpx.TransportError) as exc:  # httpx's own: failures mid-stream
            raise self._failure(exc) from exc
        except UNREADABLE as exc:
            raise self._unreadable(f"a reply that is not an OpenAI chat stream ({_short(str(exc))})") from exc
        if not answered:  # an HTML page served with status 200, or a stream whose chunks hold no choices
            raise self._unreadable("a reply with no text")

    def _failure(self, exc: openai.APIError | httpx.TransportError) -> BackendUnavailable:
        where = f"the language model server at {self.url}"
        if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException):
            reason = f"no reply within {self.timeout_s:g} s"
            advice = (
                f"{where} did not answer in time ({reason}, {self.attempts} attempt(s) at most): use a "
                "smaller model or a faster server, or raise UNQA_LLM_TIMEOUT"
            )
        elif isinstance(exc, openai.APIConnectionError | httpx.TransportError):
            reason = _connection_reason(exc)
            advice = f"cannot connect to {where} ({reason}): start the server or set UNQA_LLM_BASE_URL"
        elif isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            reason = f"API key refused, HTTP {exc.status_code}"
            advice = f"{where} refused the API key: set UNQA_LLM_API_KEY (or OPENAI_API_KEY)"
        elif isinstance(exc, openai.NotFoundError):
            reason = f"no model {self.model!r}, HTTP 404"
            advice = (
                f"{where} does not serve the model {self.model!r}: set UNQA_LLM_MODEL to one it lists "
                f"at {self.url.rstrip('/')}/models"
            )
        elif isinstance(exc, openai.APIStatusError):
            reason = f"HTTP {exc.status_code}: {_short(exc.message)}"
            advice = f"{where} failed ({reason}): see the server's log"
        else:  # an error event inside the stream
            reason = f"error: {_short(exc.message)}"
            advice = f"{where} failed ({reason}): see the server's log"
        return BackendUnavailable(f"{advice}; {USE_EXTRACTIVE}", where=self.url, reason=reason)

    def _unreadable(self, reason: str) -> BackendUnavailable:
        return BackendUnavailable(
            f"the language model server at {self.url} sent {reason}: check that UNQA_LLM_BASE_URL is the "
            "server's OpenAI-compatible API (it usually ends in /v1) and that the server works; "
            + USE_EXTRACTIVE,
            where=self.url,
            reason=reason,
        )


def _connection_reason(exc: openai.APIError | httpx.TransportError) -> str:
    """ "connection refused", "cannot connect: ...", or "connection lost: ..." for a stream cut short."""
    cause = exc.__cause__ if isinstance(exc, openai.APIConnectionError) else exc
    if isinstance(cause, httpx.ConnectError):
        return "connection refused" if "refused" in str(cause).lower() else f"cannot connect: {cause}"
    return f"connection lost: {_short(str(cause or exc))}"


def _short(text: str, limit: int = 120) -> str:
    """One line of at most ``limit`` characters: a server's error page can be a whole HTML document."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _make_llm(config: AssistantConfig) -> LLM:
    common = {
        "model": config.llm_model,
        "timeout": config.llm_timeout_s,
        "max_retries": config.llm_retries,
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
            f"to a local OpenAI-compatible server; {USE_EXTRACTIVE}",
            where=OPENAI_URL,
            reason="no API key",
        )
    from llama_index.llms.openai import OpenAI

    return OpenAI(api_key=config.llm_api_key, **common)
