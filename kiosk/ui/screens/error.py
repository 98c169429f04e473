"""One place for every error a person sees: what happened and what to do, in Thai and
English, with a retry where retrying makes sense."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from kiosk.flow.view import ErrorState
from kiosk.ui.screens.base import OneCardScreen


class ErrorScreen(OneCardScreen):
    what_th = StringProperty("")
    action_th = StringProperty("")
    what_en = StringProperty("")
    action_en = StringProperty("")
    reference = StringProperty("")
    can_retry = BooleanProperty(False)

    def draw(self, state: ErrorState) -> None:
        error = state.error
        self.what_th, self.action_th = error.what.th, error.action.th
        self.what_en, self.action_en = error.what.en, error.action.en
        self.reference = error.reference
        self.can_retry = state.retry is not None

    def retry(self) -> None:
        state = self.state
        self.state = None
        self.can_retry = False
        if isinstance(state, ErrorState) and state.retry is not None:
            state.retry()

    def clear(self) -> None:
        super().clear()
        self.can_retry = False
