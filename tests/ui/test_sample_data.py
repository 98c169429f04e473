"""Sample data is never passed off as real: a kiosk on the sandbox or an emulated card carries
a band on every screen; a kiosk with no status API still serves forms and says plainly that
entitlements are not set up; a real reader with a configured API shows no band."""

from __future__ import annotations

import pytest

from kiosk.cardslot import DemoSlot, PcscSlot
from kiosk.config import ApiConfig
from kiosk.sandbox.server import SandboxServer
from tests.support.cards import Slot, make_card
from tests.support.pcscd import READER_0, PcscDaemon
from tests.ui.conftest import api_of, settings
from tests.ui.driver import Driver

pytestmark = [pytest.mark.gui, pytest.mark.forked]

BAND_TH = "ข้อมูลตัวอย่าง ไม่ใช่ข้อมูลจริง"
BAND_EN = "SAMPLE DATA — not real entitlements"


def band_shown(driver: Driver) -> bool:
    band = driver.app.root.ids.sample_band
    on_screen = band.height > 0 and band.opacity == 1 and band.y >= 0
    return on_screen and BAND_TH in band.text and BAND_EN in band.text


def test_the_sandbox_carries_a_sample_data_band_on_every_screen(slot: DemoSlot) -> None:
    driver = Driver(settings(), slot)  # the embedded sandbox, as `--demo` runs it
    assert band_shown(driver)
    slot.insert("somchai")
    driver.wait_screen("notice")
    assert band_shown(driver)
    driver.tap(driver.screen.ids.accept)
    hello = driver.wait_screen("hello")
    assert band_shown(driver)
    driver.tap(hello.ids.entitlements)
    driver.wait_screen("entitlements")
    driver.wait_for(lambda: len(driver.screen.ids.rows.children) > 0, what="entitlement rows")
    assert band_shown(driver)
    driver.screenshot("kiosk-05-entitlements-sample-band-th")
    driver.app.controller.show_forms()
    driver.wait_screen("forms")
    assert band_shown(driver)


def test_without_an_api_forms_work_and_entitlements_say_not_set_up(slot: DemoSlot) -> None:
    driver = Driver(settings(api=ApiConfig(), languages=("en", "th")), slot)
    slot.insert("somchai")
    driver.wait_screen("notice")
    driver.tap(driver.screen.ids.accept)
    hello = driver.wait_screen("hello")
    assert "not set up at this kiosk" in hello.ids.entitlements.text
    driver.screenshot("kiosk-04-hello-no-api-en")
    driver.tap(hello.ids.entitlements)
    entitlements = driver.wait_screen("entitlements")
    driver.wait_for(lambda: "not set up" in entitlements.message, what="the not-set-up line")
    assert "ask staff" in entitlements.message
    assert not entitlements.can_retry  # trying again cannot help
    assert not [row for row in entitlements.ids.rows.children]  # nothing invented
    driver.screenshot("kiosk-05-entitlements-no-api-en")
    driver.app.controller.show_forms()
    forms = driver.wait_screen("forms")
    assert forms.ids  # the forms screen is served as usual


@pytest.mark.pcsc
def test_a_real_reader_with_a_configured_api_shows_no_band(
    pcscd: PcscDaemon, sandbox: SandboxServer
) -> None:
    driver = Driver(settings(api=api_of(sandbox)), PcscSlot(READER_0))
    vpcd = Slot()
    try:
        vpcd.insert(make_card("malee"))
        driver.tap(driver.wait_screen("notice").ids.accept)
        driver.wait_screen("hello")
        assert not band_shown(driver)
        assert driver.app.root.ids.sample_band.height == 0
    finally:
        vpcd.remove()


def test_a_desk_without_an_api_says_lookups_are_not_set_up(slot: DemoSlot) -> None:
    from tests.ui.test_desk import SOMCHAI, entitlement_rows, signed_in, type_into

    driver = Driver(settings(api=ApiConfig(), languages=("en", "th")), slot, desk=True)
    desk = signed_in(driver)
    type_into(driver, desk.ids.cid, SOMCHAI)
    driver.tap(desk.ids.lookup)
    driver.wait_for(
        lambda: any("not set up" in text for text in driver.all_texts()), what="not set up"
    )
    assert not entitlement_rows(driver)
    driver.screenshot("desk-05-no-api-en")
