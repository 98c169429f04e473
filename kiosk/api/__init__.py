"""The subsidy-status API client (Kivy-free). The contract is openapi.yaml next to this file.

with EntitlementsClient(config.api) as client:
    entitlements = client.entitlements(cid)

The client and the card check (they bring in `requests`) load on first use (module
`__getattr__`): the models and errors alone, as the screens need them, load no HTTP library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kiosk.api.errors import (
    ApiError,
    AuthenticationFailed,
    ContractViolation,
    InvalidCitizenId,
    LookupTimeout,
    RequestRejected,
    ServiceUnavailable,
)
from kiosk.api.models import (
    AgencySource,
    Amount,
    AssistiveDevices,
    CardStatus,
    CardStatusAnswer,
    CodedName,
    DisabilityRight,
    Disbursement,
    Entitlements,
    Health,
    HealthInsuranceRight,
    Period,
    ProgrammeStatus,
    RehabilitationHistory,
    RehabilitationSession,
    Status,
)

if TYPE_CHECKING:
    from kiosk.api.card_check import CardCheck, check_card
    from kiosk.api.client import CARD_STATUS_CHECK, ENTITLEMENTS_SCREEN, EntitlementsClient

_SUBMODULE = {
    "CardCheck": "card_check",
    "check_card": "card_check",
    "CARD_STATUS_CHECK": "client",
    "ENTITLEMENTS_SCREEN": "client",
    "EntitlementsClient": "client",
}


def __getattr__(name: str) -> Any:
    submodule = _SUBMODULE.get(name)
    if submodule is None:
        raise AttributeError(f"module 'kiosk.api' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"kiosk.api.{submodule}"), name)
    globals()[name] = value  # loaded once
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "CARD_STATUS_CHECK",
    "ENTITLEMENTS_SCREEN",
    "AgencySource",
    "Amount",
    "ApiError",
    "AssistiveDevices",
    "AuthenticationFailed",
    "CardCheck",
    "CardStatus",
    "CardStatusAnswer",
    "CodedName",
    "ContractViolation",
    "DisabilityRight",
    "Disbursement",
    "Entitlements",
    "EntitlementsClient",
    "Health",
    "HealthInsuranceRight",
    "InvalidCitizenId",
    "LookupTimeout",
    "Period",
    "ProgrammeStatus",
    "RehabilitationHistory",
    "RehabilitationSession",
    "RequestRejected",
    "ServiceUnavailable",
    "Status",
    "check_card",
]
