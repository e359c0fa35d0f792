"""Load and validate a gold set: JSON Lines, one question per line.

A line looks like::

    {"id": "q001", "question": "What share of people in low-income countries is online?",
     "citations": ["A/RES/80/118 OP26"], "also_acceptable": ["A/RES/80/118 PP58"],
     "answer_contains": ["27 per cent"], "answerable": true, "type": "factoid",
     "history": [{"role": "user", "content": "..."}, {"role": "assistant", "content": "..."}]}

``history``, ``also_acceptable`` and ``documents`` (the symbols of the resolutions the question is
about, which decide its tune/test part: ``eval.split``) are optional; every other key is required. A key
the loader does not know (gold files from elsewhere carry a language or a note) is ignored with a
warning that names it, so a misspelt optional key does not pass unnoticed; a missing or mistyped
required key is an error. Labels must parse as citation labels (``ingest.ids``: ``SYMBOL OP26``,
``SYMBOL B OP1``, ``SYMBOL Annex Rule 41``). An unanswerable item lists no citations; an answerable item
with no citations (a metadata question) must list ``answer_contains``. Blank lines are skipped. Every
problem is reported, each with its line number, in one ``GoldFormatError``; a file without a single item
is an error too (a report over nothing would pass for a result).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.labels import canonical_label, is_paragraph_label
from ingest.ids import normalize_symbol
from ingest.model import UnqaError

REQUIRED = ("id", "question", "citations", "answer_contains", "answerable", "type")
OPTIONAL = ("also_acceptable", "history", "documents")
ROLES = ("user", "assistant")


@dataclass(frozen=True)
class GoldItem:
    id: str
    question: str
    citations: tuple[str, ...]
    answer_contains: tuple[str, ...]
    answerable: bool
    type: str
    also_acceptable: tuple[str, ...] = ()
    history: tuple[dict[str, str], ...] = ()
    documents: tuple[str, ...] = ()  # symbols of the resolutions the question is about


class GoldWarning(UserWarning):
    """Something in a gold file that is ignored, not wrong (a key the loader does not know)."""


class GoldFormatError(UnqaError, ValueError):
    """What is wrong with a gold file, every problem with its line, said on one line."""

    SHOWN = 5

    def __init__(self, source: str, errors: list[str]) -> None:
        shown = "; ".join(errors[: self.SHOWN]) + (
            f"; and {len(errors) - self.SHOWN} more" if len(errors) > self.SHOWN else ""
        )
        super().__init__(f"{source}: {len(errors)} problem(s) in the gold set: {shown}")
        self.source = source
        self.errors = errors


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _problems(data: dict[str, Any]) -> list[str]:
    """What is wrong with one decoded line, in words; empty when it is a valid item."""
    problems = [f"missing key {key!r}" for key in REQUIRED if key not in data]
    for key in ("id", "question", "type"):
        if key in data and not isinstance(data[key], str):
            problems.append(f"{key!r} must be a string")
    for key in ("id", "question"):
        if isinstance(data.get(key), str) and not data[key].strip():
            problems.append(f"{key!r} is empty")
    if "answerable" in data and not isinstance(data["answerable"], bool):
        problems.append("'answerable' must be true or false")
    lists = {
        key: data.get(key, []) for key in ("citations", "also_acceptable", "answer_contains", "documents")
    }
    problems += [
        f"{key!r} must be a list of strings" for key, value in lists.items() if not _is_str_list(value)
    ]
    for key in ("citations", "also_acceptable"):
        if _is_str_list(lists[key]):
            problems += [
                f"{key!r}: {label!r} is not a citation label like 'A/RES/80/118 OP26'"
                for label in lists[key]
                if not is_paragraph_label(label)
            ]
    if _is_str_list(lists["answer_contains"]) and not all(fact.strip() for fact in lists["answer_contains"]):
        problems.append("'answer_contains' has an empty string")
    history = data.get("history", [])
    if not isinstance(history, list) or not all(
        isinstance(turn, dict)
        and set(turn) == {"role", "content"}
        and turn["role"] in ROLES
        and isinstance(turn["content"], str)
        for turn in history
    ):
        problems.append('\'history\' must be a list of {"role": "user"|"assistant", "content": str}')
    if data.get("answerable") is False and (data.get("citations") or data.get("also_acceptable")):
        problems.append("an unanswerable item cannot list citations")
    if data.get("answerable") is True and data.get("citations") == [] and data.get("answer_contains") == []:
        problems.append("an answerable item without citations must list 'answer_contains'")
    return problems


def _item(data: dict[str, Any]) -> GoldItem:
    return GoldItem(
        id=data["id"],
        question=data["question"],
        citations=tuple(canonical_label(c) for c in data["citations"]),
        answer_contains=tuple(data["answer_contains"]),
        answerable=data["answerable"],
        type=data["type"],
        also_acceptable=tuple(canonical_label(c) for c in data.get("also_acceptable", [])),
        history=tuple(data.get("history", [])),
        documents=tuple(normalize_symbol(d) for d in data.get("documents", [])),
    )


def parse_gold(text: str, source: str = "<gold>") -> list[GoldItem]:
    """The items of a gold set's text; raises ``GoldFormatError`` listing every problem found, and warns
    (``GoldWarning``) once per key it does not know, with the lines that carry it."""
    items: list[GoldItem] = []
    errors: list[str] = []
    first_line: dict[str, int] = {}
    unknown: dict[str, list[int]] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {lineno}: invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(data, dict):
            errors.append(f"line {lineno}: expected a JSON object, got {type(data).__name__}")
            continue
        problems = _problems(data)
        for key in data:
            if key not in REQUIRED + OPTIONAL:
                unknown.setdefault(key, []).append(lineno)
        item_id = data.get("id")
        if isinstance(item_id, str):
            if item_id in first_line:
                problems.append(f"duplicate id {item_id!r} (first on line {first_line[item_id]})")
            first_line.setdefault(item_id, lineno)
        errors += [f"line {lineno}: {p}" for p in problems]
        if not problems:
            items.append(_item(data))
    if not items and not errors:
        errors.append("no items: the file is empty (one JSON object per line expected)")
    if errors:
        raise GoldFormatError(source, errors)
    for key, lines in unknown.items():
        where = f"line {lines[0]}" if len(lines) == 1 else f"{len(lines)} lines, first {lines[0]}"
        warnings.warn(GoldWarning(f"{source}: unknown key {key!r} ignored ({where})"), stacklevel=2)
    return items


def load_gold(path: str | Path) -> list[GoldItem]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldFormatError(str(path), ["no such file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFormatError(str(path), [f"cannot read it: {exc}"]) from None
    return parse_gold(text, source=str(path))


def check_labels(items: Iterable[GoldItem], exists: Callable[[str], bool]) -> list[str]:
    """The gold labels (citations and also_acceptable) that name no stored paragraph, sorted."""
    labels = {label for item in items for label in (*item.citations, *item.also_acceptable)}
    return sorted(label for label in labels if not exists(label))
