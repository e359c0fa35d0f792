"""When the texts do not answer, refuse, with no citation — never guess.

Two tests before generating, each on what the earlier steps found. The learned one: a logistic model
over what the best paragraphs leave unanswered (``ANSWERABILITY_FEATURES``: how relevant and how clearly
best the top paragraph is, how much of the question's weight it and its neighbours cover, the weightiest
question term none of them holds) gives the probability that the question is answered at all; below the
threshold calibrated on the tune documents, refuse (``Learned.answerable``, ``Learned.refusal_threshold``).
The grammatical one: a question asking for a date, a period or a number (of troops, of per cent) is
refused when none of the paragraphs nearly as probable as the best states one. After generation, an
answer whose first sentence does not state the kind of value asked for is refused as well.
"""

from __future__ import annotations

from assistant.answer_type import values
from assistant.learn import sigmoid
from assistant.lexical import coverage, terms
from assistant.question import Question
from assistant.retrieval import TermWeights
from assistant.tuning import Tuning
from assistant.types import Retrieved

REFUSAL_TEXT = "The ingested resolutions do not address this."
ANSWERABILITY_FEATURES = (
    "relevance",  # the best paragraph's learned relevance
    "similarity",  # the best dense similarity of the best three to the question
    "margin",  # how far it is ahead of the second
    "probability",  # its share of the probability among the candidates
    "coverage",  # IDF-weighted share of the question's terms it (with its footnotes) holds
    "focus_coverage",  # the same for a follow-up's own words
    "best_coverage",  # ... the best of the best three alone (an answer is in one paragraph, mostly)
    "missing",  # the weight of the weightiest question term none of the best three holds, relative
    "unseen",  # the share of the question's weight on terms no paragraph in scope holds ("coffee")
    "kind_asked",  # the question asks for a date, a period or a number
)


def answerability_row(question: Question, evidence: list[Retrieved], weights: TermWeights) -> list[float]:
    """The ``ANSWERABILITY_FEATURES`` of a question and its ranked evidence (best first)."""
    idf = weights.idf
    ranked = sorted(evidence, key=lambda r: r.relevance, reverse=True)
    best = ranked[0]
    second = ranked[1].relevance if len(ranked) > 1 else best.relevance - 5.0
    top = [set(terms(r.evidence_text)) for r in ranked[:3]]
    held = set().union(*top)
    wanted = question.focus_terms or question.terms
    term_weights = [idf.get(t, 1.0) for t in wanted]
    missing = max((idf.get(t, 1.0) for t in wanted if t not in held), default=0.0)
    return [
        best.relevance,
        max(r.similarity for r in ranked[:3]),
        best.relevance - second,
        best.score,
        coverage(question.terms, top[0], idf),
        coverage(question.focus_terms, top[0], idf),
        max(coverage(question.terms, held_by_one, idf) for held_by_one in top),
        missing / max(term_weights, default=1.0),
        sum(idf.get(t, 0.0) for t in weights.unseen)
        / max(sum(idf.get(t, 0.0) for t in question.terms), 1e-9),
        float(question.kind is not None),
    ]


def should_refuse(
    evidence: list[Retrieved], question: Question, weights: TermWeights, tuning: Tuning
) -> bool:
    """Refuse before generating: no evidence, not answerable by the learned model, or none of it holds
    the kind of value asked for. Paragraphs the question names are always answered from."""
    if any(r.named for r in evidence):
        return False
    if not evidence or question.about_drafting:  # the texts never record who drafted or negotiated them
        return True
    learned = tuning.models()
    if answerability(question, evidence, weights, tuning) < learned.refusal_threshold:
        return True
    best = max(r.score for r in evidence)
    likely = [r for r in evidence if r.score >= min(learned.second_citation, 1.0) * best]
    kind, units = question.kind, question.units
    return kind is not None and not any(values(r.evidence_text, kind, units) for r in likely)


def answerability(
    question: Question, evidence: list[Retrieved], weights: TermWeights, tuning: Tuning
) -> float:
    """The learned probability that the evidence answers the question."""
    model = tuning.models().answerable
    if model.features != ANSWERABILITY_FEATURES:
        raise ValueError("the learned refusal was fitted on other features; refit it: python -m eval.train")
    return float(sigmoid(model.scores([answerability_row(question, evidence, weights)]))[0])


def lacks_asked_value(question: Question, answer_text: str) -> bool:
    """A question asking for a date, a period or a number whose answer leads with none is not answered
    (the lead sentence, up to its first citation, is the one that answers)."""
    lead = answer_text.split("[", 1)[0]
    return question.kind is not None and not values(lead, question.kind, question.units)
