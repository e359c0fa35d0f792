"""Ingest files and folders into the store: parse each file, embed, upsert, report.

One bad file never aborts a batch: it is reported with its path and the reason, and what is already
stored stays as it was. An unreachable store does abort (nothing could be stored at all).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from llama_index.core.base.embeddings.base import BaseEmbedding
from tqdm import tqdm

from ingest.audit import DocumentAudit, audit_document
from ingest.config import StoreConfig
from ingest.embedding import make_embed_model
from ingest.limits import Limits
from ingest.model import IngestError
from ingest.parse import parse_file
from ingest.store import ParagraphStore, StoreUnavailable, upsert_document

SAMPLE_PATH = Path(__file__).parent / "assets" / "samples" / "A_RES_80_118.md"
# How often a running ingest gives the library a new version (readers then pick up what it stored so far).
ANNOUNCE_EVERY_S = 2.0


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
    """Files named directly plus every non-hidden file under named folders, in a stable order, and
    (path, reason) for what is left out: a missing path, a broken symbolic link or a loop of them, a folder
    that cannot be read, a pipe or device. Symbolic links to folders are followed, but every folder is
    walked once, so a walk always ends."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw).expanduser()
        info = _stat(path)
        if isinstance(info, str):
            skipped.append((str(path), info))
        elif stat.S_ISDIR(info.st_mode):
            found, left_out = _walk(path, info)
            files += sorted(found)
            skipped += sorted(left_out)
        elif stat.S_ISREG(info.st_mode):
            files.append(path)
        else:
            skipped.append((str(path), _NOT_REGULAR))
    return files, skipped


_NOT_REGULAR = "not a regular file (a pipe, socket or device)"


def _stat(path: Path) -> os.stat_result | str:
    """The path's status, its symbolic links followed, or why it has none."""
    try:
        return path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return f"broken symbolic link: its target {os.readlink(path)} does not exist"
        return "no such file or folder"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: not followed"
        return f"cannot read: {exc.strerror or exc}"


def _walk(root: Path, root_info: os.stat_result) -> tuple[list[Path], list[tuple[str, str]]]:
    """The non-hidden files under ``root`` and what was left out, with why. Folders are known by device and
    inode, so one reached again is reported, not walked again; folders reached through symbolic links are
    walked after all others, so that a file is listed under its own path when it has one in the tree."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    walked: set[tuple[int, int]] = set()
    # (folder, its status, the folders above it); linked folders wait until no other is left
    pending: list[tuple[Path, os.stat_result, frozenset[tuple[int, int]]]] = [(root, root_info, frozenset())]
    linked: list[tuple[Path, os.stat_result, frozenset[tuple[int, int]]]] = []
    while pending or linked:
        folder, info, above = (pending or linked).pop()
        key = (info.st_dev, info.st_ino)
        if key in above:
            skipped.append((str(folder), "symbolic link loop: not followed"))
            continue
        if key in walked:
            skipped.append((str(folder), "a link to a folder walked already: not walked twice"))
            continue
        walked.add(key)
        try:
            with os.scandir(folder) as entries:
                names = sorted(entry.name for entry in entries)
        except OSError as exc:
            skipped.append((str(folder), f"cannot read this folder: {exc.strerror or exc}"))
            continue
        for name in names:
            if name.startswith("."):
                continue
            child = folder / name
            child_info = _stat(child)
            if isinstance(child_info, str):
                skipped.append((str(child), child_info))
            elif stat.S_ISDIR(child_info.st_mode):
                (linked if child.is_symlink() else pending).append((child, child_info, above | {key}))
            elif stat.S_ISREG(child_info.st_mode):
                files.append(child)
            else:
                skipped.append((str(child), _NOT_REGULAR))
    return files, skipped


def ingest_paths(
    paths: Iterable[str | Path],
    config: StoreConfig,
    *,
    progress: bool = True,
    store: ParagraphStore | None = None,
    embed_model: BaseEmbedding | None = None,
    limits: Limits | None = None,
) -> IngestSummary:
    """Parse, embed and store every file under ``paths``; return what was stored and what was skipped.
    An open ``store`` and loaded ``embed_model`` may be passed in to reuse them; ``limits`` None: the
    defaults and ``UNQA_MAX_*`` (read once, before any file: a bad value stops the batch at the start)."""
    limits = Limits.from_env() if limits is None else limits
    files, missing = expand_inputs(paths)
    summary = IngestSummary(skipped=missing)
    store = store or ParagraphStore(config)
    embed_model = embed_model or make_embed_model(config)
    bar = tqdm(files, unit="file", desc="Ingesting", disable=not progress or len(files) < 2)
    announced, pending = time.monotonic(), False  # the library's version moves every few seconds, and last
    try:
        for path in bar:
            try:
                doc = parse_file(path, limits)
            except IngestError as err:
                summary.skipped.append((str(path), err.reason))
                continue
            bar.set_postfix_str(doc.symbol)
            earlier = next((d.source for d in summary.stored if d.symbol == doc.symbol), None)
            if earlier:  # two files of one batch claim one symbol: never let the second overwrite the first
                reason = f"same symbol {doc.symbol} as {earlier}, stored just before"
                summary.skipped.append((str(path), reason))
                continue
            try:
                pending = True
                changes = asdict(upsert_document(store, doc, embed_model, announce=False))
            except StoreUnavailable:
                raise
            except Exception as err:  # one bad file never aborts the batch; its old version stays stored
                reason = f"could not store {doc.symbol}: {type(err).__name__}: {err}"
                summary.skipped.append((str(path), reason))
                continue
            summary.stored.append(StoredDocument(doc.symbol, str(path), len(doc.paragraphs), changes))
            if not (audit := audit_document(doc)).ok:
                summary.warnings.append(audit)
            if time.monotonic() - announced >= ANNOUNCE_EVERY_S:
                store.mark_changed()
                announced, pending = time.monotonic(), False
    finally:
        if pending:
            with contextlib.suppress(StoreUnavailable):  # the store is gone: what raised says so
                store.mark_changed()
    return summary
