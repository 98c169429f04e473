"""What the API answers, as frozen values that cross layers (CLI, kiosk UI, forms)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal

from cardreader.text import Bilingual


class Status(enum.Enum):
    """A programme's status for one citizen."""

    RECEIVED = "received"
    PENDING = "pending"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"

    @property
    def label(self) -> Bilingual:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.RECEIVED: Bilingual("ได้รับแล้ว", "received"),
    Status.PENDING: Bilingual("ยังไม่ได้รับ", "not yet received"),
    Status.NOT_ELIGIBLE: Bilingual("ไม่มีสิทธิ์", "not eligible"),
    Status.UNKNOWN: Bilingual("ไม่ทราบสถานะ", "status unknown"),
}


class Period(enum.Enum):
    ONE_TIME = "one_time"
    MONTHLY = "monthly"
    YEARLY = "yearly"

    @property
    def label(self) -> Bilingual:
        return _PERIOD_LABELS[self]


_PERIOD_LABELS = {
    Period.ONE_TIME: Bilingual("", ""),
    Period.MONTHLY: Bilingual("ต่อเดือน", "per month"),
    Period.YEARLY: Bilingual("ต่อปี", "per year"),
}


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str
    period: Period


@dataclass(frozen=True)
class AgencySource:
    """One agency behind the answer: `as_of` is the date its data is current as of."""

    agency: str
    name: Bilingual
    available: bool
    as_of: dt.date | None


@dataclass(frozen=True)
class ProgrammeStatus:
    code: str
    agency: str
    name: Bilingual
    status: Status
    amount: Amount | None
    last_payment_date: dt.date | None
    as_of: dt.date


@dataclass(frozen=True)
class Entitlements:
    """All programmes of one citizen; partial when some agency source was unavailable."""

    request_id: str
    generated_at: dt.datetime
    sources: tuple[AgencySource, ...]
    programmes: tuple[ProgrammeStatus, ...]

    @property
    def unavailable_sources(self) -> tuple[AgencySource, ...]:
        return tuple(source for source in self.sources if not source.available)

    @property
    def is_partial(self) -> bool:
        return bool(self.unavailable_sources)


@dataclass(frozen=True)
class CodedName:
    code: str
    name: Bilingual


@dataclass(frozen=True)
class DisabilityRight:
    scheme: CodedName
    disability_types: tuple[CodedName, ...]
    main_hospital: CodedName
    valid_from: dt.date
    valid_until: dt.date | None  # None: does not expire


@dataclass(frozen=True)
class HealthInsuranceRight:
    """The health-insurance right of a person with disabilities; `right` None if none."""

    request_id: str
    source: AgencySource
    right: DisabilityRight | None


@dataclass(frozen=True)
class Disbursement:
    device: CodedName
    quantity: int
    date: dt.date
    facility: CodedName


@dataclass(frozen=True)
class AssistiveDevices:
    request_id: str
    source: AgencySource
    disbursements: tuple[Disbursement, ...]


@dataclass(frozen=True)
class RehabilitationSession:
    service: CodedName
    date: dt.date
    facility: CodedName


@dataclass(frozen=True)
class RehabilitationHistory:
    request_id: str
    source: AgencySource
    sessions: tuple[RehabilitationSession, ...]


@dataclass(frozen=True)
class Health:
    ok: bool
    time: dt.datetime
    version: str
    sources: tuple[AgencySource, ...]


@dataclass(frozen=True)
class Token:
    access_token: str
    expires_in: int


class CardStatus(enum.Enum):
    """What the civil registry says about an ID card checked by its laser code."""

    VALID = "valid"
    NOT_VALID = "not_valid"
    CANNOT_CHECK = "cannot_check"

    @property
    def label(self) -> Bilingual:
        """The line an officer sees."""
        return _CARD_STATUS_LABELS[self]


_CARD_STATUS_LABELS = {
    CardStatus.VALID: Bilingual(
        "ตรวจสอบบัตรกับทะเบียนราษฎรแล้ว: บัตรใช้ได้", "card checked with the civil registry: valid"
    ),
    CardStatus.NOT_VALID: Bilingual(
        "ตรวจสอบบัตรกับทะเบียนราษฎรแล้ว: บัตรใช้ไม่ได้ — ขอเอกสารอื่น",
        "card checked with the civil registry: NOT VALID — ask for another document",
    ),
    CardStatus.CANNOT_CHECK: Bilingual(
        "ตรวจสอบบัตรกับทะเบียนราษฎรไม่ได้", "cannot check the card with the civil registry"
    ),
}


@dataclass(frozen=True)
class CardStatusAnswer:
    request_id: str
    status: CardStatus
    checked_at: dt.datetime
