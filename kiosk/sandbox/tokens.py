"""The sandbox's real token auth: consumer credentials in, random bearer tokens out, each
with an expiry; tokens can be expired on demand."""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

PRUNE_AFTER = 3600.0  # expired tokens are remembered this long, to answer "token_expired"


@dataclass(frozen=True)
class Credentials:
    key: str
    secret: str = field(repr=False)

    @staticmethod
    def generate() -> Credentials:
        return Credentials(f"sandbox-{secrets.token_hex(4)}", secrets.token_urlsafe(24))


class TokenStore:
    def __init__(self, credentials: Credentials, ttl: int) -> None:
        self.credentials = credentials
        self.ttl = ttl
        self._lock = threading.Lock()
        self._expiry: dict[str, float] = {}

    def authenticate(self, authorization: str | None) -> bool:
        """True for `Basic base64(key:secret)` with the right key and secret."""
        scheme, _, encoded = (authorization or "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            key, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return hmac.compare_digest(key, self.credentials.key) & hmac.compare_digest(
            secret, self.credentials.secret
        )

    def issue(self) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            now = time.monotonic()
            kept = now - PRUNE_AFTER
            self._expiry = {t: at for t, at in self._expiry.items() if at > kept}
            self._expiry[token] = now + self.ttl
        return token

    def check(self, authorization: str | None) -> str:
        """ "ok", "expired" or "invalid" for an `Authorization: Bearer …` header."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer":
            return "invalid"
        with self._lock:
            expiry = self._expiry.get(token)
        if expiry is None:
            return "invalid"
        return "ok" if time.monotonic() < expiry else "expired"

    def expire_all(self) -> None:
        with self._lock:
            self._expiry = dict.fromkeys(self._expiry, time.monotonic())
