"""Reviewing the auto-filled form: chip data shown read-only, the rest typed on the on-screen
keyboard (digits pad for phone, account and number fields). Blank answers never block."""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.togglebutton import ToggleButton
from kivy.uix.widget import Widget

from forms import FieldDef, FieldType, FilledForm, Origin
from forms.validation import Answer
from kiosk.ui import theme
from kiosk.ui.screens.base import OneCardScreen
from kiosk.ui.widgets import Body, FieldInput

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


class ReviewScreen(OneCardScreen):
    title = StringProperty("")

    def refresh(self) -> None:
        if self.ids.inputs.children:  # redrawn (language switch): keep what was typed so far
            self.controller.keep_answers(self.answers())
        self.clear()
        filled: FilledForm | None = self.controller.filled_form
        if filled is None:
            return
        typed = self.controller.session.answers
        lang = self.app.lang
        self.title = filled.form.title.th if lang == "th" else filled.form.title.en
        problems = {problem.field_id: problem.message for problem in filled.problems}
        for item in filled.fields:
            label = item.field.label.th if lang == "th" else item.field.label.en
            if item.origin in (Origin.CHIP, Origin.COMPUTED):
                self.ids.chip_fields.add_widget(Body(text=f"{label}: {item.display}"))
                continue
            value = _as_text(typed.get(item.field.id, item.value))  # as typed, even if invalid
            if item.field.type is FieldType.CHOICE:
                self.ids.inputs.add_widget(self._choice(item.field, label, value))
            elif item.field.type is FieldType.CHECKBOX:
                self.ids.inputs.add_widget(self._checkbox(item.field, label, value))
            elif item.field.type in TYPED_FIELDS:
                self._add_input(item.field, label, value, problems.get(item.field.id))

    def _add_input(self, field: FieldDef, label: str, value: str, problem: object) -> None:
        self.ids.inputs.add_widget(Body(text=label, font_size=theme.SMALL_SIZE))
        box = FieldInput(
            text=value, keyboard_layout_name="digits" if field.type in DIGIT_FIELDS else "th"
        )
        box.field_id = field.id
        box.bind(focus=self._focused)
        self.ids.inputs.add_widget(box)
        if problem is not None:
            message = getattr(problem, "th" if self.app.lang == "th" else "en", "")
            self.ids.inputs.add_widget(Body(text=str(message), color=theme.NOT_ELIGIBLE))

    def _choice(self, field: FieldDef, label: str, value: str) -> Widget:
        column = BoxLayout(orientation="vertical", size_hint_y=None, spacing="6dp")
        column.add_widget(Body(text=label, font_size=theme.SMALL_SIZE))
        row = BoxLayout(size_hint_y=None, height="72dp", spacing="8dp")
        for option in field.options:
            toggle = ToggleButton(
                text=option.label.th if self.app.lang == "th" else option.label.en,
                group=f"choice-{field.id}",
                state="down" if option.value == value else "normal",
                font_size=theme.SMALL_SIZE,
            )
            toggle.field_id, toggle.option_value = field.id, option.value
            row.add_widget(toggle)
        column.add_widget(row)
        column.height = 72 + 50
        return column

    def _checkbox(self, field: FieldDef, label: str, value: str) -> Widget:
        toggle = ToggleButton(
            text=label,
            state="down" if value == "true" else "normal",
            font_size=theme.SMALL_SIZE,
            size_hint_y=None,
            height="72dp",
        )
        toggle.field_id, toggle.option_value = field.id, True
        return toggle

    def _focused(self, box: FieldInput, focused: bool) -> None:
        if focused:
            self.ids.keyboard.target = box
            self.ids.keyboard.layout_name = box.keyboard_layout_name

    def answers(self) -> dict[str, Answer]:
        """What the citizen typed or chose, by field id."""
        answers: dict[str, Answer] = {}
        for widget in self.ids.inputs.walk(restrict=True):
            if isinstance(widget, FieldInput):
                answers[widget.field_id] = widget.text.strip()
            elif isinstance(widget, ToggleButton) and widget.state == "down":
                answers[widget.field_id] = widget.option_value
        return answers

    def clear(self) -> None:
        self.ids.keyboard.target = None
        self.ids.chip_fields.clear_widgets()
        self.ids.inputs.clear_widgets()
        self.title = ""


def _as_text(answer: Answer) -> str:
    if isinstance(answer, bool):
        return "true" if answer else ""
    return str(answer)
