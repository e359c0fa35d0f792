"""The context a paragraph is indexed with: which resolution it belongs to, its organ, title and adoption
date, and whether it stands in the preamble, the operative part or an annex. Pure functions.

A paragraph alone rarely says which resolution it is from: a dozen mandate renewals read alike and differ
only in their heading ("adopted on 31 May 1974"). The header below is prepended to the paragraph for the
embedding and for the lexical index (contextual retrieval), built from the stored metadata, no model
needed. The stored text itself stays the paragraph, verbatim, for quoting.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

# Bumped whenever the indexed text changes: a store records it with its embedding model, so that vectors
# made from another text are never mixed with these (``ingest.embedding.embedding_id``).
CONTEXT_VERSION = 1
_PLACE = {"preambular": "preamble", "operative": "operative part", "annex": "annex"}


def human_date(iso: str | None) -> str | None:
    """``2025-12-15`` -> ``15 December 2025`` (the UN's own style)."""
    if not iso:
        return None
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B')} {d.year}"


def context_header(metadata: Mapping[str, Any]) -> str:
    """``S/RES/350 (1974), Security Council resolution adopted on 31 May 1974; operative part.`` from a
    paragraph's stored metadata (symbol, organ, title, date, kind)."""
    header = f"{metadata['symbol']}, {metadata.get('organ') or 'United Nations'} resolution"
    if metadata.get("title"):
        header += f" “{metadata['title']}”"
    if when := human_date(metadata.get("date")):
        header += f" adopted on {when}"
    return f"{header}; {_PLACE.get(metadata.get('kind', ''), 'text')}."


def indexed_text(metadata: Mapping[str, Any], text: str) -> str:
    """What the embedding model and the lexical index see of a paragraph: its context header and text."""
    return f"{context_header(metadata)}\n{text}"
