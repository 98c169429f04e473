"""The kiosk's Ed25519 key: generated once per kiosk, the private half kept readable by its owner
only, the public half registered with the agencies that verify forms."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from cardreader.text import Bilingual

PRIVATE_KEY_MODE = 0o600
KEY_ID_BYTES = 8


class KeyFileError(Exception):
    """A key file that cannot be used, with a TH/EN message fit for the officer."""

    def __init__(self, path: Path, message: Bilingual) -> None:
        super().__init__(f"{path}: {message.en}")
        self.path = path
        self.message = message


def key_id(public_key: Ed25519PublicKey) -> str:
    """16 hex digits naming a public key: the start of the SHA-256 of its raw bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[: KEY_ID_BYTES * 2]


@dataclass(frozen=True)
class SigningKey:
    """`ephemeral` marks a throw-away demo key: forms it signs cannot be verified later."""

    private_key: Ed25519PrivateKey
    ephemeral: bool = False

    @property
    def key_id(self) -> str:
        return key_id(self.private_key.public_key())

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)


def ephemeral_key() -> SigningKey:
    return SigningKey(Ed25519PrivateKey.generate(), ephemeral=True)


def public_key_path(private_path: Path) -> Path:
    return private_path.with_suffix(".pub")


def generate_key_files(private_path: Path) -> SigningKey:
    """Writes a new private key (mode 0600, never overwriting) and its public key beside it.
    A private key is never written to a name ending in .pub: such a name is refused, and if
    the public key cannot be written the private key just written is removed again."""
    if private_path.suffix.lower() == ".pub" or public_key_path(private_path) == private_path:
        raise KeyFileError(private_path, _PRIVATE_NAMED_PUBLIC)
    key = SigningKey(Ed25519PrivateKey.generate())
    private_pem = key.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = key.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    for path in (private_path, public_key_path(private_path)):
        if path.exists():
            raise KeyFileError(
                path,
                Bilingual(
                    "มีไฟล์นี้อยู่แล้ว จะไม่เขียนทับ", "The file exists already; it is not overwritten."
                ),
            )
    _write_new(private_path, private_pem, PRIVATE_KEY_MODE)
    try:
        _write_new(public_key_path(private_path), public_pem, 0o644)
    except KeyFileError:
        private_path.unlink(missing_ok=True)
        raise
    return key


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Creates `path` (never replacing a file); a failure removes what was created."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as error:
        raise _write_error(path, error) from error
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
    except OSError as error:
        path.unlink(missing_ok=True)
        raise _write_error(path, error) from error


def _write_error(path: Path, error: OSError) -> KeyFileError:
    reason = error.strerror or type(error).__name__
    return KeyFileError(
        path,
        Bilingual(f"เขียนไฟล์กุญแจไม่ได้ ({reason})", f"The key file cannot be written ({reason})."),
    )


def load_signing_key(path: Path) -> SigningKey:
    """The private key in `path`; a public key, a file others can read, or anything but an
    Ed25519 private key in PEM is refused with a message saying which."""
    data = _read_key_file(path)
    if _PUBLIC_PEM in data:
        raise KeyFileError(path, _PUBLIC_GIVEN)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        raise KeyFileError(
            path,
            Bilingual(
                "ไฟล์กุญแจส่วนตัวเปิดให้ผู้อื่นอ่านได้ (ใช้ chmod 600)",
                "The private key file is readable by others (run chmod 600 on it).",
            ),
        )
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise KeyFileError(path, _NOT_A_KEY) from error
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(path, _NOT_A_KEY)
    return SigningKey(key)


def load_public_key(path: Path) -> Ed25519PublicKey:
    data = _read_key_file(path)
    if _PRIVATE_PEM in data:
        raise KeyFileError(path, _PRIVATE_GIVEN)
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm) as error:
        raise KeyFileError(path, _NOT_A_KEY) from error
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(path, _NOT_A_KEY)
    return key


def _read_key_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise KeyFileError(
            path, Bilingual("อ่านไฟล์กุญแจไม่ได้", f"The key file cannot be read ({error.strerror}).")
        ) from error


_NOT_A_KEY = Bilingual(
    "ไฟล์นี้ไม่ใช่กุญแจ Ed25519 ในรูปแบบ PEM", "This file is not an Ed25519 key in PEM format."
)
_PUBLIC_PEM = b"-----BEGIN PUBLIC KEY-----"
_PRIVATE_PEM = b"PRIVATE KEY-----"
_PUBLIC_GIVEN = Bilingual(
    "ไฟล์นี้เป็นกุญแจสาธารณะ (.pub) ใช้ลงนามไม่ได้ ต้องใช้ไฟล์กุญแจส่วนตัว (ไฟล์ที่ไม่ลงท้ายด้วย .pub)",
    "This is a public key (.pub), not an Ed25519 key to sign with: give the private key file "
    "(the one not ending in .pub).",
)
_PRIVATE_GIVEN = Bilingual(
    "ไฟล์นี้เป็นกุญแจส่วนตัว ต้องใช้กุญแจสาธารณะ (.pub) ของตู้",
    "This is a private key; give the kiosk's public key (.pub).",
)
_PRIVATE_NAMED_PUBLIC = Bilingual(
    "ชื่อไฟล์กุญแจส่วนตัวต้องไม่ลงท้ายด้วย .pub (ใช้ชื่อเช่น kiosk.key กุญแจสาธารณะจะเป็น kiosk.pub)",
    "A private key file must not end in .pub: use a name like kiosk.key "
    "(the public key goes to kiosk.pub).",
)
