"""The middle layer: X-Road headers, the bearer token, retries within the lookup's budget, and
HTTP answers mapped to the client's typed errors."""

from __future__ import annotations

import json
import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from cardreader.text import Bilingual
from kiosk.api import errors, parse
from kiosk.api.auth import TokenCache
from kiosk.api.models import Token
from kiosk.api.retry import RETRYABLE_STATUSES, Budget, Clock, RetryPolicy, parse_retry_after
from kiosk.api.transport import HttpResponse, HttpTransport, NetworkFailure

T = TypeVar("T")
log = logging.getLogger("kiosk.api")

TOKEN_PATH = "/v1/auth/token"


@dataclass(frozen=True)
class Caller:
    """Who asks (X-Road-Client, X-Road-UserId), and with which credentials."""

    client_id: str
    user_id: str
    consumer_key: str
    consumer_secret: str


@dataclass(frozen=True)
class Call:
    """One logical request; its `request_id` is reused by every retry of it."""

    method: str
    path: str
    purpose: str
    request_id: str
    budget: Budget
    extra_headers: Mapping[str, str]
    authenticated: bool = True
    idempotent: bool = True
    form: Mapping[str, str] | None = None
    json_body: Mapping[str, Any] | None = field(default=None, repr=False)  # may hold a secret


def new_request_id() -> str:
    return str(uuid.uuid4())


class ApiRequestor:
    def __init__(
        self,
        base_url: str,
        caller: Caller,
        transport: HttpTransport,
        policy: RetryPolicy,
        timeouts: tuple[float, float],
        *,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._caller = caller
        self._transport = transport
        self._policy = policy
        self._timeouts = timeouts
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._tokens = TokenCache(self._fetch_token, clock)

    def call(self, call: Call, read: Callable[[Any], T]) -> T:
        """Send `call` (retrying what may be retried) and read its JSON answer with `read`."""
        response = self._send_with_retries(call)
        try:
            return read(_json_body(response))
        except errors.ContractViolation as violation:
            raise type(violation)(violation.detail, request_id=call.request_id) from None

    def _send_with_retries(self, call: Call) -> HttpResponse:
        retries = 0
        token_refreshed = False
        while True:
            failure: errors.ApiError
            retry_after: float | None = None
            try:
                response, token = self._send_once(call)
            except NetworkFailure as network:
                failure = _network_error(network, call.request_id)
                if network.kind == "tls" or not call.idempotent:
                    raise failure from None
            else:
                if response.status == 401 and token and not token_refreshed:
                    self._tokens.invalidate(token)
                    token_refreshed = True
                    log.info("token refused; fetching a new one [%s]", call.request_id)
                    continue
                if not (response.status in RETRYABLE_STATUSES and call.idempotent):
                    return _checked(response, call.request_id)
                failure = _status_error(response, call.request_id)
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retries >= self._policy.max_retries:
                raise failure
            self._back_off(call, retries, retry_after, failure)
            retries += 1

    def _send_once(self, call: Call) -> tuple[HttpResponse, str]:
        token = self._tokens.bearer(call.budget) if call.authenticated else ""
        headers = {
            "Accept": "application/json",
            "X-Road-Client": self._caller.client_id,
            "X-Road-UserId": self._caller.user_id,
            "X-Road-Issue": call.purpose,
            "X-Road-Id": call.request_id,
            **call.extra_headers,
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        caller = self._caller
        started = time.monotonic()
        response = self._transport.send(
            call.method,
            self._base_url + call.path,
            headers=headers,
            timeout=self._attempt_timeouts(call),
            within=call.budget.remaining(),
            data=call.form,
            json_body=call.json_body,
            auth=None if call.authenticated else (caller.consumer_key, caller.consumer_secret),
        )
        elapsed = time.monotonic() - started
        log.info(
            "%s %s -> %d in %.3f s [%s]",
            call.method,
            call.path,
            response.status,
            elapsed,
            call.request_id,
        )
        return response, token

    def _attempt_timeouts(self, call: Call) -> tuple[float, float]:
        remaining = call.budget.remaining()
        if remaining <= 0:
            raise errors.LookupTimeout(
                "the lookup's time budget ran out", request_id=call.request_id
            )
        connect, read = self._timeouts
        return (min(connect, remaining), min(read, remaining))

    def _back_off(
        self, call: Call, retries: int, retry_after: float | None, failure: errors.ApiError
    ) -> None:
        delay = self._policy.delay(retries, retry_after, self._rng)
        if delay >= call.budget.remaining():
            log.info(
                "no time left to retry %s [%s]: %s", call.path, call.request_id, failure.detail
            )
            raise failure
        log.info(
            "retrying %s in %.2f s [%s]: %s", call.path, delay, call.request_id, failure.detail
        )
        self._sleep(delay)

    def _fetch_token(self, budget: Budget) -> Token:
        """Issuing a token changes nothing the caller can observe, so it is safe to retry."""
        call = Call(
            method="POST",
            path=TOKEN_PATH,
            purpose="authentication",
            request_id=new_request_id(),
            budget=budget,
            extra_headers={},
            authenticated=False,
            form={"grant_type": "client_credentials"},
        )
        try:
            return self.call(call, parse.token)
        except errors.RequestRejected as rejected:
            raise errors.AuthenticationFailed(
                rejected.detail, request_id=rejected.request_id
            ) from None


def _json_body(response: HttpResponse) -> Any:
    content_type = response.headers.get("Content-Type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise errors.ContractViolation(f"answer is {content_type or 'untyped'}, not JSON")
    try:
        return json.loads(response.body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise errors.ContractViolation("answer is not valid JSON") from None


def _checked(response: HttpResponse, request_id: str) -> HttpResponse:
    echoed = response.headers.get("X-Road-Id")
    if response.status == 200:
        if echoed != request_id:
            raise errors.ContractViolation("X-Road-Id was not echoed", request_id=request_id)
        return response
    raise _status_error(response, request_id)


def _error_code(response: HttpResponse) -> str:
    try:
        code = parse.error_code(json.loads(response.body))
    except (UnicodeDecodeError, json.JSONDecodeError):
        code = None
    return code or "no error code"


def _status_error(response: HttpResponse, request_id: str) -> errors.ApiError:
    status = response.status
    detail = f"HTTP {status} {_error_code(response)}"
    if status == 400 and _error_code(response) == "invalid_citizen_id":
        return errors.InvalidCitizenId(detail, request_id=request_id)
    if status in (401, 403):
        return errors.AuthenticationFailed(detail, request_id=request_id)
    if status == 429:
        return errors.ServiceUnavailable(detail, request_id=request_id)
    if 400 <= status < 500:
        return errors.RequestRejected(detail, request_id=request_id)
    if 500 <= status < 600:
        return errors.ServiceUnavailable(detail, request_id=request_id)
    return errors.ContractViolation(f"unexpected {detail}", request_id=request_id)


_TLS_REASONS = (
    (
        ("certificate has expired", "certificate is not yet valid"),
        Bilingual(
            "ใบรับรองของระบบหมดอายุหรือยังไม่มีผล (หรือนาฬิกาของเครื่องนี้ไม่ถูกต้อง)",
            "the service's certificate has expired or is not yet valid (or this kiosk's clock "
            "is wrong)",
        ),
    ),
    (
        ("hostname mismatch", "ip address mismatch", "doesn't match"),
        Bilingual(
            "ใบรับรองของระบบออกให้ชื่อเครื่องอื่น (ตรวจสอบ api.url)",
            "the service's certificate is for another host name (check api.url)",
        ),
    ),
    (
        ("unable to get local issuer", "self-signed certificate", "self signed certificate"),
        Bilingual(
            "ใบรับรองของระบบออกโดยหน่วยงานที่เครื่องนี้ไม่เชื่อถือ (ตรวจสอบ api.ca_bundle)",
            "the service's certificate comes from an authority this kiosk does not trust "
            "(check api.ca_bundle)",
        ),
    ),
    (
        ("alert", "certificate required"),
        Bilingual(
            "ระบบไม่ยอมรับใบรับรองของเครื่องนี้ (ตรวจสอบ api.client_cert และ api.client_key)",
            "the service refused this kiosk's certificate (check api.client_cert and "
            "api.client_key)",
        ),
    ),
)
_TLS_OTHER = Bilingual("การตรวจสอบการเชื่อมต่อ TLS ไม่ผ่าน", "the TLS checks did not pass")


def tls_reason(detail: str) -> Bilingual:
    """What an administrator should look at, from the TLS library's error text."""
    text = detail.lower()
    for needles, reason in _TLS_REASONS:
        if any(needle in text for needle in needles):
            return reason
    return _TLS_OTHER


def _network_error(failure: NetworkFailure, request_id: str) -> errors.ApiError:
    if failure.kind == "tls":
        detail = str(failure)
        return errors.TlsSetupFailed(detail, reason=tls_reason(detail), request_id=request_id)
    if failure.kind == "timeout":
        return errors.LookupTimeout(str(failure), request_id=request_id)
    return errors.ServiceUnavailable(str(failure), request_id=request_id)
