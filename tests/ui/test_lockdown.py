"""Nobody at the kiosk or the desk can open Kivy's settings panel or a debugging aid, and the
admin PIN cannot be guessed: keys go through the real window's event path, taps are real."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from kiosk.cardslot import DemoSlot
from kiosk.pin import hash_pin
from kiosk.ui.runtime import WindowSettings, prepare
from tests.support.cli import run_onecard
from tests.ui.conftest import settings
from tests.ui.driver import Driver

pytestmark = [pytest.mark.gui, pytest.mark.forked]

RIGHT_PIN = "2468"

F1, F6, F7, F8, F11, F12, ESCAPE, E = 282, 287, 288, 289, 292, 293, 27, 101
SCANCODES = {F1: 58, F6: 63, F7: 64, F8: 65, F11: 68, F12: 69, ESCAPE: 41, E: 8}
# Each module a config file, KCFG_MODULES_* or `-m` could switch on, and its shortcut keys.
DEBUG_MODULES = ["inspector", "keybinding", "monitor", "recorder", "showborder", "touchring"]
SHORTCUTS: list[tuple[int, list[str]]] = [
    (F1, []),
    (E, ["ctrl"]),  # inspector (console too, which fails to start under the test runner)
    (F12, []),  # keybinding: screenshot
    (F12, ["shift"]),
    (F11, []),  # keybinding: rotate
    (F11, ["shift"]),
    (F8, []),  # recorder
    (F7, []),
    (F6, []),
    (ESCAPE, []),
]


def press(key: int, modifiers: list[str]) -> None:
    """What Kivy's SDL2 window does for a key pressed on the keyboard."""
    from kivy.core.window import Window

    scancode = SCANCODES[key]
    codepoint = chr(key) if key < 128 and key != ESCAPE else None
    if not Window.dispatch("on_key_down", key, scancode, codepoint, list(modifiers)):
        Window.dispatch("on_keyboard", key, scancode, codepoint, list(modifiers))
    Window.dispatch("on_key_up", key, scancode)


@pytest.mark.parametrize("desk", [False, True], ids=["kiosk", "desk"])
def test_no_settings_panel_or_debug_tool_opens_from_the_keyboard(
    slot: DemoSlot, desk: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kivy.config import Config

    for module in DEBUG_MODULES:  # as if switched on from outside OneCard
        Config.set("modules", module, "")
    prepare(WindowSettings(kiosk=False))  # what `onecard kiosk` / `onecard desk` do first
    monkeypatch.chdir(tmp_path)  # where keybinding's F12 would write its screenshot
    driver = Driver(settings(), slot, desk=desk)
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.modules import Modules

    first_screen = driver.app.current
    loop_status = EventLoop.status
    for key, modifiers in SHORTCUTS:
        press(key, modifiers)
        driver.pump(5)
        assert Window.children == [driver.app.root], f"key {key} {modifiers} opened a panel"
    assert [name for name, module in Modules.mods.items() if module.get("activated")] == []
    assert not driver.app.open_settings()
    driver.pump(5)
    assert Window.children == [driver.app.root]
    assert os.listdir(tmp_path) == []
    assert driver.app.current == first_screen
    assert EventLoop.status == loop_status  # Escape did not stop the app either


def open_admin_with_lock_file(
    slot: DemoSlot, lock_file: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Driver, Any]:
    monkeypatch.setenv("ONECARD_ADMIN_LOCK_FILE", str(lock_file))
    driver = Driver(settings(admin_pin_hash=hash_pin(RIGHT_PIN, iterations=1000)), slot)
    driver.app.controller.open_admin()
    return driver, driver.wait_screen("admin")


def shown_texts(admin: Any) -> list[str]:
    return [
        widget.text
        for widget in admin.panel.walk()
        if isinstance(getattr(widget, "text", None), str)
    ]


def submit(driver: Driver, admin: Any, pin: str) -> None:
    before = admin.pin_message
    admin.panel.ids.pin.text = pin
    driver.tap(admin.panel.ids.submit_pin)
    driver.wait_for(lambda: admin.pin_message != before, what="the PIN's answer")


def test_five_wrong_pins_lock_the_admin_screen_and_say_for_how_long(
    slot: DemoSlot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    driver, admin = open_admin_with_lock_file(slot, tmp_path / "admin-lock.json", monkeypatch)
    for left in (4, 3, 2, 1):
        submit(driver, admin, "1111")
        assert admin.pin_message == f"รหัสไม่ถูกต้อง (ลองได้อีก {left} ครั้งก่อนถูกล็อก)"
        assert not admin.locked
    submit(driver, admin, "1111")
    assert admin.locked and not admin.unlocked
    assert re.fullmatch(r"ใส่รหัสผิดหลายครั้งเกินไป ลองใหม่ได้ในอีก 0:[0-3]\d", admin.pin_message)
    assert admin.panel.ids.submit_pin.disabled
    assert admin.pin_message in shown_texts(admin)
    driver.screenshot("kiosk-16-admin-locked-th")
    driver.app.switch_language()
    driver.pump(3)
    assert re.fullmatch(r"Too many wrong PINs\. Try again in 0:[0-3]\d\.", admin.pin_message)
    assert admin.pin_message in shown_texts(admin)
    driver.screenshot("kiosk-16-admin-locked-en")

    admin.panel.ids.pin.text = RIGHT_PIN  # the right PIN is not even checked while locked
    admin.submit_pin()
    driver.pump(10)
    assert not admin.unlocked and admin.locked
    saved = json.loads((tmp_path / "admin-lock.json").read_text("utf-8"))
    assert saved["lockouts"] == 1 and saved["lockout_seconds"] == 30


def test_a_lockout_is_still_shown_after_a_restart(
    slot: DemoSlot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.adminlock import MAX_FAILURES, AdminLock

    lock_file = tmp_path / "admin-lock.json"
    before_restart = AdminLock(lock_file)
    for _ in range(MAX_FAILURES):
        before_restart.begin_attempt()
    driver, admin = open_admin_with_lock_file(slot, lock_file, monkeypatch)
    assert admin.locked
    assert admin.pin_message.startswith("ใส่รหัสผิดหลายครั้งเกินไป")
    admin.panel.ids.pin.text = RIGHT_PIN
    admin.submit_pin()
    driver.pump(10)
    assert not admin.unlocked


def test_the_app_leaves_no_folder_in_the_temporary_directory(tmp_path: Path) -> None:
    """`--screenshot` saves the first screen and exits; Kivy's files went nowhere."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    screenshot = tmp_path / "screen.png"
    result = run_onecard(
        "kiosk",
        "--demo",
        "--windowed",
        "--screenshot",
        str(screenshot),
        env={"TMPDIR": str(temporary), "HOME": str(tmp_path / "home")},
    )
    assert result.returncode == 0, result.stderr
    assert screenshot.stat().st_size > 0
    assert os.listdir(temporary) == []
    assert not (tmp_path / "home" / ".kivy").exists()
