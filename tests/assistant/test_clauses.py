"""What the extractive back-end quotes (assistant.clauses): whole passages, led by the value asked for."""

from assistant.clauses import lead, passages, quote, select
from assistant.question import analyse
from assistant.references import QuestionReferences
from assistant.tuning import Tuning


def _asked(question: str):
    return analyse(question, QuestionReferences())


def test_passages_break_at_semicolons_sentences_and_sub_paragraphs_never_at_commas() -> None:
    text = "Calls upon States to act; invites others to help, including by: (a) investing; (b) training;"
    assert passages(text, 90) == [
        "Calls upon States to act;",
        "invites others to help, including by:",
        "(a) investing;",
        "(b) training;",
    ]
    comparison = (
        "Recognizes that only 29 per cent of women use the Internet, compared with 41 per cent of men;"
    )
    assert passages(comparison, 90) == [comparison]


def test_long_passages_are_also_offered_in_comma_runs() -> None:
    text = ", ".join(f"word{i} more words here" for i in range(30))
    pieces = passages(text, 20)
    assert pieces[0] == text and all(len(p.split()) <= 20 for p in pieces[1:])
    assert " ".join(pieces[1:]) == text


def test_the_passage_with_the_asked_value_is_quoted_verbatim_after_it(evidence_of) -> None:
    evidence = evidence_of("OP26", "OP28", "OP32")
    for r, score in zip(evidence, (0.8, 0.1, 0.1), strict=True):
        r.score = score
    chosen = select(_asked("What share of people in low-income countries is online?"), evidence, Tuning())
    assert chosen[0].retrieved.paragraph == "OP26" and chosen[0].text in evidence[0].text
    assert chosen[0].value == "27 per cent"
    assert lead(chosen[0]) == "27 per cent [A/RES/80/118 OP26]."
    text = quote(chosen[0])
    assert "27 per cent" in text and text.endswith("[A/RES/80/118 OP26]")


def test_a_comparison_is_quoted_whole(evidence_of) -> None:
    (op32,) = evidence_of("OP32")
    chosen = select(
        _asked("What share of women use the Internet in the least developed countries?"), [op32], Tuning()
    )
    assert "29 per cent of women use the Internet, compared with 41 per cent of men" in chosen[0].text


def test_a_paragraph_without_the_asked_kind_of_value_is_not_quoted(evidence_of) -> None:
    evidence = evidence_of("OP70", "OP26")
    evidence[0].score, evidence[1].score = 0.9, 0.1
    chosen = select(_asked("How many people in high-income countries are online?"), evidence, Tuning())
    assert [p.retrieved.paragraph for p in chosen] == ["OP26"]


def test_a_source_question_quotes_the_footnote(evidence_of) -> None:
    chosen = select(
        _asked("What source is cited for the Internet use figures?"), evidence_of("OP26"), Tuning()
    )
    quoted = [quote(p) for p in chosen]
    assert any(q.startswith("Footnote 20: “International Telecommunication Union") for q in quoted)


def test_named_paragraphs_are_quoted_whole(evidence_of) -> None:
    evidence = evidence_of("OP70", "OP26")
    evidence[0].named = True
    assert [p.text for p in select(_asked("What does OP70 say?"), evidence, Tuning())] == [evidence[0].text]
