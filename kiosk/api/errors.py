"""The API client's failures: a small hierarchy of `UserFacingError`s whose reference is the
request id (X-Road-Id), so a helpdesk can find the call in the server's logs."""

from __future__ import annotations

from cardreader.text import Bilingual
from kiosk.errors import UserFacingError

M = Bilingual
_TRY_AGAIN_LATER = M("กรุณาลองใหม่อีกครั้งในภายหลัง", "Please try again later.")
_CALL_STAFF = M("กรุณาติดต่อเจ้าหน้าที่", "Please ask a staff member for help.")


class ApiError(UserFacingError):
    """Any failure of a lookup. `detail` is for logs (English, never a citizen ID)."""

    what = M("ตรวจสอบสิทธิ์ไม่สำเร็จ", "The entitlement lookup failed.")
    action = _CALL_STAFF
    is_retryable = False

    def __init__(self, detail: str, *, request_id: str = "") -> None:
        super().__init__(
            type(self).what, type(self).action, reference=request_id, retryable=self.is_retryable
        )
        self.detail = detail
        self.request_id = request_id

    def __str__(self) -> str:
        return f"{self.what.en} ({self.detail})"


class InvalidCitizenId(ApiError):
    what = M("เลขประจำตัวประชาชนไม่ถูกต้อง", "The citizen ID is not valid.")
    action = M("กรุณาตรวจสอบเลข 13 หลักอีกครั้ง", "Please check the 13 digits and enter them again.")


class ServiceUnavailable(ApiError):
    """Network failures, 5xx answers, and retries that ran out."""

    what = M("ระบบตรวจสอบสิทธิ์ไม่พร้อมให้บริการ", "The entitlement service is not available.")
    action = _TRY_AGAIN_LATER
    is_retryable = True


class LookupTimeout(ServiceUnavailable):
    """The lookup's total time budget ran out."""

    what = M(
        "ระบบตรวจสอบสิทธิ์ไม่ตอบสนองภายในเวลาที่กำหนด", "The entitlement service did not answer in time."
    )


class AuthenticationFailed(ApiError):
    """The kiosk's credentials or certificate were refused: a set-up problem for staff."""

    what = M("เครื่องนี้ไม่ได้รับอนุญาตให้ตรวจสอบสิทธิ์", "This kiosk is not allowed to look up entitlements.")


class RequestRejected(ApiError):
    """The server refused the request (4xx other than authentication)."""


class ContractViolation(ApiError):
    """The answer was malformed or broke the contract; it is never shown as data."""

    what = M("ได้รับข้อมูลสิทธิ์ที่ไม่ถูกต้องจากระบบ", "The entitlement service sent data that is not valid.")


class AnotherCitizen(ContractViolation):
    """The answer is not bound to the citizen asked about (`citizen_id_sha256`)."""

    what = M(
        "ระบบตรวจสอบสิทธิ์ส่งข้อมูลที่ไม่ตรงกับบัตรนี้ จึงไม่แสดงข้อมูล",
        "The entitlement service answered about another person, so nothing is shown.",
    )


_TLS_SETUP = M(
    "ปัญหาการตั้งค่า: เชื่อมต่อระบบตรวจสอบสิทธิ์อย่างปลอดภัยไม่ได้",
    "Set-up problem: no secure connection to the entitlement service",
)


class TlsSetupFailed(ApiError):
    """The secure connection could not be set up: a configuration problem, not a busy server.

    `reason` says which check failed (unknown CA, wrong host name, expired certificate, the
    kiosk's own certificate refused); retrying does not help, an administrator must act."""

    what = M(_TLS_SETUP.th, _TLS_SETUP.en + ".")
    action = M(
        "กรุณาแจ้งผู้ดูแลระบบให้ตรวจสอบใบรับรองและการตั้งค่า TLS ของเครื่องนี้",
        "Please ask the administrator to check this kiosk's certificates and TLS settings.",
    )

    def __init__(self, detail: str, *, reason: Bilingual, request_id: str = "") -> None:
        super().__init__(detail, request_id=request_id)
        self.reason = reason
        self.what = M(f"{_TLS_SETUP.th}: {reason.th}", f"{_TLS_SETUP.en}: {reason.en}.")
