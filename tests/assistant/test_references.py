from hypothesis import given
from hypothesis import strategies as st

from assistant.references import find_references, mentions_any, paragraph_refs, strip_references, symbol_refs
from ingest.ids import ParagraphRef

KNOWN = ["A/RES/80/118", "A/RES/78/323", "A/HRC/RES/59/25", "S/RES/2768 (2025)", "S/RES/242 (1967)"]


def test_paragraph_forms() -> None:
    assert paragraph_refs("What does OP26 say?") == [ParagraphRef("OP", 26)]
    assert paragraph_refs("explain op 70(a)") == [ParagraphRef("OP", 70, "(a)")]
    assert paragraph_refs("and PP19?") == [ParagraphRef("PP", 19)]
    assert paragraph_refs("operative paragraph 26 of resolution 80/118") == [ParagraphRef("OP", 26)]
    assert paragraph_refs("preambular paragraph 4") == [ParagraphRef("PP", 4)]
    assert paragraph_refs("paragraph 3 (b)") == [ParagraphRef("OP", 3, "(b)")]
    assert paragraph_refs("the 3rd preambular paragraph") == [ParagraphRef("PP", 3)]
    assert paragraph_refs("27 per cent of people are online") == []


def test_symbols_full_and_by_number() -> None:
    assert symbol_refs("in A/RES/80/118", KNOWN) == ["A/RES/80/118"]
    assert symbol_refs("resolution 80/118", KNOWN) == ["A/RES/80/118"]
    assert symbol_refs("S/RES/2768", KNOWN) == ["S/RES/2768 (2025)"]
    assert symbol_refs("Security Council resolution 2768 (2025)", KNOWN) == ["S/RES/2768 (2025)"]
    assert symbol_refs("resolution 242", KNOWN) == ["S/RES/242 (1967)"]
    assert symbol_refs("Human Rights Council resolution 59/25", KNOWN) == ["A/HRC/RES/59/25"]
    assert symbol_refs("resolution 2768 (2024)", KNOWN) == []  # wrong year: not that resolution
    assert symbol_refs("resolution 79/194", KNOWN) == []  # not stored


def test_find_and_strip() -> None:
    refs = find_references("What does paragraph 26 of resolution 80/118 say about costs?", KNOWN)
    assert refs.symbols == ("A/RES/80/118",) and refs.paragraphs == (ParagraphRef("OP", 26),)
    assert (
        strip_references("What does OP26 of A/RES/80/118 say about costs?") == "What does of say about costs?"
    )


def test_ordinal_words() -> None:
    assert paragraph_refs("What does the third preambular paragraph say?") == [ParagraphRef("PP", 3)]
    assert paragraph_refs("the twelfth operative paragraph") == [ParagraphRef("OP", 12)]


def test_unknown_resolutions_are_reported_by_number() -> None:
    refs = find_references("What does Security Council resolution 2779 (2025) decide?", KNOWN)
    assert refs.symbols == () and refs.unknown == ("2779",)
    refs = find_references("What does 80/118 recall about resolution 79/194?", KNOWN)
    assert refs.symbols == ("A/RES/80/118",) and refs.unknown == ("79/194",)
    assert find_references("S/RES/2768 (2025) OP1", KNOWN).unknown == ()
    assert mentions_any("Extends ... paragraph 10 of resolution 2722 (2024)", ["2722"])
    assert not mentions_any("resolution 27220 and 12722", ["2722"])


def test_parts_annexes_rules_and_articles() -> None:
    known = [*KNOWN, "S/RES/161 (1961)", "S/RES/263 (1969)"]
    b1 = ParagraphRef("OP", 1, part="B")
    assert paragraph_refs("What does paragraph 1 of part B say?") == [b1]
    assert paragraph_refs("In part B, paragraph 1, what is urged?") == [b1]
    assert paragraph_refs("What does S/RES/161 (1961) B OP1 say?") == [b1]
    assert paragraph_refs("paragraph 3 of the annex") == [ParagraphRef("para", 3, annex="")]
    assert paragraph_refs("Annex A para 2") == [ParagraphRef("para", 2, annex="A")]
    refs = find_references("What does rule 41 of resolution 263 (1969) say?", known)
    assert refs.symbols == ("S/RES/263 (1969)",) and refs.paragraphs == (ParagraphRef("Rule", 41),)
    # without a resolution named, "Article 51" is the Charter's, not a paragraph
    assert find_references("What does Article 51 of the Charter allow?", known).paragraphs == ()


@given(st.text(max_size=200))
def test_reading_references_never_crashes(text: str) -> None:
    refs = find_references(text, KNOWN)
    assert all(isinstance(p, ParagraphRef) for p in refs.paragraphs)
    strip_references(text)
