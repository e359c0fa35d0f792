"""When the retrieved evidence is too weak to answer, refuse, with no citation — never guess.

The threshold applies to ``Retrieved.score`` (``assistant.retrieval.evidence_score``); it was calibrated on
the tuning half of the project's gold sets (see README, "Evaluation").
"""

from __future__ import annotations

from assistant.types import Retrieved

REFUSAL_TEXT = "The ingested resolutions do not address this."
DEFAULT_THRESHOLD = 0.45


def should_refuse(evidence: list[Retrieved], threshold: float = DEFAULT_THRESHOLD) -> bool:
    return not evidence or max(r.score for r in evidence) < threshold
