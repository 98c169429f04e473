"""Colours and sizes, and the citizen's two display modes: large text and high contrast.

The constants are the normal look (the desk and the admin screen use them as they are). The
kiosk's screens draw from `LOOK` (the app's `look`): its sizes grow about 1.4x with large text
and its colours switch to white and yellow on black with high contrast, and every kv rule bound
to it redraws at once.

Invariants (checked by tests/ui/test_accessibility.py on every kiosk screen in every mode):
citizen-facing text is at least 28 px, every touch target at least 58 px (15 mm on a 15.6-inch
1280x800 panel), and every text colour has a WCAG contrast of at least 4.5:1 with what is
behind it. A widget that paints its own background says which colour in `bg_colour`.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.metrics import dp, sp
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty

Colour = tuple[float, float, float, float]

BACKGROUND: Colour = (0.97, 0.97, 0.95, 1)
INK: Colour = (0.07, 0.09, 0.15, 1)
NAVY: Colour = (0.04, 0.16, 0.33, 1)
PRIMARY: Colour = (0.07, 0.30, 0.78, 1)
SECONDARY: Colour = (0.85, 0.87, 0.90, 1)
WHITE: Colour = (1, 1, 1, 1)
BLACK: Colour = (0, 0, 0, 1)
MUTED: Colour = (0.30, 0.33, 0.40, 1)
WARNING: Colour = (0.62, 0.25, 0.0, 1)
RECEIVED: Colour = (0.05, 0.45, 0.18, 1)
PENDING: Colour = (0.58, 0.34, 0.0, 1)  # 5.8:1 on white (the old amber was 4.3:1)
NOT_ELIGIBLE: Colour = (0.65, 0.10, 0.10, 1)
UNKNOWN: Colour = (0.33, 0.35, 0.40, 1)

# High contrast: white and yellow on black, status colours light enough on black.
HC_BACKGROUND: Colour = BLACK
HC_INK: Colour = WHITE
HC_ACCENT: Colour = (1.0, 0.85, 0.0, 1)  # buttons: black text on yellow
HC_SECONDARY: Colour = (0.85, 0.85, 0.85, 1)
HC_RECEIVED: Colour = (0.45, 0.95, 0.55, 1)
HC_PENDING: Colour = (1.0, 0.80, 0.25, 1)
HC_NOT_ELIGIBLE: Colour = (1.0, 0.60, 0.60, 1)
HC_UNKNOWN: Colour = (0.85, 0.85, 0.85, 1)

TITLE_SIZE = "46sp"
HEADING_SIZE = "36sp"
BODY_SIZE = "28sp"
SMALL_SIZE = "24sp"  # staff-facing text only (the desk, codes for staff); citizens get >= 28
STAFF_SIZE = "20sp"  # SW codes and request ids on citizen screens, for staff
# The citizen screens' two bars (mode and language switches; voice and staff): the same size
# in every mode, so large text gives its room to the screen's own words.
BAR_TEXT = "28sp"
BAR_HEIGHT = 76  # dp
BAR_TARGET = 64  # dp
BUTTON_HEIGHT = "100dp"  # about 26 mm on a 96 dpi kiosk screen; the brief asks for 15 mm
LARGE_SCALE = 1.4
MIN_TEXT_PX = 28
MIN_TARGET_PX = 58


class Look(EventDispatcher):
    """The kiosk's current sizes (px) and colours; set `large_text` / `high_contrast`."""

    large_text = BooleanProperty(False)
    high_contrast = BooleanProperty(False)
    voice_on = BooleanProperty(False)  # the voice button's look (the controller decides)
    scale = NumericProperty(1.0)

    title = NumericProperty(sp(46))
    heading = NumericProperty(sp(36))
    body = NumericProperty(sp(28))
    amount = NumericProperty(sp(38))
    button_text = NumericProperty(sp(30))
    button_height = NumericProperty(dp(84))
    target = NumericProperty(dp(64))  # small buttons: choices (>= MIN_TARGET_PX)

    background = ColorProperty(BACKGROUND)
    surface = ColorProperty(WHITE)  # rows and panels on the background
    ink = ColorProperty(INK)
    heading_ink = ColorProperty(NAVY)
    muted = ColorProperty(MUTED)
    warning = ColorProperty(WARNING)
    error = ColorProperty(NOT_ELIGIBLE)
    header = ColorProperty(NAVY)  # the bar's background when high contrast overrides branding
    accent = ColorProperty(HC_ACCENT)  # buttons in high contrast
    accent_ink = ColorProperty(BLACK)
    secondary = ColorProperty(SECONDARY)
    secondary_ink = ColorProperty(INK)
    received = ColorProperty(RECEIVED)
    pending = ColorProperty(PENDING)
    not_eligible = ColorProperty(NOT_ELIGIBLE)
    unknown = ColorProperty(UNKNOWN)

    def on_large_text(self, *_args: object) -> None:
        self.scale = LARGE_SCALE if self.large_text else 1.0
        s = self.scale
        self.title, self.heading, self.body = sp(46) * min(s, 1.25), sp(36) * s, sp(28) * s
        self.amount, self.button_text = sp(38) * s, sp(30) * s
        self.button_height, self.target = dp(84) * s, dp(64) * s

    def on_high_contrast(self, *_args: object) -> None:
        hc = self.high_contrast
        self.background = HC_BACKGROUND if hc else BACKGROUND
        self.surface = (0.12, 0.12, 0.12, 1) if hc else WHITE
        self.ink = HC_INK if hc else INK
        self.heading_ink = HC_ACCENT if hc else NAVY
        self.muted = HC_INK if hc else MUTED
        self.warning = HC_ACCENT if hc else WARNING
        self.error = HC_NOT_ELIGIBLE if hc else NOT_ELIGIBLE
        self.secondary = HC_SECONDARY if hc else SECONDARY
        self.received = HC_RECEIVED if hc else RECEIVED
        self.pending = HC_PENDING if hc else PENDING
        self.not_eligible = HC_NOT_ELIGIBLE if hc else NOT_ELIGIBLE
        self.unknown = HC_UNKNOWN if hc else UNKNOWN

    def status_colour(self, status: str) -> list[float]:
        """The colour of a programme status ("received", "pending", ...)."""
        return list(getattr(self, status if status != "unknown" else "unknown"))


LOOK = Look()


def from_hex(text: str) -> list[float]:
    """#RRGGBB -> Kivy's RGBA list."""
    return [int(text[i : i + 2], 16) / 255 for i in (1, 3, 5)] + [1.0]


def relative_luminance(colour: tuple[float, ...] | list[float]) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: tuple[float, ...] | list[float], other: tuple[float, ...] | list[float]) -> float:
    """WCAG 2 contrast ratio of two opaque colours (1 to 21)."""
    light, dark = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
