"""One browser session's state, kept in ``gr.State`` (never module-global): its questions and Answers, and
the uploads it started (only the session that uploaded sees their progress)."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant import Answer, Citation

HISTORY_TURNS = 6  # earlier turns handed to the assistant for follow-up questions


@dataclass
class Turn:
    question: str
    answer: Answer | None = None
    partial: str = ""  # text streamed so far, until the Answer arrives
    error: str = ""


@dataclass
class Session:
    turns: list[Turn] = field(default_factory=list)
    uploads: list[str] = field(default_factory=list)  # ids of this session's uploads, oldest first
    uploads_seen: set[str] = field(default_factory=set)  # finished uploads already reflected in the lists

    def history(self) -> list[dict[str, str]]:
        """The finished turns as ``[{"role", "content"}]`` for the assistant's follow-up handling."""
        messages: list[dict[str, str]] = []
        for turn in self.turns[-HISTORY_TURNS:]:
            if turn.answer is None:
                continue
            messages.append({"role": "user", "content": turn.question})
            messages.append({"role": "assistant", "content": turn.answer.text})
        return messages

    def citation(self, turn: int, label: str) -> Citation | None:
        """The citation ``label`` of answer ``turn`` (else of any answer, newest first)."""
        order = [turn] if 0 <= turn < len(self.turns) else []
        order += list(range(len(self.turns) - 1, -1, -1))
        for index in order:
            answer = self.turns[index].answer
            for citation in answer.citations if answer else []:
                if citation.label == label:
                    return citation
        return None

    def clear(self) -> None:
        """Forget the conversation; uploads are not part of it."""
        self.turns.clear()
