"""The finished form: print it and/or show its signed QR for an officer to scan."""

from __future__ import annotations

import io

import qrcode
from kivy.core.image import Image as CoreImage
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from kiosk.flow.view import OutputState, PrintStatus
from kiosk.ui.screens.base import OneCardScreen


class OutputScreen(OneCardScreen):
    qr_texture = ObjectProperty(None, allownone=True)
    status = StringProperty("")
    reference = StringProperty("")  # what the printer said, small, for staff
    failed = BooleanProperty(False)
    printing = BooleanProperty(False)
    preparing = BooleanProperty(False)  # the form is not made yet (it prints by itself)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._qr_text = ""

    def draw(self, state: OutputState) -> None:
        if state.qr_text != self._qr_text:  # printing changes the status, not the QR
            self._qr_text = state.qr_text
            self.qr_texture = qr_texture(state.qr_text) if state.qr_text else None
        t = self.app.t
        self.status = t[state.printing.value] if state.printing.value else ""
        self.failed = state.printing is PrintStatus.FAILED
        self.printing = state.printing in (PrintStatus.PREPARING, PrintStatus.PRINTING)
        self.preparing = state.printing is PrintStatus.PREPARING
        error = state.print_error
        self.reference = t.format("error.reference", reference=error.reference) if error else ""

    def clear(self) -> None:
        super().clear()
        self._qr_text = ""
        self.qr_texture = None
        self.status = self.reference = ""
        self.failed = self.printing = self.preparing = False


def qr_texture(text: str) -> object:
    image = qrcode.make(text, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return CoreImage(buffer, ext="png").texture
