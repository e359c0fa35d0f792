"""When the retrieved evidence is too weak to answer, refuse, with no citation — never guess.

The threshold applies to ``Retrieved.score`` (``assistant.retrieval.evidence_score``); it was calibrated on
the tuning half of the project's gold sets (see README, "Evaluation").
"""

from __future__ import annotations

import re

from assistant.types import Retrieved

REFUSAL_TEXT = "The ingested resolutions do not address this."
DEFAULT_THRESHOLD = 0.40

_ASKS_FOR_NUMBER = re.compile(
    r"\b(how many|how much|what (?:share|percentage|proportion|per ?cent|number|fraction|amount))\b", re.I
)
_NUMBER = re.compile(
    r"\d|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|"
    r"thousand|million|billion|trillion|half|third|thirds|quarter|per cent)\b",
    re.I,
)


def should_refuse(evidence: list[Retrieved], threshold: float = DEFAULT_THRESHOLD) -> bool:
    return not evidence or max(r.score for r in evidence) < threshold


def lacks_asked_number(question: str, answer_text: str) -> bool:
    """A question asking "how many/how much/what share" whose answer leads with no number is not answered
    (the lead sentence, up to its first citation, is the one that answers)."""
    lead = answer_text.split("[", 1)[0]
    return bool(_ASKS_FOR_NUMBER.search(question)) and not _NUMBER.search(lead)
