"""The counter officer's desktop mode through the real app."""

from __future__ import annotations

from typing import Any

import pytest

from cardreader.cid import format_cid
from cardreader.emulator import CardOptions, ThaiIdCard, load_profile
from kiosk.cardslot import DemoSlot, PcscSlot
from kiosk.sandbox.server import SandboxServer
from tests.cardreader.chips import FAKE_ID_LINE, patched_image, thai
from tests.support.cards import Slot
from tests.support.pcscd import READER_0, PcscDaemon
from tests.ui.conftest import OFFICER_ID, OFFICER_PIN, api_of, settings
from tests.ui.driver import Driver

pytestmark = [pytest.mark.gui, pytest.mark.forked]

SOMCHAI = load_profile("somchai").cid


def entitlement_rows(driver: Driver) -> list[object]:
    from kiosk.ui.widgets import StatusRow

    return [w for w in driver.screen.ids.entitlements.children if isinstance(w, StatusRow)]


def signed_in(driver: Driver) -> Any:
    """Sign in with the staff id and PIN the test settings know; the desk screen."""
    signin = driver.wait_screen("signin")
    signin.ids.staff_id.text = OFFICER_ID
    signin.ids.pin.text = OFFICER_PIN
    driver.tap(signin.ids.submit_pin)
    return driver.wait_screen("desk")


def type_into(driver: Driver, box: object, text: str) -> None:
    driver.tap(box)
    for character in text:
        box.insert_text(character)  # type: ignore[attr-defined]
        driver.pump()


def test_typed_id_is_checked_live_and_looked_up(slot: DemoSlot) -> None:
    driver = Driver(settings(), slot, desk=True)
    desk = signed_in(driver)
    type_into(driver, desk.ids.cid, "310070012345")
    assert desk.cid_message == "พิมพ์อีก 1 หลัก"
    type_into(driver, desk.ids.cid, "2")  # wrong check digit
    assert desk.cid_message == "เลขประจำตัวประชาชนไม่ถูกต้อง (ตรวจสอบหลักสุดท้าย)"
    driver.screenshot("desk-01-wrong-checksum-th")
    driver.tap(desk.ids.lookup)
    assert driver.app.controller.session is None  # nothing is asked with an invalid ID
    desk.ids.cid.text = ""
    type_into(driver, desk.ids.cid, "31007001234x51")  # letters are dropped as typed
    assert desk.ids.cid.text == SOMCHAI
    assert desk.cid_formatted == format_cid(SOMCHAI)
    assert desk.cid_message == "เลขถูกต้อง"
    driver.tap(desk.ids.lookup)
    driver.wait_for(lambda: len(entitlement_rows(driver)) == 7, what="entitlements")
    driver.wait_for(lambda: desk.ids.disability.children, what="disability records")
    driver.screenshot("desk-02-typed-lookup-th")
    driver.app.switch_language()
    driver.screenshot("desk-02-typed-lookup-en")


def test_card_read_with_photo_then_next_citizen_forgets(slot: DemoSlot) -> None:
    driver = Driver(settings(languages=("en", "th")), slot, desk=True)
    desk = signed_in(driver)
    slot.insert("boonmee")
    driver.tap(desk.ids.read_card)
    driver.wait_for(lambda: "Boonmee" in desk.card_text, what="card data")
    driver.wait_for(lambda: len(entitlement_rows(driver)) == 7, what="entitlements")
    assert desk.photo_texture is None  # the photo is read on demand only
    driver.tap(desk.ids.read_photo)
    driver.wait_for(lambda: desk.photo_texture is not None, what="photo")
    driver.wait_for(lambda: desk.ids.disability.children, what="disability records")
    driver.screenshot("desk-03-card-and-photo-en")
    driver.app.switch_language()
    driver.screenshot("desk-03-card-and-photo-th")
    driver.tap(desk.ids.next_citizen)
    driver.pump(5)
    texts = list(driver.all_texts())
    assert not [t for t in texts if "Boonmee" in t or "บุญมี" in t or "3500100345671" in t]
    assert desk.photo_texture is None
    assert not entitlement_rows(driver)
    assert driver.app.controller.session is None
    driver.screenshot("desk-04-next-citizen-en")


def test_the_signed_in_staff_id_is_sent_as_the_user(slot: DemoSlot, sandbox: SandboxServer) -> None:
    driver = Driver(settings(api=api_of(sandbox)), slot, desk=True)
    desk = signed_in(driver)
    assert desk.officer_text == f"เจ้าหน้าที่: {OFFICER_ID} ({OFFICER_ID})"
    desk.ids.cid.text = SOMCHAI
    driver.tap(desk.ids.lookup)
    driver.wait_for(lambda: len(entitlement_rows(driver)) == 7, what="entitlements")
    assert desk.serving == "กำลังให้บริการ: 3-1007-xxxxx-xx-1 (กรอกเลขเอง)"
    assert OFFICER_ID in sandbox.users_seen()
    assert desk.forms_reason and all(button.disabled for button in desk.ids.forms.children)


@pytest.mark.pcsc
def test_officer_sees_the_warnings_of_a_forged_card_read_through_pcscd(pcscd: PcscDaemon) -> None:
    image = patched_image(
        "somchai", name_th=thai(f"นาย#สมชาย\n{FAKE_ID_LINE}##ใจดี"), birth_date=b"26000101"
    )
    driver = Driver(settings(), PcscSlot(READER_0), desk=True)
    desk = signed_in(driver)
    vpcd = Slot()
    try:
        vpcd.insert(ThaiIdCard(image, CardOptions()))
        driver.tap(desk.ids.read_card)
        driver.wait_for(lambda: "สมชาย" in desk.card_text, what="card data")
        lines = desk.card_text.split("\n")
        assert len(lines) == 5  # the forged line stays inside the name
        assert lines[1] == f"นายสมชาย\ufffd{FAKE_ID_LINE} ใจดี"
        assert lines[2] == "1 มกราคม 2600 (วันที่ผิดปกติ ต้องตรวจสอบ)"
        assert "วันเกิดในบัตร (1 มกราคม 2600) อยู่ในอนาคต" in desk.card_warnings
        assert "ชื่อภาษาไทยในบัตรมีอักขระควบคุม" in desk.card_warnings
        assert desk.ids.card_warnings.height > 0
        assert not [t for t in driver.all_texts() if any(ch in t for ch in "\x1b\r\x7f")]
        driver.screenshot("desk-05-card-warnings-th")
        driver.app.switch_language()
        driver.wait_for(lambda: "is in the future" in desk.card_warnings, what="English")
        assert "(impossible date: check it)" in desk.card_text
        driver.screenshot("desk-05-card-warnings-en")
        driver.tap(desk.ids.next_citizen)
        driver.pump(5)
        assert desk.card_warnings == "" and desk.ids.card_warnings.height == 0
    finally:
        vpcd.remove()


def test_the_registry_check_and_the_chips_health_right_are_shown(
    slot: DemoSlot, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(
        down_agencies=frozenset({"NHSO"}), revoked_cards=frozenset({load_profile("malee").cid})
    )
    driver = Driver(settings(api=api_of(sandbox), languages=("en", "th")), slot, desk=True)
    desk = signed_in(driver)
    slot.insert("malee")
    driver.tap(desk.ids.read_card)
    driver.wait_for(lambda: desk.card_check, what="the registry's answer")
    assert "NOT VALID — ask for another document" in desk.card_check and desk.card_not_valid
    driver.wait_for(lambda: desk.ids.disability.children, what="disability records")
    texts = [widget.text for widget in desk.ids.disability.children]
    assert any("From the card, may be out of date" in text for text in texts)
    from kivy.metrics import sp

    from kiosk.ui import theme

    stale = next(w for w in desk.ids.disability.children if w.text.startswith("From the card"))
    assert list(stale.color) == list(driver.app.look.warning)  # marked, not plain ink
    small = sp(float(theme.SMALL_SIZE.removesuffix("sp")))
    assert stale.font_size == small  # the panel's small staff text, not the body size
    driver.screenshot("desk-07-registry-and-chip-right-en")
