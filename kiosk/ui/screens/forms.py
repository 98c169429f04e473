"""Choosing a request form; each shows what the card says about its eligibility rules."""

from __future__ import annotations

from kiosk.flow.view import FormsState, Verdict
from kiosk.ui.screens.base import OneCardScreen
from kiosk.ui.widgets import BigButton


class FormsScreen(OneCardScreen):
    def draw(self, state: FormsState) -> None:
        box = self.ids.choices
        box.clear_widgets()
        for choice in state.choices:
            label = f"{choice.title.in_language(self.app.lang)}\n{self.app.t[choice.verdict.value]}"
            button = BigButton(
                text=label, height="120dp", secondary=choice.verdict is Verdict.NOT_ELIGIBLE
            )
            button.bind(
                on_release=lambda _button, form_id=choice.form_id: self.app.kiosk_flow.choose_form(
                    form_id
                )
            )
            box.add_widget(button)

    def clear(self) -> None:
        super().clear()
        self.ids.choices.clear_widgets()
