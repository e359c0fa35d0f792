from assistant.clauses import quote, select_clauses, split_clauses


def test_split_at_semicolons_and_sub_paragraphs() -> None:
    text = "Calls upon States to act; invites others to help, including by: (a) investing; (b) training;"
    assert split_clauses(text) == [
        "Calls upon States to act;",
        "invites others to help, including by:",
        "(a) investing;",
        "(b) training;",
    ]


def test_long_clauses_are_cut_at_commas() -> None:
    text = ", ".join(f"word{i} more words here" for i in range(30))
    pieces = split_clauses(text, max_words=20)
    assert len(pieces) > 1 and all(len(p.split()) <= 20 for p in pieces)
    assert " ".join(pieces) == text


def test_best_clause_is_quoted_verbatim_with_its_citation(evidence_of) -> None:
    evidence = evidence_of("OP26", "OP28", "OP32")
    clauses = select_clauses("What share of people in low-income countries is online?", evidence)
    assert clauses[0].retrieved.paragraph == "OP26"
    text = quote(clauses[0])
    assert "27 per cent" in text and text.endswith("[A/RES/80/118 OP26]")
    assert clauses[0].text in evidence[0].text


def test_a_source_question_quotes_the_footnote(evidence_of) -> None:
    clauses = select_clauses("What source is cited for the Internet use figures?", evidence_of("OP26"))
    quoted = [quote(c) for c in clauses]
    assert any(q.startswith("Footnote 20: “International Telecommunication Union") for q in quoted)


def test_named_paragraphs_are_quoted_whole(evidence_of) -> None:
    evidence = evidence_of("OP70", "OP26")
    evidence[0].named = True
    assert [c.text for c in select_clauses("What does OP70 say?", evidence)] == [evidence[0].text]
