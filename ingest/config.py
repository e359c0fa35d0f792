"""Where the store lives and which embedding model fills it, from flags or environment.

Every setting has an environment variable (``UNQA_*``) and a command-line flag; flags win.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ingest.model import UnqaError

DEFAULT_EMBED_MODEL = "local:all-MiniLM-L6-v2"
DEFAULT_COLLECTION = "unqa_paragraphs"
# chromadb's DEFAULT_TENANT and DEFAULT_DATABASE (chromadb.config), spelled out so that reading the
# configuration does not import chromadb; tests/ingest/test_store_config.py checks they still agree.
DEFAULT_TENANT = "default_tenant"
DEFAULT_DATABASE = "default_database"
# The headers chromadb's TokenAuthClientProvider can send a token in: "Authorization: Bearer TOKEN"
# (the default) or "X-Chroma-Token: TOKEN".
TOKEN_HEADERS = ("Authorization", "X-Chroma-Token")
TOKEN_AUTH_PROVIDER = "chromadb.auth.token_authn.TokenAuthClientProvider"
_TOKEN_CHARACTERS = set(string.digits + string.ascii_letters + string.punctuation)
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


class StoreConfigError(UnqaError, ValueError):
    """A store setting that cannot work; the message names the variable and what it accepts."""


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

    A Chroma server may sit behind a proxy that checks a token (``chroma_token``, sent on every request in
    ``chroma_token_header``: ``Authorization: Bearer TOKEN`` or ``X-Chroma-Token: TOKEN``) and serves TLS
    (``chroma_ssl``, verified against ``chroma_ca_bundle`` when given, else the system's CAs). The records
    live in ``chroma_database`` of ``chroma_tenant`` (server or embedded); both must exist already (Chroma's
    defaults always do): opening a missing one is a ``StoreUnavailable`` that says how to create it.
    """

    data_dir: Path
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection: str = DEFAULT_COLLECTION
    embed_model: str = DEFAULT_EMBED_MODEL
    embed_base_url: str | None = None
    embed_api_key: str | None = None
    chroma_token: str | None = field(default=None, repr=False)
    chroma_token_header: str = "Authorization"
    chroma_tenant: str = DEFAULT_TENANT
    chroma_database: str = DEFAULT_DATABASE
    chroma_ssl: bool = False
    chroma_ca_bundle: Path | None = None

    def __post_init__(self) -> None:
        header = {h.lower(): h for h in TOKEN_HEADERS}.get(self.chroma_token_header.strip().lower())
        if header is None:
            raise StoreConfigError(
                f"UNQA_CHROMA_TOKEN_HEADER={self.chroma_token_header!r}: use {' or '.join(TOKEN_HEADERS)}"
            )
        object.__setattr__(self, "chroma_token_header", header)
        if self.chroma_token is not None and not set(self.chroma_token) <= _TOKEN_CHARACTERS:
            raise StoreConfigError(
                "UNQA_CHROMA_TOKEN may hold only ASCII letters, digits and punctuation (no spaces)"
            )
        for name, value in (
            ("UNQA_CHROMA_TENANT", self.chroma_tenant),
            ("UNQA_CHROMA_DATABASE", self.chroma_database),
        ):
            if not value.strip():
                raise StoreConfigError(
                    f"{name} is empty: name a tenant/database, or unset it for Chroma's default"
                )
        if self.chroma_ca_bundle is not None:
            object.__setattr__(self, "chroma_ca_bundle", Path(self.chroma_ca_bundle).expanduser())
            if self.chroma_host and not self.chroma_ssl:
                raise StoreConfigError(
                    "UNQA_CHROMA_CA_BUNDLE is set but TLS is off: set UNQA_CHROMA_SSL=1 (--chroma-ssl) too"
                )

    @classmethod
    def from_env(cls) -> StoreConfig:
        env = os.environ
        ca_bundle = env.get("UNQA_CHROMA_CA_BUNDLE")
        return cls(
            data_dir=default_data_dir(),
            chroma_host=env.get("UNQA_CHROMA_HOST") or None,
            chroma_port=int(env.get("UNQA_CHROMA_PORT", "8000")),
            chroma_token=env.get("UNQA_CHROMA_TOKEN") or None,
            chroma_token_header=env.get("UNQA_CHROMA_TOKEN_HEADER") or "Authorization",
            chroma_tenant=env.get("UNQA_CHROMA_TENANT") or DEFAULT_TENANT,
            chroma_database=env.get("UNQA_CHROMA_DATABASE") or DEFAULT_DATABASE,
            chroma_ssl=_flag(env, "UNQA_CHROMA_SSL"),
            chroma_ca_bundle=Path(ca_bundle) if ca_bundle else None,
            collection=env.get("UNQA_COLLECTION", DEFAULT_COLLECTION),
            embed_model=env.get("UNQA_EMBED_MODEL", DEFAULT_EMBED_MODEL),
            embed_base_url=env.get("UNQA_EMBED_BASE_URL") or None,
            embed_api_key=env.get("UNQA_EMBED_API_KEY") or env.get("OPENAI_API_KEY") or None,
        )

    def with_overrides(self, **changes: object) -> StoreConfig:
        """A copy with the given settings replaced; ``None`` values leave a setting as it is."""
        given = {k: v for k, v in changes.items() if v is not None}
        for name in ("data_dir", "chroma_ca_bundle"):
            if name in given:
                given[name] = Path(str(given[name])).expanduser()
        return replace(self, **given)  # type: ignore[arg-type]

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def chroma_url(self) -> str:
        return f"{'https' if self.chroma_ssl else 'http'}://{self.chroma_host}:{self.chroma_port}"

    @property
    def describe_location(self) -> str:
        """Where the records are, for messages: never the token."""
        where = (
            f"Chroma server {self.chroma_url}"
            if self.chroma_host
            else f"embedded Chroma at {self.chroma_path}"
        )
        scope = []
        if self.chroma_tenant != DEFAULT_TENANT:
            scope.append(f"tenant {self.chroma_tenant!r}")
        if self.chroma_database != DEFAULT_DATABASE:
            scope.append(f"database {self.chroma_database!r}")
        return f"{where} ({', '.join(scope)})" if scope else where

    def chroma_settings(self) -> dict[str, Any]:
        """The ``chromadb.config.Settings`` fields for this store: no telemetry, and for a server the token
        (through chromadb's ``TokenAuthClientProvider``, on every request) and the CA bundle."""
        settings: dict[str, Any] = {"anonymized_telemetry": False}
        if self.chroma_host and self.chroma_token:
            settings["chroma_client_auth_provider"] = TOKEN_AUTH_PROVIDER
            settings["chroma_client_auth_credentials"] = self.chroma_token
            settings["chroma_auth_token_transport_header"] = self.chroma_token_header
        if self.chroma_host and self.chroma_ssl and self.chroma_ca_bundle:
            settings["chroma_server_ssl_verify"] = str(self.chroma_ca_bundle)
        return settings

    def chroma_client_options(self) -> dict[str, Any]:
        """The keyword arguments of ``chromadb.HttpClient`` (with a server) or ``chromadb.PersistentClient``
        besides ``settings``."""
        scope = {"tenant": self.chroma_tenant, "database": self.chroma_database}
        if self.chroma_host:
            return {"host": self.chroma_host, "port": self.chroma_port, "ssl": self.chroma_ssl, **scope}
        return {"path": str(self.chroma_path), **scope}


def _flag(env: Mapping[str, str], name: str) -> bool:
    """A yes/no variable: 1/true/yes/on or 0/false/no/off (any case); unset is no."""
    value = env.get(name, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise StoreConfigError(f"{name}={env[name]!r}: use 1 or true (on), 0 or false (off)")
