"""The signed QR payload: the filled data, compact, signed with the kiosk's Ed25519 key.

Text form: `OC1.<key id>.<body>.<signature>`, where body is base64url(deflate(JSON)) and the
signature covers everything before the last dot. The key id travels in clear so a verifier
picks the right registered key before it touches the body; the body carries the form, the
kiosk, when the chip was read, and issued-at/expires-at so stale payloads are refused.
A payload made from sample data (a demo card, the sandbox, or a throw-away demo key) carries
`"x": 1`, and a verifier reports it: sample data is never passed off as a real application.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import json
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cardreader.text import Bilingual
from forms.fill import FilledForm
from forms.signing import SigningKey, key_id

FORMAT = "OC1"
DEFAULT_VALIDITY = dt.timedelta(days=30)
MAX_BODY_BYTES = 64 * 1024
_RAW_DEFLATE = -15  # zlib without header and checksum: the signature protects the bytes


@dataclass(frozen=True)
class Provenance:
    """Where and when the chip was read: printed on the form and signed into the QR."""

    kiosk_id: str
    read_at: dt.datetime  # timezone-aware
    demo: bool = False  # sample data (demo card or sandbox): marked on the paper and in the QR


@dataclass(frozen=True)
class SignedPayload:
    text: str
    key_id: str
    ephemeral_key: bool
    expires_at: dt.datetime
    demo: bool = False  # marked as sample data (a demo key always is)


@dataclass(frozen=True)
class VerifiedPayload:
    form_id: str
    form_version: int
    kiosk_id: str
    key_id: str
    read_at: dt.datetime
    issued_at: dt.datetime
    expires_at: dt.datetime
    data: Mapping[str, str]
    demo: bool = False  # the kiosk marked it as sample data: never import it as real


class Rejection(enum.Enum):
    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown_key"
    TAMPERED = "tampered"
    EXPIRED = "expired"


_REJECTION_TEXT = {
    Rejection.MALFORMED: Bilingual(
        "ข้อมูล QR ไม่ใช่ข้อมูลแบบฟอร์ม OneCard", "The QR data is not a OneCard form payload."
    ),
    Rejection.UNKNOWN_KEY: Bilingual(
        "ข้อมูล QR ลงนามโดยตู้ที่ไม่ได้ลงทะเบียน",
        "The QR data was signed by a kiosk key that is not registered.",
    ),
    Rejection.TAMPERED: Bilingual(
        "ข้อมูล QR ถูกแก้ไขหลังการลงนาม", "The QR data was changed after it was signed."
    ),
    Rejection.EXPIRED: Bilingual("ข้อมูล QR หมดอายุแล้ว", "The QR data has expired."),
}
_REJECTION_ACTION = Bilingual(
    "อย่าใช้ข้อมูลนี้ ให้ผู้ยื่นพิมพ์แบบฟอร์มใหม่ที่ตู้ หรือกรอกข้อมูลเอง",
    "Do not import this data: have the citizen print the form again at a kiosk, or type it in.",
)


class PayloadRejected(Exception):
    def __init__(self, reason: Rejection, detail: str = "") -> None:
        self.reason = reason
        self.what = _REJECTION_TEXT[reason]
        self.action = _REJECTION_ACTION
        super().__init__(self.what.en + (f" ({detail})" if detail else ""))


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    """Strict: only the one canonical spelling of the bytes is accepted, so no character of a
    payload can change without the payload being rejected."""
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64encode(data) != text:
        raise ValueError("not canonical base64url")
    return data


def _epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def _moment(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


def make_qr_payload(
    filled: FilledForm,
    provenance: Provenance,
    key: SigningKey,
    *,
    now: dt.datetime | None = None,
    validity: dt.timedelta = DEFAULT_VALIDITY,
) -> SignedPayload:
    issued = now or dt.datetime.now(dt.UTC)
    expires = issued + validity
    demo = provenance.demo or key.ephemeral
    body: dict[str, Any] = {
        "f": filled.form.id,
        "v": filled.form.version,
        "s": provenance.kiosk_id,
        "r": _epoch(provenance.read_at),
        "i": _epoch(issued),
        "e": _epoch(expires),
        "d": filled.data(),
    }
    if demo:
        body["x"] = 1
    compressor = zlib.compressobj(9, zlib.DEFLATED, _RAW_DEFLATE)
    packed = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    deflated = compressor.compress(packed) + compressor.flush()
    signed_part = f"{FORMAT}.{key.key_id}.{_b64encode(deflated)}"
    signature = _b64encode(key.sign(signed_part.encode("ascii")))
    return SignedPayload(f"{signed_part}.{signature}", key.key_id, key.ephemeral, expires, demo)


def verify_payload(
    text: str, public_keys: Iterable[Ed25519PublicKey], *, now: dt.datetime | None = None
) -> VerifiedPayload:
    """The payload's content, once its key is registered, its signature holds and it is current.

    Raises `PayloadRejected` saying which of those failed.
    """
    parts = text.strip().split(".")
    if len(parts) != 4 or parts[0] != FORMAT:
        raise PayloadRejected(Rejection.MALFORMED, f"expected {FORMAT}.<key>.<body>.<signature>")
    _, signer_id, body, signature = parts
    keys = {key_id(key): key for key in public_keys}
    if signer_id not in keys:
        raise PayloadRejected(Rejection.UNKNOWN_KEY, f"key id {signer_id}")
    try:
        keys[signer_id].verify(_b64decode(signature), f"{FORMAT}.{signer_id}.{body}".encode())
    except (InvalidSignature, ValueError) as error:  # ValueError: bad base64
        raise PayloadRejected(Rejection.TAMPERED) from error
    content = _unpack(body)
    verified = _verified(content, signer_id)
    if (now or dt.datetime.now(dt.UTC)) > verified.expires_at:
        raise PayloadRejected(Rejection.EXPIRED, f"expired {verified.expires_at:%Y-%m-%d}")
    return verified


def _unpack(body: str) -> Any:
    try:
        decompressor = zlib.decompressobj(_RAW_DEFLATE)
        packed = decompressor.decompress(_b64decode(body), MAX_BODY_BYTES)
        if decompressor.unconsumed_tail:
            raise PayloadRejected(Rejection.MALFORMED, "body too large")
        return json.loads(packed.decode("utf-8"))
    except (zlib.error, ValueError) as error:  # base64, UTF-8 and JSON errors are ValueErrors
        raise PayloadRejected(Rejection.MALFORMED, "body unreadable") from error


def _demo_marker(value: object) -> bool:
    if value not in (0, 1) or isinstance(value, bool | float):
        raise ValueError("demo marker must be 0 or 1")
    return value == 1


def _verified(content: Any, signer_id: str) -> VerifiedPayload:
    try:
        data = content["d"]
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
            raise TypeError("data values must be text")
        return VerifiedPayload(
            form_id=str(content["f"]),
            form_version=int(content["v"]),
            kiosk_id=str(content["s"]),
            key_id=signer_id,
            read_at=_moment(int(content["r"])),
            issued_at=_moment(int(content["i"])),
            expires_at=_moment(int(content["e"])),
            data=MappingProxyType(dict(data)),
            demo=_demo_marker(content.get("x", 0)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise PayloadRejected(Rejection.MALFORMED, "fields missing") from error
