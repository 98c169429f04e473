"""The attract screen: "insert your ID card", waiting for the next citizen."""

from __future__ import annotations

from kivy.properties import BooleanProperty

from kiosk.flow.view import AttractState
from kiosk.ui.screens.base import OneCardScreen


class AttractScreen(OneCardScreen):
    card_left_in = BooleanProperty(False)  # a session ended (idle) with the card still inserted

    def draw(self, state: AttractState) -> None:
        self.card_left_in = state.card_left_in
