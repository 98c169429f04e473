"""Applying for someone else: whose is the card just read (two big choices), then which card
to take out and which to insert. Drawn from a `ProxyState`; the only personal data shown is
the first card's holder's name."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from kiosk.flow.view import ProxyState, ProxyStep, Role
from kiosk.ui.screens.base import OneCardScreen


class ProxyScreen(OneCardScreen):
    step = StringProperty("")  # a ProxyStep value
    question = StringProperty("")
    instruction = StringProperty("")
    same_card = BooleanProperty(False)

    def draw(self, state: ProxyState) -> None:
        t = self.app.t
        self.step = state.step.value
        self.same_card = state.same_card
        name = state.name.in_language(self.app.lang)
        self.question = t.format("proxy.whose", name=name)
        role = (state.next_role or Role.REPRESENTATIVE).value
        if state.step is ProxyStep.REMOVE:
            self.instruction = t["proxy.remove"] + "\n" + t[f"proxy.insert_{role}"]
        elif state.step is ProxyStep.INSERT:
            self.instruction = t[f"proxy.now_insert_{role}"]
        else:
            self.instruction = ""

    def choose(self, role: str) -> None:
        self.app.kiosk_flow.proxy_role(Role(role))

    def clear(self) -> None:
        super().clear()
        self.question = ""
        self.instruction = ""
        self.same_card = False
