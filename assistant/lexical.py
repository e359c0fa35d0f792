"""Word-level matching shared by retrieval scoring, clause selection and citation support checks.

Terms are lower-cased word tokens, stop words removed, stemmed with the same Snowball stemmer BM25 uses;
numbers stay as they are, so "27 per cent" only matches 27. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

_STEMMER = Stemmer.Stemmer("english")
_TOKEN = re.compile(r"\w+(?:[.,]\d+)?", re.UNICODE)
# Words that carry no evidence in a question about resolutions.
_QUESTION_NOISE = {
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "why",
    "how",
    "does",
    "do",
    "did",
    "say",
    "says",
    "said",
    "tell",
    "resolution",
    "resolutions",
    "paragraph",
    "paragraphs",
    "text",
    "document",
    "un",
    "united",
    "nations",
    "mention",
    "mentions",
    "regarding",
    "about",
    "according",
    "much",
    "many",
    "anything",
    "also",
}
STOPWORDS = frozenset(STOPWORDS_EN) | {"per", "cent"} - {"not", "no"}


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return word if word[0].isdigit() else _STEMMER.stemWord(word)


def terms(text: str) -> list[str]:
    """Stemmed content terms of a text, in order (duplicates kept)."""
    return [
        _stem(w) for w in _TOKEN.findall(text.lower()) if (w not in STOPWORDS and len(w) > 1) or w.isdigit()
    ]


def query_terms(question: str) -> list[str]:
    """The distinct content terms of a question, without question words."""
    words = [w for w in _TOKEN.findall(question.lower()) if w not in _QUESTION_NOISE]
    return list(dict.fromkeys(terms(" ".join(words))))


def coverage(
    wanted: Iterable[str], text_terms: Iterable[str], weights: dict[str, float] | None = None
) -> float:
    """Weighted share of ``wanted`` terms present in ``text_terms`` (0..1); 0 when nothing is wanted."""
    wanted = list(wanted)
    if not wanted:
        return 0.0
    present = set(text_terms)
    weight = (lambda t: weights.get(t, 1.0)) if weights else (lambda t: 1.0)
    total = sum(weight(t) for t in wanted)
    return sum(weight(t) for t in wanted if t in present) / total if total else 0.0
