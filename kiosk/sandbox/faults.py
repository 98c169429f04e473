"""Fault-injection switches of the sandbox, settable at construction, from Python at run time
(`SandboxServer.set_faults`) or over HTTP (`PUT /_admin/faults`).

`scope` says where they apply: "contract" (default: every contract route except
/v1/auth/token), "token" (only /v1/auth/token) or "all".
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from cardreader.cid import is_valid_cid
from kiosk.sandbox.catalogue import AGENCY_BY_CODE

MALFORMED_KINDS = ("garbage", "contract")
SCOPES = ("contract", "token", "all")

DRIP_SECONDS = 0.5
SLOW_HEADER_LINES = 120  # a minute of header lines at DRIP_SECONDS each, then the answer


@dataclass(frozen=True)
class Faults:
    latency: float = 0.0  # seconds added before every answer
    error_rate: float = 0.0  # share of answers replaced by `error_status` (seeded, repeatable)
    fail_next: int = 0  # the next N answers are `error_status`
    error_status: int = 503
    retry_after: int | None = None  # Retry-After seconds sent with injected errors
    down_agencies: frozenset[str] = frozenset()  # their sources are unavailable
    malformed: str | None = None  # "garbage": cut-off JSON; "contract": JSON breaking the contract
    expire_tokens: bool = False  # every bearer token is refused as expired
    hang: bool = False  # read the request and never answer (until the server stops)
    reset: bool = False  # read the request, then drop the connection without an answer
    drip: bool = False  # answer at once, then send the body one byte every DRIP_SECONDS
    other_citizen: bool = False  # personal answers are about another citizen (a mix-up)
    slow_headers: bool = False  # status line, then one filler header line every DRIP_SECONDS
    scope: str = "contract"  # "contract", "token" or "all": the routes these switches reach
    revoked_cards: frozenset[str] = frozenset()  # CIDs whose card-status check is not_valid

    def __post_init__(self) -> None:
        if self.latency < 0 or not 0 <= self.error_rate <= 1 or self.fail_next < 0:
            raise ValueError("latency and fail_next must be >= 0, error_rate within 0..1")
        if not 400 <= self.error_status <= 599:
            raise ValueError(f"error_status must be an HTTP error status, not {self.error_status}")
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}")
        if self.malformed not in (None, *MALFORMED_KINDS):
            raise ValueError(f"malformed must be one of {MALFORMED_KINDS} or None")
        unknown = set(self.down_agencies) - set(AGENCY_BY_CODE)
        if unknown:
            raise ValueError(f"unknown agencies {sorted(unknown)}; known: {sorted(AGENCY_BY_CODE)}")
        if not all(isinstance(cid, str) and is_valid_cid(cid) for cid in self.revoked_cards):
            raise ValueError("revoked_cards must be valid 13-digit citizen IDs")

    def to_json(self) -> dict[str, Any]:
        values = dataclasses.asdict(self)
        values["down_agencies"] = sorted(self.down_agencies)
        values["revoked_cards"] = sorted(self.revoked_cards)
        return values

    def updated(self, changes: dict[str, Any]) -> Faults:
        """A copy with `changes` (from JSON or keyword arguments) applied; ValueError if bad."""
        names = {f.name for f in dataclasses.fields(self)}
        unknown = set(changes) - names
        if unknown:
            raise ValueError(f"unknown faults {sorted(unknown)}; known: {sorted(names)}")
        values = dict(changes)
        for name in ("down_agencies", "revoked_cards"):
            if name in values:
                if isinstance(values[name], str) or not isinstance(
                    values[name], list | tuple | set | frozenset
                ):
                    raise ValueError(f"{name} must be a list")
                values[name] = frozenset(values[name])
        try:
            return dataclasses.replace(self, **values)
        except TypeError as error:
            raise ValueError(str(error)) from None
