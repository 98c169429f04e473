"""Choosing a request form; each shows what the card says about its eligibility rules. Paged
with big "more" buttons and a count: nothing hidden behind a scrollbar."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import ListProperty, NumericProperty, StringProperty

from kiosk.flow.view import FormChoice, FormsState, Verdict
from kiosk.ui.screens.base import OneCardScreen
from kiosk.ui.theme import LOOK
from kiosk.ui.widgets import BigButton

CHOICES_PER_PAGE = 3
CHOICES_PER_PAGE_LARGE = 2


class FormsScreen(OneCardScreen):
    count_text = StringProperty("")
    page = NumericProperty(0)
    pages = NumericProperty(1)
    page_text = StringProperty("")
    choices = ListProperty([])
    proxy_text = StringProperty("")  # applying for someone else: for whom, by whom

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._fits = 0  # rows that fit in the box, once measured (0: not yet)
        LOOK.bind(large_text=lambda *_: self._refit())
        self.ids.choices.bind(minimum_height=self._check_fit, height=lambda *_: self._refit())
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
        self._show_page()

    @property
    def per_page(self) -> int:
        """At most CHOICES_PER_PAGE (fewer with large text), fewer still if they do not fit."""
        most = CHOICES_PER_PAGE_LARGE if LOOK.large_text else CHOICES_PER_PAGE
        return min(most, self._fits) if self._fits else most

    def _refit(self) -> None:
        self._fits = 0
        self._show_page()

    def _check_fit(self, box: object, needed: float) -> None:
        """Rows measured: if they overflow the box, a page holds one fewer (never none)."""
        shown = len(self.ids.choices.children)
        if needed > self.ids.choices.height + 1 and shown > 1:
            self._fits = shown - 1
            Clock.schedule_once(lambda _dt: self._show_page())

    def turn(self, pages: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + pages))
        self._show_page()

    def _show_page(self) -> None:
        box = self.ids.choices
        box.clear_widgets()
        per_page = self.per_page
        self.pages = max(1, -(-len(self.choices) // per_page))
        self.page = min(self.page, self.pages - 1)
        self.page_text = f"{self.page + 2}/{self.pages}" if self.page + 1 < self.pages else ""
        start = self.page * per_page
        for choice in self.choices[start : start + per_page]:
            box.add_widget(self._button(choice))

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
