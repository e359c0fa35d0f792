"""Where the store lives and which embedding model fills it, from flags or environment.

Every setting has an environment variable (``UNQA_*``) and a command-line flag; flags win.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_EMBED_MODEL = "local:all-MiniLM-L6-v2"
DEFAULT_COLLECTION = "unqa_paragraphs"


def default_data_dir() -> Path:
    """``$UNQA_DATA_DIR``, else ``$XDG_DATA_HOME/unqa``, else ``~/.local/share/unqa``."""
    if env := os.environ.get("UNQA_DATA_DIR"):
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "unqa"


@dataclass(frozen=True)
class StoreConfig:
    """How to reach Chroma and how paragraphs are embedded.

    ``chroma_host`` unset means embedded Chroma persisted under ``data_dir / "chroma"``.
    ``embed_model``: ``local:all-MiniLM-L6-v2`` (the bundled ONNX model, the default), a
    sentence-transformers model name or path (needs the ``sentence-transformers`` package), or
    ``openai:MODEL`` for an OpenAI-compatible embeddings endpoint at ``embed_base_url``.
    """

    data_dir: Path
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection: str = DEFAULT_COLLECTION
    embed_model: str = DEFAULT_EMBED_MODEL
    embed_base_url: str | None = None
    embed_api_key: str | None = None

    @classmethod
    def from_env(cls) -> StoreConfig:
        env = os.environ
        return cls(
            data_dir=default_data_dir(),
            chroma_host=env.get("UNQA_CHROMA_HOST") or None,
            chroma_port=int(env.get("UNQA_CHROMA_PORT", "8000")),
            collection=env.get("UNQA_COLLECTION", DEFAULT_COLLECTION),
            embed_model=env.get("UNQA_EMBED_MODEL", DEFAULT_EMBED_MODEL),
            embed_base_url=env.get("UNQA_EMBED_BASE_URL") or None,
            embed_api_key=env.get("UNQA_EMBED_API_KEY") or env.get("OPENAI_API_KEY") or None,
        )

    def with_overrides(self, **changes: object) -> StoreConfig:
        """A copy with the given settings replaced; ``None`` values leave a setting as it is."""
        given = {k: v for k, v in changes.items() if v is not None}
        if "data_dir" in given:
            given["data_dir"] = Path(str(given["data_dir"])).expanduser()
        return replace(self, **given)  # type: ignore[arg-type]

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def describe_location(self) -> str:
        if self.chroma_host:
            return f"Chroma server http://{self.chroma_host}:{self.chroma_port}"
        return f"embedded Chroma at {self.chroma_path}"
