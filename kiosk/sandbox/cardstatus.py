"""The sandbox's civil registry for `POST /v1/card-status`: the request body checked against
the contract's schema, then an answer from the demo citizens' cards.

- A CID in the revoked set (`Faults.revoked_cards`): not_valid.
- A demo citizen whose card has a laser code: valid when the laser code, the Thai first and
  last name and the birth date all match the card, else not_valid.
- A demo citizen whose card has no laser code: cannot_check (the registry has none for it).
- Any other valid CID: valid (a synthetic person the sandbox knows nothing more about).
Nothing of the body is logged.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from cardreader.cid import is_valid_cid
from cardreader.emulator import Profile, list_profiles, load_profile

KEYS = ("citizen_id", "first_name_th", "last_name_th", "birth_date", "laser_code")
_CID = re.compile(r"[1-9][0-9]{12}")
_BIRTH = re.compile(r"[0-9]{8}")
_LASER = re.compile(r"[A-Z]{2}[0-9]{10}")
NAME_MAX = 200


class BadBody(ValueError):
    """The body breaks the schema; `citizen_id` True when only the check digit is wrong."""

    def __init__(self, message: str, *, citizen_id: bool = False) -> None:
        super().__init__(message)
        self.citizen_id = citizen_id


def checked_body(body: Any) -> dict[str, str]:
    """The body if it follows CardStatusRequest exactly, else `BadBody` (never echoing it)."""
    if not isinstance(body, dict) or set(body) != set(KEYS):
        raise BadBody("the body must be an object with exactly " + ", ".join(KEYS))
    if not all(isinstance(body[key], str) for key in KEYS):
        raise BadBody("every field of the body is text")
    for key, pattern in (("citizen_id", _CID), ("birth_date", _BIRTH), ("laser_code", _LASER)):
        if not pattern.fullmatch(body[key]):
            raise BadBody(f"{key} breaks its pattern")
    for key in ("first_name_th", "last_name_th"):
        if not 1 <= len(body[key]) <= NAME_MAX:
            raise BadBody(f"{key} must be 1 to {NAME_MAX} characters")
    if not is_valid_cid(body["citizen_id"]):
        raise BadBody("citizen_id has a wrong check digit", citizen_id=True)
    return {key: body[key] for key in KEYS}


@cache
def _profiles_by_cid() -> dict[str, Profile]:
    return {load_profile(name).cid: load_profile(name) for name in list_profiles()}


def card_status(body: dict[str, str], revoked: frozenset[str]) -> str:
    cid = body["citizen_id"]
    if cid in revoked:
        return "not_valid"
    profile = _profiles_by_cid().get(cid)
    if profile is None:
        return "valid"
    if profile.laser_code is None:
        return "cannot_check"
    _prefix, first, _middle, last = profile.fields["name_th"].split("#")
    matches = (
        body["laser_code"] == profile.laser_code
        and body["first_name_th"] == first
        and body["last_name_th"] == last
        and body["birth_date"] == profile.fields["birth_date"]
    )
    return "valid" if matches else "not_valid"
