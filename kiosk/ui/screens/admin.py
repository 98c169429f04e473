"""The administrator's screen, behind a gesture and a PIN: reader status, API health, a test
print, and the only way to close the kiosk."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty

from kiosk.ui.screens.base import OneCardScreen


class AdminScreen(OneCardScreen):
    unlocked = BooleanProperty(False)
    pin_message = StringProperty("")
    readers = StringProperty("")
    api_health = StringProperty("")
    print_status = StringProperty("")

    def on_pre_enter(self, *args: object) -> None:
        self.pin_message = ""
        self._show_panel(unlocked=False)

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

    def submit_pin(self) -> None:
        pin = self.panel.ids.pin
        entered = pin.text
        pin.text = ""
        pin.reset_undo()
        self.controller.check_admin_pin(entered, self._pin_checked)

    def _pin_checked(self, correct: bool) -> None:
        if correct:
            self._show_panel(unlocked=True)
            self.controller.refresh_admin_status()
        else:
            self.pin_message = self.app.t["admin.wrong_pin"]

    def clear(self) -> None:
        self.unlocked = False
