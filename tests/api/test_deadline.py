"""The lookup budget bounds the whole exchange: connect, TLS, status line, headers and body.

The sandbox's `slow_headers` fault sends the status line, then one header line every half
second for a minute, then a good answer: every socket read gets data in time, so only a
deadline on the whole exchange ends the lookup within its budget (without one, the lookup
would succeed a minute later and these tests would fail)."""

from __future__ import annotations

import pytest

from kiosk.api import LookupTimeout
from kiosk.sandbox import SandboxServer, server_tls_context
from tests.api.conftest import SOMCHAI, MakeClient, TlsFiles


def test_headers_sent_a_line_at_a_time_are_cut_off_by_the_budget(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    client = make_client(lookup_budget=1.5)
    client.entitlements(SOMCHAI)  # the token is fetched while the server still behaves
    sandbox.set_faults(slow_headers=True)
    with pytest.raises(LookupTimeout) as caught:
        client.entitlements(SOMCHAI)
    line = caught.value.one_line()
    assert "ไม่ตอบสนองภายในเวลาที่กำหนด" in line and "did not answer in time" in line
    assert caught.value.reference  # the request id, for the helpdesk


def test_a_token_endpoint_sending_slow_headers_is_cut_off_by_the_budget(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    sandbox.set_faults(slow_headers=True, scope="token")
    with pytest.raises(LookupTimeout):
        make_client(lookup_budget=1.5).entitlements(SOMCHAI)
    assert sandbox.hits("/v1/entitlements") == 0


def test_slow_headers_over_tls_are_cut_off_by_the_budget(
    tls_files: TlsFiles, make_client: MakeClient
) -> None:
    context = server_tls_context(tls_files.server_pem, tls_files.server_pem)
    with SandboxServer(ssl_context=context) as server:
        client = make_client(server, ca_bundle=tls_files.server_ca, lookup_budget=1.5)
        client.entitlements(SOMCHAI)
        server.set_faults(slow_headers=True)
        with pytest.raises(LookupTimeout):
            client.entitlements(SOMCHAI)


def test_the_connection_still_works_after_a_lookup_that_ran_out_of_time(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    client = make_client(lookup_budget=1.5)
    sandbox.set_faults(slow_headers=True)
    with pytest.raises(LookupTimeout):
        client.entitlements(SOMCHAI)
    sandbox.set_faults(slow_headers=False)
    assert client.entitlements(SOMCHAI).programmes
