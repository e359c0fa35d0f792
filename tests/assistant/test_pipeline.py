"""The answering pipeline step by step (assistant.pipeline), over the sample store: each step takes and
returns plain typed values, so it can be used and replaced on its own."""

from __future__ import annotations

import pytest

from assistant import Assistant, AssistantConfig
from assistant.question import Question
from assistant.ranking import Candidate
from assistant.retrieval import Scope, TermWeights
from ingest.config import StoreConfig

pytestmark = pytest.mark.slow
HISTORY = [
    {"role": "user", "content": "What share of women use the Internet worldwide?"},
    {"role": "assistant", "content": "65 per cent [A/RES/80/118 OP32]"},
]


@pytest.fixture(scope="module")
def pipeline(sample_store: StoreConfig):
    return Assistant(AssistantConfig(store=sample_store)).pipeline


def test_condense_and_understand(pipeline) -> None:
    question = "And in the least developed countries?"
    standalone = pipeline.condense(question, HISTORY)
    assert standalone.startswith(question) and "women use the Internet worldwide" in standalone
    asked = pipeline.understand(question, standalone, HISTORY)
    assert isinstance(asked, Question) and asked.focus == question
    assert asked.focus_terms == ("least", "develop", "countri") and "internet" in asked.terms
    named = pipeline.understand(
        "What does OP26 of resolution 80/118 say?", "What does OP26 of resolution 80/118 say?", []
    )
    assert named.refs.symbols == ("A/RES/80/118",) and named.refs.paragraphs[0].id == "OP26"


def test_retrieve_runs_every_search_once_and_returns_signals(pipeline) -> None:
    asked = pipeline.understand(
        "What share of people in low-income countries is online?",
        "What share of people in low-income countries is online?",
        [],
    )
    candidates, weights = pipeline.retrieve(asked, Scope())
    assert isinstance(weights, TermWeights) and all(isinstance(c, Candidate) for c in candidates)
    by_label = {c.paragraph.label: c for c in candidates}
    op26 = by_label["A/RES/80/118 OP26"]
    assert (
        op26.signals.dense is not None
        and op26.signals.lexical is not None
        and op26.signals.document is not None
    )
    assert all(c.signals.dense is not None for c in candidates)  # measured for lexical-only ones too
    ranked = pipeline.rank(asked, Scope(), candidates, weights.idf)
    assert ranked[0].label == "A/RES/80/118 OP26" and ranked[0].score == max(r.score for r in ranked)
    assert len(ranked) == pipeline.top_k
    assert not pipeline.refuse(asked, ranked, weights)
    text = "".join(pipeline.generate(asked, ranked, []))
    assert text.startswith("27 per cent [A/RES/80/118 OP26].")


def test_scope_keeps_the_search_to_a_resolution(pipeline) -> None:
    asked = pipeline.understand(
        "What does it demand of the Houthis?", "What does it demand of the Houthis?", []
    )
    candidates, _ = pipeline.retrieve(asked, Scope.of(["S/RES/2768 (2025)"]))
    assert candidates and {c.paragraph.symbol for c in candidates} == {"S/RES/2768 (2025)"}


def test_the_whole_stream_yields_validated_text_then_the_answer(pipeline) -> None:
    *pieces, answer = pipeline.stream(
        "Until when does the Council extend the Red Sea reporting request?", [], Scope()
    )
    assert "".join(pieces) == answer.text and answer.citations[0].label == "S/RES/2768 (2025) OP1"
    assert answer.text.startswith("Until July 15, 2025")


def test_a_question_in_another_script_is_refused_saying_why(pipeline) -> None:
    *pieces, answer = pipeline.stream("ما هي نسبة النساء اللواتي يستخدمن الإنترنت؟", [], Scope())
    assert answer.refused and not answer.citations
    assert "".join(pieces) == answer.text and "in English only" in answer.text


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("Until 15 July 2025 [S/RES/2768 (2025) OP1].", True),
        ("“Requests the Secretary-General to cite [A/RES/80/118 OP99]", False),  # inside a quotation
        ("“Decides to remain seized of the matter.", False),
        ("“Decides to remain seized of the matter.” [S/RES/2768 (2025) OP6]", True),
        ('The text says "see [OP7].', False),
        ("“First.” [S/RES/2768 (2025) OP6]\n“Second", False),
    ],
)
def test_a_streamed_answer_is_validated_only_outside_quotations(text: str, ends: bool) -> None:
    from assistant.pipeline import _at_sentence_end

    assert _at_sentence_end(text) is ends
