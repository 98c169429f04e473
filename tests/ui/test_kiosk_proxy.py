"""Applying for someone else in the real kiosk window: the applicant's card, "apply for someone
else", whose card it is, swap cards when the screen says so, the representative's own notice,
the forms for the applicant, a form with both people signed in its QR, and nothing of either
left once the card is out. Screenshots: artifacts/screens/kiosk-2x-proxy-*.png."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.cardslot import DemoSlot
from tests.ui.conftest import settings
from tests.ui.driver import Driver

pytestmark = [pytest.mark.gui, pytest.mark.forked]

NAMES = {"thongdee": ("ทองดี", "Thongdee"), "somchai": ("สมชาย", "Somchai")}


@pytest.fixture
def lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    received = tmp_path / "printed.pdf"
    script = tmp_path / "lp"
    script.write_text(f'#!/bin/sh\ncat > {received}\necho "request id is kiosk-1"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    return received


def test_a_representative_applies_for_an_elderly_citizen_with_two_cards(
    slot: DemoSlot, lp: Path
) -> None:
    from forms import verify_payload

    driver = Driver(settings(), slot)
    slot.insert("thongdee")
    driver.tap(driver.wait_screen("notice").ids.accept)
    hello = driver.wait_screen("hello")
    driver.screenshot("kiosk-2x-proxy-01-hello-th")
    driver.tap(hello.ids.someone_else)
    proxy = driver.wait_screen("proxy")
    assert "ทองดี" in proxy.question
    driver.screenshot("kiosk-2x-proxy-02-whose-card-th")
    driver.tap(proxy.ids.applicants)  # the card in is the applicant's
    driver.wait_for(lambda: proxy.step == "remove", what="asked to take the card out")
    assert "ผู้รับมอบอำนาจ" in proxy.instruction
    driver.screenshot("kiosk-2x-proxy-03-take-out-th")
    slot.remove()
    driver.wait_for(lambda: proxy.step == "insert", what="asked for the other card")
    assert driver.app.current == "proxy"  # the visit goes on: this removal was asked for
    driver.screenshot("kiosk-2x-proxy-04-insert-representative-th")
    driver.app.switch_language()
    driver.screenshot("kiosk-2x-proxy-04-insert-representative-en")
    assert "representative's card" in proxy.instruction
    driver.app.switch_language()
    slot.insert("somchai")
    notice = driver.wait_screen("notice")
    assert "ผู้รับมอบอำนาจ" in notice.whose  # the representative's own notice
    driver.screenshot("kiosk-2x-proxy-05-representative-notice-th")
    driver.tap(notice.ids.accept)
    forms = driver.wait_screen("forms")
    assert "ทองดี" in forms.proxy_text and "สมชาย" in forms.proxy_text
    driver.screenshot("kiosk-2x-proxy-06-forms-th")
    while not any("ผู้สูงอายุ" in b.text for b in forms.ids.choices.children):
        driver.tap(forms.ids.more)
    driver.tap(next(b for b in forms.ids.choices.children if "ผู้สูงอายุ" in b.text))
    review = driver.wait_screen("review")
    chip_texts = " ".join(w.text for w in review.ids.chip_fields.children)
    assert "ทองดี" in chip_texts and "สมชาย" in chip_texts
    driver.screenshot("kiosk-2x-proxy-07-review-th")
    driver.tap(review.ids.next)
    output = driver.wait_screen("output")
    driver.wait_for(lambda: output.qr_texture is not None, what="QR on screen")
    driver.screenshot("kiosk-2x-proxy-08-output-th")
    session = driver.app.controller.session
    public_key = driver.app.services.signing_key().private_key.public_key()
    verified = verify_payload(session.output_qr, [public_key])
    assert verified.data["first_name"] == "ทองดี"
    assert verified.representative is not None
    assert "สมชาย" in verified.representative["rep_name"]
    slot.remove()
    driver.wait_screen("attract")
    assert driver.app.controller.session is None
    assert session.card is None and session.representative is None
    texts = list(driver.all_texts())
    for thai, english in NAMES.values():
        assert not [text for text in texts if thai in text or english in text]


def test_taking_a_card_out_before_the_form_is_made_says_so(slot: DemoSlot) -> None:
    driver = Driver(settings(), slot)
    slot.insert("somchai")
    driver.tap(driver.wait_screen("notice").ids.accept)
    driver.tap(driver.wait_screen("hello").ids.someone_else)
    proxy = driver.wait_screen("proxy")
    driver.tap(proxy.ids.mine)  # the representative's card first
    driver.wait_for(lambda: proxy.step == "remove", what="asked to take the card out")
    slot.remove()
    driver.wait_for(lambda: proxy.step == "insert", what="asked for the applicant's card")
    slot.insert("thongdee")
    driver.tap(driver.wait_screen("notice").ids.accept)
    driver.wait_screen("forms")
    slot.remove()  # before the form is made
    error = driver.wait_screen("error")
    assert "ยกเลิกการยื่นแทน" in error.what_th
    assert "applying for someone else was stopped" in error.what_en
    driver.screenshot("kiosk-2x-proxy-09-card-out-th")
    assert driver.app.controller.session is None
