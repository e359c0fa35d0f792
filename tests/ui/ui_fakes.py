"""A stand-in Assistant for fast UI handler tests: fixed paragraphs, an answer citing OP26."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant import Answer, AssistantConfig, Citation, Retrieved
from ui.handlers import Handlers, UploadView
from ui.session import Session

SYMBOL = "A/RES/80/118"
URL = "https://docs.un.org/en/A/RES/80/118"
OP26 = (
    "Recognizes that, despite recent progress, including the fact that while 93 per cent of people use the "
    "Internet in high-income countries, only 27 per cent of the population of low-income countries is online;"
)
FOOTNOTES = json.dumps(
    [{"number": "20", "text": "International Telecommunication Union, Facts and Figures 2024."}]
)


def paragraph(pid: str, text: str, footnotes: str = "[]") -> Retrieved:
    meta = {
        "symbol": SYMBOL,
        "paragraph": pid,
        "label": f"{SYMBOL} {pid}",
        "title": "Information and communications technologies for sustainable development",
        "date": "2025-12-15",
        "organ": "General Assembly",
        "footnotes": footnotes,
        "url": URL,
    }
    return Retrieved(f"{SYMBOL} {pid}", SYMBOL, pid, text, 0.0, meta)


PARAGRAPHS = [paragraph(f"PP{i}", f"Preambular text {i}.") for i in range(1, 13)] + [
    paragraph("OP26", OP26, FOOTNOTES)
]


@dataclass
class IngestResult:
    stored: list[Any] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Stored:
    symbol: str
    paragraphs: int


UPLOADED = "A/RES/80/999"  # what the fake stores for any uploaded file that is not a PDF


def _document(symbol: str, title: str, count: int) -> dict[str, Any]:
    return {
        "symbol": symbol,
        "title": title,
        "organ": "General Assembly",
        "date": "2025-12-15",
        "paragraph_count": count,
        "url": f"https://docs.un.org/en/{symbol}",
    }


class FakeAssistant:
    def __init__(self) -> None:
        self.config = AssistantConfig()
        self.calls: list[dict[str, Any]] = []
        self.ingested: list[str] = []

    def documents(self) -> list[dict[str, Any]]:
        documents = [_document(SYMBOL, PARAGRAPHS[0].metadata["title"], len(PARAGRAPHS))]
        if self.ingested:
            documents.append(_document(UPLOADED, "An uploaded resolution", 3))
        return documents

    def paragraphs(self, symbol: str) -> list[Retrieved]:
        if symbol == UPLOADED and self.ingested:
            return [
                Retrieved(f"{UPLOADED} OP{i}", UPLOADED, f"OP{i}", f"Uploaded text {i}.", 0.0, {})
                for i in (1, 2, 3)
            ]
        return list(PARAGRAPHS) if symbol == SYMBOL else []

    def paragraph(self, symbol: str, pid: str) -> Retrieved | None:
        base = pid.split("(")[0]
        return next((p for p in PARAGRAPHS if p.symbol == symbol and p.paragraph == base), None)

    def stream(
        self, question: str, history=None, symbols=None, organ=None, year=None
    ) -> Iterator[str | Answer]:
        self.calls.append({"question": question, "history": list(history or []), "symbols": symbols})
        if "France" in question:
            answer = Answer(question, "The ingested resolutions do not address this.", refused=True)
            yield answer.text
            yield answer
            return
        text = f"Only 27 per cent of the population of low-income countries is online [{SYMBOL} OP26]."
        quote = "only 27 per cent of the population of low-income countries is online"
        citation = Citation(f"{SYMBOL} OP26", SYMBOL, "OP26", quote, URL, 1)
        yield text[:20]
        yield text[20:]
        yield Answer(question, text, [citation])

    def ingest(self, paths: list[str], *, progress: bool = True) -> IngestResult:
        result = IngestResult()
        for path in paths:
            if path.endswith(".pdf"):
                result.skipped.append((path, "no document symbol found on the first page"))
            else:
                self.ingested.append(path)
                result.stored.append(Stored(UPLOADED, 3))
        return result


def finished_upload(
    handlers: Handlers, files: Sequence[Any], session: Session, timeout_s: float = 60
) -> UploadView:
    """Upload ``files`` and follow the session's status, as the page does, until nothing is pending."""
    view = handlers.upload(files, session)
    deadline = time.monotonic() + timeout_s
    while view.pending:
        assert time.monotonic() < deadline, f"the upload did not finish: {view.status_html}"
        time.sleep(0.02)
        view = handlers.upload_status(session)
    return view
