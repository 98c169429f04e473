"""Writing what OneCard was asked to produce (a form's PDF, a card's photo, an export of
received forms) to the file asked for: one clear line when it cannot be written."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.errors import file_error


def write_output(path: Path, data: bytes, *, private: bool = False) -> None:
    """Writes `data` to `path`, or raises one clear line naming it; a regular file left half
    written (a full disk) is removed rather than passed off as complete. `private`: readable
    by its owner only (personal data the officer exported)."""
    try:
        if private:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            return
        with path.open("wb") as file:
            file.write(data)
    except OSError as error:
        if path.is_file():
            path.unlink(missing_ok=True)
        raise file_error(error, path) from error
