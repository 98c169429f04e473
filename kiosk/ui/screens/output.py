"""The finished form: print it and/or show its signed QR for an officer to scan."""

from __future__ import annotations

import io

import qrcode
from kivy.core.image import Image as CoreImage
from kivy.properties import ObjectProperty, StringProperty

from kiosk.flow.view import OutputState
from kiosk.ui.screens.base import OneCardScreen


class OutputScreen(OneCardScreen):
    qr_texture = ObjectProperty(None, allownone=True)
    status = StringProperty("")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._qr_text = ""

    def draw(self, state: OutputState) -> None:
        if state.qr_text != self._qr_text:  # printing changes the status, not the QR
            self._qr_text = state.qr_text
            self.qr_texture = qr_texture(state.qr_text) if state.qr_text else None
        if state.print_error is not None:
            self.status = state.print_error.describe(self.app.lang)
        else:
            self.status = self.app.t[state.printing.value] if state.printing.value else ""

    def clear(self) -> None:
        super().clear()
        self._qr_text = ""
        self.qr_texture = None
        self.status = ""


def qr_texture(text: str) -> object:
    image = qrcode.make(text, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return CoreImage(buffer, ext="png").texture
