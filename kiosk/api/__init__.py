"""The subsidy-status API client (Kivy-free). The contract is openapi.yaml next to this file.

with EntitlementsClient(config.api) as client:
    entitlements = client.entitlements(cid)
"""

from kiosk.api.card_check import CardCheck, check_card
from kiosk.api.client import CARD_STATUS_CHECK, ENTITLEMENTS_SCREEN, EntitlementsClient
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
