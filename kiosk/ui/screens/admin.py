"""The administrator's screen, behind a gesture and a PIN: reader status, API health, a test
print, and the only way to close the kiosk.

After too many wrong PINs the PIN panel says so, with the time left (kept up to date while the
screen shows), and its OK button is off until the lockout ends (see kiosk.adminlock)."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty

from kiosk.flow.view import AdminState
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

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.panel: Any = None
        self._lock_refresh: Any = None

    def on_enter(self, *args: object) -> None:
        self._lock_refresh = Clock.schedule_interval(
            lambda _dt: self.refresh(), LOCK_REFRESH_SECONDS
        )

    def on_leave(self, *args: object) -> None:
        if self._lock_refresh is not None:
            self._lock_refresh.cancel()
            self._lock_refresh = None

    def draw(self, state: AdminState) -> None:
        if self.panel is None or state.unlocked != self.unlocked:
            self._show_panel(unlocked=state.unlocked)
        if state.unlocked:
            t = self.app.t
            self.panel.ids.readers.text = f"{t['admin.readers']}: {state.readers}"
            self.panel.ids.api_health.text = f"{t['admin.api']}: {state.api_health}"
            self.panel.ids.print_status.text = state.print_status
            return
        remaining = state.lock.remaining()
        self.locked = remaining > 0
        if self.locked:
            self.pin_message = self.app.t.format("admin.locked", time=time_left(remaining))
        elif state.pin_refused:
            left = state.lock.tries_left
            self.pin_message = self.app.t.format("admin.wrong_pin_left", left=left)
        else:
            self.pin_message = ""
        self.panel.ids.message.text = self.pin_message
        self.panel.ids.submit_pin.disabled = self.locked

    def _show_panel(self, *, unlocked: bool) -> None:
        """Only the panel in use is in the widget tree, so a hidden one can't take taps."""
        self.unlocked = unlocked
        body = self.ids.body
        body.clear_widgets()
        self.panel = Factory.AdminStatusPanel() if unlocked else Factory.AdminPinPanel()
        body.add_widget(self.panel)
        if not unlocked:
            self.panel.ids.keyboard.target = self.panel.ids.pin

    def submit_pin(self) -> None:
        pin = self.panel.ids.pin
        entered = pin.text
        pin.text = ""
        pin.reset_undo()
        self.app.kiosk_flow.check_admin_pin(entered)

    def clear(self) -> None:
        super().clear()
        self.panel = None
        self.unlocked = False
        self.ids.body.clear_widgets()
