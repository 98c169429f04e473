"""Reading the card, with progress; the entitlement lookup starts as soon as the ID is read."""

from __future__ import annotations

from kivy.animation import Animation
from kivy.properties import NumericProperty, StringProperty

from kiosk.ui.screens.base import OneCardScreen


class ReadingScreen(OneCardScreen):
    progress = NumericProperty(0)
    whose = StringProperty("")  # applying for someone else: whose card is being read

    def draw(self, state: object) -> None:
        role = getattr(state, "role", None)
        self.whose = self.app.t[f"role.{role.value}"] if role is not None else ""

    def on_enter(self, *args: object) -> None:
        self.progress = 0
        animation = Animation(progress=100, duration=1.2) + Animation(progress=0, duration=0)
        animation.repeat = True
        animation.start(self)

    def on_leave(self, *args: object) -> None:
        Animation.cancel_all(self)
