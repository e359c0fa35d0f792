"""OpenAIBackend against a real OpenAI-compatible server: llama.cpp's, serving SmolLM2-135M on 127.0.0.1.

A 135M model answers poorly: these tests check the plumbing and that validation has the last word.
"""

from __future__ import annotations

import re
import time

import httpx
import openai
import pytest

from assistant.backends.base import BackendUnavailable
from assistant.backends.openai_compat import OpenAIBackend
from assistant.config import AssistantConfig, ConfigError
from assistant.question import analyse
from assistant.references import QuestionReferences
from assistant.refusal import REFUSAL_TEXT
from assistant.validation import validate

QUESTION = analyse("What share of people in low-income countries is online?", QuestionReferences())


def config(base_url: str | None, **changes) -> AssistantConfig:
    settings = {"backend": "openai", "llm_model": "smollm2", "llm_base_url": base_url, "max_tokens": 80}
    return AssistantConfig(**(settings | changes))


@pytest.mark.server
@pytest.mark.slow
def test_answer_streams_and_validated_answer_cites_only_retrieved_paragraphs(llama_server, evidence_of):
    evidence = evidence_of("OP26", "OP28", "OP32")
    started = time.perf_counter()
    chunks = list(OpenAIBackend(config(llama_server)).generate(QUESTION, evidence, []))
    elapsed = time.perf_counter() - started
    assert len(chunks) > 1, "the answer did not stream"
    assert "".join(chunks).strip()
    result = validate("".join(chunks), evidence)
    labels = {r.label for r in evidence}
    if result.refused:
        assert result.text == REFUSAL_TEXT and result.citations == []
    else:
        assert result.citations and {c.label for c in result.citations} <= labels
        assert set(re.findall(r"\[([^\]]+)\]", result.text)) <= labels
    print(f"openai back-end, SmolLM2-135M via llama.cpp server: {elapsed:.1f} s, {len(chunks)} chunks")


@pytest.mark.server
@pytest.mark.slow
def test_complete_returns_text(llama_server):
    answer = OpenAIBackend(config(llama_server)).complete("Say the word yes.")
    assert isinstance(answer, str) and answer


@pytest.mark.server
def test_wrong_api_key_is_backend_unavailable(llama_server_with_key, evidence_of):
    url, key = llama_server_with_key
    backend = OpenAIBackend(config(url, llm_api_key=key + "-wrong"))
    with pytest.raises(BackendUnavailable, match="refused the API key") as caught:
        list(backend.generate(QUESTION, evidence_of("OP26"), []))
    assert url in str(caught.value) and "UNQA_LLM_API_KEY" in str(caught.value)


@pytest.mark.server
def test_right_api_key_is_accepted(llama_server_with_key):
    url, key = llama_server_with_key
    assert OpenAIBackend(config(url, llm_api_key=key)).complete("Say yes.")


@pytest.mark.server
def test_timeout_is_backend_unavailable(llama_server, evidence_of):
    backend = OpenAIBackend(config(llama_server, llm_timeout_s=0.001))
    with pytest.raises(BackendUnavailable, match="did not answer in time"):
        list(backend.generate(QUESTION, evidence_of("OP26", "OP32"), []))


def test_server_down_is_backend_unavailable_quickly(free_port, evidence_of):
    url = f"http://127.0.0.1:{free_port}/v1"
    started = time.perf_counter()
    with pytest.raises(BackendUnavailable) as caught:
        list(OpenAIBackend(config(url)).generate(QUESTION, evidence_of("OP26"), []))
    assert time.perf_counter() - started < 10
    message = str(caught.value)
    assert url in message
    assert "start the server or set UNQA_LLM_BASE_URL" in message
    assert "--backend extractive" in message


def test_openai_without_a_key_is_backend_unavailable():
    with pytest.raises(BackendUnavailable, match="OPENAI_API_KEY"):
        OpenAIBackend(config(None, llm_api_key=None))


def test_missing_model_message_names_the_model_and_where_to_look(free_port):
    # llama.cpp's server answers for any model name, so a 404 cannot be provoked against it: the one
    # test double here is the error the openai client raises for a 404.
    url = f"http://127.0.0.1:{free_port}/v1"
    backend = OpenAIBackend(config(url))
    request = httpx.Request("POST", f"{url}/chat/completions")
    response = httpx.Response(404, request=request)
    error = openai.NotFoundError("model not found", response=response, body=None)
    failure = backend._failure(error)
    message = str(failure)
    assert "'smollm2'" in message and f"{url}/models" in message and "UNQA_LLM_MODEL" in message
    assert failure.where == url and failure.reason == "no model 'smollm2', HTTP 404"


def test_timeout_and_retries_reach_the_client(free_port):
    backend = OpenAIBackend(config(f"http://127.0.0.1:{free_port}/v1", llm_timeout_s=7.5, llm_retries=4))
    assert backend.llm.timeout == 7.5 and backend.llm.max_retries == 4


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("UNQA_LLM_TIMEOUT", "12.5")
    monkeypatch.setenv("UNQA_LLM_RETRIES", "0")
    monkeypatch.setenv("UNQA_LLM_FALLBACK", "error")
    settings = AssistantConfig.from_env()
    assert (settings.llm_timeout_s, settings.llm_retries, settings.llm_fallback) == (12.5, 0, "error")
    for name in ("UNQA_LLM_TIMEOUT", "UNQA_LLM_RETRIES", "UNQA_LLM_FALLBACK"):
        monkeypatch.delenv(name)
    assert AssistantConfig.from_env().llm_fallback == "extractive"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("UNQA_LLM_TIMEOUT", "soon", "UNQA_LLM_TIMEOUT must be a number, not 'soon'"),
        ("UNQA_LLM_TIMEOUT", "0", "UNQA_LLM_TIMEOUT must be a number of seconds above 0"),
        ("UNQA_LLM_RETRIES", "1.5", "UNQA_LLM_RETRIES must be a whole number"),
        ("UNQA_LLM_RETRIES", "-1", "UNQA_LLM_RETRIES must be 0 or more"),
        ("UNQA_LLM_FALLBACK", "retry", "use extractive .* or error"),
    ],
)
def test_unusable_settings_name_the_variable(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        AssistantConfig.from_env()
