"""What every screen has: a way to its app and controller, and `clear()` for personal data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.uix.screenmanager import Screen

if TYPE_CHECKING:
    from kiosk.ui.app import OneCardApp


class OneCardScreen(Screen):
    """Screens that show a person's data override `clear()` to empty every such widget; the
    app calls it on all screens when a session ends."""

    @property
    def app(self) -> OneCardApp:
        app: OneCardApp = App.get_running_app()
        return app

    @property
    def controller(self) -> Any:
        return self.app.controller

    def clear(self) -> None:
        """Forget everything about the person shown. Screens without personal data: nothing."""

    def refresh(self) -> None:
        """Redraw texts built in Python (called when shown and when the language changes)."""

    def on_pre_enter(self, *args: object) -> None:
        self.refresh()
