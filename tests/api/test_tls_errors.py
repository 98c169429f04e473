"""TLS failures are a set-up problem for the administrator, named precisely, never "try again
later": real HTTPS to the sandbox with trustme certificates that are wrong in one way each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme

from kiosk.api.errors import ServiceUnavailable, TlsSetupFailed
from kiosk.sandbox import SandboxServer, server_tls_context
from tests.api.conftest import SOMCHAI, MakeClient, TlsFiles

NOW = dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Case:
    identities: tuple[str, ...]
    not_before: dt.datetime | None
    not_after: dt.datetime | None
    trusted: bool  # whether the kiosk's ca_bundle is the CA that signed the server
    reason_en: str  # what the one line must name
    reason_th: str


CASES = {
    "unknown CA": Case(("127.0.0.1",), None, None, False, "does not trust", "ไม่เชื่อถือ"),
    "wrong host": Case(("api.example.go.th",), None, None, True, "another host name", "ชื่อเครื่องอื่น"),
    "expired": Case(
        ("127.0.0.1",),
        NOW - dt.timedelta(days=30),
        NOW - dt.timedelta(days=1),
        True,
        "has expired",
        "หมดอายุ",
    ),
}


@pytest.fixture
def https_server(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[SandboxServer, Path]]:
    case: Case = CASES[request.param]
    ca = trustme.CA()
    leaf = ca.issue_cert(*case.identities, not_before=case.not_before, not_after=case.not_after)
    server_pem, trusted = tmp_path / "server.pem", tmp_path / "trusted.pem"
    leaf.private_key_and_cert_chain_pem.write_to_path(server_pem)
    (ca if case.trusted else trustme.CA()).cert_pem.write_to_path(trusted)
    with SandboxServer(ssl_context=server_tls_context(server_pem, server_pem)) as server:
        yield server, trusted


@pytest.mark.parametrize("https_server", list(CASES), indirect=True)
def test_a_bad_server_certificate_is_a_set_up_problem_for_the_administrator(
    https_server: tuple[SandboxServer, Path],
    make_client: MakeClient,
    request: pytest.FixtureRequest,
) -> None:
    server, trusted = https_server
    case = CASES[request.node.callspec.params["https_server"]]
    with pytest.raises(TlsSetupFailed) as caught:
        make_client(server, ca_bundle=trusted).entitlements(SOMCHAI)
    error = caught.value
    thai, english = error.one_line().split(" / ")
    assert "ปัญหาการตั้งค่า" in thai and case.reason_th in thai and "ผู้ดูแลระบบ" in thai
    assert "Set-up problem" in english and case.reason_en in english
    assert "administrator" in english
    assert "try again later" not in english.lower() and "ลองใหม่" not in thai
    assert not error.retryable and not isinstance(error, ServiceUnavailable)
    assert server.hits("/v1/auth/token") == 0  # nothing was sent over the bad connection


def test_a_refused_kiosk_certificate_is_a_set_up_problem_too(
    tls_files: TlsFiles, make_client: MakeClient
) -> None:
    context = server_tls_context(tls_files.server_pem, tls_files.server_pem, tls_files.client_ca)
    with SandboxServer(ssl_context=context) as server:
        stranger = make_client(
            server,
            ca_bundle=tls_files.server_ca,
            client_cert=tls_files.stranger_cert,
            client_key=tls_files.stranger_key,
        )
        with pytest.raises(TlsSetupFailed) as caught:
            stranger.entitlements(SOMCHAI)
        assert "administrator" in caught.value.one_line()
        assert not caught.value.retryable
