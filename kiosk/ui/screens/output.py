"""The finished form: print it and/or show its signed QR for an officer to scan."""

from __future__ import annotations

import io

import qrcode
from kivy.core.image import Image as CoreImage
from kivy.properties import ObjectProperty, StringProperty

from kiosk.ui.screens.base import OneCardScreen


class OutputScreen(OneCardScreen):
    qr_texture = ObjectProperty(None, allownone=True)
    status = StringProperty("")

    def refresh(self) -> None:
        payload = self.controller.qr_text
        self.qr_texture = qr_texture(payload) if payload else None

    def clear(self) -> None:
        self.qr_texture = None
        self.status = ""


def qr_texture(text: str) -> object:
    image = qrcode.make(text, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return CoreImage(buffer, ext="png").texture
