"""Citation-label matching for scoring: when does a cited label count as a gold label.

Two labels name the same paragraph when their symbols agree after ``ingest.ids.normalize_symbol``,
their paragraph ids agree (``OP70``) and one sub-paragraph is a prefix of the other: ``OP70(a)``
matches ``OP70`` and the other way round, ``OP70(a)(ii)`` matches ``OP70(a)``, but ``OP70(a)`` does
not match ``OP70(b)``, nor ``PP70``. A label that does not parse matches nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.ids import citation_label, parse_citation_label


def canonical_label(label: str) -> str:
    """``"a/res/80/118  op70(A)"`` -> ``"A/RES/80/118 OP70(a)"``; an unparseable label comes back stripped."""
    parsed = parse_citation_label(label)
    if parsed is None:
        return label.strip()
    symbol, ref = parsed
    return citation_label(symbol, ref.full)


def is_paragraph_label(label: str) -> bool:
    return parse_citation_label(label) is not None


def same_paragraph(a: str, b: str) -> bool:
    """Whether two citation labels name the same paragraph under the sub-paragraph rule above."""
    pa, pb = parse_citation_label(a), parse_citation_label(b)
    if pa is None or pb is None:
        return False
    (sym_a, ref_a), (sym_b, ref_b) = pa, pb
    if sym_a != sym_b or ref_a.id != ref_b.id:
        return False
    return ref_a.sub.startswith(ref_b.sub) or ref_b.sub.startswith(ref_a.sub)


def matches_any(label: str, others: Iterable[str]) -> bool:
    return any(same_paragraph(label, other) for other in others)


def unique_labels(labels: Iterable[str]) -> list[str]:
    """Canonical labels in first-seen order, each once."""
    return list(dict.fromkeys(canonical_label(label) for label in labels))
