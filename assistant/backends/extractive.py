"""The embedded default: no language model. Leads with the value asked for, then quotes the passages of the
retrieved paragraphs that answer the question, each followed by its citation (``assistant.clauses``).
Deterministic, milliseconds."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.clauses import lead, quote, select
from assistant.question import Question
from assistant.tuning import Tuning
from assistant.types import Retrieved


class ExtractiveBackend:
    name = "extractive"

    def __init__(self, tuning: Tuning) -> None:
        self.tuning = tuning

    def generate(
        self, question: Question, evidence: list[Retrieved], history: list[dict[str, str]]
    ) -> Iterator[str]:
        lines: list[str] = []
        for i, passage in enumerate(select(question, evidence, self.tuning)):
            if i == 0 and (value := lead(passage)):
                lines.append(value)
            lines.append(quote(passage))
        for i, line in enumerate(lines):
            yield ("" if i == 0 else "\n") + line

    def complete(self, prompt: str) -> str | None:
        return None
