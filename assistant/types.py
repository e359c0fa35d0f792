"""What the assistant returns: an Answer made of text and validated paragraph Citations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from llama_index.core.schema import NodeWithScore, TextNode

from ingest.model import Footnote, footnotes_from_json


@dataclass
class Citation:
    """One cited paragraph: ``A/RES/80/118 OP26``, with the clause it rests on."""

    label: str  # "A/RES/80/118 OP26" or "A/RES/80/118 OP70(a)"
    symbol: str  # "A/RES/80/118"
    paragraph: str  # "OP26", "OP70(a)"; "" when the document itself (its metadata) is cited
    quote: str  # the clause of the paragraph the answer rests on
    url: str  # "https://docs.un.org/en/A/RES/80/118"
    number: int = 0  # the [n] marker in this answer's text
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "symbol": self.symbol,
            "paragraph": self.paragraph,
            "quote": self.quote,
            "url": self.url,
        }


@dataclass
class Retrieved:
    """A paragraph the retriever returned for a question, best first.

    ``score``: the learned probability that it is the paragraph that answers, among the question's
    candidates (they sum to 1); ``relevance``: the ranker's score, comparable within the question;
    ``similarity``: the dense (cosine) similarity of the paragraph and the question, when measured."""

    label: str
    symbol: str
    paragraph: str
    text: str
    score: float
    metadata: dict[str, Any] = field(default_factory=dict)
    named: bool = False  # the question named this paragraph ("OP26 of resolution 80/118")
    relevance: float = 0.0
    similarity: float = 0.0

    @property
    def footnotes(self) -> list[Footnote]:
        return footnotes_from_json(self.metadata.get("footnotes"))

    @property
    def evidence_text(self) -> str:
        """The paragraph with its footnotes: what an answer citing it may rest on (OP26's statistics
        are sourced in its footnote 20)."""
        return "\n".join([self.text, *(f"{f.number} {f.text}" for f in self.footnotes)])


@dataclass
class Answer:
    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False
    standalone_question: str = ""  # the question after follow-up rewriting
    retrieved: list[Retrieved] = field(default_factory=list)
    removed_citations: list[str] = field(default_factory=list)  # citations validation took out
    flagged_sentences: list[str] = field(default_factory=list)  # sentences no retrieved paragraph supports
    backend: str = "extractive"  # the back-end that answered: the extractive one when the model failed
    latency_s: float = 0.0
    # What the reader should know about how the answer was made, e.g. "The language model at
    # http://127.0.0.1:8080/v1 did not answer (connection refused); this answer is the extractive one ..."
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The stable shape of ``unqa ask --json``; ``notes`` only when there are any."""
        shape: dict[str, Any] = {
            "question": self.question,
            "answer": self.text,
            "citations": [c.to_json() for c in self.citations],
            "refused": self.refused,
        }
        if self.notes:
            shape["notes"] = list(self.notes)
        return shape


def to_retrieved(node: NodeWithScore | TextNode, score: float) -> Retrieved:
    """A stored paragraph node as evidence with a score."""
    inner = getattr(node, "node", node)
    meta = dict(inner.metadata)
    return Retrieved(meta["label"], meta["symbol"], meta["paragraph"], inner.get_content(), score, meta)
