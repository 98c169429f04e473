"""Hello <name>: the two things a citizen came for, and applying for someone else."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from kiosk.flow.view import HelloState
from kiosk.ui.screens.base import OneCardScreen


class HelloScreen(OneCardScreen):
    greeting = StringProperty("")
    expired = BooleanProperty(False)
    entitlements_available = BooleanProperty(True)
    proxy = BooleanProperty(False)  # applying for someone else: forms only

    def draw(self, state: HelloState) -> None:
        name = state.name.in_language(self.app.lang)
        self.proxy = state.representative is not None
        if state.representative is not None:
            representative = state.representative.in_language(self.app.lang)
            self.greeting = self.app.t.format(
                "hello.proxy_for", name=name, representative=representative
            )
        else:
            self.greeting = self.app.t.format("hello.greeting", name=name)
        self.expired = state.expired
        self.entitlements_available = state.entitlements_available

    def clear(self) -> None:
        super().clear()
        self.greeting = ""
        self.expired = False
        self.proxy = False
