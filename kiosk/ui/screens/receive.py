"""Receiving a form printed at a kiosk: the scanner (a USB 2D scanner typing like a keyboard,
ending with Enter) or the officer types the QR text into the scan box; the verified data is
shown beside the labels of the paper's fields, or the refusal with its reason."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, StringProperty

from kiosk.flow.view import ReceiveState
from kiosk.receive import Received, Refused
from kiosk.ui.screens.base import OneCardScreen
from kiosk.ui.screens.deskkeys import DeskButton
from kiosk.ui.widgets import StaffText

BUTTONS = DeskButton  # named by receive.kv


class ReceiveScreen(OneCardScreen):
    verdict = StringProperty("")
    refused = BooleanProperty(False)
    message = StringProperty("")
    count = StringProperty("")

    def on_enter(self, *args: Any) -> None:
        self.ids.scan.focus = True

    def scanned(self, text: str) -> None:
        self.ids.scan.text = ""
        self.app.desk_flow.receive_scanned(text)
        self.ids.scan.focus = True  # ready for the next form

    def draw(self, state: ReceiveState) -> None:
        t, lang = self.app.t, self.app.lang
        rows = self.ids.fields
        rows.clear_widgets()
        last = state.last
        self.refused = isinstance(last, Refused)
        if isinstance(last, Refused):
            self.verdict = f"{last.what.in_language(lang)} {last.action.in_language(lang)}"
        elif isinstance(last, Received):
            payload = last.payload
            verdict = t.format(
                "receive.accepted",
                reference=payload.reference,
                form=payload.form_id,
                kiosk=payload.kiosk_id,
            )
            if last.seen_before:
                verdict += " " + t["receive.seen_before"]
            self.verdict = verdict
            for label, value in state.fields:
                line = f"{label.in_language(lang)}: {value}"
                rows.add_widget(StaffText(text=line))
        else:
            self.verdict = t["receive.waiting"]
        if state.message_error is not None:
            self.message = state.message_error.describe(lang)
        else:
            values = dict(state.message_values)
            self.message = t.format(state.message_key, **values) if state.message_key else ""
        self.count = t.format("receive.count", count=state.count)

    def clear(self) -> None:
        super().clear()
        self.ids.fields.clear_widgets()
        self.ids.scan.text = ""
        self.verdict = self.message = self.count = ""
        self.refused = False
