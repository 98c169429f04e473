"""The officer's desk for a real queue: signing in (own card or staff id + PIN), nothing looked
up before it, signing out or a quiet desk forgetting everything, and a whole lookup-and-print
driven by the keyboard alone (key events through the real window)."""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path

import pytest

from cardreader.emulator import load_profile
from kiosk.cardslot import DemoSlot
from kiosk.config import DeskConfig
from kiosk.sandbox.server import SandboxServer
from tests.ui.conftest import OFFICER_ID, OFFICER_PIN, OFFICERS, api_of, settings
from tests.ui.driver import Driver
from tests.ui.test_desk import SOMCHAI, entitlement_rows, signed_in

pytestmark = [pytest.mark.gui, pytest.mark.forked]

ENTER, TAB = 13, 9
F2, F4, F5, F10 = 283, 285, 286, 291


def key(code: int, text: str | None = None, modifiers: tuple[str, ...] = ()) -> None:
    """A key pressed on the keyboard, as Kivy's window reports it."""
    from kivy.core.window import Window

    Window.dispatch("on_key_down", code, 0, text, list(modifiers))
    Window.dispatch("on_key_up", code, 0)


def type_text(driver: Driver, text: str) -> None:
    from kivy.core.window import Window

    for character in text:
        key(ord(character), character)
        Window.dispatch("on_textinput", character)
    driver.pump(2)


def personal_texts(driver: Driver, *fragments: str) -> list[str]:
    return [text for text in driver.all_texts() if any(f in text for f in fragments)]


def test_a_lookup_and_a_printed_form_by_keyboard_alone(
    slot: DemoSlot, sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed = tmp_path / "printed.pdf"
    lp = tmp_path / "lp"
    lp.write_text(f'#!/bin/sh\ncat > {printed}\necho "request id is desk-1"\n')
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    driver = Driver(settings(api=api_of(sandbox)), slot, desk=True)
    signin = driver.wait_screen("signin")
    driver.pump(5)
    assert signin.ids.staff_id.focus
    type_text(driver, OFFICER_ID)
    key(ENTER)  # on to the PIN
    driver.pump(2)
    assert signin.ids.pin.focus
    type_text(driver, OFFICER_PIN)
    key(ENTER)
    desk = driver.wait_screen("desk")
    driver.wait_for(lambda: desk.ids.cid.focus, what="the ID field focused")
    type_text(driver, SOMCHAI)
    key(ENTER)
    driver.wait_for(lambda: len(entitlement_rows(driver)) == 7, what="entitlements")
    assert desk.serving.endswith("3-1007-xxxxx-xx-1 (กรอกเลขเอง)")
    assert desk.ids.cid.focus  # Enter looked up and kept the focus
    key(TAB)  # Tab moves on through the buttons in order
    driver.pump(2)
    assert desk.ids.lookup.focus
    key(TAB)
    driver.pump(2)
    assert desk.ids.read_card.focus
    slot.insert("somchai")
    key(F2)  # read the card
    driver.wait_for(lambda: desk.state.card is not None, what="the card read")
    assert desk.serving.startswith("กำลังให้บริการ: นายสมชาย ใจดี · 3-1007-xxxxx-xx-1")
    assert all(not button.disabled for button in desk.ids.forms.children)
    key(F5)  # print form 1
    driver.wait_for(printed.exists, what="the form printed")
    driver.wait_for(lambda: printed.stat().st_size > 0 and "F5" in desk.ids.forms.children[-1].text)
    assert printed.read_bytes().startswith(b"%PDF")
    driver.screenshot("desk-06-keyboard-th")
    key(F4)  # next citizen
    driver.pump(5)
    assert desk.ids.cid.focus
    assert not personal_texts(driver, "สมชาย", SOMCHAI, "3-1007")


def test_an_officer_signs_in_with_their_own_card(slot: DemoSlot, sandbox: SandboxServer) -> None:
    driver = Driver(settings(api=api_of(sandbox), languages=("en", "th")), slot, desk=True)
    signin = driver.wait_screen("signin")
    driver.screenshot("desk-00-sign-in-en")
    slot.insert("john")  # the officer's own card
    read_before = slot.card.apdu_count if slot.card else 0
    driver.tap(signin.ids.card)
    desk = driver.wait_screen("desk")
    john = load_profile("john").cid
    assert "John" in desk.officer_text and john not in desk.officer_text
    assert slot.card is not None and slot.card.apdu_count - read_before <= 3  # ID + names only
    slot.remove()
    desk.ids.cid.text = SOMCHAI
    driver.tap(desk.ids.lookup)
    driver.wait_for(lambda: len(entitlement_rows(driver)) == 7, what="entitlements")
    assert john in sandbox.users_seen()  # the officer's citizen ID, as the agent id
    driver.screenshot("desk-01-signed-in-by-card-en")


def test_nothing_is_looked_up_before_sign_in_and_sign_out_forgets_all(slot: DemoSlot) -> None:
    driver = Driver(settings(), slot, desk=True)
    driver.wait_screen("signin")
    driver.app.controller.look_up_typed(SOMCHAI)
    driver.pump(3)
    assert driver.app.controller.session is None and driver.app.current == "signin"
    desk = signed_in(driver)
    desk.ids.cid.text = SOMCHAI
    driver.tap(desk.ids.lookup)
    driver.wait_for(lambda: len(entitlement_rows(driver)) == 7, what="entitlements")
    driver.tap(desk.ids.sign_out)
    driver.wait_screen("signin")
    assert driver.app.controller.officer is None and driver.app.controller.session is None
    assert not personal_texts(driver, SOMCHAI, "3-1007", OFFICER_ID)


def test_a_wrong_pin_is_refused(slot: DemoSlot) -> None:
    driver = Driver(settings(languages=("en", "th")), slot, desk=True)
    signin = driver.wait_screen("signin")
    signin.ids.staff_id.text = OFFICER_ID
    signin.ids.pin.text = "0000"
    driver.tap(signin.ids.submit_pin)
    driver.wait_for(lambda: signin.message, what="the refusal")
    assert signin.message == "Wrong staff ID or PIN." and driver.app.current == "signin"


def test_a_quiet_desk_signs_the_officer_out(slot: DemoSlot) -> None:
    quick = dataclasses.replace(settings(), desk=DeskConfig(officers=OFFICERS, idle_timeout=1.5))
    driver = Driver(quick, slot, desk=True)
    desk = signed_in(driver)
    desk.ids.cid.text = SOMCHAI
    driver.tap(desk.ids.lookup)
    driver.wait_for(lambda: len(entitlement_rows(driver)) == 7, what="entitlements")
    signin = driver.wait_screen("signin", timeout=10)
    assert "Signed out" in signin.message or "ออกจากระบบ" in signin.message
    assert not personal_texts(driver, SOMCHAI, "3-1007")


def test_a_kiosk_form_is_received_from_a_keyboard_wedge_scanner(
    slot: DemoSlot, tmp_path: Path
) -> None:
    from cardreader.emulator import demo_card_data
    from forms import fill, load_forms, produce
    from forms.signing import generate_key_files

    trusted, exports = tmp_path / "trusted", tmp_path / "exports"
    trusted.mkdir()
    signing = generate_key_files(tmp_path / "kiosk.key")
    (tmp_path / "kiosk.pub").rename(trusted / "KIOSK-RB-07.pub")
    filled = fill(load_forms()["elderly-allowance"], demo_card_data("thongdee"))
    text = produce(filled, "KIOSK-RB-07", signing).qr.text
    desk_config = DeskConfig(officers=OFFICERS, trusted_keys=trusted, export_dir=exports)
    driver = Driver(dataclasses.replace(settings(), desk=desk_config), slot, desk=True)
    signed_in(driver)
    key(F10)
    receiving = driver.wait_screen("receive")
    driver.wait_for(lambda: receiving.ids.scan.focus, what="the scan box focused")
    type_text(driver, text)  # the scanner types the QR's text fast, then Enter
    key(ENTER)
    driver.wait_for(lambda: receiving.ids.fields.children, what="the received form's fields")
    assert "KIOSK-RB-07" in receiving.verdict and not receiving.refused
    shown = [widget.text for widget in receiving.ids.fields.children]
    assert any("ทองดี" in line for line in shown)
    driver.screenshot("desk-08-receive-th")
    type_text(driver, text)  # the same form again
    key(ENTER)
    driver.wait_for(lambda: "สแกนไปแล้ว" in receiving.verdict, what="seen-before flag")
    type_text(driver, text[:-3] + "AAA")  # damaged
    key(ENTER)
    driver.wait_for(lambda: receiving.refused, what="the refusal")
    driver.screenshot("desk-09-receive-refused-th")
    driver.tap(receiving.ids.export_csv)
    driver.wait_for(lambda: list(exports.glob("*.csv")), what="the export")
    exported = next(exports.glob("*.csv")).read_text("utf-8")
    assert exported.splitlines()[0].startswith("reference,form_id")
    assert len(exported.strip().splitlines()) == 3  # header + the form received twice
    driver.tap(receiving.ids.done)
    driver.wait_screen("desk")
    assert not [t for t in driver.all_texts() if "ทองดี" in t]
