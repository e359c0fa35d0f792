"""A fixed tune/test split of a gold set by document, so tuning never sees the resolutions (nor the
phrasing of questions about them) that the README reports on.

An item's part is that of its resolution: the first of its ``documents``, else the symbol of its first
gold citation, else (a question about no stored resolution) its own id. The part of a key is a SHA-256
hash, not the order, the other items or the Python process, so adding questions never moves old ones;
except that the resolutions the project was built and tuned on before this split existed (``SEEN``: the
sample A/RES/80/118 and every resolution the first gold sets cite, the 13 PDFs among them) are always
``tune``: a test on them would measure memory, not generalization.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Literal

from eval.gold import GoldItem
from ingest.ids import parse_citation_label

Part = Literal["tune", "test"]
PARTS: tuple[Part, ...] = ("tune", "test")
SEEN = frozenset(
    [
        "A/RES/80/118", "A/RES/78/323", "A/HRC/RES/59/25", "S/RES/242 (1967)", "S/RES/338 (1973)",
        "S/RES/418 (1977)", "S/RES/435 (1978)", "S/RES/502 (1982)", "S/RES/598 (1987)",
        *(f"S/RES/{n} (2025)" for n in range(2768, 2779)),
    ]
)  # fmt: skip


def part_of(key: str) -> Part:
    if key in SEEN:
        return "tune"
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return PARTS[digest[0] % 2]


def split_key(item: GoldItem) -> str:
    """What decides an item's part: its resolution's symbol, else its id."""
    if item.documents:
        return item.documents[0]
    labels = [*item.citations, *item.also_acceptable]
    parsed = parse_citation_label(labels[0]) if labels else None
    return parsed[0] if parsed else item.id


def split(items: Iterable[GoldItem], part: Part) -> list[GoldItem]:
    """The items whose resolution is assigned to ``part`` (about half of the resolutions), in order."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    return [item for item in items if part_of(split_key(item)) == part]
