"""JSON bodies of the contract's answers, built from a synthetic `Citizen` and today's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from kiosk import __version__
from kiosk.sandbox import catalogue
from kiosk.sandbox.citizens import Citizen, Disability

Json = dict[str, Any]


def _named(item: catalogue.Named) -> Json:
    return {"code": item.code, "name_th": item.name_th, "name_en": item.name_en}


def _as_of(agency: catalogue.Agency, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=agency.lag_days)


def source(agency: catalogue.Agency, today: dt.date, down: Collection[str]) -> Json:
    available = agency.code not in down
    return {
        "agency": agency.code,
        "name_th": agency.name_th,
        "name_en": agency.name_en,
        "status": "available" if available else "unavailable",
        "as_of": _as_of(agency, today).isoformat() if available else None,
    }


def _programme(programme: catalogue.Programme, person: Citizen, today: dt.date) -> Json:
    grant = person.grant(programme.code)
    as_of = _as_of(catalogue.AGENCY_BY_CODE[programme.agency], today)
    known_amount = grant.status in ("received", "pending")
    paid = None
    if grant.status == "received" and grant.paid_days_ago is not None:
        paid = (as_of - dt.timedelta(days=grant.paid_days_ago)).isoformat()
    amount = {
        "value": grant.amount or programme.amount,
        "currency": "THB",
        "period": programme.period,
    }
    return {
        "code": programme.code,
        "agency": programme.agency,
        "name_th": programme.name_th,
        "name_en": programme.name_en,
        "status": grant.status,
        "amount": amount if known_amount else None,
        "last_payment_date": paid,
        "as_of": as_of.isoformat(),
    }


def entitlements(
    person: Citizen,
    request_id: str,
    today: dt.date,
    now: dt.datetime,
    down: Collection[str],
    binding: str,
) -> Json:
    return {
        "request_id": request_id,
        "citizen_id_sha256": binding,
        "generated_at": now.isoformat(timespec="seconds"),
        "sources": [source(agency, today, down) for agency in catalogue.AGENCIES],
        "programmes": [
            _programme(programme, person, today)
            for programme in catalogue.PROGRAMMES
            if programme.agency not in down
        ],
    }


def _disability_source(today: dt.date) -> Json:
    return source(catalogue.AGENCY_BY_CODE[catalogue.DISABILITY_AGENCY], today, ())


def _days_ago(today: dt.date, days: int) -> str:
    return (today - dt.timedelta(days=days)).isoformat()


def _right(disability: Disability, today: dt.date) -> Json:
    return {
        "scheme": _named(catalogue.DISABILITY_SCHEME),
        "disability_types": [_named(catalogue.DISABILITY_TYPES[kind]) for kind in disability.types],
        "main_hospital": _named(catalogue.HOSPITALS[disability.hospital]),
        "valid_from": _days_ago(today, disability.registered_days_ago),
        "valid_until": None,
    }


def health_insurance_right(person: Citizen, request_id: str, today: dt.date, binding: str) -> Json:
    disability = person.disability
    return {
        "request_id": request_id,
        "citizen_id_sha256": binding,
        "source": _disability_source(today),
        "right": _right(disability, today) if disability else None,
    }


def assistive_devices(person: Citizen, request_id: str, today: dt.date, binding: str) -> Json:
    disability = person.disability
    devices = sorted(disability.devices, key=lambda item: item[2]) if disability else []
    hospital = catalogue.HOSPITALS[disability.hospital] if disability else None
    return {
        "request_id": request_id,
        "citizen_id_sha256": binding,
        "source": _disability_source(today),
        "disbursements": [
            {
                "device": _named(catalogue.DEVICES[device]),
                "quantity": quantity,
                "date": _days_ago(today, days),
                "facility": _named(hospital),
            }
            for device, quantity, days in devices
            if hospital
        ],
    }


def rehabilitation_history(person: Citizen, request_id: str, today: dt.date, binding: str) -> Json:
    disability = person.disability
    sessions = sorted(disability.sessions, key=lambda item: item[1]) if disability else []
    hospital = catalogue.HOSPITALS[disability.hospital] if disability else None
    return {
        "request_id": request_id,
        "citizen_id_sha256": binding,
        "source": _disability_source(today),
        "sessions": [
            {
                "service": _named(catalogue.SERVICES[service]),
                "date": _days_ago(today, days),
                "facility": _named(hospital),
            }
            for service, days in sessions
            if hospital
        ],
    }


def health(now: dt.datetime, down: Collection[str]) -> Json:
    return {
        "status": "degraded" if down else "ok",
        "time": now.isoformat(timespec="seconds"),
        "version": f"onecard-sandbox {__version__}",
        "sources": [source(agency, now.date(), down) for agency in catalogue.AGENCIES],
    }


def token(access_token: str, expires_in: int) -> Json:
    return {"access_token": access_token, "token_type": "Bearer", "expires_in": expires_in}


def error(code: str, message: str, request_id: str) -> Json:
    return {"error": {"code": code, "message": message, "request_id": request_id}}


def break_contract(body: Json) -> Json:
    """A copy of `body` that is valid JSON but breaks the contract in a way that matters."""
    broken = dict(body)
    if broken.get("programmes"):
        first = dict(broken["programmes"][0], status="paid")
        broken["programmes"] = [first, *broken["programmes"][1:]]
    else:
        broken.pop(next(iter(broken)))
    return broken
