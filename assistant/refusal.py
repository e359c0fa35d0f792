"""When the retrieved evidence is too weak to answer, refuse, with no citation — never guess.

The threshold applies to ``Retrieved.score`` (``assistant.retrieval.evidence_score``); it was calibrated on
the tuning half of the project's gold sets (see README, "Evaluation").
"""

from __future__ import annotations

import re

from assistant.types import Retrieved

_ASKS_FOR_NUMBER = re.compile(
    r"\b(how many|how much|what (?:share|percentage|proportion|per ?cent|number|fraction|amount))\b", re.I
)
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|thousand|million|"
    r"billion|trillion|half|third|quarter|once|twice|annual|annually|per cent)\b",
    re.I,
)

REFUSAL_TEXT = "The ingested resolutions do not address this."
DEFAULT_THRESHOLD = 0.40


def should_refuse(evidence: list[Retrieved], threshold: float = DEFAULT_THRESHOLD) -> bool:
    return not evidence or max(r.score for r in evidence) < threshold


def lacks_asked_number(question: str, answer_text: str) -> bool:
    """A question asking "how many/how much/what share" answered without any number is not answered."""
    return bool(_ASKS_FOR_NUMBER.search(question)) and not _NUMBER.search(answer_text)
