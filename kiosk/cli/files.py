"""Writing what a command produced (a form's PDF, a card's photo) to the file it was asked for."""

from __future__ import annotations

from pathlib import Path

from kiosk.errors import file_error


def write_output(path: Path, data: bytes) -> None:
    """Writes `data` to `path`, or raises one clear line naming it; a regular file left half
    written (a full disk) is removed rather than passed off as complete."""
    try:
        with path.open("wb") as file:
            file.write(data)
    except OSError as error:
        if path.is_file():
            path.unlink(missing_ok=True)
        raise file_error(error, path) from error
