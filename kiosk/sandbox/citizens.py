"""Synthetic citizens: the card emulator's demo people with statuses that fit each of them,
and, for any other valid CID, a person generated deterministically from the CID."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from functools import cache

from cardreader.emulator import list_profiles, load_profile
from kiosk.sandbox import catalogue


@dataclass(frozen=True)
class Grant:
    """One programme for one person. `amount` None means "use the programme's usual amount"."""

    status: str  # received | pending | not_eligible | unknown
    amount: str | None = None
    paid_days_ago: int | None = None  # days before the agency's "as of" date


@dataclass(frozen=True)
class Disability:
    types: tuple[str, ...]  # keys of catalogue.DISABILITY_TYPES
    hospital: int  # index into catalogue.HOSPITALS
    registered_days_ago: int
    devices: tuple[tuple[str, int, int], ...] = ()  # (device key, quantity, days ago)
    sessions: tuple[tuple[str, int], ...] = ()  # (service key, days ago)


@dataclass(frozen=True)
class Citizen:
    grants: dict[str, Grant] = field(default_factory=dict)  # absent programme: not eligible
    disability: Disability | None = None

    def grant(self, programme: str) -> Grant:
        return self.grants.get(programme, Grant("not_eligible"))


def _received(amount: str | None = None, days: int = 10) -> Grant:
    return Grant("received", amount, days)


def _pending(amount: str | None = None) -> Grant:
    return Grant("pending", amount)


_WELFARE = {"state_welfare_card": _received(days=12)}

DEMO_CITIZENS: dict[str, Citizen] = {
    "somchai": Citizen(
        {
            "fertiliser_subsidy": _received(days=45),
            "crop_price_support": _pending(),
            "elderly_allowance": _pending(),
            **_WELFARE,
        }
    ),
    "boonmee": Citizen(
        {
            "elderly_allowance": _received("800.00", 8),
            "disability_allowance": _pending(),
            **_WELFARE,
        },
        Disability(
            ("physical",),
            1,
            120,
            devices=(("walker", 1, 100),),
            sessions=(("physio", 14), ("physio", 28), ("physio", 42)),
        ),
    ),
    "thongdee": Citizen(
        {
            "elderly_allowance": _received("1000.00", 8),
            "fertiliser_subsidy": _received(days=45),
            "crop_price_support": _received("3200.00", 70),
            "drought_relief": _pending(),
            **_WELFARE,
        }
    ),
    "malee": Citizen({"unemployment_benefit": _pending("6000.00")}),
    "suda": Citizen({"state_welfare_card": Grant("unknown")}),
    "wichai": Citizen(
        {"disability_allowance": _received(days=8), **_WELFARE},
        Disability(
            ("visual",),
            3,
            900,
            devices=(("white_cane", 1, 400), ("white_cane", 1, 30)),
            sessions=(("mobility", 20), ("mobility", 50)),
        ),
    ),
    "john": Citizen({"unemployment_benefit": _received("5000.00", 15)}),
}


@cache
def _demo_by_cid() -> dict[str, Citizen]:
    return {load_profile(profile).cid: DEMO_CITIZENS[profile] for profile in list_profiles()}


def citizen(cid: str) -> Citizen:
    """The person with this (valid) CID: a demo citizen, or one generated from the CID."""
    return _demo_by_cid().get(cid) or generated_citizen(cid)


_STATUSES = ("not_eligible", "received", "pending", "unknown")
_STATUS_WEIGHTS = (55, 25, 15, 5)


def generated_citizen(cid: str) -> Citizen:
    rng = random.Random(hashlib.sha256(cid.encode("ascii")).digest())
    disability = _generated_disability(rng) if rng.random() < 0.15 else None
    grants = {}
    for programme in catalogue.PROGRAMMES:
        status = rng.choices(_STATUSES, _STATUS_WEIGHTS)[0]
        if programme.code == "disability_allowance":
            status = rng.choice(("received", "pending")) if disability else "not_eligible"
        if status != "not_eligible":
            paid_days_ago = rng.randint(1, 90) if status == "received" else None
            grants[programme.code] = Grant(status, None, paid_days_ago)
    return Citizen(grants, disability)


def _generated_disability(rng: random.Random) -> Disability:
    kinds = sorted(catalogue.DISABILITY_TYPES)
    devices = sorted(catalogue.DEVICES)
    services = sorted(catalogue.SERVICES)
    return Disability(
        tuple(rng.sample(kinds, rng.randint(1, 2))),
        rng.randrange(len(catalogue.HOSPITALS)),
        rng.randint(30, 3000),
        devices=tuple(
            (rng.choice(devices), 1, rng.randint(1, 700)) for _ in range(rng.randint(0, 2))
        ),
        sessions=tuple(
            (rng.choice(services), rng.randint(1, 365)) for _ in range(rng.randint(0, 4))
        ),
    )
