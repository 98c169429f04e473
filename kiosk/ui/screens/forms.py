"""Choosing a request form; each shows what the card says about its eligibility rules."""

from __future__ import annotations

from kiosk.ui.screens.base import OneCardScreen
from kiosk.ui.widgets import BigButton


class FormsScreen(OneCardScreen):
    def refresh(self) -> None:
        box = self.ids.choices
        box.clear_widgets()
        for form, verdict in self.controller.form_choices():
            title = form.title.th if self.app.lang == "th" else form.title.en
            label = f"{title}\n{self.app.t[verdict]}"
            button = BigButton(
                text=label, height="120dp", secondary=verdict == "forms.not_eligible"
            )
            button.bind(
                on_release=lambda _button, form_id=form.id: self.controller.choose_form(form_id)
            )
            box.add_widget(button)

    def clear(self) -> None:
        self.ids.choices.clear_widgets()
