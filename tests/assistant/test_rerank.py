"""The reranker slot (assistant.rerank): the learned order by default, a configured reranker on top."""

from __future__ import annotations

import pytest

from assistant.backends.openai_compat import OpenAIBackend
from assistant.config import AssistantConfig
from assistant.rerank import EndpointRerank, RerankerUnavailable, make_postprocessor, reorder


def test_specs() -> None:
    assert make_postprocessor(None) is None and make_postprocessor("learned") is None
    endpoint = make_postprocessor("endpoint:http://127.0.0.1:9/v1/rerank", model="bge-reranker", api_key="k")
    assert isinstance(endpoint, EndpointRerank) and endpoint.model == "bge-reranker"
    with pytest.raises(RerankerUnavailable, match="needs a language model"):
        make_postprocessor("llm")
    with pytest.raises(RerankerUnavailable, match="unknown reranker"):
        make_postprocessor("magic")


def test_a_cross_encoder_that_cannot_be_loaded_says_what_to_give(tmp_path) -> None:
    with pytest.raises(RerankerUnavailable, match=r"folder holding model\.onnx"):
        make_postprocessor(f"cross-encoder:{tmp_path}")


def test_a_failing_reranker_leaves_the_learned_order(evidence_of, free_port: int) -> None:
    """A rerank endpoint that is down (nothing listens on the port): the answer keeps the learned order."""
    evidence = evidence_of("OP26", "OP32", "OP28")
    endpoint = make_postprocessor(f"endpoint:http://127.0.0.1:{free_port}/v1/rerank")
    assert reorder("What share of people is online?", evidence, endpoint) == evidence


@pytest.mark.server
@pytest.mark.slow
def test_the_language_model_reranks_through_a_real_server(llama_server, evidence_of) -> None:
    """``UNQA_RERANKER=llm`` with the OpenAI-compatible llama.cpp server (SmolLM2-135M): llama-index's
    LLMRerank asks the model to score the paragraphs; what comes back is the same paragraphs, reordered
    (or, when the small model's reply cannot be read, the learned order)."""
    settings = {"backend": "openai", "llm_model": "smollm2", "llm_base_url": llama_server, "max_tokens": 80}
    backend = OpenAIBackend(AssistantConfig(**settings))
    evidence = evidence_of("OP26", "OP32", "OP28", "PP58")
    reranked = reorder(
        "What share of people in low-income countries is online?",
        evidence,
        make_postprocessor("llm", llm=backend.llm),
    )
    assert sorted(r.label for r in reranked) == sorted(r.label for r in evidence)
