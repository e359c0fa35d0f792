import pytest

from eval.labels import canonical_label, is_paragraph_label, same_paragraph, unique_labels


def test_canonical_label_normalises_symbol_and_paragraph():
    assert canonical_label(" a/res/80/118   op70(A) ") == "A/RES/80/118 OP70(a)"
    assert canonical_label("S/RES/2768(2025) PP3") == "S/RES/2768 (2025) PP3"


def test_canonical_label_leaves_unparseable_text_stripped():
    assert canonical_label("  see paragraph 5 ") == "see paragraph 5"
    assert not is_paragraph_label("see paragraph 5")
    assert is_paragraph_label("A/RES/80/118 OP5")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("A/RES/80/118 OP70", "A/RES/80/118 OP70", True),
        ("A/RES/80/118 OP70(a)", "A/RES/80/118 OP70", True),
        ("A/RES/80/118 OP70", "a/res/80/118 op70(a)", True),
        ("A/RES/80/118 OP70(a)(ii)", "A/RES/80/118 OP70(a)", True),
        ("A/RES/80/118 OP70(a)", "A/RES/80/118 OP70(b)", False),
        ("A/RES/80/118 OP7", "A/RES/80/118 OP70", False),
        ("A/RES/80/118 PP70", "A/RES/80/118 OP70", False),
        ("A/RES/80/117 OP70", "A/RES/80/118 OP70", False),
        ("OP70", "OP70", False),
    ],
)
def test_same_paragraph(a, b, expected):
    assert same_paragraph(a, b) is expected
    assert same_paragraph(b, a) is expected


def test_unique_labels_keeps_first_seen_order():
    assert unique_labels(["A/RES/80/118 OP2", "a/res/80/118 op1", "A/RES/80/118  OP2"]) == [
        "A/RES/80/118 OP2",
        "A/RES/80/118 OP1",
    ]
