"""Reusable widgets (their looks are in widgets.kv)."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.label import Label
from kivy.uix.textinput import TextInput
from kivy.uix.widget import Widget

from assets import ROOT
from kiosk.api import Status
from kiosk.ui import theme

log = logging.getLogger(__name__)
BEEP = ROOT / "sounds" / "beep.wav"  # 0.25 s at 880 Hz, synthetic
beeps_requested = 0  # how many beeps were asked for (the tests read it; no audio there)


def beep() -> None:
    """A short beep (the idle warning), played by ALSA's `aplay` in its own process (Kivy's SDL
    mixer logs a critical error on a machine without sound). A kiosk without audio stays
    silent, never fails."""
    global beeps_requested
    beeps_requested += 1
    aplay = shutil.which("aplay")
    if aplay is None:
        return
    try:
        subprocess.Popen(
            [aplay, "-q", str(BEEP)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError as error:  # the warning still shows
        log.info("no beep: %s", type(error).__name__)


STATUS_COLOURS = {
    Status.RECEIVED: theme.RECEIVED,
    Status.PENDING: theme.PENDING,
    Status.NOT_ELIGIBLE: theme.NOT_ELIGIBLE,
    Status.UNKNOWN: theme.UNKNOWN,
}


class Heading(Label):
    pass


class Body(Label):
    """Body text; `tone` names its colour in the current look ("ink", "warning", "error",
    "not_eligible", …), so it follows high contrast. (A `color` passed to the constructor
    would be overwritten by the Label rule, which depends on the app.)"""

    tone = StringProperty("ink")


class StaffText(Body):
    """Body text on the staff screens (the desk, receiving): smaller, as `theme.SMALL_SIZE`.
    (A `font_size` passed to `Body` would be overwritten by its rule, as a colour was.)"""


class BigButton(Button):
    secondary = BooleanProperty(False)


class Painted(BoxLayout):
    """A box that paints its background in `bg_colour` (the accessibility test reads it)."""

    bg_colour = ColorProperty((0, 0, 0, 0))


class StaffNote(Label):
    """A code for staff (a status word, a request id) on a citizen screen: small, muted."""


class Overlay(FloatLayout):
    """Shown over every screen while `shown`; then it takes every touch, so a touch meant for
    it never reaches the screen beneath."""

    shown = BooleanProperty(False)

    def on_touch_down(self, touch: Any) -> bool:
        if not self.shown:
            return False
        super().on_touch_down(touch)
        return True

    def on_touch_move(self, touch: Any) -> bool:
        return bool(self.shown)

    def on_touch_up(self, touch: Any) -> bool:
        if not self.shown:
            return False
        super().on_touch_up(touch)
        return True


class ChoiceOption(Button):
    """One option of a choice list (see widgets.kv): `chosen` draws the tick."""

    chosen = BooleanProperty(False)
    field_id = StringProperty("")
    option_value = ObjectProperty(None, allownone=True)
    group = ObjectProperty(None, allownone=True)  # the options chosen among (one at a time)

    def on_release(self) -> None:
        if self.group is None:  # a lone option: a checkbox
            self.chosen = not self.chosen
            return
        for option in self.group:
            option.chosen = option is self


class EntitlementRow(Painted):
    """One programme on the kiosk: its name and next step, its status and amount (large)."""

    status = StringProperty(Status.UNKNOWN.value)
    programme = StringProperty("")
    status_text = StringProperty("")
    amount = StringProperty("")
    next_step = StringProperty("")


class StatusIcon(Widget):
    """A coloured disc with a mark drawn in it: tick, clock, cross or question mark."""

    status = StringProperty(Status.UNKNOWN.value)
    colour = ListProperty(list(theme.UNKNOWN))

    def on_status(self, _widget: Widget, value: str) -> None:
        self.colour = list(STATUS_COLOURS[Status(value)])


class StatusRow(BoxLayout):
    status = StringProperty(Status.UNKNOWN.value)
    colour = ListProperty(list(theme.UNKNOWN))
    programme = StringProperty("")
    status_text = StringProperty("")
    detail = StringProperty("")

    def on_status(self, _widget: Widget, value: str) -> None:
        self.colour = list(STATUS_COLOURS[Status(value)])


class FieldInput(TextInput):
    """A text box filled from the on-screen keyboard (the system keyboard is not requested)."""

    keyboard_layout_name = StringProperty("th")


KeyPress = Callable[[str], None]


class OnScreenKeyboard(BoxLayout):
    """Thai (Kedmanee), English and a digits pad, typing into `target`."""

    target = ObjectProperty(None, allownone=True)
    layout_name = StringProperty("th")
    bg_colour = ColorProperty(theme.SECONDARY)
    shifted = BooleanProperty(False)

    def on_kv_post(self, base_widget: Widget) -> None:
        self.rebuild()

    def on_touch_down(self, touch: Any) -> bool:
        """Folded away (no target), it takes no touch: its disabled keys keep their last places
        and would otherwise swallow taps meant for what is there now."""
        return bool(self.target is not None and super().on_touch_down(touch))

    def on_layout_name(self, *_args: object) -> None:
        self.shifted = False
        self.rebuild()

    def on_shifted(self, *_args: object) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        rows_box = self.ids.get("rows")
        if rows_box is None:
            return
        rows_box.clear_widgets()
        layout = json.loads((ROOT / "keyboards" / f"{self.layout_name}.json").read_text("utf-8"))
        for row in layout["shift" if self.shifted else "normal"]:
            line = BoxLayout(spacing="6dp")
            for character in row:
                line.add_widget(KeyButton(character=character, on_press=self._typed))
            rows_box.add_widget(line)

    def _typed(self, key: KeyButton) -> None:
        if self.target is not None:
            self.target.insert_text(key.character)
        if self.shifted:
            self.shifted = False

    def backspace(self) -> None:
        if self.target is not None:
            self.target.do_backspace()

    def close(self) -> None:
        """Done typing: the keyboard goes away until a text box is touched again."""
        if self.target is not None:
            self.target.focus = False
        self.target = None

    def space(self) -> None:
        if self.target is not None:
            self.target.insert_text(" ")


THAI_MARKS = frozenset("ัิีึืฺุู็่้๊๋์ํ")


class KeyButton(Button):
    character = StringProperty("")

    def on_character(self, _widget: Widget, value: str) -> None:
        # A lone Thai mark needs a base to be seen: show it on อ, as printed keyboards do.
        self.text = f"อ{value}" if value in THAI_MARKS else value
