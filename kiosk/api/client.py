"""The top layer: `EntitlementsClient`, one method per resource of the contract.

Layers in the stripe-python style: client (resources, CID checks, parsing) -> requestor
(headers, token, retries, error mapping) -> transport (pooled HTTP session, TLS).
"""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol, TypeVar

from cardreader.cid import is_valid_cid, mask_cid
from cardreader.laser import LaserCode
from kiosk.api import models, parse
from kiosk.api.errors import ContractViolation, InvalidCitizenId
from kiosk.api.requestor import ApiRequestor, Call, Caller, new_request_id
from kiosk.api.retry import Budget, Clock, RetryPolicy
from kiosk.api.transport import HttpTransport, TlsSettings
from kiosk.config import ApiConfig

log = logging.getLogger("kiosk.api")

ENTITLEMENTS_SCREEN = "entitlements-screen"
CARD_STATUS_CHECK = "card-status-check"
CARD_STATUS_PATH = "/v1/card-status"


class _Answer(Protocol):
    @property
    def request_id(self) -> str: ...


A = TypeVar("A", bound=_Answer)


class EntitlementsClient:
    """Thread-safe; keep one per process so connections and the token are reused.

    `clock`, `sleep` and `rng` exist so tests can drive token expiry and backoff.
    """

    def __init__(
        self,
        config: ApiConfig,
        *,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        if config.is_embedded:
            raise ValueError("start the embedded sandbox first: kiosk.sandbox.resolve_api_config")
        self._budget_seconds = config.lookup_budget
        self._clock = clock
        self._transport = HttpTransport(
            TlsSettings(config.ca_bundle, config.client_cert, config.client_key)
        )
        self._requestor = ApiRequestor(
            config.url,
            Caller(config.kiosk_id, config.officer_id, config.consumer_key, config.consumer_secret),
            self._transport,
            RetryPolicy(config.max_retries, config.backoff_base, config.backoff_max),
            (config.connect_timeout, config.read_timeout),
            clock=clock,
            sleep=sleep,
            rng=rng,
        )

    def entitlements(self, cid: str, *, purpose: str = ENTITLEMENTS_SCREEN) -> models.Entitlements:
        """Every programme's status; partial (see `is_partial`) when an agency is down."""
        return self._citizen_lookup("/v1/entitlements", cid, purpose, parse.entitlements)

    def health_insurance_right(
        self, cid: str, *, purpose: str = ENTITLEMENTS_SCREEN
    ) -> models.HealthInsuranceRight:
        return self._citizen_lookup(
            "/v1/disability/health-insurance-right", cid, purpose, parse.health_insurance_right
        )

    def assistive_devices(
        self, cid: str, *, purpose: str = ENTITLEMENTS_SCREEN
    ) -> models.AssistiveDevices:
        return self._citizen_lookup(
            "/v1/disability/assistive-devices", cid, purpose, parse.assistive_devices
        )

    def rehabilitation_history(
        self, cid: str, *, purpose: str = ENTITLEMENTS_SCREEN
    ) -> models.RehabilitationHistory:
        return self._citizen_lookup(
            "/v1/disability/rehabilitation-history", cid, purpose, parse.rehabilitation_history
        )

    def card_status(
        self,
        cid: str,
        *,
        first_name_th: str,
        last_name_th: str,
        birth_date_be: str,
        laser_code: LaserCode,
        purpose: str = CARD_STATUS_CHECK,
    ) -> models.CardStatusAnswer:
        """Ask the civil registry about a card (POST /v1/card-status). Everything travels in
        the JSON body; the laser code is revealed only into that body, never logged."""
        if not is_valid_cid(cid):
            raise InvalidCitizenId(f"rejected before any call: {mask_cid(cid)}")
        body = {
            "citizen_id": cid,
            "first_name_th": first_name_th,
            "last_name_th": last_name_th,
            "birth_date": birth_date_be,
            "laser_code": laser_code.reveal(),
        }
        call = dataclasses.replace(
            self._call(CARD_STATUS_PATH, purpose), method="POST", json_body=body
        )
        log.info("%s for %s [%s]", CARD_STATUS_PATH, mask_cid(cid), call.request_id)
        return self._bound(call, cid, parse.card_status)

    def health(self) -> models.Health:
        call = self._call("/v1/health", "health-check", authenticated=False)
        return self._requestor.call(call, parse.health)

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> EntitlementsClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _citizen_lookup(self, path: str, cid: str, purpose: str, read: Callable[[Any], A]) -> A:
        if not is_valid_cid(cid):
            raise InvalidCitizenId(f"rejected before any call: {mask_cid(cid)}")
        call = self._call(path, purpose, extra_headers={"Citizen-Id": cid})
        log.info("%s for %s [%s]", path, mask_cid(cid), call.request_id)
        return self._bound(call, cid, read)

    def _bound(self, call: Call, cid: str, read: Callable[[Any], A]) -> A:
        """Send `call`; its answer must be for this request and about `cid`."""

        def read_bound(body: Any) -> A:
            answer = read(body)
            parse.check_citizen(body, call.request_id, cid)
            return answer

        answer = self._requestor.call(call, read_bound)
        if answer.request_id != call.request_id:
            raise ContractViolation("the answer is for another request", request_id=call.request_id)
        return answer

    def _call(
        self,
        path: str,
        purpose: str,
        *,
        extra_headers: dict[str, str] | None = None,
        authenticated: bool = True,
    ) -> Call:
        return Call(
            method="GET",
            path=path,
            purpose=purpose,
            request_id=new_request_id(),
            budget=Budget(self._budget_seconds, self._clock),
            extra_headers=extra_headers or {},
            authenticated=authenticated,
        )
