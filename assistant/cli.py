"""``unqa ask`` and ``unqa chat``: answers streamed to the terminal, sources listed under each."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

from assistant.config import AssistantConfig
from assistant.core import Assistant
from assistant.types import Answer


def _print_stream(pieces: Iterator[str | Answer]) -> Answer:
    answer = None
    for piece in pieces:
        if isinstance(piece, Answer):
            answer = piece
        else:
            print(piece, end="", flush=True)
    print()
    assert answer is not None
    return answer


def render_sources(answer: Answer) -> str:
    if answer.refused or not answer.citations:
        return ""
    lines = ["", "Sources:"]
    for c in answer.citations:
        lines.append(f"  [{c.number}] {c.label}  {c.url}")
        if c.quote:
            lines.append(f"      “{c.quote[:200]}{'…' if len(c.quote) > 200 else ''}”")
    return "\n".join(lines)


def render_notes(answer: Answer) -> str:
    """What the user should know about how the answer was made (a model that failed, a fallback)."""
    return "\n".join(f"Note: {note}" for note in answer.notes)


def _print_answer_footer(answer: Answer) -> None:
    print(render_sources(answer))
    if answer.notes:
        print(render_notes(answer), file=sys.stderr)


def run_ask(config: AssistantConfig, question: str, *, json_output: bool = False, **filters) -> int:
    assistant = Assistant(config)
    if not assistant.symbols():
        print(
            "The store is empty: run `unqa ingest --sample` (or `unqa ingest FILES`) first.", file=sys.stderr
        )
        return 1
    if json_output:
        print(json.dumps(assistant.ask(question, **filters).to_json(), ensure_ascii=False, indent=2))
        return 0
    _print_answer_footer(_print_stream(assistant.stream(question, **filters)))
    return 0


def run_chat(config: AssistantConfig, **filters) -> int:
    assistant = Assistant(config)
    conversation = assistant.chat(**filters)
    print(
        f"unqa chat — {len(assistant.symbols())} resolution(s) stored, back-end {assistant.backend.name}. "
        "Ask a question; /clear forgets the conversation; /quit or Ctrl-D ends."
    )
    while True:
        try:
            question = input("\n> ").strip()
        except EOFError:
            print()
            return 0
        if question in {"/quit", "/exit"}:
            return 0
        if question == "/clear":
            conversation.clear()
            print("(conversation cleared)")
            continue
        if not question:
            continue
        _print_answer_footer(_print_stream(conversation.stream(question)))
