"""The screen registry: one screen = one module with its class and a `.kv` file beside it."""

from __future__ import annotations

import importlib
from pathlib import Path

from kivy.lang import Builder

from kiosk.ui.screens.base import OneCardScreen

# The screens there are (each built the first time it is shown: see OneCardApp.screen).
KIOSK_SCREENS = (
    "attract",
    "notice",
    "declined",
    "reading",
    "hello",
    "proxy",
    "entitlements",
    "forms",
    "review",
    "output",
    "done",
    "error",
    "admin",
)
DESK_SCREENS = ("signin", "desk", "receive", "error")


def _class_name(screen: str) -> str:
    return screen.capitalize() + "Screen"


def load_screen(name: str) -> OneCardScreen:
    module = importlib.import_module(f"kiosk.ui.screens.{name}")
    kv_file = Path(module.__file__ or "").with_suffix(".kv")
    if str(kv_file) not in Builder.files:
        Builder.load_file(str(kv_file))
    screen: OneCardScreen = getattr(module, _class_name(name))(name=name)
    return screen
