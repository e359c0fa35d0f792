"""The Chroma deployment settings (token, tenant and database, TLS) from environment and flags, and what
they become for chromadb's clients: fast, no server."""

from __future__ import annotations

from pathlib import Path

import chromadb
import chromadb.config
import pytest

import unqa
from ingest.config import DEFAULT_DATABASE, DEFAULT_TENANT, StoreConfig, StoreConfigError

TOKEN = "s3cret-Token_42"
CHROMA_VARIABLES = [
    "UNQA_CHROMA_HOST",
    "UNQA_CHROMA_PORT",
    "UNQA_CHROMA_TOKEN",
    "UNQA_CHROMA_TOKEN_HEADER",
    "UNQA_CHROMA_TENANT",
    "UNQA_CHROMA_DATABASE",
    "UNQA_CHROMA_SSL",
    "UNQA_CHROMA_CA_BUNDLE",
]


@pytest.fixture(autouse=True)
def no_chroma_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in CHROMA_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("UNQA_DATA_DIR", str(tmp_path))


def test_defaults_are_chromas() -> None:
    assert (DEFAULT_TENANT, DEFAULT_DATABASE) == (
        chromadb.config.DEFAULT_TENANT,
        chromadb.config.DEFAULT_DATABASE,
    )
    config = StoreConfig.from_env()
    assert (config.chroma_token, config.chroma_token_header) == (None, "Authorization")
    assert (config.chroma_tenant, config.chroma_database) == (DEFAULT_TENANT, DEFAULT_DATABASE)
    assert (config.chroma_ssl, config.chroma_ca_bundle) == (False, None)
    assert config.chroma_settings() == {"anonymized_telemetry": False}


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("UNQA_CHROMA_HOST", "chroma.example.org")
    monkeypatch.setenv("UNQA_CHROMA_PORT", "443")
    monkeypatch.setenv("UNQA_CHROMA_TOKEN", TOKEN)
    monkeypatch.setenv("UNQA_CHROMA_TOKEN_HEADER", "x-chroma-token")
    monkeypatch.setenv("UNQA_CHROMA_TENANT", "unqa")
    monkeypatch.setenv("UNQA_CHROMA_DATABASE", "resolutions")
    monkeypatch.setenv("UNQA_CHROMA_SSL", "true")
    monkeypatch.setenv("UNQA_CHROMA_CA_BUNDLE", str(tmp_path / "ca.pem"))
    config = StoreConfig.from_env()
    assert config.chroma_token == TOKEN
    assert config.chroma_token_header == "X-Chroma-Token"  # any case, spelled as chromadb wants it
    assert (config.chroma_tenant, config.chroma_database) == ("unqa", "resolutions")
    assert config.chroma_ssl is True
    assert config.chroma_ca_bundle == tmp_path / "ca.pem"


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("TRUE", True), ("on", True), ("0", False)])
def test_ssl_switch(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("UNQA_CHROMA_SSL", value)
    assert StoreConfig.from_env().chroma_ssl is expected


@pytest.mark.parametrize(
    ("variable", "value", "names"),
    [
        ("UNQA_CHROMA_SSL", "maybe", "UNQA_CHROMA_SSL"),
        ("UNQA_CHROMA_TOKEN_HEADER", "X-Api-Key", "UNQA_CHROMA_TOKEN_HEADER"),
        ("UNQA_CHROMA_TOKEN", "two words", "UNQA_CHROMA_TOKEN"),
    ],
)
def test_a_bad_value_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, names: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(StoreConfigError, match=names) as caught:
        StoreConfig.from_env()
    assert "two words" not in str(caught.value)  # a token is never echoed, even a malformed one


def test_a_ca_bundle_without_tls_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreConfigError, match="UNQA_CHROMA_SSL=1"):
        StoreConfig(data_dir=tmp_path, chroma_host="h", chroma_ca_bundle=tmp_path / "ca.pem")


def test_flags_win_over_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("UNQA_CHROMA_TOKEN", "from-env")
    monkeypatch.setenv("UNQA_CHROMA_TENANT", "env_tenant")
    monkeypatch.setenv("UNQA_CHROMA_SSL", "1")
    flags = ["--chroma-host", "h", "--chroma-token", TOKEN, "--chroma-token-header", "X-Chroma-Token"]
    flags += ["--chroma-tenant", "flag_tenant", "--chroma-database", "flag_db", "--no-chroma-ssl"]
    args = unqa.build_parser().parse_args(["list", *flags])
    config = unqa.store_config(args)
    assert (config.chroma_token, config.chroma_token_header) == (TOKEN, "X-Chroma-Token")
    assert (config.chroma_tenant, config.chroma_database, config.chroma_ssl) == (
        "flag_tenant",
        "flag_db",
        False,
    )
    unset = unqa.store_config(unqa.build_parser().parse_args(["list"]))  # flags not given: the environment
    assert (unset.chroma_token, unset.chroma_tenant, unset.chroma_ssl) == ("from-env", "env_tenant", True)
    ca = unqa.store_config(
        unqa.build_parser().parse_args(["list", "--chroma-host", "h", "--chroma-ca-bundle", "~/ca.pem"])
    )
    assert ca.chroma_ca_bundle == Path("~/ca.pem").expanduser()


def test_server_client_options_and_settings(tmp_path: Path) -> None:
    config = StoreConfig(
        data_dir=tmp_path,
        chroma_host="chroma.example.org",
        chroma_port=443,
        chroma_token=TOKEN,
        chroma_tenant="unqa",
        chroma_database="resolutions",
        chroma_ssl=True,
        chroma_ca_bundle=tmp_path / "ca.pem",
    )
    assert config.chroma_client_options() == {
        "host": "chroma.example.org",
        "port": 443,
        "ssl": True,
        "tenant": "unqa",
        "database": "resolutions",
    }
    assert config.chroma_settings() == {
        "anonymized_telemetry": False,
        "chroma_client_auth_provider": "chromadb.auth.token_authn.TokenAuthClientProvider",
        "chroma_client_auth_credentials": TOKEN,
        "chroma_auth_token_transport_header": "Authorization",
        "chroma_server_ssl_verify": str(tmp_path / "ca.pem"),
    }
    chromadb.config.Settings(**config.chroma_settings())  # names chromadb knows, values it accepts


def test_embedded_client_options(tmp_path: Path) -> None:
    config = StoreConfig(data_dir=tmp_path, chroma_token=TOKEN, chroma_database="resolutions")
    assert config.chroma_client_options() == {
        "path": str(tmp_path / "chroma"),
        "tenant": DEFAULT_TENANT,
        "database": "resolutions",
    }
    assert config.chroma_settings() == {"anonymized_telemetry": False}  # no token without a server


def test_the_token_provider_sends_the_configured_header(tmp_path: Path) -> None:
    """chromadb's own provider, given these settings, makes the header the proxy checks."""
    from chromadb.auth.token_authn import TokenAuthClientProvider

    for header, expected in (("Authorization", f"Bearer {TOKEN}"), ("X-Chroma-Token", TOKEN)):
        config = StoreConfig(
            data_dir=tmp_path, chroma_host="h", chroma_token=TOKEN, chroma_token_header=header
        )
        system = chromadb.config.System(chromadb.config.Settings(**config.chroma_settings()))
        sent = TokenAuthClientProvider(system).authenticate()
        assert {k: v.get_secret_value() for k, v in sent.items()} == {header: expected}


def test_location_shows_scheme_and_scope_never_the_token(tmp_path: Path) -> None:
    plain = StoreConfig(data_dir=tmp_path, chroma_host="h", chroma_port=8000)
    assert plain.describe_location == "Chroma server http://h:8000"
    secured = StoreConfig(
        data_dir=tmp_path,
        chroma_host="h",
        chroma_port=443,
        chroma_ssl=True,
        chroma_token=TOKEN,
        chroma_tenant="unqa",
        chroma_database="resolutions",
    )
    assert secured.describe_location == "Chroma server https://h:443 (tenant 'unqa', database 'resolutions')"
    assert TOKEN not in repr(secured) and TOKEN not in secured.describe_location
    embedded = StoreConfig(data_dir=tmp_path, chroma_database="resolutions")
    assert embedded.describe_location == f"embedded Chroma at {tmp_path / 'chroma'} (database 'resolutions')"
