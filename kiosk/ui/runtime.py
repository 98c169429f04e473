"""Kivy's process-wide settings, applied before kivy is first imported.

Invariants, for the kiosk and the desk alike:
- Kivy reads no settings from outside OneCard: no config.ini, no `KCFG_*` environment
  variables, no command-line options (`-m inspector`...). Kivy writes nothing to disk either:
  no config file, no log file, no KIVY_HOME folder (nothing is left behind after exit).
- No debugging aid can be switched on: every Kivy module (inspector, console, monitor,
  keybinding with its F11/F12 screenshot and rotate keys, recorder, touchring, showborder,
  screen, webdebugger) is dropped from the configuration before the window opens; F1 does
  not open Kivy's settings panel (`OneCardApp` has none).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from assets import font_path

log = logging.getLogger(__name__)

# Set whatever the environment says: each closes a way in or a file written.
LOCKED_ENVIRONMENT = {
    "KIVY_NO_ARGS": "1",  # no -m inspector or other Kivy option from the command line
    "KIVY_NO_CONFIG": "1",  # no config.ini read or written, no KIVY_HOME folder made
    "KIVY_USE_DEFAULTCONFIG": "1",
    "KIVY_NO_ENV_CONFIG": "1",  # no KCFG_MODULES_INSPECTOR=... from the environment
    "KIVY_NO_FILELOG": "1",  # logs go through our logging setup only
}


@dataclass(frozen=True)
class WindowSettings:
    """Kiosk: fullscreen, borderless, no cursor, Escape does nothing. Desk: a normal window."""

    kiosk: bool
    width: int = 1280
    height: int = 800


def prepare(window: WindowSettings) -> None:
    """Set Kivy's environment and configuration. Must run before `import kivy`."""
    os.environ.update(LOCKED_ENVIRONMENT)
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")  # our logging setup decides what shows
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
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
    drop_debug_modules()
    register_fonts()


def drop_debug_modules() -> None:
    """Kivy activates the modules named in its config when the window opens: name none."""
    from kivy.config import Config

    for name in Config.options("modules"):
        log.warning("Kivy module %s switched off", name)
        Config.remove_option("modules", name)


def register_fonts() -> None:
    from kivy.core.text import LabelBase

    LabelBase.register(
        "Sarabun",
        str(font_path("Sarabun-Regular.ttf")),
        fn_bold=str(font_path("Sarabun-Bold.ttf")),
    )
