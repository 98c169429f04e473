"""Structural validation of API answers: JSON -> frozen models, or `ContractViolation`.

Hand-written so the kiosk needs no schema engine at run time; it enforces the rules of
openapi.yaml that matter to what is shown (types, enums, formats, required and unknown keys,
and the cross-field rules the schema states in prose). tests/api checks that every sandbox
answer passes both this and the OpenAPI document.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from cardreader.text import Bilingual
from kiosk.api import models as m
from kiosk.api.binding import is_bound_to
from kiosk.api.errors import AnotherCitizen, ContractViolation

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
_AGENCY = re.compile(r"[A-Z][A-Z0-9_]{1,15}")
_PROGRAMME = re.compile(r"[a-z][a-z0-9_]{1,63}")
_CODE = re.compile(r"[A-Za-z0-9_.-]{1,32}")
_AMOUNT = re.compile(r"(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?")
_CURRENCY = re.compile(r"[A-Z]{3}")
_TOKEN = re.compile(r"[A-Za-z0-9._~+/-]{16,512}=*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
BINDING_KEY = "citizen_id_sha256"


class _Object:
    """A JSON object being read, with its path for error messages; rejects unknown keys."""

    def __init__(self, value: Any, path: str, keys: tuple[str, ...]) -> None:
        if not isinstance(value, dict):
            raise _violation(path, "is not an object")
        missing = [key for key in keys if key not in value]
        unknown = [key for key in value if key not in keys]
        if missing or unknown:
            raise _violation(path, f"missing {missing} / unexpected {unknown}")
        self._value = value
        self._path = path

    def path(self, key: str) -> str:
        return f"{self._path}.{key}"

    def raw(self, key: str) -> Any:
        return self._value[key]

    def text(self, key: str, pattern: re.Pattern[str] | None = None, max_len: int = 200) -> str:
        value = self._value[key]
        if not isinstance(value, str) or not 1 <= len(value) <= max_len:
            raise _violation(self.path(key), "is not a non-empty string of allowed length")
        if pattern is not None and not pattern.fullmatch(value):
            raise _violation(self.path(key), "does not match its pattern")
        return value

    def choice(self, key: str, choices: type[E]) -> E:
        value = self._value[key]
        try:
            return choices(value)
        except ValueError:
            raise _violation(
                self.path(key), f"is not one of the allowed values: {value!r}"
            ) from None

    def date(self, key: str) -> dt.date:
        value = self._value[key]
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise _violation(self.path(key), "is not a date")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _violation(self.path(key), "is not a calendar date") from None

    def datetime(self, key: str) -> dt.datetime:
        value = self._value[key]
        try:
            parsed = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise _violation(self.path(key), "is not a date-time with a time zone")
        return parsed

    def optional(self, key: str, read: Callable[[str], T]) -> T | None:
        return None if self._value[key] is None else read(key)

    def items(
        self, key: str, read: Callable[[Any, str], T], *, min_items: int = 0
    ) -> tuple[T, ...]:
        values = self._value[key]
        if not isinstance(values, list) or len(values) < min_items:
            raise _violation(self.path(key), f"is not a list of at least {min_items}")
        return tuple(read(item, f"{self.path(key)}[{index}]") for index, item in enumerate(values))

    def child(self, key: str, read: Callable[[Any, str], T]) -> T:
        return read(self._value[key], self.path(key))

    def integer(self, key: str, low: int, high: int) -> int:
        value = self._value[key]
        if type(value) is not int or not low <= value <= high:
            raise _violation(self.path(key), f"is not an integer in {low}..{high}")
        return value

    def boolean(self, key: str) -> bool:
        value = self._value[key]
        if type(value) is not bool:
            raise _violation(self.path(key), "is not true or false")
        return value


def _violation(path: str, problem: str) -> ContractViolation:
    return ContractViolation(f"{path} {problem}")


def _name(obj: _Object) -> Bilingual:
    return Bilingual(obj.text("name_th"), obj.text("name_en"))


def agency_source(value: Any, path: str) -> m.AgencySource:
    obj = _Object(value, path, ("agency", "name_th", "name_en", "status", "as_of"))
    status = obj.raw("status")
    if status not in ("available", "unavailable"):
        raise _violation(obj.path("status"), f"is not available/unavailable: {status!r}")
    available = status == "available"
    as_of = obj.date("as_of") if available else None
    if not available and obj.raw("as_of") is not None:
        raise _violation(obj.path("as_of"), "is set for an unavailable source")
    return m.AgencySource(obj.text("agency", _AGENCY), _name(obj), available, as_of)


def _amount(value: Any, path: str) -> m.Amount:
    obj = _Object(value, path, ("value", "currency", "period"))
    return m.Amount(
        Decimal(obj.text("value", _AMOUNT, 20)),
        obj.text("currency", _CURRENCY, 3),
        obj.choice("period", m.Period),
    )


def _programme(value: Any, path: str) -> m.ProgrammeStatus:
    keys = ("code", "agency", "name_th", "name_en", "status", "amount", "last_payment_date")
    obj = _Object(value, path, (*keys, "as_of"))
    return m.ProgrammeStatus(
        code=obj.text("code", _PROGRAMME),
        agency=obj.text("agency", _AGENCY),
        name=_name(obj),
        status=obj.choice("status", m.Status),
        amount=obj.optional("amount", lambda key: obj.child(key, _amount)),
        last_payment_date=obj.optional("last_payment_date", obj.date),
        as_of=obj.date("as_of"),
    )


def entitlements(value: Any) -> m.Entitlements:
    keys = ("request_id", BINDING_KEY, "generated_at", "sources", "programmes")
    obj = _Object(value, "entitlements", keys)
    obj.text(BINDING_KEY, _SHA256, 64)
    result = m.Entitlements(
        request_id=obj.text("request_id", _REQUEST_ID),
        generated_at=obj.datetime("generated_at"),
        sources=obj.items("sources", agency_source, min_items=1),
        programmes=obj.items("programmes", _programme),
    )
    _check_consistency(result)
    return result


def _check_consistency(result: m.Entitlements) -> None:
    """The rules the schema states in prose: programmes come from available sources, once."""
    available = {source.agency for source in result.sources if source.available}
    codes = [programme.code for programme in result.programmes]
    if len(set(codes)) != len(codes):
        raise ContractViolation("entitlements.programmes repeats a programme code")
    for programme in result.programmes:
        if programme.agency not in available:
            raise ContractViolation(
                f"programme {programme.code} comes from {programme.agency}, not an available source"
            )


def _coded(value: Any, path: str) -> m.CodedName:
    obj = _Object(value, path, ("code", "name_th", "name_en"))
    return m.CodedName(obj.text("code", _CODE), _name(obj))


def _right(value: Any, path: str) -> m.DisabilityRight:
    keys = ("scheme", "disability_types", "main_hospital", "valid_from", "valid_until")
    obj = _Object(value, path, keys)
    return m.DisabilityRight(
        scheme=obj.child("scheme", _coded),
        disability_types=obj.items("disability_types", _coded, min_items=1),
        main_hospital=obj.child("main_hospital", _coded),
        valid_from=obj.date("valid_from"),
        valid_until=obj.optional("valid_until", obj.date),
    )


def _disability_source(obj: _Object) -> m.AgencySource:
    source = obj.child("source", agency_source)
    if not source.available:
        raise _violation(obj.path("source"), "is unavailable in a successful answer")
    return source


def health_insurance_right(value: Any) -> m.HealthInsuranceRight:
    obj = _Object(value, "health_insurance_right", ("request_id", BINDING_KEY, "source", "right"))
    obj.text(BINDING_KEY, _SHA256, 64)
    return m.HealthInsuranceRight(
        request_id=obj.text("request_id", _REQUEST_ID),
        source=_disability_source(obj),
        right=obj.optional("right", lambda key: obj.child(key, _right)),
    )


def _disbursement(value: Any, path: str) -> m.Disbursement:
    obj = _Object(value, path, ("device", "quantity", "date", "facility"))
    return m.Disbursement(
        device=obj.child("device", _coded),
        quantity=obj.integer("quantity", 1, 100),
        date=obj.date("date"),
        facility=obj.child("facility", _coded),
    )


def assistive_devices(value: Any) -> m.AssistiveDevices:
    keys = ("request_id", BINDING_KEY, "source", "disbursements")
    obj = _Object(value, "assistive_devices", keys)
    obj.text(BINDING_KEY, _SHA256, 64)
    return m.AssistiveDevices(
        request_id=obj.text("request_id", _REQUEST_ID),
        source=_disability_source(obj),
        disbursements=obj.items("disbursements", _disbursement),
    )


def _session(value: Any, path: str) -> m.RehabilitationSession:
    obj = _Object(value, path, ("service", "date", "facility"))
    return m.RehabilitationSession(
        service=obj.child("service", _coded),
        date=obj.date("date"),
        facility=obj.child("facility", _coded),
    )


def rehabilitation_history(value: Any) -> m.RehabilitationHistory:
    keys = ("request_id", BINDING_KEY, "source", "sessions")
    obj = _Object(value, "rehabilitation_history", keys)
    obj.text(BINDING_KEY, _SHA256, 64)
    return m.RehabilitationHistory(
        request_id=obj.text("request_id", _REQUEST_ID),
        source=_disability_source(obj),
        sessions=obj.items("sessions", _session),
    )


def card_status(value: Any) -> m.CardStatusAnswer:
    obj = _Object(value, "card_status", ("request_id", BINDING_KEY, "status", "checked_at"))
    obj.text(BINDING_KEY, _SHA256, 64)
    return m.CardStatusAnswer(
        request_id=obj.text("request_id", _REQUEST_ID),
        status=obj.choice("status", m.CardStatus),
        checked_at=obj.datetime("checked_at"),
    )


def health(value: Any) -> m.Health:
    obj = _Object(value, "health", ("status", "time", "version", "sources"))
    status = obj.raw("status")
    if status not in ("ok", "degraded"):
        raise _violation(obj.path("status"), f"is not ok/degraded: {status!r}")
    return m.Health(
        ok=status == "ok",
        time=obj.datetime("time"),
        version=obj.text("version", max_len=64),
        sources=obj.items("sources", agency_source, min_items=1),
    )


def token(value: Any) -> m.Token:
    obj = _Object(value, "token", ("access_token", "token_type", "expires_in"))
    if obj.raw("token_type") != "Bearer":
        raise _violation(obj.path("token_type"), "is not Bearer")
    return m.Token(obj.text("access_token", _TOKEN, 600), obj.integer("expires_in", 1, 86400))


def check_citizen(value: Any, request_id: str, cid: str) -> None:
    """A personal answer (already read) must be about `cid`, for this request; else
    `AnotherCitizen`, and nothing of it is shown."""
    binding = value.get(BINDING_KEY) if isinstance(value, dict) else None
    if not isinstance(binding, str) or not is_bound_to(binding, request_id, cid):
        raise AnotherCitizen(f"{BINDING_KEY} does not match the citizen asked about")


def error_code(value: Any) -> str | None:
    """The `error.code` of an error body, if it has the contract's shape (else None)."""
    error = value.get("error") if isinstance(value, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, str) else None
