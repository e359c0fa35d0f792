"""The embedded default: no language model. Quotes the clauses of the retrieved paragraphs that answer
the question, each followed by its citation. Deterministic, milliseconds."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.clauses import quote, select_clauses
from assistant.types import Retrieved


class ExtractiveBackend:
    name = "extractive"

    def generate(
        self, question: str, evidence: list[Retrieved], history: list[dict[str, str]]
    ) -> Iterator[str]:
        for i, clause in enumerate(select_clauses(question, evidence)):
            yield ("" if i == 0 else "\n") + quote(clause)

    def complete(self, prompt: str) -> str | None:
        return None
