"""Ingest files and folders into the store: parse each file, embed, upsert, report.

One bad file never aborts a batch: it is reported with its path and the reason, and what is already
stored stays as it was. An unreachable store does abort (nothing could be stored at all).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from llama_index.core.base.embeddings.base import BaseEmbedding
from tqdm import tqdm

from ingest.audit import DocumentAudit, audit_document
from ingest.config import StoreConfig
from ingest.embedding import make_embed_model
from ingest.model import IngestError
from ingest.parse import parse_file
from ingest.store import ParagraphStore, StoreUnavailable, upsert_document

SAMPLE_PATH = Path(__file__).parent / "assets" / "samples" / "A_RES_80_118.md"


@dataclass
class StoredDocument:
    symbol: str
    source: str
    paragraphs: int
    changes: dict[str, int]


@dataclass
class IngestSummary:
    stored: list[StoredDocument] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[DocumentAudit] = field(default_factory=list)  # stored documents the audit has findings on

    @property
    def paragraphs(self) -> int:
        return sum(d.paragraphs for d in self.stored)

    def render(self) -> str:
        lines = [
            f"Stored {len(self.stored)} document(s), {self.paragraphs} paragraph(s); "
            f"skipped {len(self.skipped)} file(s)."
        ]
        lines += [
            f"  {d.symbol}: {d.paragraphs} paragraphs "
            + ", ".join(f"{k} {v}" for k, v in d.changes.items())
            + f"  <- {d.source}"
            for d in self.stored
        ]
        lines += [f"  skipped {path}: {reason}" for path, reason in self.skipped]
        if self.warnings:
            lines.append(
                f"{len(self.warnings)} stored document(s) with parse warnings "
                "(`unqa audit FILE` shows each finding with its paragraph and text):"
            )
            for audit in self.warnings:
                counts = Counter(issue.check for issue in audit.issues)
                lines.append(f"  {audit.symbol}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        return "\n".join(lines)


def expand_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files named directly plus every non-hidden file under named folders, in a stable order."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append((str(path), "no such file or folder"))
    return files, missing


def ingest_paths(
    paths: Iterable[str | Path],
    config: StoreConfig,
    *,
    progress: bool = True,
    store: ParagraphStore | None = None,
    embed_model: BaseEmbedding | None = None,
) -> IngestSummary:
    """Parse, embed and store every file under ``paths``; return what was stored and what was skipped.
    An open ``store`` and loaded ``embed_model`` may be passed in to reuse them."""
    files, missing = expand_inputs(paths)
    summary = IngestSummary(skipped=missing)
    store = store or ParagraphStore(config)
    embed_model = embed_model or make_embed_model(config)
    bar = tqdm(files, unit="file", desc="Ingesting", disable=not progress or len(files) < 2)
    for path in bar:
        try:
            doc = parse_file(path)
        except IngestError as err:
            summary.skipped.append((str(path), err.reason))
            continue
        bar.set_postfix_str(doc.symbol)
        earlier = next((d.source for d in summary.stored if d.symbol == doc.symbol), None)
        if earlier:  # two files of one batch claim one symbol: never let the second overwrite the first
            summary.skipped.append((str(path), f"same symbol {doc.symbol} as {earlier}, stored just before"))
            continue
        try:
            changes = asdict(upsert_document(store, doc, embed_model))
        except StoreUnavailable:
            raise
        except Exception as err:  # one bad file never aborts the batch; its old version stays stored
            summary.skipped.append((str(path), f"could not store {doc.symbol}: {type(err).__name__}: {err}"))
            continue
        summary.stored.append(StoredDocument(doc.symbol, str(path), len(doc.paragraphs), changes))
        if not (audit := audit_document(doc)).ok:
            summary.warnings.append(audit)
    return summary
