"""The administrator's screen, behind a gesture and a PIN: reader status, API health, a test
print, and the only way to close the kiosk.

After too many wrong PINs the PIN panel says so, with the time left (kept up to date while the
screen shows), and its OK button is off until the lockout ends (see kiosk.adminlock)."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty

from kiosk.ui.screens.base import OneCardScreen

LOCK_REFRESH_SECONDS = 0.5


def time_left(seconds: float) -> str:
    """Whole seconds left, rounded up, as m:ss (h:mm:ss from an hour)."""
    total = max(int(-(-seconds // 1)), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class AdminScreen(OneCardScreen):
    unlocked = BooleanProperty(False)
    locked = BooleanProperty(False)
    pin_message = StringProperty("")
    readers = StringProperty("")
    api_health = StringProperty("")
    print_status = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._message: tuple[str, dict[str, object]] | None = None  # translation key, values
        self._lock_refresh: Any = None

    def on_pre_enter(self, *args: object) -> None:
        self._set_message(None)
        self._show_panel(unlocked=False)
        self._update_lock()
        self._lock_refresh = Clock.schedule_interval(
            lambda _dt: self._update_lock(), LOCK_REFRESH_SECONDS
        )

    def on_leave(self, *args: object) -> None:
        if self._lock_refresh is not None:
            self._lock_refresh.cancel()
            self._lock_refresh = None

    def _show_panel(self, *, unlocked: bool) -> None:
        """Only the panel in use is in the widget tree, so a hidden one can't take taps."""
        self.unlocked = unlocked
        body = self.ids.body
        body.clear_widgets()
        panel = Factory.AdminStatusPanel() if unlocked else Factory.AdminPinPanel()
        body.add_widget(panel)
        self.panel = panel
        if not unlocked:
            panel.ids.keyboard.target = panel.ids.pin
            self._show_pin_state()

    def on_pin_message(self, *_args: object) -> None:
        self._show_pin_state()

    def on_locked(self, *_args: object) -> None:
        self._show_pin_state()

    def _show_pin_state(self) -> None:
        """The PIN panel's message and its OK button follow `pin_message` and `locked`."""
        ids = getattr(getattr(self, "panel", None), "ids", {})
        if "message" in ids:
            ids["message"].text = self.pin_message
            ids["submit_pin"].disabled = self.locked

    def submit_pin(self) -> None:
        pin = self.panel.ids.pin
        entered = pin.text
        pin.text = ""
        pin.reset_undo()
        self.controller.check_admin_pin(entered, self._pin_checked)

    def _pin_checked(self, correct: bool) -> None:
        if correct:
            self._set_message(None)
            self._show_panel(unlocked=True)
            self.controller.refresh_admin_status()
            return
        self._update_lock()
        if not self.locked:
            left = self.controller.admin_lock.tries_left
            self._set_message(("admin.wrong_pin_left", {"left": left}))

    def _update_lock(self) -> None:
        """Shows the lockout and the time left; clears the message when the lockout ends."""
        if self.unlocked:
            return
        remaining = self.controller.admin_lock.remaining()
        was_locked, self.locked = self.locked, remaining > 0
        if self.locked:
            self._set_message(("admin.locked", {"time": time_left(remaining)}))
        elif was_locked:
            self._set_message(None)

    def _set_message(self, message: tuple[str, dict[str, object]] | None) -> None:
        self._message = message
        self.refresh()

    def refresh(self) -> None:
        if self._message is None:
            self.pin_message = ""
        else:
            key, values = self._message
            self.pin_message = self.app.t.format(key, **values)

    def clear(self) -> None:
        self.unlocked = False
