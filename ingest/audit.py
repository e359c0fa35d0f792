"""The parse audit: what looks wrong in a parsed resolution, so a user ingesting a thousand of them need not
check every paragraph number by eye. Pure functions.

Findings come from two places: what the parser reported while it numbered the paragraphs (``Document.issues``:
printed numbers with a gap, a repeat or out of order; a footnote marker without a footnote) and checks of
the finished document (a paragraph that opens like the other kind, one cut mid-sentence, a missing symbol
or adoption date). Each finding names its class (``CHECKS``), the paragraph, the page when known and the
start of the text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.grammar import opening
from ingest.model import Document, ParseIssue
from ingest.text import ends_sentence_or_clause

CHECKS = {
    "numbering-gap": "printed operative (or annex) numbers skip a number",
    "numbering-repeat": "a printed number appears twice (the second is stored with 'bis')",
    "numbering-order": "a printed number is smaller than one before it",
    "missing-footnote": "a footnote marker has no footnote text",
    "no-operative": "no operative paragraph was found (the text may be cut short)",
    "operative-opens-like-preambular": "an operative paragraph opens like a preambular one ('Recalling')",
    "preambular-opens-like-operative": "a preambular paragraph opens like an operative one ('Decides')",
    "cut-mid-sentence": "a paragraph does not end with a paragraph's punctuation (, ; . :)",
    "missing-symbol": "no document symbol was found",
    "missing-date": "no adoption date was found",
}
_TEXT = 80  # characters of text quoted in a finding


@dataclass
class DocumentAudit:
    """The findings for one document (``symbol`` may be empty when the file could not be parsed)."""

    symbol: str
    source: str
    issues: list[ParseIssue] = field(default_factory=list)
    error: str | None = None  # the reason a file could not be parsed at all

    @property
    def ok(self) -> bool:
        return not self.issues and self.error is None

    def to_json(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "source": self.source,
            "error": self.error,
            "issues": [asdict(i) for i in self.issues],
        }


def audit_document(doc: Document) -> DocumentAudit:
    """The parser's own findings plus the checks of the finished document."""
    issues = list(doc.issues)
    for p in doc.paragraphs:
        page = p.pages[0] if p.pages else None
        opens = opening(p.text)
        if p.kind == "operative" and opens == "preambular":
            issues.append(_issue("operative-opens-like-preambular", p.id, page, p.text))
        elif p.kind == "preambular" and opens == "operative":
            issues.append(_issue("preambular-opens-like-operative", p.id, page, p.text))
        if p.kind != "annex" and not ends_sentence_or_clause(p.text):
            issues.append(_issue("cut-mid-sentence", p.id, page, p.text[-_TEXT:]))
    if not doc.symbol:
        issues.append(_issue("missing-symbol", "", None, ""))
    if not doc.date:
        issues.append(_issue("missing-date", "", None, ""))
    return DocumentAudit(doc.symbol, doc.source or "", issues)


def _issue(check: str, paragraph: str, page: int | None, text: str) -> ParseIssue:
    return ParseIssue(check, CHECKS[check], paragraph, page, text[:_TEXT])


def summary(audits: list[DocumentAudit]) -> dict[str, Any]:
    """Counts over many documents: how many were checked, had findings, could not be parsed; per check."""
    per_check = Counter(i.check for a in audits for i in a.issues)
    return {
        "documents": len(audits),
        "with_findings": sum(not a.ok for a in audits),
        "unparsed": sum(a.error is not None for a in audits),
        "findings": sum(per_check.values()),
        "by_check": dict(sorted(per_check.items())),
    }


def render(audits: list[DocumentAudit], *, all_documents: bool = False) -> str:
    """Per document with findings (or every document), its findings; then the summary line."""
    lines: list[str] = []
    for a in audits:
        if a.ok and not all_documents:
            continue
        name = a.symbol or "(no symbol)"
        if a.error:
            lines.append(f"{name}  {a.source}\n  not parsed: {a.error}")
            continue
        lines.append(f"{name}  {a.source}" + ("  ok" if a.ok else ""))
        for i in a.issues:
            where = " ".join(x for x in (i.paragraph, f"p. {i.page}" if i.page else "") if x)
            text = f"  “{i.text}”" if i.text else ""
            lines.append(f"  {i.check}{f' [{where}]' if where else ''}: {i.message}{text}")
    s = summary(audits)
    checks = ", ".join(f"{k} {v}" for k, v in s["by_check"].items()) or "none"
    lines.append(
        f"Audited {s['documents']} document(s): {s['with_findings']} with findings "
        f"({s['unparsed']} not parsed); {s['findings']} finding(s): {checks}."
    )
    return "\n".join(lines)
