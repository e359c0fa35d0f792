"""LlamaCppBackend: SmolLM2-135M run in-process by llama.cpp; and what it says when it cannot run."""

from __future__ import annotations

import sys
import time

import pytest

from assistant.backends.base import BackendUnavailable
from assistant.backends.llamacpp import LlamaCppBackend
from assistant.config import AssistantConfig
from assistant.question import analyse
from assistant.references import QuestionReferences
from assistant.refusal import REFUSAL_TEXT
from assistant.validation import validate


@pytest.fixture(scope="module")
def backend(smollm2_gguf) -> LlamaCppBackend:
    return LlamaCppBackend(AssistantConfig(backend="llamacpp", gguf_path=str(smollm2_gguf), max_tokens=80))


@pytest.mark.slow
def test_streams_an_answer_that_validation_accepts_or_refuses(backend, evidence_of):
    evidence = evidence_of("OP26", "OP28")
    started = time.perf_counter()
    chunks = list(
        backend.generate(
            analyse("What share of people in low-income countries is online?", QuestionReferences()),
            evidence,
            [],
        )
    )
    elapsed = time.perf_counter() - started
    assert len(chunks) > 1, "the answer did not stream"
    result = validate("".join(chunks), evidence)
    if result.refused:
        assert result.text == REFUSAL_TEXT and not result.citations
    else:
        assert {c.label for c in result.citations} <= {r.label for r in evidence}
    print(f"llamacpp back-end, SmolLM2-135M in-process: {elapsed:.1f} s, {len(chunks)} chunks")


@pytest.mark.slow
def test_complete_returns_text(backend):
    answer = backend.complete("Say the word yes.")
    assert isinstance(answer, str) and answer


def test_default_model_is_the_smollm2_file(smollm2_gguf):
    assert LlamaCppBackend(AssistantConfig(backend="llamacpp")).model_path == smollm2_gguf


def test_missing_model_file_is_backend_unavailable(smollm2_gguf, tmp_path):
    missing = tmp_path / "nothing.gguf"
    with pytest.raises(BackendUnavailable, match="UNQA_GGUF_PATH") as caught:
        LlamaCppBackend(AssistantConfig(backend="llamacpp", gguf_path=str(missing)))
    assert str(missing) in str(caught.value)


def test_file_that_is_not_a_model_is_backend_unavailable(smollm2_gguf, tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a gguf file")
    with pytest.raises(BackendUnavailable, match="cannot load"):
        LlamaCppBackend(AssistantConfig(backend="llamacpp", gguf_path=str(bad)))


def test_without_llama_cpp_the_message_says_how_to_install(monkeypatch):
    # Uninstalling a package is not something a test can do: None in sys.modules makes the import fail.
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    with pytest.raises(BackendUnavailable, match=r"-DGGML_NATIVE=OFF.*\.\[llamacpp\]") as caught:
        LlamaCppBackend(AssistantConfig(backend="llamacpp"))
    assert "--backend extractive" in str(caught.value)
