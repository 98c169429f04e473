"""Keyboard first, for the officer: buttons that take the focus (Tab, Shift+Tab) and press
with Enter or Space, drawn with a focus ring; the desk's function keys."""

from __future__ import annotations

from typing import Any

from kivy.lang import Builder
from kivy.uix.behaviors import FocusBehavior
from kivy.uix.button import Button

PRESS_KEYS = frozenset({"enter", "numpadenter", "spacebar"})
# Kivy's key codes for F1..F12 are 282..293.
F_KEYS = {f"F{number}": 281 + number for number in range(1, 13)}


class DeskButton(FocusBehavior, Button):
    """A button reachable with Tab; Enter or Space presses it."""

    def keyboard_on_key_down(self, window: Any, keycode: Any, text: Any, modifiers: Any) -> bool:
        if keycode[1] in PRESS_KEYS and not self.disabled:
            self.trigger_action(0)
            return True
        return bool(super().keyboard_on_key_down(window, keycode, text, modifiers))


Builder.load_string(
    """
<DeskButton>:
    canvas.after:
        Color:
            rgba: (1, 0.75, 0, 1) if self.focus else (0, 0, 0, 0)
        Line:
            rectangle: self.x + dp(2), self.y + dp(2), self.width - dp(4), self.height - dp(4)
            width: dp(2.5)
"""
)
