"""What every screen has: it is drawn from a typed state (kiosk.flow.view) and can be wiped.

Invariant: a screen shows only what its last state holds; `clear()` drops that state and empties
every widget that showed a person's data (the app calls it on every screen when a session
ends). A language switch redraws the screen from the state it already has.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

from kivy.app import App
from kivy.uix.screenmanager import Screen

if TYPE_CHECKING:
    from kiosk.flow.desk import DeskController
    from kiosk.flow.kiosk import KioskController
    from kiosk.flow.view import ScreenState
    from kiosk.ui.i18n import Catalogue


class ScreenHost(Protocol):
    """What a screen may use of the app (OneCardApp): words, language and actions; no data."""

    lang: str
    t: Catalogue

    @property
    def kiosk_flow(self) -> KioskController: ...

    @property
    def desk_flow(self) -> DeskController: ...

    def date_text(self, date: dt.date) -> str: ...


class OneCardScreen(Screen):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state: ScreenState | None = None

    @property
    def app(self) -> ScreenHost:
        """For translations, the language and actions (its controller); never for data."""
        app: ScreenHost = App.get_running_app()
        return app

    def show_state(self, state: ScreenState) -> None:
        self.state = state
        self.draw(state)

    def draw(self, state: Any) -> None:
        """Draw the screen from `state` in the app's language. Screens without data: nothing."""

    def refresh(self) -> None:
        """Redraw in the current language from the state the screen holds."""
        if self.state is not None:
            self.draw(self.state)

    def clear(self) -> None:
        """Forget everything about the person shown. Screens without personal data: the state."""
        self.state = None
