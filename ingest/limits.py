"""How big a file ingest accepts, so that one hostile or mistaken file cannot stall or exhaust a batch.

Every limit has an environment variable (``UNQA_MAX_*``); a refusal (``OverLimit``) names the limit, the
measured value and the variable that raises it. The defaults leave wide room over real UN resolutions,
measured on the bundled corpus (615 files): the largest PDF is 276 KB and 14 pages, the largest text
file 63 KB, the longest document 133 paragraphs in 183 blocks (A/RES/80/118), the most blocks per
paragraph 2.2 (S/RES/2776 (2025): sub-paragraphs and annex items are blocks of their own). The longest
resolutions ever adopted (budgets, annexed conventions) run to a few hundred paragraphs and pages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ingest.model import OverLimit, UnqaError

MB = 1024 * 1024
# Blocks a reader may produce per allowed paragraph before the structure step runs: real documents have
# 1.4-2.2 (heading lines, sub-paragraphs, footnotes); more is no resolution. Counting blocks is what lets
# a file of 600,000 short lines be refused before the structure step, whose cost grows with the blocks.
BLOCKS_PER_PARAGRAPH = 3
BLOCKS_OUTSIDE_PARAGRAPHS = 100  # heading, closing lines and footnotes of even a one-paragraph text

# field -> (environment variable, type of its value)
_VARIABLES: dict[str, tuple[str, type[int] | type[float]]] = {
    "max_file_mb": ("UNQA_MAX_FILE_MB", float),
    "max_paragraphs": ("UNQA_MAX_PARAGRAPHS", int),
    "max_pdf_pages": ("UNQA_MAX_PDF_PAGES", int),
    "max_unzipped_mb": ("UNQA_MAX_UNZIPPED_MB", float),
    "max_zip_ratio": ("UNQA_MAX_ZIP_RATIO", float),
}


class InvalidLimit(UnqaError, ValueError):
    """A limit set to something that is not a positive number; the message names the variable or field."""


@dataclass(frozen=True)
class Limits:
    """What ingest accepts; each default is far above any real resolution and far below a stall.

    ``max_file_mb``: 50, about 180 times the largest bundled PDF; a scanned resolution with a text layer
    stays well under it, and reading, decoding and splitting 50 MB of text takes a couple of seconds.
    ``max_paragraphs``: 5,000, ten times the longest resolutions.
    ``max_pdf_pages``: 1,000, several times a resolution with annexed conventions; pages are read at
    about 0.1 s each, so a PDF at the limit takes minutes, not hours.
    ``max_unzipped_mb``: 200, what all parts of a DOCX may unpack to: its XML (a few MB even for long texts)
    and its images, which do not compress, so a 50 MB DOCX fits.
    ``max_zip_ratio``: 100, how many times its packed size a DOCX part over 1 MB may unpack to: Word's most
    compressible parts (styles) reach about 30, a zip bomb about 1,000 (the threshold Apache POI uses).
    """

    max_file_mb: float = 50.0
    max_paragraphs: int = 5_000
    max_pdf_pages: int = 1_000
    max_unzipped_mb: float = 200.0
    max_zip_ratio: float = 100.0

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not value > 0:
                raise InvalidLimit(f"limit {field.name} must be above 0, not {value!r}")

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, overridden by each ``UNQA_MAX_*`` variable set (a bad value: ``InvalidLimit``)."""
        given = {
            name: _parse(variable, raw, kind)
            for name, (variable, kind) in _VARIABLES.items()
            if (raw := os.environ.get(variable, "").strip())
        }
        return cls(**given)

    def with_overrides(self, **changes: float | None) -> Limits:
        """A copy with the given limits replaced; ``None`` values leave a limit as it is."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def max_blocks(self) -> int:
        """The most blocks a reader may hand to the structure step (see ``BLOCKS_PER_PARAGRAPH``)."""
        return BLOCKS_PER_PARAGRAPH * self.max_paragraphs + BLOCKS_OUTSIDE_PARAGRAPHS


DEFAULT_LIMITS = Limits()


def _parse(variable: str, raw: str, kind: type[int] | type[float]) -> int | float:
    unit = "a whole number" if kind is int else "a number"
    try:
        value = kind(raw)
    except ValueError:
        raise InvalidLimit(f"{variable}={raw!r} is not {unit}; set it to {unit} above 0") from None
    if not value > 0:
        raise InvalidLimit(f"{variable}={raw!r}: set it to {unit} above 0")
    return value


def over_limit(path: str | Path, measured: str, limit: str, name: str) -> OverLimit:
    """The refusal of a file over the limit ``name`` (a field of ``Limits``): what was measured, the limit,
    and the variable that raises it: "the file is 52.4 MB, over the 50 MB limit (raise UNQA_MAX_FILE_MB
    to ingest it)"."""
    variable, flag = _VARIABLES[name][0], "--" + name.replace("_", "-")
    return OverLimit(
        str(path), f"{measured}, over the {limit} limit (raise {variable} or {flag} to ingest it)"
    )


def megabytes(size: int) -> str:
    """A byte count as a user reads it next to a limit in MB: "52.4 MB"; "2,048 bytes" when tiny."""
    return f"{size / MB:,.1f} MB" if size >= MB / 10 else f"{size:,} bytes"


def figure(value: float) -> str:
    """A count or limit as a user reads it: 50.0 -> "50", 0.5 -> "0.5", 5000 -> "5,000"."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
