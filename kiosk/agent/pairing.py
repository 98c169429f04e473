"""Pairing: an allowed page asks, gets a code, an officer approves the code, the page fetches a
short-lived token bound to its origin.

Invariants: a token is valid only for the origin it was issued to and only until it expires
(`token_ttl`); it can be renewed only while valid. A pairing code lives `pairing_ttl`; its
token is handed out once. An origin an officer approved stays paired for the agent's
lifetime: its pages pair again without a new approval, but never without pairing. Time comes
from `clock` (monotonic seconds), so tests expire tokens without waiting.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_PENDING = 16
CODE_DIGITS = 6


@dataclass
class Pairing:
    pairing_id: str
    origin: str
    code: str
    expires: float
    approved: bool = False
    collected: bool = False


@dataclass(frozen=True)
class Token:
    value: str
    origin: str
    expires: float


class PairingBook:
    def __init__(
        self, token_ttl: float, pairing_ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.token_ttl = token_ttl
        self.pairing_ttl = pairing_ttl
        self._clock = clock
        self._pairings: dict[str, Pairing] = {}
        self._tokens: dict[str, Token] = {}
        self._approved_origins: set[str] = set()

    def request(self, origin: str) -> Pairing:
        """A new pairing for `origin`; approved at once if an officer approved the origin."""
        self._forget_expired()
        if len([p for p in self._pairings.values() if not p.approved]) >= MAX_PENDING:
            raise OverflowError("too many pairings wait for approval")
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        pairing = Pairing(secrets.token_urlsafe(16), origin, code, self._clock() + self.pairing_ttl)
        pairing.approved = origin in self._approved_origins
        self._pairings[pairing.pairing_id] = pairing
        return pairing

    def pending(self) -> list[Pairing]:
        self._forget_expired()
        return [p for p in self._pairings.values() if not p.approved]

    def approve(self, code: str) -> str | None:
        """Approve the waiting pairing with this code; its origin, or None if none waits."""
        self._forget_expired()
        wanted = code.replace("-", "").replace(" ", "")
        for pairing in self._pairings.values():
            if not pairing.approved and secrets.compare_digest(pairing.code, wanted):
                pairing.approved = True
                self._approved_origins.add(pairing.origin)
                return pairing.origin
        return None

    def collect(self, pairing_id: str, origin: str) -> Token | bool | None:
        """The token of an approved pairing (once); False while it waits; None if unknown,
        expired, collected, or asked for from another origin."""
        self._forget_expired()
        pairing = self._pairings.get(pairing_id)
        if pairing is None or pairing.origin != origin or pairing.collected:
            return None
        if not pairing.approved:
            return False
        pairing.collected = True
        del self._pairings[pairing_id]
        return self._issue(origin)

    def renew(self, token: str, origin: str) -> Token | None:
        """A fresh token for a valid one (the old one ends); None if it is not valid."""
        if not self.is_valid(token, origin):
            return None
        del self._tokens[token]
        return self._issue(origin)

    def is_valid(self, token: str | None, origin: str) -> bool:
        if not token:
            return False
        found = self._tokens.get(token)
        if found is None:
            return False
        if found.expires <= self._clock():
            del self._tokens[token]
            return False
        return secrets.compare_digest(found.origin, origin)

    def _issue(self, origin: str) -> Token:
        token = Token(secrets.token_urlsafe(32), origin, self._clock() + self.token_ttl)
        self._tokens[token.value] = token
        return token

    def _forget_expired(self) -> None:
        now = self._clock()
        for key in [key for key, p in self._pairings.items() if p.expires <= now]:
            del self._pairings[key]
        for key in [key for key, t in self._tokens.items() if t.expires <= now]:
            del self._tokens[key]
