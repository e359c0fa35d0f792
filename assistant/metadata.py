"""Questions about a resolution itself (when adopted, on which report, agenda item, session, meeting) are
answered from the document's metadata and cite the document. Pure functions."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

_METADATA_QUESTION = re.compile(
    r"\b(when|what date|which date|date of|adopted on|adoption|which committee|what committee|"
    r"on the report|report of the|agenda item|which session|what session|which meeting|what meeting|"
    r"which draft|what draft|vote|votes|voted|symbol of|title of|what is the title|called)\b",
    re.IGNORECASE,
)
_CONTENT_CUE = re.compile(r"\b(call|calls|urge|urges|decide|decides|request|requests|say|says)\b", re.I)


def is_metadata_question(question: str) -> bool:
    """Asks about the document (adoption, report, agenda, session), not about what its paragraphs say."""
    return bool(_METADATA_QUESTION.search(question)) and not _CONTENT_CUE.search(question)


def human_date(iso: str | None) -> str | None:
    """``2025-12-15`` -> ``15 December 2025`` (the UN's own style)."""
    if not iso:
        return None
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B')} {d.year}"


def describe_document(meta: dict[str, Any]) -> str:
    """One sentence with everything the heading says, ending with the document citation."""
    symbol = meta["symbol"]
    parts = [f"{symbol}"]
    if meta.get("title"):
        parts.append(f"(“{meta['title']}”)")
    sentence = " ".join(parts) + " was adopted"
    if meta.get("organ"):
        sentence += f" by the {meta['organ']}"
    if when := human_date(meta.get("date")):
        sentence += f" on {when}"
    details = []
    if meta.get("meeting"):
        details.append(f"at its {meta['meeting']}")
    if meta.get("session"):
        details.append(f"during its {meta['session'][0].lower() + meta['session'][1:]}")
    if meta.get("agenda_item"):
        details.append(f"under agenda item {meta['agenda_item']}")
    if meta.get("adopted_on"):
        details.append(f"on the report of the {meta['adopted_on']}")
    if details:
        sentence += ", " + ", ".join(details)
    return f"{sentence} [{symbol}]."
