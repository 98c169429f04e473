"""Kivy's process-wide settings, applied before kivy is first imported."""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass

from assets import font_path


@dataclass(frozen=True)
class WindowSettings:
    """Kiosk: fullscreen, borderless, no cursor, Escape does nothing. Desk: a normal window."""

    kiosk: bool
    width: int = 1280
    height: int = 800


def prepare(window: WindowSettings) -> None:
    """Set Kivy's environment and configuration. Must run before `import kivy`."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")  # our logging setup decides what shows
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_USE_DEFAULTCONFIG", "1")
    os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="onecard-kivy-"))
    os.environ["KIVY_TEXT"] = "pil"  # Pillow's raqm layout shapes Thai marks; SDL2's does not
    if not logging.getLogger().isEnabledFor(logging.INFO):  # `onecard --verbose` shows all
        logging.getLogger("kivy").addFilter(lambda record: record.levelno >= logging.ERROR)

    from kivy.config import Config

    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "keyboard_mode", "system")
    Config.set("input", "mouse", "mouse,disable_multitouch")
    Config.set("graphics", "width", str(window.width))
    Config.set("graphics", "height", str(window.height))
    Config.set("graphics", "resizable", "0" if window.kiosk else "1")
    if window.kiosk:
        Config.set("graphics", "borderless", "1")
        Config.set("graphics", "fullscreen", "auto")
        Config.set("graphics", "show_cursor", "0")
    register_fonts()


def register_fonts() -> None:
    from kivy.core.text import LabelBase

    LabelBase.register(
        "Sarabun",
        str(font_path("Sarabun-Regular.ttf")),
        fn_bold=str(font_path("Sarabun-Bold.ttf")),
    )
