"""The privacy notice (PDPA): what will be read and why, before anything is read. With large
text it comes in two parts ("more"), so nothing is pushed off the screen."""

from __future__ import annotations

from kivy.properties import NumericProperty

from kiosk.ui.screens.base import OneCardScreen


class NoticeScreen(OneCardScreen):
    part = NumericProperty(0)

    def draw(self, state: object) -> None:
        self.part = 0
