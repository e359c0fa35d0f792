"""Follow-up questions become stand-alone questions before retrieval, and a Conversation keeps the turns.

With a language model the rewrite is the model's (llama-index's condense-question prompt); without one it
is deterministic: an elliptical follow-up ("And in the least developed countries?") is joined to the
previous stand-alone question, so retrieval sees both what is new and what it refers to.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.lexical import query_terms

_FOLLOWUP_START = re.compile(
    r"^\s*(and|but|also|what about|how about|and what about|what of|same for|in that case|then|so)\b", re.I
)
_ANAPHORA = re.compile(r"\b(it|its|they|them|their|this|that|these|those|there|the same|such)\b", re.I)


def previous_questions(history: list[dict[str, str]]) -> list[str]:
    return [m["content"] for m in history if m.get("role") == "user" and m.get("content")]


def is_followup(question: str) -> bool:
    """Elliptical or anaphoric: it leans on an earlier turn to be understood."""
    return bool(_FOLLOWUP_START.search(question)) or (
        len(query_terms(question)) <= 4 and bool(_ANAPHORA.search(question))
    )


def condense(
    question: str,
    history: list[dict[str, str]],
    complete: Callable[[str], str | None] | None = None,
    prompt: Callable[[str, list[dict[str, str]]], str] | None = None,
) -> str:
    """The question as it would be asked alone. Uses the language model when one is given, else joins an
    elliptical follow-up to the last earlier question."""
    earlier = previous_questions(history)
    if not earlier or not is_followup(question):
        return question
    if complete and prompt:
        rewritten = (complete(prompt(question, history)) or "").strip()
        if rewritten:
            return rewritten.splitlines()[0]
    return f"{question.strip()} ({earlier[-1].strip()})"
