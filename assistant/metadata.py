"""Questions about a resolution itself (when adopted, on which report, agenda item, session, meeting, by
what vote) are answered from the document's metadata and cite the document. Pure functions."""

from __future__ import annotations

import re
from typing import Any

from ingest.context import human_date

_ABOUT_DOCUMENT = re.compile(
    r"\b(adopt(?:ed|ion|s)?|agenda items?|plenary meeting|(?:which|what)\s+(?:\w+\s+){0,3}?meeting|"
    r"main committee|which committee|what committee|committee's report|on the report of|draft resolution|"
    r"symbol|title|which session|what session)\b",
    re.IGNORECASE,
)
# "When did the Security Council establish UNDOF?", "On what date was the Force created?": the date of the
# Council's own act is its resolution's adoption date; a deadline or a period in the text is not
# ("by when was the report due", "until when", "when will the forum take place").
_ACT_DATE = re.compile(
    r"^\s*(?:when|on what date|on which date|what date|in (?:what|which) year)\b[^?]{0,30}?"
    r"(?:\bdid\s+(?:the\s+)?(?:Security Council|Council|General Assembly|Assembly|Human Rights Council|it)\b"
    r"|\b(?:was|were)\s+(?:[\w'’-]+\s+){0,8}?(?:established|created|set up|adopted|recommended|admitted)\b)",
    re.IGNORECASE,
)
_NOT_THE_ACT = re.compile(
    r"\b(?:until|till|by when|by what date|due|deadline|expire|report|submit|take place|held|hold|convene|"
    r"begin|end|last|remain|occur|happen|start)\w*",
    re.IGNORECASE,
)
# "Against" or "in favour" alone is no cue ("violence against women"), nor is "the right to vote".
_ABOUT_VOTE = re.compile(
    r"\b(voted|unanimous(?:ly)?|abstain(?:ed|ing|s)?|abstentions?|how many votes|"
    r"votes?\s+(?:on|for|in favour|against|to|cast)|(?:the|a|recorded)\s+vot(?:e|ing)(?!\s+rights))\b",
    re.IGNORECASE,
)
_THE_DOCUMENT = re.compile(
    r"\b(resolution|it|this text|the text|the document|recommendation|decision|"
    r"(?:the\s+)?(?:Security|Human Rights)\s+Council(?:'s|’s)?|the Council(?:'s|’s)?|"
    r"the (?:General )?Assembly(?:'s|’s)?)\b",
    re.IGNORECASE,
)
_CONTENT_VERB = re.compile(
    r"\b(decides?|requests?|urges?|calls?|says?|encourages?|invites?|recogni[sz]es?|notes?|stress(?:es)?|"
    r"welcomes?|emphasi[sz]es?|reaffirms?|recalls?)\b",
    re.IGNORECASE,
)


def is_metadata_question(question: str) -> bool:
    """Asks about the resolution itself (its adoption, vote, report, agenda item, session, title), not about
    what its paragraphs say: a heading or vote cue, a mention of the resolution (or the Council's act), and
    no operative verb; or the date of the Council's act itself ("When did the Council establish UNDOF?")."""
    if _ACT_DATE.search(question) and not _NOT_THE_ACT.search(question):
        return True
    return (
        bool(_ABOUT_DOCUMENT.search(question) or _ABOUT_VOTE.search(question))
        and bool(_THE_DOCUMENT.search(question))
        and not _CONTENT_VERB.search(question)
    )


def asks_about_vote(question: str) -> bool:
    return bool(_ABOUT_VOTE.search(question))


def describe_document(meta: dict[str, Any]) -> str:
    """One sentence with everything the heading says, ending with the document citation."""
    symbol = meta["symbol"]
    parts = [f"{symbol}"]
    if meta.get("title"):
        parts.append(f"(“{meta['title']}”)")
    sentence = " ".join(parts) + " was adopted"
    if meta.get("organ"):
        sentence += f" by the {meta['organ']}"
    if when := human_date(meta.get("date")):
        sentence += f" on {when}"
    details = []
    if meta.get("meeting"):
        details.append(f"at its {meta['meeting']}")
    if meta.get("session"):
        details.append(f"during its {meta['session'][0].lower() + meta['session'][1:]}")
    if meta.get("agenda_item"):
        details.append(f"under agenda item {meta['agenda_item']}")
    if meta.get("adopted_on"):
        details.append(f"on the report of the {meta['adopted_on']}")
    vote = meta.get("vote") or ""
    if vote and not vote[:1].isupper():  # "13 votes to none, ...", "consensus", "unanimously", "without ..."
        details.append(vote if vote.startswith(("unanimously", "without")) else f"by {vote}")
    if details:
        sentence += ", " + ", ".join(details)
    if vote[:1].isupper():  # a footnote's own sentences: "The draft resolution was voted on in parts. ..."
        sentence += f". {vote}"
    return f"{sentence} [{symbol}]."
