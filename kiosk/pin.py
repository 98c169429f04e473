"""The kiosk administrator's PIN, stored in the config only as a salted PBKDF2 hash:
`pbkdf2_sha256$<iterations>$<salt, base64>$<hash, base64>`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCHEME = "pbkdf2_sha256"
ITERATIONS = 600_000


def hash_pin(pin: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    encoded = [base64.b64encode(part).decode("ascii") for part in (salt, digest)]
    return f"{SCHEME}${iterations}${encoded[0]}${encoded[1]}"


def is_well_formed(stored: str) -> bool:
    """True for a hash `hash_pin` could have made (scheme, iterations, salt, digest)."""
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != SCHEME or not parts[1].isdigit() or int(parts[1]) < 1:
        return False
    try:
        return all(base64.b64decode(part, validate=True) for part in parts[2:])
    except ValueError:
        return False


def check_pin(pin: str, stored: str) -> bool:
    """True when `pin` matches `stored`; False for a wrong PIN or a malformed or empty hash."""
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = hashlib.pbkdf2_hmac(
            "sha256", pin.encode("utf-8"), base64.b64decode(salt, validate=True), int(iterations)
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)
