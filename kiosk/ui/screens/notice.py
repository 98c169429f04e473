"""The privacy notice (PDPA): what will be read and why, before anything is read. With large
text it comes in two parts ("more"), so nothing is pushed off the screen."""

from __future__ import annotations

from kivy.properties import NumericProperty, StringProperty

from kiosk.ui.screens.base import OneCardScreen


class NoticeScreen(OneCardScreen):
    part = NumericProperty(0)
    whose = StringProperty("")  # applying for someone else: whose card this notice is for

    def draw(self, state: object) -> None:
        self.part = 0
        role = getattr(state, "role", None)
        self.whose = self.app.t[f"role.{role.value}"] if role is not None else ""
