import pytest

from eval.gold import GoldItem
from eval.split import part_of, split


def _items(n):
    return [GoldItem(f"q{i:03d}", "?", ("A/RES/80/118 OP1",), (), True, "factoid") for i in range(n)]


def test_split_partitions_items_in_order():
    items = _items(200)
    tune, test = split(items, "tune"), split(items, "test")
    assert {i.id for i in tune}.isdisjoint({i.id for i in test})
    assert len(tune) + len(test) == 200
    assert 70 <= len(tune) <= 130  # about half
    assert tune == [i for i in items if i in tune]


def test_split_depends_only_on_the_id():
    items = _items(50)
    assert [i.id for i in split(items[::-1], "test")] == [i.id for i in split(items, "test")][::-1]
    assert split(items[10:20], "tune") == [i for i in split(items, "tune") if i in items[10:20]]


def test_part_of_is_stable_across_processes():
    # Fixed by SHA-256; these values must never change or reported test scores would move.
    assert [part_of(f"q{i:03d}") for i in range(1, 7)] == ["tune", "test", "tune", "tune", "test", "test"]


def test_split_rejects_unknown_part():
    with pytest.raises(ValueError, match="part"):
        split(_items(1), "train")
