"""One place for every error a person sees: what happened and what to do, in Thai and
English, with a retry where retrying makes sense."""

from __future__ import annotations

from collections.abc import Callable

from kivy.properties import BooleanProperty, StringProperty

from kiosk.errors import UserFacingError
from kiosk.ui.screens.base import OneCardScreen


class ErrorScreen(OneCardScreen):
    what_th = StringProperty("")
    action_th = StringProperty("")
    what_en = StringProperty("")
    action_en = StringProperty("")
    reference = StringProperty("")
    can_retry = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._retry: Callable[[], None] | None = None

    def show(self, error: UserFacingError, retry: Callable[[], None] | None) -> None:
        self.what_th, self.action_th = error.what.th, error.action.th
        self.what_en, self.action_en = error.what.en, error.action.en
        self.reference = error.reference
        self._retry = retry
        self.can_retry = retry is not None

    def retry(self) -> None:
        retry, self._retry = self._retry, None
        if retry is not None:
            retry()

    def clear(self) -> None:
        self._retry = None
        self.can_retry = False
