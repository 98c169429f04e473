"""Reviewing the auto-filled form: chip data shown read-only, the rest typed on the on-screen
keyboard (digits pad for phone, account and number fields). Blank answers never block."""

from __future__ import annotations

import dataclasses

from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget
from kivy.utils import escape_markup

from cardreader.text import Bilingual
from forms import FieldDef, FieldType, FilledField, FilledForm, Origin
from forms.validation import Answer
from kiosk.flow.view import ReviewState
from kiosk.ui.screens.base import OneCardScreen
from kiosk.ui.screens.paging import ScrollPages
from kiosk.ui.widgets import Body, ChoiceOption, FieldInput

DIGIT_FIELDS = frozenset(
    {
        FieldType.PHONE,
        FieldType.BANK_ACCOUNT,
        FieldType.PROMPTPAY_ID,
        FieldType.NUMBER,
        FieldType.DATE,
    }
)
TYPED_FIELDS = DIGIT_FIELDS | {FieldType.TEXT}
PAGES = ScrollPages  # the columns' turning buttons (review.kv)
READ_ONLY = frozenset({Origin.CHIP, Origin.COMPUTED, Origin.RECORD})


class ReviewScreen(OneCardScreen):
    title = StringProperty("")

    def refresh(self) -> None:
        """A language switch: redraw, keeping what was typed so far (here and in the session)."""
        if isinstance(self.state, ReviewState) and self.ids.inputs.children:
            typed = self.answers()
            self.app.kiosk_flow.keep_answers(typed)
            self.state = dataclasses.replace(self.state, answers=typed)
        super().refresh()

    def draw(self, state: ReviewState) -> None:
        """`keep_typed` (a record came in while the citizen may be typing): only the filled-in
        column is redrawn; the fields, what is typed in them and the keyboard stay as they are."""
        filled: FilledForm = state.filled
        lang = self.app.lang
        filled_in = [item for item in filled.fields if _filled_in(item)]
        self.ids.chip_fields.clear_widgets()
        for item in filled_in:
            self._add_read_only(item, item.field.label.in_language(lang), state.looking_up)
        if state.keep_typed and self.ids.inputs.children:
            return
        self.ids.keyboard.target = None
        self.ids.inputs.clear_widgets()
        typed = state.answers
        self.title = filled.form.title.in_language(lang)
        problems = {problem.field_id: problem.message for problem in filled.problems}
        for item in filled.fields:
            if item in filled_in:
                continue
            label = item.field.label.in_language(lang)
            value = _as_text(typed.get(item.field.id, item.value))  # as typed, even if invalid
            if item.field.type is FieldType.CHOICE:
                self.ids.inputs.add_widget(self._choice(item.field, label, value))
            elif item.field.type is FieldType.CHECKBOX:
                self.ids.inputs.add_widget(self._checkbox(item.field, label, value))
            elif item.field.type in TYPED_FIELDS:
                self._add_input(item.field, label, value, problems.get(item.field.id))

    def _add_read_only(self, item: FilledField, label: str, looking_up: bool) -> None:
        """A value from the card or an agency's record, with its note (e.g. "from the card, may
        be out of date"); a record not had says why, or that it is still being looked up."""
        lang = self.app.lang
        if item.origin is not Origin.BY_HAND:
            value = item.display
        elif looking_up:
            value = self.app.t["review.looking_up"]
        else:
            value = "–"
        line = f"[b]{escape_markup(label)}[/b]  {escape_markup(value)}"
        self.ids.chip_fields.add_widget(Body(text=line, markup=True))
        if item.note is not None and not (looking_up and item.origin is Origin.BY_HAND):
            note = item.note.in_language(lang)
            self.ids.chip_fields.add_widget(Body(text=note, tone="warning"))

    def _add_input(
        self, field: FieldDef, label: str, value: str, problem: Bilingual | None
    ) -> None:
        self.ids.inputs.add_widget(Body(text=label))
        box = FieldInput(
            text=value, keyboard_layout_name="digits" if field.type in DIGIT_FIELDS else "th"
        )
        box.field_id = field.id
        box.bind(focus=self._focused)
        self.ids.inputs.add_widget(box)
        if problem is not None:
            message = problem.in_language(self.app.lang)
            self.ids.inputs.add_widget(Body(text=message, tone="error"))

    def _choice(self, field: FieldDef, label: str, value: str) -> Widget:
        """The options stacked full width, each wrapped, the chosen one ticked."""
        column = BoxLayout(orientation="vertical", size_hint_y=None, spacing="6dp")
        column.bind(minimum_height=column.setter("height"))
        column.add_widget(Body(text=label))
        group: list[ChoiceOption] = []
        for option in field.options:
            choice = ChoiceOption(
                text=option.label.in_language(self.app.lang),
                chosen=option.value == value,
                field_id=field.id,
                option_value=option.value,
                group=group,
            )
            group.append(choice)
            column.add_widget(choice)
        return column

    def _checkbox(self, field: FieldDef, label: str, value: str) -> Widget:
        chosen = value == "true"
        return ChoiceOption(text=label, chosen=chosen, field_id=field.id, option_value=True)

    def _focused(self, box: FieldInput, focused: bool) -> None:
        if focused:
            self.ids.keyboard.target = box
            self.ids.keyboard.layout_name = box.keyboard_layout_name
            Clock.schedule_once(lambda _dt: self._into_view(), 0)

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        # the keyboard has taken its space (the answers' view shrank): the field back in view
        self.ids.inputs_view.bind(height=lambda *_: Clock.schedule_once(self._into_view, 0))

    def _into_view(self, *_args: object) -> None:
        """The field typed into, in view above the keyboard."""
        box, view, content = self.ids.keyboard.target, self.ids.inputs_view, self.ids.inputs
        if box is None or box.parent is None or content.height <= view.height:
            return
        kids = content.children  # newest first: the field's label was added just before it
        place = kids.index(box) if box in kids else -1
        label = kids[place + 1] if 0 <= place < len(kids) - 1 else None
        top = box.top
        if label is not None and label.top - box.y <= view.height:
            top = label.top  # which field is typed into stays in sight with it
        above = content.top - top - dp(4)  # that top, a little below the view's
        view.scroll_y = min(1.0, max(0.0, 1 - above / (content.height - view.height)))

    def answers(self) -> dict[str, Answer]:
        """What the citizen typed or chose, by field id."""
        answers: dict[str, Answer] = {}
        for widget in self.ids.inputs.walk(restrict=True):
            if isinstance(widget, FieldInput):
                answers[widget.field_id] = widget.text.strip()
            elif isinstance(widget, ChoiceOption) and widget.chosen:
                answers[widget.field_id] = widget.option_value
        return answers

    def clear(self) -> None:
        super().clear()
        self._wipe()

    def _wipe(self) -> None:
        self.ids.keyboard.target = None
        self.ids.chip_fields.clear_widgets()
        self.ids.inputs.clear_widgets()
        self.title = ""


def _filled_in(item: FilledField) -> bool:
    """Shown read-only: from the card, computed from it, or an agency's record (had or not)."""
    return item.origin in READ_ONLY or item.field.from_record


def _as_text(answer: Answer) -> str:
    if isinstance(answer, bool):
        return "true" if answer else ""
    return str(answer)
