"""Binding an answer to the citizen asked about (see openapi.yaml, `citizen_id_sha256`).

Every personal answer carries the lowercase hex SHA-256 of "<X-Road-Id>:<Citizen-Id>" (UTF-8).
The request id salts it, so the same citizen's answers are not linkable by this field, and the
plain ID never travels in a body; it is a binding check, not a secret (13 digits can be tried
exhaustively). The client refuses an answer whose value is not the one for its own request.
"""

from __future__ import annotations

import hashlib
import hmac


def citizen_id_sha256(request_id: str, cid: str) -> str:
    return hashlib.sha256(f"{request_id}:{cid}".encode()).hexdigest()


def is_bound_to(value: str, request_id: str, cid: str) -> bool:
    return hmac.compare_digest(value, citizen_id_sha256(request_id, cid))
