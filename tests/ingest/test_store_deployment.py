"""A Chroma server as a deployment: tenants and databases keep libraries apart, a token reaches the server
on every request, TLS with a private CA. Against a real ``chroma run`` (the session's ``chroma_server``).

chroma 1.5.9's server checks no token and serves no TLS (that is a reverse proxy's job), so the token and
TLS tests put a small real reverse proxy in front of it: it forwards to ``chroma run`` only the requests
that carry the configured header and answers the others 401 (or 403), as nginx or Envoy would.
"""

from __future__ import annotations

import http.client
import shutil
import ssl
import subprocess
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import cast

import chromadb
import pytest
from chromadb.config import Settings
from llama_index.core.base.embeddings.base import BaseEmbedding

import unqa
from ingest.config import StoreConfig
from ingest.store import ParagraphStore, StoreUnavailable, upsert_document
from tests.ingest.test_store import SYMBOL, make_doc

TOKEN = "unqa-test-token_1"
PLAIN_401 = (401, "text/plain", b"Unauthorized\n")  # what a generic proxy answers
CHROMA_403 = (403, "application/json", b'{"error": "AuthError", "message": "Forbidden"}')  # Chroma's own form


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def admin_client(host: str, port: int) -> chromadb.api.AdminAPI:
    return chromadb.AdminClient(
        Settings(
            chroma_api_impl="chromadb.api.fastapi.FastAPI",
            chroma_server_host=host,
            chroma_server_http_port=port,
            anonymized_telemetry=False,
        )
    )


def one_line(error: BaseException) -> str:
    message = str(error)
    assert "\n" not in message
    assert TOKEN not in message
    return message


# --- tenants and databases ---------------------------------------------------------------------------------


@pytest.mark.server
def test_a_database_holds_its_own_library(
    tmp_path: Path, chroma_server: tuple[str, int], embed_model: BaseEmbedding
) -> None:
    host, port = chroma_server
    tenant, database = unique("tenant"), unique("library")
    admin = admin_client(host, port)
    admin.create_tenant(tenant)
    admin.create_database(database, tenant=tenant)
    admin.create_database("other_library", tenant=tenant)
    default = StoreConfig(data_dir=tmp_path, chroma_host=host, chroma_port=port, collection="deployment_test")
    scoped = replace(default, chroma_tenant=tenant, chroma_database=database)

    assert upsert_document(ParagraphStore(scoped), make_doc(), embed_model).added == 4
    reopened = ParagraphStore(scoped)
    assert [d["symbol"] for d in reopened.list_documents()] == [SYMBOL]
    assert reopened.get_paragraph(SYMBOL, "OP1") is not None
    for elsewhere in (default, replace(scoped, chroma_database="other_library")):
        store = ParagraphStore(elsewhere)
        assert store.list_documents() == []
        assert store.get_paragraph(SYMBOL, "OP1") is None
    assert f"(tenant '{tenant}', database '{database}')" in scoped.describe_location


@pytest.mark.server
def test_a_missing_database_or_tenant_says_how_to_create_it(
    tmp_path: Path, chroma_server: tuple[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    host, port = chroma_server
    config = StoreConfig(data_dir=tmp_path, chroma_host=host, chroma_port=port)
    with pytest.raises(StoreUnavailable) as caught:
        ParagraphStore(replace(config, chroma_database="no_such_library"))
    message = one_line(caught.value)
    assert "database 'no_such_library' does not exist in Chroma server http://" in message
    assert "create_database" in message and "UNQA_CHROMA_DATABASE" in message
    assert "chroma run" not in message  # the server is there: starting it is not the advice

    with pytest.raises(
        StoreUnavailable, match=r"tenant 'no_such_tenant' does not exist.*create_tenant.*UNQA_CHROMA_TENANT"
    ):
        ParagraphStore(replace(config, chroma_tenant="no_such_tenant"))

    flags = ["--chroma-host", host, "--chroma-port", str(port), "--chroma-database", "no_such_library"]
    assert unqa.main(["list", *flags]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "database 'no_such_library' does not exist" in err


def test_embedded_store_has_databases_too(tmp_path: Path) -> None:
    config = StoreConfig(data_dir=tmp_path, chroma_database="no_such_library")
    with pytest.raises(
        StoreUnavailable,
        match=r"database 'no_such_library' does not exist in embedded Chroma at .*create_database",
    ):
        ParagraphStore(config)


# --- a token, checked by a reverse proxy ------------------------------------------------------------------


@dataclass
class Gate:
    """What the proxy lets through: requests whose ``header`` is ``value``; the others get ``refusal``."""

    upstream: tuple[str, int]
    header: str
    value: str
    refusal: tuple[int, str, bytes] = PLAIN_401


class ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, gate: Gate) -> None:
        super().__init__(("127.0.0.1", 0), ForwardingHandler)
        self.gate = gate
        self.seen: list[tuple[str, str, str | None]] = []  # method, path, the gate header as received

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that rejects the certificate ends the handshake: expected in the TLS test


class ForwardingHandler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def forward(self) -> None:
        server = cast(ProxyServer, self.server)
        gate = server.gate
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        given = self.headers.get(gate.header)
        server.seen.append((self.command, self.path, given))
        if given != gate.value:
            self.reply(gate.refusal[0], {"Content-Type": gate.refusal[1]}, gate.refusal[2])
            return
        upstream = http.client.HTTPConnection(*gate.upstream, timeout=30)
        try:
            skip = {"host", "connection", "keep-alive", gate.header.lower()}
            headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            payload = response.read()
            skip = {"transfer-encoding", "connection", "content-length"}
            self.reply(
                response.status, {k: v for k, v in response.getheaders() if k.lower() not in skip}, payload
            )
        finally:
            upstream.close()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = forward

    def reply(self, status: int, headers: dict[str, str], payload: bytes) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@contextmanager
def proxy(gate: Gate, tls: tuple[Path, Path] | None = None) -> Iterator[ProxyServer]:
    """A reverse proxy on 127.0.0.1 (https with ``tls`` = (certificate, key)); its port is ``server_port``."""
    server = ProxyServer(gate)
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def behind(proxy_server: ProxyServer, tmp_path: Path, **settings: object) -> StoreConfig:
    base = StoreConfig(
        data_dir=tmp_path,
        chroma_host="127.0.0.1",
        chroma_port=proxy_server.server_port,
        collection="deployment_token_test",
    )
    return replace(base, **settings)  # type: ignore[arg-type]


@pytest.mark.server
@pytest.mark.parametrize(
    ("header", "value"), [("Authorization", f"Bearer {TOKEN}"), ("X-Chroma-Token", TOKEN)]
)
def test_the_token_goes_with_every_request(
    tmp_path: Path, chroma_server: tuple[str, int], header: str, value: str
) -> None:
    with proxy(Gate(chroma_server, header, value)) as server:
        store = ParagraphStore(behind(server, tmp_path, chroma_token=TOKEN, chroma_token_header=header))
        assert store.list_documents() == []
        assert store.get_paragraph(SYMBOL, "OP1") is None
    assert len(server.seen) > 5
    assert all(given == value for _, _, given in server.seen), server.seen


@pytest.mark.server
@pytest.mark.parametrize("refusal", [PLAIN_401, CHROMA_403], ids=["plain-401", "chroma-403"])
def test_a_wrong_or_missing_token_says_to_check_it(
    tmp_path: Path,
    chroma_server: tuple[str, int],
    refusal: tuple[int, str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with proxy(Gate(chroma_server, "Authorization", f"Bearer {TOKEN}", refusal)) as server:
        with pytest.raises(StoreUnavailable) as wrong:
            ParagraphStore(behind(server, tmp_path, chroma_token="not-the-token"))
        message = one_line(wrong.value)
        assert "refused the token sent in Authorization" in message
        assert "check UNQA_CHROMA_TOKEN" in message and "not-the-token" not in message
        assert "chroma run" not in message

        with pytest.raises(StoreUnavailable, match=r"asks for a token.*set UNQA_CHROMA_TOKEN") as missing:
            ParagraphStore(behind(server, tmp_path))
        one_line(missing.value)

        monkeypatch.setenv("UNQA_CHROMA_TOKEN", "not-the-token")
        assert (
            unqa.main(["list", "--chroma-host", "127.0.0.1", "--chroma-port", str(server.server_port)]) == 1
        )
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "check UNQA_CHROMA_TOKEN" in err and "not-the-token" not in err


# --- TLS --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (it is its own CA) and its key, made by ``openssl``."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    path = tmp_path_factory.mktemp("tls")
    cert, key = path / "cert.pem", path / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    command += ["-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"]
    command += ["-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(command, check=True, capture_output=True, timeout=30)
    return cert, key


@pytest.mark.server
def test_tls_with_a_private_ca(
    tmp_path: Path, chroma_server: tuple[str, int], certificate: tuple[Path, Path]
) -> None:
    cert, _ = certificate
    gate = Gate(chroma_server, "X-Chroma-Token", TOKEN)
    with proxy(gate, tls=certificate) as server:
        secured = behind(
            server,
            tmp_path,
            chroma_ssl=True,
            chroma_ca_bundle=cert,
            chroma_token=TOKEN,
            chroma_token_header="X-Chroma-Token",
        )
        assert ParagraphStore(secured).list_documents() == []
        assert secured.describe_location.startswith("Chroma server https://127.0.0.1:")

        with pytest.raises(StoreUnavailable) as untrusted:
            ParagraphStore(replace(secured, chroma_ca_bundle=None))  # the system does not know this CA
        message = one_line(untrusted.value)
        assert "TLS with Chroma server https://" in message and "UNQA_CHROMA_CA_BUNDLE" in message

        with pytest.raises(StoreUnavailable, match="is not a file"):
            ParagraphStore(replace(secured, chroma_ca_bundle=tmp_path / "missing.pem"))
    assert all(given == TOKEN for _, _, given in server.seen)
