"""Files shipped with OneCard (fonts and their licences), located relative to this package."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parent


def font_path(name: str) -> Path:
    """The path of a bundled font file, e.g. `font_path("Sarabun-Regular.ttf")`."""
    path = ROOT / "fonts" / name
    if not path.is_file():
        raise FileNotFoundError(f"bundled font {name!r} is missing from {path.parent}")
    return path
