"""The subsidy-status API client (Kivy-free). The contract is openapi.yaml next to this file.

with EntitlementsClient(config.api) as client:
    entitlements = client.entitlements(cid)
"""

from kiosk.api.client import ENTITLEMENTS_SCREEN, EntitlementsClient
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
    "ENTITLEMENTS_SCREEN",
    "AgencySource",
    "Amount",
    "ApiError",
    "AssistiveDevices",
    "AuthenticationFailed",
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
]
