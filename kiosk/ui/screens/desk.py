"""The counter officer's one screen: typed or read ID, card data with photo on demand,
entitlements, disability records, forms to print."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from typing import Any

from kivy.core.image import Image as CoreImage
from kivy.core.window import Window
from kivy.factory import Factory
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from cardreader.cid import format_cid, mask_cid
from cardreader.model import CardData
from cardreader.text import Bilingual
from kiosk.api import CardStatus, CodedName
from kiosk.errors import UserFacingError
from kiosk.flow import healthright
from kiosk.flow.desk import cid_state
from kiosk.flow.view import DeskState
from kiosk.ui import theme
from kiosk.ui.screens.base import OneCardScreen
from kiosk.ui.screens.deskkeys import F_KEYS, DeskButton
from kiosk.ui.screens.entitlements import amount_text
from kiosk.ui.widgets import Body, StaffText, StatusRow

BUTTONS = DeskButton  # named by desk.kv
DIGITS = "0123456789"
CID_COLOURS = {"desk.cid_ok": theme.RECEIVED, "desk.cid_invalid": theme.NOT_ELIGIBLE}


IMPOSSIBLE_DATE = Bilingual("(วันที่ผิดปกติ ต้องตรวจสอบ)", "(impossible date: check it)")
BY_HAND = Bilingual(
    "(ไม่มีที่อยู่ในบัตร ให้กรอกด้วยลายมือ)", "(no address on the card: to be filled by hand)"
)


def _date_text(card: CardData, name: str, lang: str) -> str:
    date = getattr(card, name)
    text: str = date.in_language(lang)
    if card.date_flagged(name):
        text += " " + IMPOSSIBLE_DATE.in_language(lang)
    return text


class DeskScreen(OneCardScreen):
    cid_message = StringProperty("")
    cid_formatted = StringProperty("")
    card_text = StringProperty("")
    card_warnings = StringProperty("")  # what the chip holds that the officer must check
    message = StringProperty("")
    reader_status = StringProperty("")
    photo_texture = ObjectProperty(None, allownone=True)
    officer_text = StringProperty("")
    serving = StringProperty("")  # whom the desk is serving: name (read) and masked ID
    forms_reason = StringProperty("")  # why the form buttons are off
    card_check = StringProperty("")  # the civil registry's word on the card
    card_not_valid = BooleanProperty(False)
    proxy_text = StringProperty("")  # applying with a representative: whose card to insert
    proxy_on = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._drawn: dict[str, object] = {}  # each part as last drawn, to redraw only changes
        self._form_ids: tuple[str, ...] = ()

    # Keyboard first: F2 read card, F3 photo, F4 next citizen, F5..F9 forms 1..5, F10 receive,
    # F11 applying with a representative (proxy)

    def on_enter(self, *args: Any) -> None:
        Window.bind(on_key_down=self._function_key)
        self.ids.cid.focus = True

    def on_leave(self, *args: Any) -> None:
        Window.unbind(on_key_down=self._function_key)

    def _function_key(self, _window: Any, key: int, *_args: Any) -> bool:
        flow = self.app.desk_flow
        actions: dict[int, Callable[[], None]] = {
            F_KEYS["F2"]: flow.read_card,
            F_KEYS["F3"]: flow.read_photo,
            F_KEYS["F4"]: self.next_citizen,
            F_KEYS["F10"]: flow.open_receiving,
            F_KEYS["F11"]: flow.toggle_proxy,
        }
        if isinstance(self.state, DeskState) and self.state.card is not None:
            for number, form_id in enumerate(self._form_ids[:5]):
                actions[F_KEYS[f"F{5 + number}"]] = partial(flow.print_form, form_id)
        action = actions.get(key)
        if action is None:
            return False
        action()
        return True

    def next_citizen(self) -> None:
        self.app.desk_flow.next_citizen()
        self.ids.cid.focus = True  # the next ID is typed straight away

    def refresh(self) -> None:
        """A language switch: every part again."""
        self._drawn.clear()
        self.cid_typed(self.ids.cid.text)
        super().refresh()

    def draw(self, state: DeskState) -> None:
        """Each part redrawn only when it changed (by identity) since it was last drawn."""
        officer = state.officer
        if officer is not None:
            self.officer_text = self.app.t.format(
                "desk.signed_in_as",
                name=officer.name.in_language(self.app.lang),
                id=officer.shown_id,
            )
        self.serving = self._serving(state)
        if self._changed("forms", (state.forms, state.card is not None, bool(state.cid))):
            self._fill_form_buttons(state)
        if self._changed("card", state.card):
            self.show_card(state.card)
        entitlements = (state.entitlements, state.entitlements_error, state.looking_up)
        if self._changed("entitlements", entitlements):
            self.show_entitlements(state)
        chip = (state.disability, state.health_card, state.health_card_read)
        if self._changed("disability", chip):
            self.show_disability(state)
        self.card_check = (
            state.card_check.line().in_language(self.app.lang) if state.card_check else ""
        )
        self.card_not_valid = bool(
            state.card_check and state.card_check.status is CardStatus.NOT_VALID
        )
        if state.message_error is not None:
            self.message = state.message_error.describe(self.app.lang)
        else:
            self.message = self.app.t[state.message_key] if state.message_key else ""
        self.reader_status = state.reader_status
        self.proxy_on = bool(state.proxy_key)
        self.proxy_text = self._proxy_text(state)
        done, total = state.photo_progress
        self.ids.photo_progress.max = max(total, 1)
        self.ids.photo_progress.value = done

    def _proxy_text(self, state: DeskState) -> str:
        """What to do next, and who the representative is once read (masked ID)."""
        if not state.proxy_key:
            return ""
        text = self.app.t[state.proxy_key]
        representative = state.representative
        if representative is not None:
            lang = self.app.lang
            name = (
                representative.name_th.thai_display()
                if lang == "th"
                else representative.name_en.english_display()
            )
            role = self.app.t["role.representative"]
            text += f"\n{role}: {name} · {mask_cid(representative.cid)}"
        return text

    def _changed(self, part: str, value: object) -> bool:
        missing = object()
        previous = self._drawn.get(part, missing)
        if previous is not missing and (
            previous is value or (isinstance(value, tuple) and previous == value)
        ):
            return False
        self._drawn[part] = value
        return True

    def _serving(self, state: DeskState) -> str:
        if not state.cid:
            return ""
        who = mask_cid(state.cid)
        if state.card is not None:
            name = state.card.name_th if self.app.lang == "th" else state.card.name_en
            shown = name.thai_display() if self.app.lang == "th" else name.english_display()
            who = f"{shown} · {who}"
        else:
            who = f"{who} ({self.app.t['desk.typed']})"
        return self.app.t.format("desk.serving", who=who)

    def _fill_form_buttons(self, state: DeskState) -> None:
        """F5..F9 print forms 1..5 of the citizen whose card was read; a typed ID has no chip
        data to fill a form with, so the buttons are off and say why."""
        box = self.ids.forms
        box.clear_widgets()
        self._form_ids = tuple(choice.form_id for choice in state.forms)
        has_card = state.card is not None
        self.forms_reason = "" if has_card or not state.cid else self.app.t["desk.forms_need_card"]
        for number, choice in enumerate(state.forms):
            key = f"F{5 + number} · " if number < 5 else ""
            title = choice.title.in_language(self.app.lang)
            button = Factory.FormButton(text=f"{key}{choice.code}\n{title}", disabled=not has_card)
            button.bind(
                on_release=lambda _b, fid=choice.form_id: self.app.desk_flow.print_form(fid)
            )
            box.add_widget(button)

    # Typed ID -------------------------------------------------------------------------------

    def cid_typed(self, text: str) -> None:
        digits = "".join(ch for ch in text if ch in DIGITS)[:13]
        if digits != text:
            self.ids.cid.text = digits
            return
        key, values = cid_state(digits)
        self.cid_message = self.app.t.format(key, **values) if digits else ""
        self.cid_formatted = format_cid(digits) if len(digits) == 13 else ""
        self.ids.cid_message.color = CID_COLOURS.get(key, theme.MUTED)

    # The parts -------------------------------------------------------------------------------

    def show_card(self, card: CardData | None) -> None:
        """The card as read, one value a line (chip text holds no line break: the card layer
        replaced every control character), a flagged date marked, the warnings above it."""
        if card is None:
            self.card_text = self.card_warnings = ""
            self.photo_texture = None
            return
        lang = self.app.lang
        name = card.name_th.thai_display() if lang == "th" else card.name_en.english_display()
        address = card.address.one_line() or BY_HAND.in_language(lang)
        self.card_text = "\n".join(
            (
                format_cid(card.cid),
                name,
                _date_text(card, "birth_date", lang),
                address,
                _date_text(card, "expiry_date", lang),
            )
        )
        self.card_warnings = "\n".join(
            f"• {warning.in_language(lang)}" for warning in card.warnings
        )
        photo = card.photo
        self.photo_texture = CoreImage(io.BytesIO(photo), ext="jpg").texture if photo else None

    def show_entitlements(self, state: DeskState) -> None:
        rows = self.ids.entitlements
        rows.clear_widgets()
        answer, error = state.entitlements, state.entitlements_error
        if error is not None:
            rows.add_widget(Body(text=error.describe(self.app.lang), tone="not_eligible"))
            return
        if answer is None:
            if state.looking_up:
                rows.add_widget(Body(text=self.app.t["entitlements.loading"]))
            return
        lang = self.app.lang
        for programme in answer.programmes:
            detail = self.app.t.format(
                "entitlements.as_of", date=self.app.date_text(programme.as_of)
            )
            if programme.amount is not None:
                detail += " · " + amount_text(programme.amount, lang)
            rows.add_widget(
                StatusRow(
                    status=programme.status.value,
                    programme=programme.name.in_language(lang),
                    status_text=programme.status.label.in_language(lang),
                    detail=detail,
                )
            )
        for source in answer.unavailable_sources:
            text = self.app.t.format(
                "entitlements.unavailable", agency=source.name.in_language(lang)
            )
            rows.add_widget(Body(text=text, tone="warning"))

    def show_disability(self, state: DeskState) -> None:
        """The three disability resources; the health-insurance right from the chip (marked as
        such) when the API's resource is down."""
        box = self.ids.disability
        box.clear_widgets()
        records = state.disability
        if records is None:
            return
        lang = self.app.lang
        if isinstance(records, UserFacingError):
            box.add_widget(Body(text=records.describe(lang), tone="not_eligible"))
            return
        right, devices, rehabilitation = records
        name, date = self._name, self.app.date_text
        lines: list[tuple[str, str]] = []  # (text, tone)
        if isinstance(right, UserFacingError):
            lines.append((right.what.in_language(lang), "not_eligible"))
            lines += self._chip_right(state)
        elif right.right is not None:
            lines.append((f"{name(right.right.scheme)} · {name(right.right.main_hospital)}", "ink"))
        if isinstance(devices, UserFacingError):
            lines.append((devices.what.in_language(lang), "not_eligible"))
        else:
            lines += [
                (f"{name(item.device)} ×{item.quantity} · {date(item.date)}", "ink")
                for item in devices.disbursements
            ]
        if isinstance(rehabilitation, UserFacingError):
            lines.append((rehabilitation.what.in_language(lang), "not_eligible"))
        else:
            lines += [
                (f"{name(item.service)} · {date(item.date)}", "ink")
                for item in rehabilitation.sessions
            ]
        for text, tone in lines or [("—", "ink")]:
            box.add_widget(StaffText(text=text, tone=tone))

    def _chip_right(self, state: DeskState) -> list[tuple[str, str]]:
        lang = self.app.lang
        health = state.health_card
        if health is None:
            if not state.health_card_read:
                return []
            return [(healthright.NO_APPLET.in_language(lang), "warning")]
        right = healthright.from_chip(health)
        if right is None:
            return [(healthright.NO_APPLET.in_language(lang), "warning")]
        note = right.note.in_language(lang) if right.note else ""
        return [(right.display, "ink"), (note, "warning")]

    def _name(self, coded: CodedName) -> str:
        return coded.name.in_language(self.app.lang)

    def clear(self) -> None:
        super().clear()
        self.serving = ""
        self.forms_reason = ""
        self.officer_text = ""
        self.card_check = ""
        self.card_not_valid = False
        self.proxy_text = ""
        self.proxy_on = False
        self._drawn.pop("card", None)
        self._drawn.pop("entitlements", None)
        self._drawn.pop("disability", None)
        self.ids.cid.text = ""
        self.ids.cid.reset_undo()  # Ctrl+Z must not bring the previous citizen's ID back
        self.cid_message = ""
        self.cid_formatted = ""
        self.card_text = ""
        self.card_warnings = ""
        self.message = ""
        self.photo_texture = None
        self.ids.photo_progress.value = 0
        self.ids.entitlements.clear_widgets()
        self.ids.disability.clear_widgets()
