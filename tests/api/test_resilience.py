"""Tokens, retries, budgets, TLS and log privacy, against the sandbox over real HTTP."""

from __future__ import annotations

import logging
import random

import pytest

from cardreader.cid import format_cid, mask_cid
from kiosk.api import (
    ApiError,
    AuthenticationFailed,
    ContractViolation,
    EntitlementsClient,
    LookupTimeout,
    RequestRejected,
    ServiceUnavailable,
)
from kiosk.api.errors import TlsSetupFailed
from kiosk.api.requestor import Call, new_request_id
from kiosk.api.retry import Budget, RetryPolicy, parse_retry_after
from kiosk.sandbox import Credentials, SandboxServer, server_tls_context
from tests.api.conftest import BOONMEE, SOMCHAI, FakeClock, MakeClient, TlsFiles

TOKEN, ENTITLEMENTS = "/v1/auth/token", "/v1/entitlements"


class RecordingSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


# Tokens


def test_one_token_serves_many_lookups(sandbox: SandboxServer, client: EntitlementsClient) -> None:
    for _ in range(3):
        client.entitlements(SOMCHAI)
    assert sandbox.hits(TOKEN) == 1
    assert sandbox.hits(ENTITLEMENTS) == 3


def test_a_token_refused_as_expired_is_refreshed_once(
    sandbox: SandboxServer, client: EntitlementsClient
) -> None:
    client.entitlements(SOMCHAI)
    sandbox.expire_issued_tokens()
    client.entitlements(SOMCHAI)
    assert sandbox.hits(TOKEN) == 2
    assert sandbox.hits(ENTITLEMENTS) == 3  # one 401, then the retry with the new token


def test_a_token_is_refreshed_before_it_expires(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    clock = FakeClock()
    client = make_client(clock=clock)
    client.entitlements(SOMCHAI)
    clock.now += sandbox.tokens.ttl  # past the token's lifetime: refresh without a 401
    client.entitlements(SOMCHAI)
    assert sandbox.hits(TOKEN) == 2
    assert sandbox.hits(ENTITLEMENTS) == 2


def test_tokens_that_keep_being_refused_end_in_an_authentication_error(
    sandbox: SandboxServer, client: EntitlementsClient
) -> None:
    sandbox.set_faults(expire_tokens=True)
    with pytest.raises(AuthenticationFailed) as caught:
        client.entitlements(SOMCHAI)
    assert caught.value.reference
    assert sandbox.hits(TOKEN) == 2
    assert sandbox.hits(ENTITLEMENTS) == 2


def test_wrong_credentials_are_an_authentication_error(make_client: MakeClient) -> None:
    client = make_client(consumer_secret="not-the-secret")
    with pytest.raises(AuthenticationFailed):
        client.entitlements(SOMCHAI)


# Retries


def test_retryable_failures_are_retried_until_an_answer(
    sandbox: SandboxServer, client: EntitlementsClient
) -> None:
    sandbox.set_faults(fail_next=2)
    assert client.entitlements(SOMCHAI).programmes
    assert sandbox.hits(ENTITLEMENTS) == 3


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_retries_stop_at_the_limit(
    sandbox: SandboxServer, make_client: MakeClient, status: int
) -> None:
    sandbox.set_faults(fail_next=100, error_status=status)
    with pytest.raises(ServiceUnavailable) as caught:
        make_client(max_retries=2).entitlements(SOMCHAI)
    assert f"HTTP {status}" in caught.value.detail
    assert sandbox.hits(ENTITLEMENTS) == 3


@pytest.mark.parametrize(
    ("status", "error"), [(500, ServiceUnavailable), (400, RequestRejected), (404, RequestRejected)]
)
def test_other_failures_are_not_retried(
    sandbox: SandboxServer, client: EntitlementsClient, status: int, error: type[ApiError]
) -> None:
    sandbox.set_faults(fail_next=1, error_status=status)
    with pytest.raises(error):
        client.entitlements(SOMCHAI)
    assert sandbox.hits(ENTITLEMENTS) == 1


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(
    sandbox: SandboxServer, make_client: MakeClient, status: int
) -> None:
    sleep = RecordingSleep()
    sandbox.set_faults(fail_next=1, error_status=status, retry_after=2)
    assert make_client(sleep=sleep).entitlements(SOMCHAI).programmes
    assert sleep.delays == [2.0]
    assert sandbox.hits(ENTITLEMENTS) == 2


def test_too_many_requests_with_a_retry_after_beyond_the_budget_ends_at_once(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    sleep = RecordingSleep()
    sandbox.set_faults(fail_next=1, error_status=429, retry_after=60)
    with pytest.raises(ServiceUnavailable) as caught:
        make_client(sleep=sleep, lookup_budget=5.0).entitlements(SOMCHAI)
    assert "HTTP 429" in caught.value.detail
    assert sleep.delays == []


def test_a_retry_after_beyond_the_budget_ends_the_lookup_at_once(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    sleep = RecordingSleep()
    sandbox.set_faults(fail_next=1, retry_after=60)
    with pytest.raises(ServiceUnavailable):
        make_client(sleep=sleep, lookup_budget=5.0).entitlements(SOMCHAI)
    assert sleep.delays == []
    assert sandbox.hits(ENTITLEMENTS) == 1


def test_backoff_is_jittered_and_capped() -> None:
    policy = RetryPolicy(max_retries=10, base_delay=0.5, max_delay=2.0)
    rng = random.Random(7)
    delays = [policy.delay(retry, None, rng) for retry in range(10) for _ in range(20)]
    assert all(0 <= delay <= 2.0 for delay in delays)
    assert len(set(delays)) == len(delays)


def test_retry_after_as_an_http_date() -> None:
    import datetime as dt

    now = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:05 GMT", now) == 5.0
    assert parse_retry_after("soon", now) is None


def test_a_reset_connection_is_retried_then_reported(
    sandbox: SandboxServer, client: EntitlementsClient
) -> None:
    client.entitlements(SOMCHAI)  # token first, so only the lookup meets the reset
    sandbox.set_faults(reset=True)
    with pytest.raises(ServiceUnavailable) as caught:
        client.entitlements(SOMCHAI)
    assert caught.value.reference
    assert sandbox.hits(ENTITLEMENTS) == 1 + 1 + 3


def test_calls_that_are_not_idempotent_are_never_retried(
    sandbox: SandboxServer, client: EntitlementsClient
) -> None:
    sandbox.set_faults(fail_next=5)
    call = Call(
        method="GET",
        path=ENTITLEMENTS,
        purpose="test",
        request_id=new_request_id(),
        budget=Budget(5.0, lambda: 0.0),
        extra_headers={"Citizen-Id": SOMCHAI},
        idempotent=False,
    )
    with pytest.raises(ServiceUnavailable):
        client._requestor.call(call, lambda body: body)
    assert sandbox.hits(ENTITLEMENTS) == 1


# Time budget


def test_a_hanging_server_ends_in_a_timeout_within_the_budget(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    client = make_client(lookup_budget=1.0)
    client.entitlements(SOMCHAI)
    sandbox.set_faults(hang=True)
    with pytest.raises(LookupTimeout) as caught:
        client.entitlements(SOMCHAI)
    assert "did not answer in time" in caught.value.one_line()
    assert caught.value.retryable


def test_slow_answers_within_the_budget_are_fine(
    sandbox: SandboxServer, client: EntitlementsClient
) -> None:
    sandbox.set_faults(latency=0.2)
    assert client.entitlements(SOMCHAI).programmes


def test_nothing_listening_is_service_unavailable(make_client: MakeClient) -> None:
    with SandboxServer() as gone:
        url = gone.url
    with pytest.raises(ServiceUnavailable):
        make_client(url=url, max_retries=1).entitlements(SOMCHAI)


# TLS


def test_tls_with_a_configured_ca_bundle(tls_files: TlsFiles, make_client: MakeClient) -> None:
    context = server_tls_context(tls_files.server_pem, tls_files.server_pem)
    with SandboxServer(ssl_context=context) as server:
        assert server.url.startswith("https://")
        client = make_client(server, ca_bundle=tls_files.server_ca)
        assert client.entitlements(SOMCHAI).programmes


def test_tls_verification_is_always_on(tls_files: TlsFiles, make_client: MakeClient) -> None:
    context = server_tls_context(tls_files.server_pem, tls_files.server_pem)
    with SandboxServer(ssl_context=context) as server:
        with pytest.raises(TlsSetupFailed) as caught:
            make_client(server).entitlements(SOMCHAI)
        assert "tls" in caught.value.detail
        assert server.hits(TOKEN) == 0


def test_mutual_tls(tls_files: TlsFiles, make_client: MakeClient) -> None:
    context = server_tls_context(tls_files.server_pem, tls_files.server_pem, tls_files.client_ca)
    with SandboxServer(ssl_context=context) as server:
        kiosk = make_client(
            server,
            ca_bundle=tls_files.server_ca,
            client_cert=tls_files.client_cert,
            client_key=tls_files.client_key,
        )
        assert kiosk.entitlements(SOMCHAI).programmes
        for cert, key in ((None, None), (tls_files.stranger_cert, tls_files.stranger_key)):
            other = make_client(
                server, ca_bundle=tls_files.server_ca, client_cert=cert, client_key=key,
                max_retries=1,
            )  # fmt: skip
            with pytest.raises(TlsSetupFailed):
                other.entitlements(SOMCHAI)
        assert server.hits(ENTITLEMENTS) == 1


# Privacy


def test_no_citizen_id_in_the_logs(
    sandbox: SandboxServer, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client()
    client.entitlements(SOMCHAI)
    client.health_insurance_right(BOONMEE)
    sandbox.set_faults(fail_next=1)
    client.entitlements(SOMCHAI)
    sandbox.set_faults(malformed="contract")
    with pytest.raises(ContractViolation):
        client.entitlements(SOMCHAI)
    assert caplog.records  # the lookups were logged…
    for cid in (SOMCHAI, BOONMEE):  # …without the citizen IDs
        assert cid not in caplog.text
        assert format_cid(cid) not in caplog.text
    assert mask_cid(SOMCHAI) in caplog.text


def test_sandbox_credentials_are_not_in_reprs() -> None:
    assert "s3cret" not in repr(Credentials("key", "s3cret"))


def test_a_dripping_answer_is_cut_off_by_the_budget(
    sandbox: SandboxServer, make_client: MakeClient
) -> None:
    """Each socket read gets a byte in time, so only a clock on the whole answer ends it."""
    client = make_client(lookup_budget=1.5, max_retries=0)
    client.entitlements(SOMCHAI)  # the token is fetched while the server still behaves
    sandbox.set_faults(drip=True)
    with pytest.raises(LookupTimeout):
        client.entitlements(SOMCHAI)


def test_an_answer_that_is_not_http_is_service_unavailable(make_client: MakeClient) -> None:
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))

    def garbage() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                connection.sendall(b"\x00\x01garbage that is not HTTP\r\n\r\n")

    threading.Thread(target=garbage, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(ServiceUnavailable):
            make_client(url=url, max_retries=1).entitlements(SOMCHAI)
    finally:
        listener.close()
