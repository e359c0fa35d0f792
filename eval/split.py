"""A fixed tune/test split of a gold set, so tuning never sees the items the README reports.

An item's part depends only on its id (a SHA-256 hash), not on order, the other items or the
Python process, so adding questions to a gold set never moves the old ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Literal

from eval.gold import GoldItem

Part = Literal["tune", "test"]
PARTS: tuple[Part, ...] = ("tune", "test")


def part_of(item_id: str) -> Part:
    digest = hashlib.sha256(item_id.encode("utf-8")).digest()
    return PARTS[digest[0] % 2]


def split(items: Iterable[GoldItem], part: Part) -> list[GoldItem]:
    """The items assigned to ``part`` (about half of them), in their original order."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    return [item for item in items if part_of(item.id) == part]
