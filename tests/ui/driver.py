"""Drives the real Kivy app in the test process: frames are pumped by hand, taps are real
touch events through the window, and screenshots are real renders.

Each UI test runs in a forked process (pytest-forked), because a process can open Kivy's
window only once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kiosk.cardslot import CardSlot
from kiosk.config import AppConfig

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"
FRAME_SLEEP = 0.005


class Driver:
    def __init__(self, settings: AppConfig, slot: CardSlot, *, desk: bool = False) -> None:
        from kivy.base import EventLoop

        from kiosk.services import build_services
        from kiosk.ui.app import OneCardApp

        self._loop = EventLoop
        self.app = OneCardApp(build_services(settings, slot=slot), desk=desk)
        self.app._run_prepare()  # build, open the window, on_start: what App.run() does first
        self.pump(10)

    def pump(self, frames: int = 1) -> None:
        for _ in range(frames):
            self._loop.idle()
            time.sleep(FRAME_SLEEP)

    def wait_for(
        self, condition: Callable[[], object], timeout: float = 15.0, what: str = ""
    ) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or condition}")
            self.pump()
        self.pump(3)

    def wait_screen(self, name: str, timeout: float = 15.0) -> Any:
        self.wait_for(lambda: self.app.current == name, timeout, f"screen {name}")
        return self.app.screen(name)

    @property
    def screen(self) -> Any:
        return self.app.screen(self.app.current)

    def tap(self, widget: Any) -> None:
        """A real touch at the widget's centre, through the window."""
        from kivy.tests.common import UnitTestTouch

        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        self.pump(2)
        touch.touch_up()
        self.pump(10)  # a ScrollView hands a tap to its children a few frames later

    def tap_at(self, x: float, y: float) -> None:
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        self.pump(2)

    def screenshot(self, name: str) -> Path:
        """The whole window as drawn, rendered into a PNG."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.pump(5)
        target = ARTIFACTS / f"{name}.png"
        self.app.root.export_to_png(str(target))
        return target

    def all_texts(self) -> Iterator[str]:
        """Every text any widget holds, on every screen, shown or not."""
        roots = [self.app.root, *self.app.manager.screens]  # the screens built so far
        for root in roots:
            for widget in root.walk():
                for attribute in ("text", "greeting", "card_text", "message", "title"):
                    value = getattr(widget, attribute, None)
                    if isinstance(value, str) and value:
                        yield value

    def close(self) -> None:
        self.app.stop()
        self.pump(2)
