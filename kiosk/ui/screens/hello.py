"""Hello <name>: the two things a citizen came for."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from kiosk.flow.view import HelloState
from kiosk.ui.screens.base import OneCardScreen


class HelloScreen(OneCardScreen):
    greeting = StringProperty("")
    expired = BooleanProperty(False)
    entitlements_available = BooleanProperty(True)

    def draw(self, state: HelloState) -> None:
        name = state.name.in_language(self.app.lang)
        self.greeting = self.app.t.format("hello.greeting", name=name)
        self.expired = state.expired
        self.entitlements_available = state.entitlements_available

    def clear(self) -> None:
        super().clear()
        self.greeting = ""
        self.expired = False
