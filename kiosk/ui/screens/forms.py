"""Choosing a request form; each shows what the card says about its eligibility rules. Paged
with big "more" buttons and a count: nothing hidden behind a scrollbar."""

from __future__ import annotations

from kivy.properties import ListProperty, StringProperty

from kiosk.flow.view import FormChoice, FormsState, Verdict
from kiosk.ui.screens.paging import PagedScreen
from kiosk.ui.widgets import BigButton

CHOICES_PER_PAGE = 3
CHOICES_PER_PAGE_LARGE = 2


class FormsScreen(PagedScreen):
    box_id = "choices"
    most_per_page = CHOICES_PER_PAGE
    most_per_page_large = CHOICES_PER_PAGE_LARGE
    count_text = StringProperty("")
    choices = ListProperty([])
    proxy_text = StringProperty("")  # applying for someone else: for whom, by whom

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.ids.previous.bind(on_release=lambda *_: self.turn(-1))
        self.ids.more.bind(on_release=lambda *_: self.turn(1))

    def draw(self, state: FormsState) -> None:
        self.choices = list(state.choices)
        self.proxy_text = ""
        if state.applicant is not None and state.representative is not None:
            lang = self.app.lang
            self.proxy_text = self.app.t.format(
                "forms.proxy",
                applicant=state.applicant.in_language(lang),
                representative=state.representative.in_language(lang),
            )
        self.count_text = self.app.t.format("forms.count", count=len(state.choices))
        self.page = 0
        self.show_page()

    def paged_items(self) -> list[FormChoice]:
        return list(self.choices)

    def item_widget(self, place: int, item: FormChoice) -> BigButton:
        return self._button(item)

    def _button(self, choice: FormChoice) -> BigButton:
        label = f"{choice.title.in_language(self.app.lang)}\n{self.app.t[choice.verdict.value]}"
        button = BigButton(text=label, secondary=choice.verdict is Verdict.NOT_ELIGIBLE)
        button.form_id = choice.form_id
        button.bind(
            on_release=lambda _button, form_id=choice.form_id: self.app.kiosk_flow.choose_form(
                form_id
            )
        )
        return button

    def clear(self) -> None:
        super().clear()
        self.proxy_text = ""
        self.choices = []
        self.ids.choices.clear_widgets()
