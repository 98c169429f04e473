"""Colours and sizes: high contrast, large type (body 28 sp) and large touch targets."""

from __future__ import annotations

Colour = tuple[float, float, float, float]

BACKGROUND: Colour = (0.97, 0.97, 0.95, 1)
INK: Colour = (0.07, 0.09, 0.15, 1)
NAVY: Colour = (0.04, 0.16, 0.33, 1)
PRIMARY: Colour = (0.07, 0.30, 0.78, 1)
SECONDARY: Colour = (0.85, 0.87, 0.90, 1)
WHITE: Colour = (1, 1, 1, 1)
MUTED: Colour = (0.30, 0.33, 0.40, 1)
WARNING: Colour = (0.62, 0.25, 0.0, 1)
RECEIVED: Colour = (0.05, 0.45, 0.18, 1)
PENDING: Colour = (0.68, 0.42, 0.0, 1)
NOT_ELIGIBLE: Colour = (0.65, 0.10, 0.10, 1)
UNKNOWN: Colour = (0.40, 0.42, 0.48, 1)

TITLE_SIZE = "46sp"
HEADING_SIZE = "36sp"
BODY_SIZE = "28sp"
SMALL_SIZE = "24sp"
BUTTON_HEIGHT = "100dp"  # about 26 mm on a 96 dpi kiosk screen; the brief asks for 15 mm


def from_hex(text: str) -> list[float]:
    """#RRGGBB -> Kivy's RGBA list."""
    return [int(text[i : i + 2], 16) / 255 for i in (1, 3, 5)] + [1.0]
