"""The fault switches reach the token endpoint (`scope="token"`), and the client behaves under
each: a busy token endpoint is retried within the budget, a broken one is an error that says
so, a slow one ends with the budget; the personal route is never called without a token."""

from __future__ import annotations

import pytest

from kiosk.api import ContractViolation, LookupTimeout, ServiceUnavailable
from kiosk.sandbox import SandboxServer
from tests.api.conftest import SOMCHAI, MakeClient

TOKEN, ENTITLEMENTS = "/v1/auth/token", "/v1/entitlements"


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_a_busy_token_endpoint_is_retried_and_the_lookup_succeeds(
    sandbox: SandboxServer, make_client: MakeClient, status: int
) -> None:
    sandbox.set_faults(fail_next=2, error_status=status, scope="token")
    assert make_client().entitlements(SOMCHAI).programmes
    assert sandbox.hits(TOKEN) == 3
    assert sandbox.hits(ENTITLEMENTS) == 1


def test_a_token_endpoint_that_stays_down_is_service_unavailable(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    sandbox.set_faults(fail_next=100, error_status=503, scope="token")
    with pytest.raises(ServiceUnavailable) as caught:
        make_client(max_retries=2).entitlements(SOMCHAI)
    assert "HTTP 503" in caught.value.detail
    assert sandbox.hits(TOKEN) == 3
    assert sandbox.hits(ENTITLEMENTS) == 0


def test_a_server_error_at_the_token_endpoint_is_not_retried(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    sandbox.set_faults(fail_next=1, error_status=500, scope="token")
    with pytest.raises(ServiceUnavailable):
        make_client().entitlements(SOMCHAI)
    assert sandbox.hits(TOKEN) == 1
    assert sandbox.hits(ENTITLEMENTS) == 0


@pytest.mark.parametrize("kind", ["garbage", "contract"])
def test_a_broken_token_answer_is_a_contract_violation(
    sandbox: SandboxServer, make_client: MakeClient, kind: str
) -> None:
    sandbox.set_faults(malformed=kind, scope="token")
    with pytest.raises(ContractViolation) as caught:
        make_client().entitlements(SOMCHAI)
    assert caught.value.reference
    assert sandbox.hits(ENTITLEMENTS) == 0


def test_a_slow_token_endpoint_ends_with_the_budget(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    sandbox.set_faults(latency=30, scope="token")
    with pytest.raises(LookupTimeout):
        make_client(lookup_budget=1.0).entitlements(SOMCHAI)
    assert sandbox.hits(ENTITLEMENTS) == 0


def test_token_faults_leave_the_personal_routes_alone(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    client = make_client()
    client.entitlements(SOMCHAI)  # the token is cached from here on
    sandbox.set_faults(malformed="garbage", fail_next=5, scope="token")
    assert client.entitlements(SOMCHAI).programmes
    assert sandbox.hits(TOKEN) == 1


def test_contract_faults_leave_the_token_endpoint_alone(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    sandbox.set_faults(fail_next=1)  # scope "contract", the default
    assert make_client().entitlements(SOMCHAI).programmes
    assert sandbox.hits(TOKEN) == 1
    assert sandbox.hits(ENTITLEMENTS) == 2
