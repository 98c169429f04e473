"""The desk's sign-in: the officer's own ID card (only the ID and names are read, after a short
notice) or a staff id and PIN. No lookup runs before it."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, StringProperty

from kiosk.flow.view import SignInState
from kiosk.ui.screens.admin import time_left
from kiosk.ui.screens.base import OneCardScreen
from kiosk.ui.screens.deskkeys import DeskButton

BUTTONS = DeskButton  # named by signin.kv


class SigninScreen(OneCardScreen):
    by_card = BooleanProperty(True)
    by_staff_id = BooleanProperty(True)
    message = StringProperty("")

    def draw(self, state: SignInState) -> None:
        self.by_card = state.ways in ("both", "card")
        self.by_staff_id = state.ways in ("both", "staff_id")
        if state.locked_for > 0:
            self.message = self.app.t.format("desk.pin_locked", time=time_left(state.locked_for))
        elif state.message_error is not None:
            self.message = state.message_error.describe(self.app.lang)
        else:
            self.message = self.app.t[state.message_key] if state.message_key else ""

    def on_enter(self, *args: Any) -> None:
        first = self.ids.staff_id if self.by_staff_id else self.ids.card
        first.focus = True

    def submit_pin(self) -> None:
        staff_id, pin = self.ids.staff_id, self.ids.pin
        entered = pin.text
        pin.text = ""
        pin.reset_undo()
        self.app.desk_flow.sign_in_with_pin(staff_id.text, entered)

    def clear(self) -> None:
        super().clear()
        self.ids.pin.text = ""
        self.ids.staff_id.text = ""
        self.message = ""
