"""The kiosk's QR signing key, as configured (`kiosk.signing_key`), for the CLI and the UI."""

from __future__ import annotations

from pathlib import Path

from cardreader.text import Bilingual
from forms import KeyFileError, SigningKey, ephemeral_key, load_signing_key
from kiosk.errors import UserFacingError


def key_file_error(error: KeyFileError) -> UserFacingError:
    return UserFacingError(
        error.message,
        Bilingual("ตรวจสอบไฟล์กุญแจ", "Check the key file."),
        reference=str(error.path),
    )


def kiosk_signing_key(path: Path | None) -> SigningKey:
    """The key in `path`; with none configured, a throw-away demo key (forms say DEMO KEY)."""
    if path is None:
        return ephemeral_key()
    try:
        return load_signing_key(path)
    except KeyFileError as error:
        raise key_file_error(error) from error
