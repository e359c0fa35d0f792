"""A conversation as Markdown, each answer followed by its citations (symbol, paragraph, quote, link)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ui.session import Session


def _quote_block(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def conversation_markdown(session: Session, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# unqa conversation", "", f"Exported {stamp}.", ""]
    if not session.turns:
        lines += ["_No questions asked yet._", ""]
    for n, turn in enumerate(session.turns, 1):
        lines += [f"## {n}. {turn.question.strip()}", ""]
        answer = turn.answer
        if answer is None:
            lines += [f"**Error:** {turn.error or 'no answer'}", ""]
            continue
        if answer.refused:
            lines += [f"**No answer in the stored resolutions.** {answer.text}", ""]
            continue
        lines += [answer.text.strip(), ""]
        if answer.citations:
            lines += ["**Sources**", ""]
            for c in answer.citations:
                lines.append(
                    f"{c.number or '-'}. [{c.label}]({c.url})" + (f" — {c.title}" if c.title else "")
                )
                if c.quote:
                    lines.append("   " + _quote_block(f"“{c.quote}”").replace("\n", "\n   "))
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_markdown(session: Session, folder: Path) -> Path:
    """Write the conversation to ``folder/unqa-conversation-<time>.md`` and return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"unqa-conversation-{datetime.now(UTC):%Y%m%d-%H%M%S}.md"
    path.write_text(conversation_markdown(session), encoding="utf-8")
    return path
