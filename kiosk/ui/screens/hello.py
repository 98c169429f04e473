"""Hello <name>: the two things a citizen came for."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from kiosk.ui.screens.base import OneCardScreen


class HelloScreen(OneCardScreen):
    greeting = StringProperty("")
    expired = BooleanProperty(False)

    def refresh(self) -> None:
        card = self.controller.card
        if card is None:
            self.clear()
            return
        name = (
            card.name_th.thai_display() if self.app.lang == "th" else card.name_en.english_display()
        )
        self.greeting = self.app.t.format("hello.greeting", name=name)
        self.expired = self.controller.card_expired

    def clear(self) -> None:
        self.greeting = ""
        self.expired = False
