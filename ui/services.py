"""The Assistants the UI shares between sessions: one per answering back-end, all over one store."""

from __future__ import annotations

import importlib.util
import threading

from assistant import Assistant, AssistantConfig

BACKEND_LABELS = {
    "extractive": "Extractive (quotes the texts, no model)",
    "openai": "OpenAI-compatible API",
    "llamacpp": "Local model (llama.cpp)",
}


def available_backends() -> list[str]:
    names = ["extractive", "openai"]
    if importlib.util.find_spec("llama_cpp") is not None:
        names.append("llamacpp")
    return names


class Assistants:
    """Created lazily; the variants share the first Assistant's store, embeddings and retriever, so an
    upload through any of them is seen by all (the retriever cache is invalidated once, for everyone)."""

    def __init__(self, config: AssistantConfig, base: Assistant | None = None) -> None:
        self.config = config
        self._base = base
        self._variants: dict[str, Assistant] = {}
        self._lock = threading.Lock()
        self.ingest_lock = threading.Lock()

    @property
    def base(self) -> Assistant:
        with self._lock:
            if self._base is None:
                self._base = Assistant(self.config)
            return self._base

    @property
    def default_backend(self) -> str:
        return self.config.backend

    def backends(self) -> list[str]:
        names = available_backends()
        return names if self.default_backend in names else [self.default_backend, *names]

    def get(self, backend: str | None) -> Assistant:
        base = self.base
        name = backend or self.default_backend
        if name == base.config.backend:
            return base
        with self._lock:
            if name not in self._variants:
                self._variants[name] = base.with_backend(name)
            return self._variants[name]
