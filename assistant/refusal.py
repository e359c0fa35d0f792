"""When the retrieved evidence is too weak to answer, refuse, with no citation — never guess.

The threshold applies to ``Retrieved.score`` (``assistant.retrieval.evidence_score``); it was calibrated on
the tuning half of the project's gold sets (see README, "Evaluation").
"""

from __future__ import annotations

from assistant.answer_type import asks_for_number, has_number
from assistant.types import Retrieved

REFUSAL_TEXT = "The ingested resolutions do not address this."
DEFAULT_THRESHOLD = 0.40


def should_refuse(evidence: list[Retrieved], threshold: float = DEFAULT_THRESHOLD) -> bool:
    return not evidence or max(r.score for r in evidence) < threshold


def lacks_asked_number(question: str, answer_text: str) -> bool:
    """A question asking "how many/how much/what share" whose answer leads with no number is not answered
    (the lead sentence, up to its first citation, is the one that answers)."""
    lead = answer_text.split("[", 1)[0]
    return asks_for_number(question) and not has_number(lead)
