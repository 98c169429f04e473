"""Receiving a kiosk form (the other half of "no photocopies"): the QR from the printed form,
read by a USB 2D scanner (keyboard wedge) or typed, verified against the agency's list of
trusted kiosk public keys, and exported for the agency's own system.

Invariants:
- A payload is accepted only if its signature holds under a trusted kiosk key, it has not
  expired, it names the kiosk that key belongs to, and it is not sample data. Every refusal
  says why, in Thai and English.
- Nothing about the citizen is kept: the export is written only when the officer asks. To flag
  a form scanned twice on the same day, only a salted hash of its reference is remembered,
  with a salt that changes every day (a state file holding no personal data).
- Export columns are stable (docs/receiving.md): the metadata, then every field id of the
  shipped forms in a fixed order, then the representative's fields prefixed "representative_".
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import os
import secrets
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cardreader.text import Bilingual
from forms.payload import PayloadRejected, VerifiedPayload, verify_payload
from forms.signing import KeyFileError, key_id, load_public_key
from kiosk.errors import UserFacingError

log = logging.getLogger(__name__)

META_COLUMNS = (
    "reference",
    "form_id",
    "form_version",
    "kiosk_id",
    "key_id",
    "read_at",
    "issued_at",
    "expires_at",
    "received_at",
)
REPRESENTATIVE_PREFIX = "representative_"
DEMO_REFUSED = Bilingual(
    "แบบฟอร์มนี้เป็นข้อมูลตัวอย่าง (ตู้สาธิต) ไม่ใช่คำขอจริง",
    "This form is sample data from a demo kiosk, not a real application.",
)
WRONG_KIOSK = Bilingual(
    "แบบฟอร์มอ้างชื่อตู้ไม่ตรงกับกุญแจที่ลงนาม",
    "The form names a different kiosk than the key that signed it.",
)
DO_NOT_IMPORT = Bilingual(
    "อย่าใช้ข้อมูลนี้ ให้ผู้ยื่นพิมพ์แบบฟอร์มใหม่ที่ตู้ หรือกรอกข้อมูลเอง",
    "Do not import this data: have the citizen print the form again at a kiosk, or type it in.",
)

NO_TRUSTED_KEYS = UserFacingError(
    Bilingual("ยังไม่ได้ตั้งค่ากุญแจของตู้ที่เชื่อถือได้", "No trusted kiosk keys are set up."),
    Bilingual(
        "ตั้ง [desk] trusted_keys ในไฟล์ตั้งค่า (ดู docs/receiving.md)",
        "Set [desk] trusted_keys in the config file (see docs/receiving.md).",
    ),
    reference="desk.trusted_keys",
)


@dataclass(frozen=True)
class TrustedKey:
    kiosk_id: str
    key: Ed25519PublicKey


def load_trusted_keys(path: Path) -> dict[str, TrustedKey]:
    """The agency's kiosk keys by key id: a folder of `<kiosk-id>.pub` files (each kiosk's
    public key, as `onecard keys generate` writes it), or one such file."""
    files = sorted(path.glob("*.pub")) if path.is_dir() else [path]
    trusted: dict[str, TrustedKey] = {}
    try:
        for file in files:
            public = load_public_key(file)
            trusted[key_id(public)] = TrustedKey(file.stem, public)
    except KeyFileError as error:
        raise UserFacingError(
            Bilingual(f"{error.path}: {error.message.th}", f"{error.path}: {error.message.en}"),
            Bilingual("ตรวจสอบโฟลเดอร์กุญแจของตู้", "Check the folder of kiosk keys."),
            reference="desk.trusted_keys",
        ) from error
    if not trusted:
        raise UserFacingError(
            Bilingual(f"ไม่พบกุญแจของตู้ใน {path}", f"No kiosk key (*.pub) in {path}."),
            Bilingual(
                "รวบรวมกุญแจสาธารณะของตู้ไว้ในโฟลเดอร์นี้ (ดู docs/receiving.md)",
                "Collect the kiosks' public keys in it (see docs/receiving.md).",
            ),
            reference="desk.trusted_keys",
        )
    return trusted


@dataclass(frozen=True)
class Received:
    """A form accepted: its verified content, and whether it was scanned earlier today."""

    payload: VerifiedPayload
    seen_before: bool
    received_at: dt.datetime


@dataclass(frozen=True)
class Refused:
    what: Bilingual
    action: Bilingual = DO_NOT_IMPORT
    reason: str = ""  # a stable word for logs and exports


def receive(
    text: str,
    trusted: Mapping[str, TrustedKey],
    seen: SeenToday,
    *,
    now: dt.datetime | None = None,
) -> Received | Refused:
    moment = now or dt.datetime.now(dt.UTC)
    try:
        payload = verify_payload(text.strip(), (t.key for t in trusted.values()), now=moment)
    except PayloadRejected as rejected:
        return Refused(rejected.what, rejected.action, rejected.reason.value)
    if payload.demo:
        return Refused(DEMO_REFUSED, reason="demo")
    if trusted[payload.key_id].kiosk_id != payload.kiosk_id:
        return Refused(WRONG_KIOSK, reason="wrong_kiosk")
    return Received(payload, seen.check_and_add(payload.reference, moment), moment)


SEEN_FILE = "received-forms.json"  # beside the admin lock's state; no personal data


def default_seen_path() -> Path:
    from kiosk.adminlock import default_state_path

    return default_state_path().with_name(SEEN_FILE)


class SeenToday:
    """Salted hashes of the references received today; the salt and the set start afresh each
    day. Kept in a small state file (no personal data) when `path` is given."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._day = ""
        self._salt = b""
        self._hashes: set[str] = set()
        self._load()

    def check_and_add(self, reference: str, now: dt.datetime) -> bool:
        day = now.astimezone(dt.UTC).date().isoformat()
        if day != self._day:
            self._day, self._salt, self._hashes = day, secrets.token_bytes(16), set()
        digest = hashlib.sha256(self._salt + reference.encode("utf-8")).hexdigest()
        seen = digest in self._hashes
        self._hashes.add(digest)
        self._save()
        return seen

    def _load(self) -> None:
        if self._path is None or not self._path.is_file():
            return
        try:
            state = json.loads(self._path.read_text("utf-8"))
            self._day, self._salt = str(state["day"]), bytes.fromhex(state["salt"])
            self._hashes = {str(item) for item in state["seen"]}
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("the received-forms state file is unreadable; starting afresh")

    def _save(self) -> None:
        if self._path is None:
            return
        state = {"day": self._day, "salt": self._salt.hex(), "seen": sorted(self._hashes)}
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", dir=self._path.parent, delete=False, encoding="utf-8"
            ) as file:
                json.dump(state, file)
            os.chmod(file.name, 0o600)
            os.replace(file.name, self._path)
        except OSError:
            log.warning("the received-forms state file cannot be written")


def export_row(received: Received) -> dict[str, str]:
    """One form as a flat record: the metadata, the form's fields, the representative's."""
    payload = received.payload
    row = {
        "reference": payload.reference,
        "form_id": payload.form_id,
        "form_version": str(payload.form_version),
        "kiosk_id": payload.kiosk_id,
        "key_id": payload.key_id,
        "read_at": payload.read_at.isoformat(),
        "issued_at": payload.issued_at.isoformat(),
        "expires_at": payload.expires_at.isoformat(),
        "received_at": received.received_at.isoformat(),
    }
    row.update(payload.data)
    for name, value in (payload.representative or {}).items():
        row[REPRESENTATIVE_PREFIX + name] = value
    return row


def export_columns(field_ids: Iterable[str], representative_ids: Iterable[str] = ()) -> list[str]:
    """The CSV header: metadata, the shipped forms' field ids (first seen first), then the
    representative's."""
    columns = list(META_COLUMNS)
    for name in field_ids:
        if name not in columns:
            columns.append(name)
    columns += [REPRESENTATIVE_PREFIX + name for name in representative_ids]
    return columns


def to_json(rows: list[dict[str, str]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
