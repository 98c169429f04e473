"""Whole kiosk flows through the real app: emulated card, sandbox API over HTTP, a real window,
real touches. Screenshots of every screen, in Thai and English, go to artifacts/screens/."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardreader.emulator import CardOptions, load_profile
from kiosk.cardslot import DemoSlot
from kiosk.pin import hash_pin
from kiosk.sandbox.server import SandboxServer
from tests.ui.conftest import api_of, settings
from tests.ui.driver import Driver

pytestmark = [pytest.mark.gui, pytest.mark.forked]
# Kivy's window may only be opened in the forked test process: import kivy modules in tests.

PERSONAL = {
    "somchai": ["สมชาย", "ใจดี", "Somchai", "3100700123451", "วัดแค", "นครชัยศรี"],
    "boonmee": ["บุญมี", "มีสุข", "Boonmee", "3500100345671", "สันผีเสื้อ"],
    "malee": ["มาลี", "ศรีสุข", "Malee", "1100400234561", "คลองเตย"],
}


def assert_no_personal_text(driver: Driver, *profiles: str) -> None:
    texts = list(driver.all_texts())
    for profile in profiles:
        for fragment in PERSONAL[profile]:
            leaked = [text for text in texts if fragment in text]
            assert not leaked, f"{fragment!r} of {profile} still on screen: {leaked}"
    session = driver.app.controller.session
    assert session is None


def start_session(driver: Driver, slot: DemoSlot, profile: str) -> None:
    slot.insert(profile)
    notice = driver.wait_screen("notice")
    driver.tap(notice.ids.accept)
    driver.wait_screen("hello")


def status_rows(driver: Driver) -> dict[str, str]:
    """Every programme on the entitlements screen, page by page ("more")."""
    from kiosk.ui.widgets import EntitlementRow

    screen = driver.screen
    screen.page = 0
    screen.show_page()
    rows: dict[str, str] = {}
    while True:
        driver.pump(3)
        for row in screen.ids.rows.children:
            if isinstance(row, EntitlementRow):
                rows[row.programme] = row.status
        if screen.ids.more.disabled:
            return rows
        screen.turn(1)


def test_citizen_sees_entitlements_in_thai_and_english(slot: DemoSlot) -> None:
    driver = Driver(settings(), slot)
    driver.screenshot("kiosk-01-attract-th")
    slot.insert("somchai")
    driver.wait_screen("notice")
    driver.screenshot("kiosk-02-notice-th")
    driver.tap(driver.screen.ids.accept)
    hello = driver.wait_screen("hello")
    assert hello.greeting == "สวัสดี นายสมชาย ใจดี"
    driver.screenshot("kiosk-04-hello-th")
    driver.tap(hello.ids.entitlements)
    driver.wait_screen("entitlements")
    driver.wait_for(lambda: len(status_rows(driver)) == 7, what="seven programme rows")
    statuses = status_rows(driver)
    assert statuses["เงินช่วยเหลือค่าปุ๋ย"] == "received"
    assert statuses["เงินช่วยเหลือราคาพืชผล"] == "pending"
    assert statuses["เงินช่วยเหลือผู้ประสบภัยแล้ง"] == "not_eligible"
    driver.screenshot("kiosk-05-entitlements-th")
    driver.tap(driver.screen.ids.get("language_button") or driver.app.root.ids.screens.children[0])
    driver.app.switch_language()
    driver.pump(5)
    statuses = status_rows(driver)
    assert statuses["Fertiliser subsidy"] == "received"
    assert statuses["Drought relief"] == "not_eligible"
    driver.screenshot("kiosk-05-entitlements-en")
    driver.app.controller.show_hello()
    driver.wait_screen("hello")
    assert driver.screen.greeting == "Hello, Mr. Somchai Jaidee"
    driver.screenshot("kiosk-04-hello-en")
    slot.remove()
    driver.wait_screen("attract")
    assert_no_personal_text(driver, "somchai")
    assert driver.app.lang == "th"  # the next citizen gets the kiosk's default language
    driver.app.switch_language()
    driver.screenshot("kiosk-01-attract-en")


def test_english_notice_and_reading_progress() -> None:
    slow = DemoSlot(CardOptions(apdu_delay=0.15))
    driver = Driver(settings(languages=("en", "th")), slow)
    slow.insert("malee")
    driver.wait_screen("notice")
    driver.screenshot("kiosk-02-notice-en")
    driver.tap(driver.screen.ids.accept)
    driver.wait_screen("reading")
    driver.pump(20)
    driver.screenshot("kiosk-03-reading-en")
    driver.app.switch_language()
    driver.screenshot("kiosk-03-reading-th")
    driver.wait_screen("hello")
    slow.remove()
    driver.wait_screen("attract")
    assert_no_personal_text(driver, "malee")


def test_form_is_filled_typed_on_the_keyboard_and_output(slot: DemoSlot) -> None:
    from PIL import Image
    from pyzbar.pyzbar import decode

    from forms import verify_payload
    from kiosk.ui.widgets import FieldInput, KeyButton

    driver = Driver(settings(), slot)
    start_session(driver, slot, "boonmee")
    driver.tap(driver.screen.ids.forms)
    forms = driver.wait_screen("forms")
    driver.screenshot("kiosk-06-forms-th")
    while not any("ผู้สูงอายุ" in b.text for b in forms.ids.choices.children):
        driver.tap(forms.ids.more)
    elderly = next(b for b in forms.ids.choices.children if "ผู้สูงอายุ" in b.text)
    assert "น่าจะมีสิทธิ" in elderly.text  # born 2482: over 60
    driver.tap(elderly)
    review = driver.wait_screen("review")
    chip_texts = [w.text for w in review.ids.chip_fields.children]
    assert any("บุญมี" in text for text in chip_texts)
    phone = next(
        w for w in review.ids.inputs.children if isinstance(w, FieldInput) and w.field_id == "phone"
    )
    driver.tap(phone)
    assert review.ids.keyboard.layout_name == "digits"
    unused = [k for k in review.ids.keyboard.walk() if getattr(k, "text", "") in ("ไทย", "Shift")]
    assert unused and all(k.opacity == 0 for k in unused)  # not greyed out: not there
    driver.pump(3)
    view = review.ids.inputs_view  # the field typed into is in view above the keyboard
    _x, bottom = phone.to_window(phone.x, phone.y)
    _x, view_bottom = view.to_window(view.x, view.y)
    assert view_bottom - 1 <= bottom and bottom + phone.height <= view_bottom + view.height + 1
    assert review.ids.keyboard.y + review.ids.keyboard.height <= view_bottom + 1
    keys = {k.character: k for k in review.ids.keyboard.walk() if isinstance(k, KeyButton)}
    for digit in "0812345678":
        driver.tap(keys[digit])
    assert phone.text == "0812345678"
    driver.screenshot("kiosk-07-review-keyboard-th")
    driver.tap(review.ids.keyboard.ids.done)
    assert review.ids.keyboard.target is None
    driver.app.switch_language()  # redrawn in English: what was typed stays
    phone = next(w for w in review.ids.inputs.children if getattr(w, "field_id", "") == "phone")
    assert phone.text == "0812345678"
    driver.app.switch_language()
    driver.tap(review.ids.next)
    output = driver.wait_screen("output")
    driver.wait_for(lambda: output.qr_texture is not None, what="QR on screen")
    session = driver.app.controller.session
    assert session.output_pdf.startswith(b"%PDF")
    shot = driver.screenshot("kiosk-08-output-th")
    codes = decode(Image.open(shot))
    assert codes, "no QR decoded from the screen"
    public_key = driver.app.services.signing_key().private_key.public_key()
    verified = verify_payload(codes[0].data.decode(), [public_key])
    assert verified.data["phone"] == "0812345678"
    assert verified.data["first_name"] == "บุญมี"
    driver.tap(output.ids.finish)
    driver.wait_screen("done")
    driver.screenshot("kiosk-09-done-th")
    assert_no_personal_text(driver, "boonmee")
    slot.remove()
    driver.wait_screen("attract")


@pytest.mark.parametrize("where", ["hello", "entitlements", "review", "output"])
def test_card_removed_mid_flow_wipes_everything(slot: DemoSlot, where: str) -> None:
    driver = Driver(settings(), slot)
    start_session(driver, slot, "somchai")
    controller = driver.app.controller
    if where == "entitlements":
        controller.show_entitlements()
        driver.wait_for(lambda: len(status_rows(driver)) == 7)
    elif where in ("review", "output"):
        controller.show_forms()
        controller.choose_form("farmer-registration")
        driver.wait_screen("review")
        if where == "output":
            driver.tap(driver.screen.ids.next)
            driver.wait_screen("output")
    slot.remove()
    driver.wait_screen("attract")
    assert_no_personal_text(driver, "somchai")


def test_idle_timeout_warns_then_wipes(slot: DemoSlot) -> None:
    driver = Driver(settings(idle_timeout=3.0), slot)
    start_session(driver, slot, "somchai")
    from kiosk.ui import widgets

    beeps = widgets.beeps_requested
    driver.wait_for(lambda: driver.app.root.idle_warning, timeout=5, what="idle warning")
    assert "วินาที" in driver.app.root.idle_warning
    assert widgets.beeps_requested == beeps + 1
    driver.screenshot("kiosk-10-idle-warning-th")
    driver.app.switch_language()
    driver.wait_for(lambda: "still there" in driver.app.root.idle_warning, timeout=2)
    driver.screenshot("kiosk-10-idle-warning-en")
    driver.wait_screen("attract", timeout=6)
    assert driver.app.screen("attract").card_left_in
    assert_no_personal_text(driver, "somchai")
    driver.screenshot("kiosk-11-attract-remove-card-th")


def test_api_down_shows_error_and_retry_recovers(slot: DemoSlot, sandbox: SandboxServer) -> None:
    sandbox.set_faults(fail_next=1000, error_status=503)
    driver = Driver(settings(api=api_of(sandbox)), slot)
    start_session(driver, slot, "somchai")
    driver.app.controller.show_entitlements()
    screen = driver.wait_screen("entitlements")
    driver.wait_for(lambda: screen.can_retry, timeout=15, what="retry offered")
    assert "ไม่" in screen.message
    driver.screenshot("kiosk-12-api-down-th")
    driver.app.switch_language()
    assert "not answering" in screen.message or "try again" in screen.message.lower()
    driver.screenshot("kiosk-12-api-down-en")
    sandbox.set_faults(fail_next=0)
    driver.tap(screen.ids.retry)
    driver.wait_for(lambda: len(status_rows(driver)) == 7, what="rows after recovery")
    assert not screen.can_retry


def test_one_agency_down_is_said_plainly(slot: DemoSlot, sandbox: SandboxServer) -> None:
    sandbox.set_faults(down_agencies=frozenset({"MOL"}))
    driver = Driver(settings(api=api_of(sandbox)), slot)
    start_session(driver, slot, "somchai")
    driver.app.controller.show_entitlements()
    screen = driver.wait_screen("entitlements")
    driver.wait_for(lambda: len(status_rows(driver)) >= 5, what="partial rows")
    assert "ไม่พร้อมให้บริการ" in screen.message  # said at the top, above the rows
    assert screen.ids.message.y > screen.ids.rows.top - 1
    driver.screenshot("kiosk-13-agency-down-th")
    driver.app.switch_language()
    assert "not answering right now" in screen.message
    driver.screenshot("kiosk-13-agency-down-en")


def test_the_disability_form_shows_the_chips_right_while_the_api_resource_is_down(
    slot: DemoSlot, sandbox: SandboxServer
) -> None:
    from kiosk.ui.widgets import FieldInput, KeyButton

    sandbox.set_faults(down_agencies=frozenset({"NHSO"}), latency=1.0)
    driver = Driver(settings(api=api_of(sandbox)), slot)
    start_session(driver, slot, "boonmee")
    driver.tap(driver.screen.ids.forms)
    forms = driver.wait_screen("forms")
    while not any("ความพิการ" in b.text for b in forms.ids.choices.children):
        driver.tap(forms.ids.more)
    driver.tap(next(b for b in forms.ids.choices.children if "ความพิการ" in b.text))
    review = driver.wait_screen("review")
    assert any("กำลังตรวจสอบ" in w.text for w in review.ids.chip_fields.children)
    phone = next(w for w in review.ids.inputs.walk() if getattr(w, "field_id", "") == "phone")
    assert isinstance(phone, FieldInput)
    driver.tap(phone)
    keys = {k.character: k for k in review.ids.keyboard.walk() if isinstance(k, KeyButton)}
    for digit in "081":
        driver.tap(keys[digit])
    note = "ข้อมูลจากบัตร อาจไม่ใช่ข้อมูลล่าสุด (ปรับปรุงเมื่อ 20 มิถุนายน 2566)"
    driver.wait_for(
        lambda: any(w.text == note for w in review.ids.chip_fields.children),
        what="the chip's right, marked as such",
    )
    texts = [w.text for w in review.ids.chip_fields.children]
    assert any("สิทธิหลักประกันสุขภาพแห่งชาติ" in text for text in texts)
    phone = next(w for w in review.ids.inputs.walk() if getattr(w, "field_id", "") == "phone")
    assert phone.text == "081"  # typed while it was looked up: kept
    driver.tap(review.ids.keyboard.ids.done)
    pages, view = review.ids.chip_pages, review.ids.chip_view
    assert pages.more and not pages.back and pages.page_text.startswith("2/")
    more = pages.children[0]  # "more n/m": the right is the last line, reached by taps
    turns, seen = 0, [pages.page_text]
    while pages.more:
        driver.tap(more)
        turns += 1
        assert turns < 10
        seen.append(pages.page_text)
    numbers = [int(text.split("/")[0]) for text in seen if text]
    assert numbers == list(range(2, len(numbers) + 2))  # one page further each tap
    assert seen[0].endswith(f"/{len(numbers) + 1}")
    shown = next(w for w in review.ids.chip_fields.children if w.text == note)
    _x, bottom = shown.to_window(shown.x, shown.y)
    _x, view_bottom = view.to_window(view.x, view.y)
    assert view_bottom - 1 <= bottom and bottom + shown.height <= view_bottom + view.height + 1
    assert pages.back and pages.height >= 58
    assert list(shown.color) == list(driver.app.look.warning)  # in the warning colour
    driver.screenshot("kiosk-07-review-chip-right-th")


def test_late_answer_for_a_previous_citizen_never_shows(
    slot: DemoSlot, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(latency=1.5)
    driver = Driver(settings(api=api_of(sandbox)), slot)
    start_session(driver, slot, "somchai")  # somchai's lookup is still in flight
    slot.insert("malee")  # swap: somchai's card out, malee's in
    driver.wait_screen("notice")
    sandbox.set_faults(latency=0.0)
    driver.tap(driver.screen.ids.accept)
    driver.wait_screen("hello")
    driver.app.controller.show_entitlements()
    driver.wait_for(lambda: len(status_rows(driver)) == 7)
    driver.pump(200)  # somchai's late answer arrives meanwhile
    assert driver.app.controller.session.card.cid == load_profile("malee").cid
    assert_no_personal_text_of_other = [t for t in driver.all_texts() if "สมชาย" in t]
    assert not assert_no_personal_text_of_other
    statuses = status_rows(driver)
    assert statuses["เงินช่วยเหลือค่าปุ๋ย"] == "not_eligible"  # malee is no farmer


def test_declining_the_notice_reads_nothing() -> None:
    slot = DemoSlot(CardOptions())
    driver = Driver(settings(), slot)
    slot.insert("somchai")
    driver.wait_screen("notice")
    card = slot.card
    driver.tap(driver.screen.ids.decline)
    driver.wait_screen("declined")
    driver.screenshot("kiosk-14-declined-th")
    assert card is not None and card.apdu_count == 0


def test_unreadable_card_shows_a_bilingual_error() -> None:
    slot = DemoSlot(CardOptions(bad_status_at=1))
    driver = Driver(settings(), slot)
    slot.insert("somchai")
    driver.wait_screen("notice")
    driver.tap(driver.screen.ids.accept)
    error = driver.wait_screen("error")
    assert "ไม่ใช่บัตรประจำตัวประชาชน" in error.what_th
    assert "not a Thai national ID card" in error.what_en
    driver.screenshot("kiosk-15-error-th")
    driver.app.switch_language()
    driver.screenshot("kiosk-15-error-en")


def test_admin_gesture_and_pin(slot: DemoSlot) -> None:
    driver = Driver(settings(admin_pin_hash=hash_pin("2468", iterations=1000)), slot)
    from kivy.core.window import Window

    for _ in range(5):
        driver.tap_at(20, Window.height - 20)
    admin = driver.wait_screen("admin")
    driver.screenshot("kiosk-16-admin-pin-th")
    admin.panel.ids.pin.text = "1111"
    driver.tap(admin.panel.ids.submit_pin)
    driver.wait_for(lambda: admin.pin_message, what="wrong PIN message")
    assert not admin.unlocked
    keys = {
        key.character: key for key in admin.panel.ids.keyboard.walk() if hasattr(key, "character")
    }
    for digit in "2468":
        driver.tap(keys[digit])
    driver.tap(admin.panel.ids.submit_pin)
    driver.wait_for(lambda: admin.unlocked, what="admin unlocked")
    driver.wait_for(lambda: "demo" in admin.panel.ids.readers.text, what="reader status")
    driver.screenshot("kiosk-16-admin-th")
    driver.app.switch_language()
    driver.screenshot("kiosk-16-admin-en")
    driver.tap(admin.panel.ids.close_admin)
    driver.wait_screen("attract")


def test_thai_marks_are_shaped(slot: DemoSlot) -> None:
    """SDL2's text provider misplaces a tone mark over an upper vowel (ที่ is drawn taller and
    lower); the app renders with Pillow's HarfBuzz (raqm) layout, which stacks the mark above
    the vowel within the same line box."""
    from kivy.core.text import Label as CoreLabel
    from PIL import features

    Driver(settings(), slot)
    assert CoreLabel.__module__ == "kivy.core.text.text_pil"
    assert features.check("raqm")

    def ink(text: str) -> tuple[int, int, int]:
        """(first ink row, last ink row, texture height) of `text` rendered at 80 px."""
        label = CoreLabel(text=text, font_name="Sarabun", font_size=80)
        label.refresh()
        width, height = label.texture.size
        pixels = label.texture.pixels
        rows = [
            y
            for y in range(height)
            if any(pixels[(y * width + x) * 4 + 3] > 128 for x in range(width))
        ]
        return rows[0], rows[-1], height

    top, bottom, height = ink("ที")
    marked_top, marked_bottom, marked_height = ink("ที่")
    assert (marked_bottom, marked_height) == (bottom, height)
    assert marked_top < top


def test_every_screen_in_english(slot: DemoSlot) -> None:
    driver = Driver(settings(languages=("en", "th")), slot)
    start_session(driver, slot, "wichai")
    controller = driver.app.controller
    controller.show_forms()
    driver.wait_screen("forms")
    driver.screenshot("kiosk-06-forms-en")
    controller.choose_form("farmer-registration")
    review = driver.wait_screen("review")
    driver.screenshot("kiosk-07-review-en")
    driver.tap(review.ids.next)  # "print my form": one tap prints
    output = driver.wait_screen("output")
    driver.wait_for(lambda: output.qr_texture is not None, what="QR")
    driver.wait_for(lambda: not output.printing and output.status, what="print result")
    driver.screenshot("kiosk-08-output-en")
    driver.tap(output.ids.finish)
    driver.wait_screen("done")
    driver.screenshot("kiosk-09-done-en")
    slot.remove()
    driver.wait_screen("attract")
    slot.insert("suda")  # an expired card
    driver.tap(driver.wait_screen("notice").ids.accept)
    hello = driver.wait_screen("hello")
    assert hello.expired
    driver.screenshot("kiosk-04-hello-expired-en")
    slot.remove()
    driver.wait_screen("attract")
    slot.insert("john")
    driver.tap(driver.wait_screen("notice").ids.decline)
    driver.wait_screen("declined")
    driver.screenshot("kiosk-14-declined-en")
    controller.open_admin()
    driver.wait_screen("admin")
    driver.screenshot("kiosk-16-admin-pin-en")


def test_reader_service_lost_and_back(slot: DemoSlot) -> None:
    from cardreader.events import CardEvent, EventKind

    driver = Driver(settings(), slot)
    start_session(driver, slot, "somchai")
    driver.app.controller.card_event(CardEvent(EventKind.SERVICE_LOST))
    error = driver.wait_screen("error")
    assert error.what_th == "ระบบอ่านบัตรหยุดทำงาน"
    assert_no_personal_text(driver, "somchai")
    driver.screenshot("kiosk-17-reader-service-lost-th")
    driver.app.controller.card_event(CardEvent(EventKind.SERVICE_RESTORED))
    driver.wait_screen("attract")


def test_no_reader_is_said_and_a_reader_plugged_in_recovers(slot: DemoSlot) -> None:
    from cardreader.events import CardEvent, EventKind

    driver = Driver(settings(), slot)
    driver.app.controller.card_event(CardEvent(EventKind.READER_REMOVED, "OneCard demo reader"))
    error = driver.wait_screen("error")
    assert error.what_th == "ไม่พบเครื่องอ่านบัตร"
    assert error.what_en == "No card reader was found."
    driver.screenshot("kiosk-18-no-reader-th")
    driver.app.switch_language()
    driver.screenshot("kiosk-18-no-reader-en")
    driver.app.controller.card_event(CardEvent(EventKind.READER_ADDED, "OneCard demo reader"))
    driver.wait_screen("attract")


def test_agency_branding_colours_and_logo(slot: DemoSlot, tmp_path: Path) -> None:
    import dataclasses

    from PIL import Image

    from kiosk.config import BrandingConfig

    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (200, 30, 30)).save(logo)
    branded = dataclasses.replace(
        settings(),
        branding=BrandingConfig(
            agency_name_th="เทศบาลตำบลวัดแค",
            agency_name_en="Wat Khae Municipality",
            logo=logo,
            primary_colour="#006633",
            header_colour="#330066",
        ),
    )
    driver = Driver(branded, slot)
    shot = Image.open(driver.screenshot("kiosk-19-branded-th")).convert("RGB")
    assert shot.getpixel((shot.width - 10, 10)) == (0x33, 0x00, 0x66)  # the title bar
    assert driver.app.branding_title == "เทศบาลตำบลวัดแค"
    assert driver.app.logo == str(logo)
    slot.insert("somchai")
    driver.wait_screen("notice")
    shot = Image.open(driver.screenshot("kiosk-19-branded-notice-th")).convert("RGB")
    primary = sum(1 for pixel in shot.getdata() if pixel == (0x00, 0x66, 0x33))
    assert primary > 50_000  # the accept button and the language button wear the agency's colour
