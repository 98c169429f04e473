"""Fixtures for the API tests: a real sandbox server on loopback and clients pointed at it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from kiosk.api import EntitlementsClient
from kiosk.config import ApiConfig
from kiosk.sandbox import SandboxServer

SOMCHAI = "3100700123451"
BOONMEE = "3500100345671"
SUDA = "1409900567891"
WICHAI = "3700100456781"

MakeClient = Callable[..., EntitlementsClient]


def api_config_for(server: SandboxServer, **changes: Any) -> ApiConfig:
    """Fast settings for tests: short backoff, a small budget."""
    config = ApiConfig(
        url=server.url,
        consumer_key=server.credentials.key,
        consumer_secret=server.credentials.secret,
        kiosk_id="TEST/kiosk-0001",
        lookup_budget=5.0,
        backoff_base=0.01,
        backoff_max=0.05,
    )
    return dataclasses.replace(config, **changes)


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture
def make_client(sandbox: SandboxServer) -> Iterator[MakeClient]:
    """`make_client(**config_changes, clock=..., sleep=...)`; every client is closed afterwards."""
    clients: list[EntitlementsClient] = []

    def make(server: SandboxServer = sandbox, **changes: Any) -> EntitlementsClient:
        hooks = {name: changes.pop(name) for name in ("clock", "sleep", "rng") if name in changes}
        client = EntitlementsClient(api_config_for(server, **changes), **hooks)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: MakeClient) -> EntitlementsClient:
    return make_client()


@dataclasses.dataclass(frozen=True)
class TlsFiles:
    server_ca: Path  # trust anchor for the server's certificate
    server_pem: Path  # the server's key and certificate chain
    client_ca: Path  # the CA that signs kiosk certificates
    client_cert: Path
    client_key: Path
    stranger_cert: Path  # signed by another CA
    stranger_key: Path


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    folder = tmp_path_factory.mktemp("tls")
    server_ca, client_ca, other_ca = trustme.CA(), trustme.CA(), trustme.CA()
    files = TlsFiles(*(folder / name for name in (
        "server-ca.pem", "server.pem", "client-ca.pem", "client.pem", "client.key",
        "stranger.pem", "stranger.key",
    )))  # fmt: skip
    server_ca.cert_pem.write_to_path(files.server_ca)
    server_ca.issue_cert("127.0.0.1", "localhost").private_key_and_cert_chain_pem.write_to_path(
        files.server_pem
    )
    client_ca.cert_pem.write_to_path(files.client_ca)
    for ca, cert_path, key_path in (
        (client_ca, files.client_cert, files.client_key),
        (other_ca, files.stranger_cert, files.stranger_key),
    ):
        issued = ca.issue_cert("kiosk-0001@example.go.th")
        issued.cert_chain_pems[0].write_to_path(cert_path)
        issued.private_key_pem.write_to_path(key_path)
    return files


class FakeClock:
    """A monotonic clock the test moves by hand (for token expiry without waiting)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
