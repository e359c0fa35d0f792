"""Questions about a resolution itself and the sentence that answers them from its document record."""

from __future__ import annotations

import pytest

from assistant.metadata import describe_document, is_metadata_question
from ingest.context import human_date


@pytest.mark.parametrize(
    "question",
    [
        "When was resolution 80/118 adopted, and on whose report?",
        "Under which agenda item was the resolution adopted?",
        "What was the vote on resolution 435 (1978)?",
        "Which country voted against resolution 502 (1982)?",
        "Was resolution 2768 adopted unanimously?",
        "Who abstained on resolution 502 (1982)?",
        "How many abstentions were there on resolution 435 (1978)?",
        "How many votes did resolution 502 (1982) get?",
        "Was there a recorded vote on the resolution?",
        "Which countries voted in favour of it?",
    ],
)
def test_questions_about_the_resolution_itself(question: str) -> None:
    assert is_metadata_question(question)


@pytest.mark.parametrize(
    "question",
    [
        "What does the resolution say about violence against women?",
        "Which measures against piracy are in resolution 2768?",
        "Does the resolution protect the voting rights of women?",
        "What does resolution 1325 say about the right to vote?",
        "What does the resolution decide on the vote of the budget?",
        "What was the vote?",  # no resolution named or pointed to
    ],
)
def test_questions_about_what_the_resolution_says(question: str) -> None:
    assert not is_metadata_question(question)


def test_human_date() -> None:
    assert human_date("2025-12-15") == "15 December 2025"
    assert human_date("1978-09-29") == "29 September 1978"
    assert human_date(None) is None
    assert human_date("1978") == "1978"


def test_describe_a_general_assembly_resolution() -> None:
    meta = {
        "symbol": "A/RES/80/118",
        "title": "Information and communications technologies for sustainable development",
        "organ": "General Assembly",
        "date": "2025-12-15",
        "meeting": "64th plenary meeting",
        "session": "Eightieth session",
        "agenda_item": "15",
        "adopted_on": "Second Committee (A/80/555, para. 7)",
        "vote": None,
    }
    assert describe_document(meta) == (
        "A/RES/80/118 (“Information and communications technologies for sustainable development”) was "
        "adopted by the General Assembly on 15 December 2025, at its 64th plenary meeting, during its "
        "eightieth session, under agenda item 15, on the report of the Second Committee (A/80/555, para. 7) "
        "[A/RES/80/118]."
    )


def test_describe_the_vote() -> None:
    meta = {
        "symbol": "S/RES/502 (1982)",
        "organ": "Security Council",
        "date": "1982-04-03",
        "meeting": "2350th meeting",
        "vote": "10 votes to 1 (Panama), with 4 abstentions (China, Poland, Spain, Union of Soviet Socialist "
        "Republics)",
    }
    assert describe_document(meta) == (
        "S/RES/502 (1982) was adopted by the Security Council on 3 April 1982, at its 2350th meeting, by 10 "
        "votes to 1 (Panama), with 4 abstentions (China, Poland, Spain, Union of Soviet Socialist Republics) "
        "[S/RES/502 (1982)]."
    )


@pytest.mark.parametrize(
    ("vote", "ending"),
    [
        ("unanimously", "at its 5th meeting, unanimously [S/RES/2 (1946)]."),
        ("without a vote", "at its 5th meeting, without a vote [S/RES/2 (1946)]."),
        ("consensus", "at its 5th meeting, by consensus [S/RES/2 (1946)]."),
        (
            "The draft resolution was voted on in parts. No vote was taken on the text as a whole",
            "at its 5th meeting. The draft resolution was voted on in parts. No vote was taken on the text "
            "as a whole [S/RES/2 (1946)].",
        ),
    ],
)
def test_describe_each_kind_of_vote(vote: str, ending: str) -> None:
    meta = {"symbol": "S/RES/2 (1946)", "organ": "Security Council", "meeting": "5th meeting", "vote": vote}
    assert describe_document(meta) == f"S/RES/2 (1946) was adopted by the Security Council, {ending}"
    assert describe_document({**meta, "vote": None}) == (
        "S/RES/2 (1946) was adopted by the Security Council, at its 5th meeting [S/RES/2 (1946)]."
    )
