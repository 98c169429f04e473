"""The signed QR payload, built the way the EU Digital COVID Certificate is: the filled data as
CBOR claims (a CWT), signed as a COSE_Sign1 with the kiosk's Ed25519 key (EdDSA), compressed
with zlib and written in Base45 so the QR holds it in its dense alphanumeric mode.

    OC2:<Base45(zlib(COSE_Sign1))>

* COSE_Sign1 (RFC 9052) = tag 18 [protected, unprotected, payload, signature]; the protected
  header is {1 (alg): -8 (EdDSA), 4 (kid): the 8-byte key id}, so the key id is signed too.
  Built with cbor2 and cryptography (docs/forms.md says why not pycose).
* The payload is a CWT claims map (RFC 8392): 1 iss = kiosk id, 4 exp, 6 iat (Unix seconds),
  and the private claim -65537 = {"f": form id, "v": form version, "r": chip read time,
  "d": {field id: value}, "x": 1 when sample data, "p": {field id: value} of a representative
  (the proxy flow: the representative's section, filled from the second chip)}.
* A value is a CBOR text string, or, when it is Thai text, a byte string holding it in TIS-620
  (the chip's own encoding, a third of UTF-8's size).

A verifier picks the registered key by kid, checks the signature, then the expiry. A payload
made from sample data (a demo card, the sandbox, or a throw-away demo key) carries "x": 1 and a
verifier reports it: sample data is never passed off as a real application.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import hashlib
import io
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import base45  # type: ignore[import-untyped]  # no type hints shipped
import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cardreader.text import Bilingual
from forms.fill import FilledForm
from forms.signing import SigningKey, key_id

PREFIX = "OC2:"
DEFAULT_VALIDITY = dt.timedelta(days=30)
MAX_BODY_BYTES = 16 * 1024
COSE_SIGN1_TAG = 18
ALG_EDDSA = -8
HEADER_ALG, HEADER_KID = 1, 4
CLAIM_ISS, CLAIM_EXP, CLAIM_IAT = 1, 4, 6
CLAIM_FORM = -65537  # private-use CWT claim: the form and its data
THAI_CODEC = "tis_620"
REFERENCE_BYTES = 5  # 40 bits: 8 Base32 letters and digits


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
    reference: str = ""  # the form's reference number, printed on the receipt


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
    reference: str = ""  # as printed on the citizen's receipt
    representative: Mapping[str, str] | None = None  # the proxy's data, when one applied


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


def reference_number(signature: bytes) -> str:
    """`ABCD-EFGH`: the start of the SHA-256 of the signature, in Base32. Every signed payload
    has its own; the officer sees it on verify and the citizen on the receipt."""
    digest = hashlib.sha256(signature).digest()[:REFERENCE_BYTES]
    letters = base64.b32encode(digest).decode("ascii")
    return f"{letters[:4]}-{letters[4:]}"


def _epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def _moment(epoch: object) -> dt.datetime:
    if not isinstance(epoch, int) or isinstance(epoch, bool):
        raise TypeError("a time must be whole seconds")
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


def _packed_value(value: str) -> str | bytes:
    """Thai text as TIS-620 bytes (1 byte a letter instead of 3); anything else as text."""
    if value.isascii():
        return value
    try:
        return value.encode(THAI_CODEC)
    except UnicodeEncodeError:
        return value


def _unpacked_value(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode(THAI_CODEC)  # UnicodeDecodeError is a ValueError
    if isinstance(value, str):
        return value
    raise TypeError("a value must be text")


def payload_data(filled: FilledForm) -> dict[str, str]:
    """The filled values the agency needs to create the record: everything filled, less what
    it derives itself (the age, when the birth date travels too)."""
    sources = {f.field.id: f.field.source for f in filled.fields}
    data = filled.data()
    if "birth_date" in {sources[name] for name in data}:
        data = {name: value for name, value in data.items() if sources[name] != "age"}
    return data


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    """What COSE_Sign1 signs (RFC 9052 section 4.4), with no external data."""
    return bytes(cbor2.dumps(["Signature1", protected, b"", payload]))


def make_qr_payload(
    filled: FilledForm,
    provenance: Provenance,
    key: SigningKey,
    *,
    now: dt.datetime | None = None,
    validity: dt.timedelta = DEFAULT_VALIDITY,
    representative: Mapping[str, str] | None = None,
) -> SignedPayload:
    """`representative`: the data of a person applying on the citizen's behalf (the proxy
    flow), signed under "p" beside the citizen's own data; by default the representative
    section of a form filled with a representative (`FilledForm.representative_data`)."""
    if representative is None:
        representative = filled.representative_data()
    issued = now or dt.datetime.now(dt.UTC)
    expires = issued + validity
    demo = provenance.demo or key.ephemeral
    form_claim: dict[str, Any] = {
        "f": filled.form.id,
        "v": filled.form.version,
        "r": _epoch(provenance.read_at),
        "d": {name: _packed_value(value) for name, value in payload_data(filled).items()},
    }
    if demo:
        form_claim["x"] = 1
    if representative:
        form_claim["p"] = {name: _packed_value(value) for name, value in representative.items()}
    claims = {
        CLAIM_ISS: provenance.kiosk_id,
        CLAIM_EXP: _epoch(expires),
        CLAIM_IAT: _epoch(issued),
        CLAIM_FORM: form_claim,
    }
    text, signature = seal(claims, key)
    return SignedPayload(
        text, key.key_id, key.ephemeral, expires, demo, reference_number(signature)
    )


def seal(claims: Mapping[int, Any], key: SigningKey) -> tuple[str, bytes]:
    """CWT `claims` signed as a COSE_Sign1 by `key`, compressed and in Base45 after the prefix:
    the QR text, and the signature (the reference number is derived from it)."""
    protected = bytes(cbor2.dumps({HEADER_ALG: ALG_EDDSA, HEADER_KID: bytes.fromhex(key.key_id)}))
    payload = bytes(cbor2.dumps(dict(claims)))
    signature = key.sign(_sig_structure(protected, payload))
    cose = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    return PREFIX + base45.b45encode(zlib.compress(cose, 9)).decode("ascii"), signature


def verify_payload(
    text: str, public_keys: Iterable[Ed25519PublicKey], *, now: dt.datetime | None = None
) -> VerifiedPayload:
    """The payload's content, once its key is registered, its signature holds and it is current.

    Raises `PayloadRejected` saying which of those failed.
    """
    text = text.strip()
    if not text.startswith(PREFIX):
        raise PayloadRejected(Rejection.MALFORMED, f"expected {PREFIX}<Base45>")
    cose = _inflate(_base45(text[len(PREFIX) :]))
    protected, payload, signature = _cose_sign1(cose)
    signer_id = _signer_id(protected)
    keys = {key_id(key): key for key in public_keys}
    if signer_id not in keys:
        raise PayloadRejected(Rejection.UNKNOWN_KEY, f"key id {signer_id}")
    try:
        keys[signer_id].verify(signature, _sig_structure(protected, payload))
    except InvalidSignature as error:
        raise PayloadRejected(Rejection.TAMPERED) from error
    verified = _verified(_cbor(payload), signer_id, reference_number(signature))
    if (now or dt.datetime.now(dt.UTC)) > verified.expires_at:
        raise PayloadRejected(Rejection.EXPIRED, f"expired {verified.expires_at:%Y-%m-%d}")
    return verified


def _base45(text: str) -> bytes:
    """Strict: only the one canonical spelling of the bytes is accepted."""
    try:
        data = bytes(base45.b45decode(text))
    except (ValueError, TypeError) as error:
        raise PayloadRejected(Rejection.MALFORMED, "not Base45") from error
    if base45.b45encode(data).decode("ascii") != text:
        raise PayloadRejected(Rejection.MALFORMED, "not canonical Base45")
    return data


def _inflate(data: bytes) -> bytes:
    """zlib data; a sound zlib header over a stream that fails its checksum was changed."""
    if len(data) < 2 or data[0] & 0x0F != zlib.DEFLATED or (data[0] << 8 | data[1]) % 31:
        raise PayloadRejected(Rejection.MALFORMED, "not zlib data")
    decompressor = zlib.decompressobj()
    try:
        inflated = decompressor.decompress(data, MAX_BODY_BYTES)
    except zlib.error as error:
        raise PayloadRejected(Rejection.TAMPERED, "checksum") from error
    if decompressor.unconsumed_tail:
        raise PayloadRejected(Rejection.MALFORMED, "body too large")
    if not decompressor.eof or decompressor.unused_data:
        raise PayloadRejected(Rejection.TAMPERED, "truncated or extended")
    return inflated


def _cbor(data: bytes) -> Any:
    """One CBOR item and nothing after it."""
    stream = io.BytesIO(data)
    try:
        item = cbor2.CBORDecoder(stream).decode()
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError) as error:
        raise PayloadRejected(Rejection.MALFORMED, "not CBOR") from error
    if stream.tell() != len(data):
        raise PayloadRejected(Rejection.MALFORMED, "bytes after the CBOR item")
    return item


def _cose_sign1(data: bytes) -> tuple[bytes, bytes, bytes]:
    item = _cbor(data)
    if isinstance(item, cbor2.CBORTag) and item.tag == COSE_SIGN1_TAG:
        item = item.value
    if not (
        isinstance(item, list | tuple)
        and len(item) == 4
        and isinstance(item[0], bytes)
        and isinstance(item[1], Mapping)
        and isinstance(item[2], bytes)
        and isinstance(item[3], bytes)
    ):
        raise PayloadRejected(Rejection.MALFORMED, "not a COSE_Sign1")
    return item[0], item[2], item[3]


def _signer_id(protected: bytes) -> str:
    header = _cbor(protected)
    if not isinstance(header, Mapping) or header.get(HEADER_ALG) != ALG_EDDSA:
        raise PayloadRejected(Rejection.MALFORMED, "not signed with EdDSA")
    kid = header.get(HEADER_KID)
    if not isinstance(kid, bytes) or not kid:
        raise PayloadRejected(Rejection.MALFORMED, "no key id")
    return kid.hex()


def _demo_marker(value: object) -> bool:
    if value not in (0, 1) or isinstance(value, bool | float):
        raise ValueError("demo marker must be 0 or 1")
    return value == 1


def _text_map(value: object) -> Mapping[str, str]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise TypeError("data must map field ids to values")
    return MappingProxyType({k: _unpacked_value(v) for k, v in value.items()})


def _verified(claims: Any, signer_id: str, reference: str) -> VerifiedPayload:
    try:
        form = claims[CLAIM_FORM]
        kiosk, version = claims[CLAIM_ISS], form["v"]
        if not isinstance(kiosk, str) or not isinstance(form["f"], str):
            raise TypeError("ids must be text")
        if not isinstance(version, int) or isinstance(version, bool):
            raise TypeError("the form version must be a whole number")
        return VerifiedPayload(
            form_id=form["f"],
            form_version=version,
            kiosk_id=kiosk,
            key_id=signer_id,
            read_at=_moment(form["r"]),
            issued_at=_moment(claims[CLAIM_IAT]),
            expires_at=_moment(claims[CLAIM_EXP]),
            data=_text_map(form["d"]),
            demo=_demo_marker(form.get("x", 0)),
            reference=reference,
            representative=_text_map(form["p"]) if "p" in form else None,
        )
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError) as error:
        raise PayloadRejected(Rejection.MALFORMED, "fields missing") from error
