import json

import pytest

from eval.gold import GoldFormatError, GoldItem, GoldWarning, check_labels, load_gold, parse_gold

VALID = {
    "id": "q001",
    "question": "What share of people in low-income countries is online?",
    "citations": ["A/RES/80/118 OP26"],
    "also_acceptable": ["A/RES/80/118 PP58"],
    "answer_contains": ["27 per cent"],
    "answerable": True,
    "history": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}],
    "type": "factoid",
}


def _line(**changes):
    data = {**VALID, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not ...})


def _errors(text):
    with pytest.raises(GoldFormatError) as info:
        parse_gold(text, source="gold.jsonl")
    return info.value.errors


def test_parses_the_documented_format():
    (item,) = parse_gold(_line())
    assert item == GoldItem(
        id="q001",
        question=VALID["question"],
        citations=("A/RES/80/118 OP26",),
        answer_contains=("27 per cent",),
        answerable=True,
        type="factoid",
        also_acceptable=("A/RES/80/118 PP58",),
        history=({"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}),
    )


def test_optional_keys_blank_lines_and_label_spelling():
    text = "\n" + _line(history=..., also_acceptable=..., citations=["a/res/80/118  op70(A)"]) + "\n\n"
    (item,) = parse_gold(text)
    assert item.citations == ("A/RES/80/118 OP70(a)",)
    assert item.also_acceptable == ()
    assert item.history == ()


def test_metadata_and_unanswerable_items():
    metadata = _line(id="m1", citations=[], also_acceptable=..., answer_contains=["2025"], type="metadata")
    refusal = _line(id="u1", citations=[], also_acceptable=[], answer_contains=[], answerable=False)
    assert [i.id for i in parse_gold(metadata + "\n" + refusal)] == ["m1", "u1"]


def test_invalid_json_reports_its_line_number():
    errors = _errors(_line() + "\n" + '{"id": "q002", ' + "\n")
    assert len(errors) == 1
    assert errors[0].startswith("line 2: invalid JSON")


def test_every_problem_is_reported_with_its_line():
    lines = [
        _line(),
        _line(id="q002", question=...),
        _line(id="q003", citation=["A/RES/80/118 OP1"], citations=...),
        _line(id="q004", citations=["OP26"]),
        _line(id="q005", answerable=False),
        _line(id="q001"),
        "[1, 2]",
        _line(id="q008", history=[{"role": "system", "content": "x"}]),
        _line(id="q009", citations=[], answer_contains=[]),
        _line(id="q010", answerable="yes"),
        _line(id="q011", answer_contains=["27 per cent", " "]),
    ]
    errors = _errors("\n".join(lines))
    expected = [
        "line 2: missing key 'question'",
        "line 3: missing key 'citations'",  # misspelt: the required key is missing
        "line 4: 'citations': 'OP26' is not a citation label",
        "line 5: an unanswerable item cannot list citations",
        "line 6: duplicate id 'q001' (first on line 1)",
        "line 7: expected a JSON object, got list",
        "line 8: 'history' must be a list",
        "line 9: an answerable item without citations must list 'answer_contains'",
        "line 10: 'answerable' must be true or false",
        "line 11: 'answer_contains' has an empty string",
    ]
    for prefix in expected:
        assert any(e.startswith(prefix) for e in errors), prefix
    assert len(errors) == len(expected)


def test_unknown_keys_are_ignored_with_a_warning_naming_them():
    text = "\n".join([_line(note="from the 2026 set", language="en"), _line(id="q002", note="x")])
    with pytest.warns(GoldWarning) as caught:
        items = parse_gold(text, source="outside.jsonl")
    assert [i.id for i in items] == ["q001", "q002"]
    assert sorted(str(w.message) for w in caught) == [
        "outside.jsonl: unknown key 'language' ignored (line 1)",
        "outside.jsonl: unknown key 'note' ignored (2 lines, first 1)",
    ]


def test_documents_are_read_and_normalized():
    (item,) = parse_gold(_line(documents=["s/res/2768(2025)"]))
    assert item.documents == ("S/RES/2768 (2025)",)


def test_wrong_types_are_reported():
    errors = _errors(_line(citations="A/RES/80/118 OP26", id=7))
    assert "line 1: 'citations' must be a list of strings" in errors
    assert "line 1: 'id' must be a string" in errors


def test_load_gold_names_the_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(_line() + "\nnot json\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"gold\.jsonl: 1 problem"):
        load_gold(path)
    path.write_text(_line() + "\n", encoding="utf-8")
    assert [i.id for i in load_gold(path)] == ["q001"]


def test_check_labels_returns_labels_naming_no_stored_paragraph():
    second = _line(id="q002", citations=["A/RES/80/118 OP999"], also_acceptable=["A/RES/80/118 OP26"])
    items = parse_gold(_line() + "\n" + second)
    stored = {"A/RES/80/118 OP26", "A/RES/80/118 PP58"}
    assert check_labels(items, stored.__contains__) == ["A/RES/80/118 OP999"]
    assert check_labels(items, lambda label: True) == []
