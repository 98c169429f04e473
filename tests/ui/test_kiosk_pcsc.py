"""The kiosk on a real PC/SC stack: pcscd + the vpcd reader + the emulated card."""

from __future__ import annotations

import pytest

from kiosk.cardslot import PcscSlot
from tests.support.cards import Slot, make_card
from tests.support.pcscd import READER_0, PcscDaemon
from tests.ui.conftest import settings
from tests.ui.driver import Driver

pytestmark = [pytest.mark.gui, pytest.mark.pcsc, pytest.mark.forked]


def test_kiosk_reads_a_card_through_pcscd(pcscd: PcscDaemon) -> None:
    driver = Driver(settings(), PcscSlot(READER_0))
    vpcd = Slot()
    try:
        vpcd.insert(make_card("malee"))
        notice = driver.wait_screen("notice")
        driver.tap(notice.ids.accept)
        hello = driver.wait_screen("hello")
        assert hello.greeting == "สวัสดี นางสาวมาลี ศรีสุข"
        vpcd.remove()
        driver.wait_screen("attract")
        assert not [text for text in driver.all_texts() if "มาลี" in text]
    finally:
        vpcd.remove()
