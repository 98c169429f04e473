"""Every kiosk screen, in Thai and English, normal, large text and high contrast, walked widget
by widget in the real window: citizen-facing text >= 28 px and never cut, pushed off screen or
out of its column (under a bar), no two widgets of a row or column on top of each other, every
touch target >= 58 px, and every text colour at least 4.5:1 (WCAG) against what is behind it.
Screenshots of every screen in every mode go to artifacts/screens/
(a11y-<mode>-<language>-<screen>.png)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cardreader.emulator import CardOptions
from kiosk.cardslot import DemoSlot
from tests.ui.conftest import settings
from tests.ui.driver import Driver

pytestmark = [pytest.mark.gui, pytest.mark.forked]

MODES = {"normal": (False, False), "large": (True, False), "contrast": (False, True)}
MIN_TEXT_PX = 28
MIN_TARGET_PX = 58
MIN_CONTRAST = 4.5
SLACK = 1.0  # px of rounding


def shown(widget: Any) -> bool:
    """On screen: it and every parent opaque, and it has a size."""
    if widget.width < 1 or widget.height < 1:
        return False
    node = widget
    while node is not None:
        if getattr(node, "opacity", 1) <= 0.01:
            return False
        node = node.parent if node.parent is not node else None
    return True


def inside(widget: Any, kind: str) -> bool:
    node = widget.parent
    while node is not None and node.parent is not node:
        if type(node).__name__ == kind or kind in {c.__name__ for c in type(node).__mro__}:
            return True
        node = node.parent
    return False


def background_of(widget: Any) -> list[float] | None:
    """The colour painted behind `widget`: a flat button's own, else the nearest parent's
    `bg_colour` (every widget that paints a background says which)."""
    from kivy.uix.button import Button

    if isinstance(widget, Button):
        return list(widget.background_color) if widget.background_normal == "" else None
    node = widget
    while node is not None:
        colour = getattr(node, "bg_colour", None)
        if colour is not None:
            return list(colour)
        node = node.parent if node.parent is not node else None
    return None


def problems_on_screen(driver: Driver) -> Iterator[str]:
    from kivy.core.window import Window
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.button import Button
    from kivy.uix.label import Label
    from kivy.uix.textinput import TextInput

    from kiosk.ui.theme import contrast
    from kiosk.ui.widgets import StaffNote

    for widget in driver.app.root.walk():
        if not shown(widget) or inside(widget, "DemoPanel"):
            continue
        name = f"{type(widget).__name__} {getattr(widget, 'text', '')[:40]!r}"
        scrolled = inside(widget, "ScrollView")
        x, y = widget.to_window(widget.x, widget.y)
        if not scrolled and (
            x < -SLACK
            or y < -SLACK
            or x + widget.width > Window.width + SLACK
            or y + widget.height > Window.height + SLACK
        ):
            yield f"{name} is off screen at {(x, y, widget.width, widget.height)}"
        if isinstance(widget, BoxLayout):
            kids = [child for child in widget.children if shown(child)]
            for kid in kids:  # a column too full pushes its first rows out, under the bars
                out = max(widget.y - kid.y, kid.top - widget.top)
                if out > SLACK:
                    yield (
                        f"{type(kid).__name__} {getattr(kid, 'text', '')[:30]!r} is pushed "
                        f"{out:.0f} px out of its {type(widget).__name__}"
                    )
            for i, one in enumerate(kids):
                for other in kids[i + 1 :]:
                    overlap_x = min(one.right, other.right) - max(one.x, other.x)
                    overlap_y = min(one.top, other.top) - max(one.y, other.y)
                    if overlap_x > SLACK and overlap_y > SLACK:
                        yield (
                            f"{type(one).__name__} {getattr(one, 'text', '')[:30]!r} overlaps "
                            f"{type(other).__name__} {getattr(other, 'text', '')[:30]!r}"
                        )
        small = min(widget.width, widget.height) < MIN_TARGET_PX - SLACK
        if isinstance(widget, Button | TextInput) and not widget.disabled and small:
            yield f"{name}: touch target {widget.width:.0f}x{widget.height:.0f} px"
        if not isinstance(widget, Label) or not widget.text.strip():
            continue
        if isinstance(widget, StaffNote):
            continue  # codes for staff, small on purpose
        if widget.font_size < MIN_TEXT_PX - 0.01:
            yield f"{name}: text {widget.font_size:.0f} px"
        widget.texture_update()
        width, height = widget.texture_size
        if height > widget.height + SLACK + 2 or (
            width > widget.width + SLACK + 2 and not widget.shorten
        ):
            box = f"{widget.width:.0f}x{widget.height:.0f}"
            yield f"{name}: text {width}x{height} cut by its box {box}"
        if widget.disabled:
            continue
        behind = background_of(widget)
        if behind is None:
            yield f"{name}: no known background behind it"
            continue
        ratio = contrast(list(widget.color), behind)
        if ratio < MIN_CONTRAST:
            yield f"{name}: contrast {ratio:.2f}:1"


def check(driver: Driver, label: str, found: dict[str, list[str]]) -> None:
    driver.pump(6)
    driver.screenshot(label)
    problems = list(problems_on_screen(driver))
    if problems:
        found[label] = problems


def walk_every_screen(driver: Driver, slot: DemoSlot, prefix: str) -> dict[str, list[str]]:
    """Visit every kiosk screen (and the overlays) and check each; returns the problems."""
    found: dict[str, list[str]] = {}
    app, controller = driver.app, driver.app.controller
    check(driver, f"{prefix}-01-attract", found)
    slot.insert("boonmee")
    driver.wait_screen("notice")
    check(driver, f"{prefix}-02-notice", found)
    if app.large_text:  # the notice's second part
        driver.tap(driver.screen.ids.more)
        check(driver, f"{prefix}-02-notice-part-2", found)
    controller.decline_notice()
    driver.wait_screen("declined")
    check(driver, f"{prefix}-03-declined", found)
    driver.tap(driver.screen.ids.notice_again)
    driver.wait_screen("notice")
    controller.accept_notice()
    driver.wait_screen("reading")
    check(driver, f"{prefix}-04-reading", found)
    hello = driver.wait_screen("hello")
    check(driver, f"{prefix}-05-hello", found)
    driver.tap(hello.ids.entitlements)
    screen = driver.wait_screen("entitlements")
    driver.wait_for(lambda: screen.ids.rows.children, what="entitlement rows")
    check(driver, f"{prefix}-06-entitlements", found)
    while not screen.ids.more.disabled:
        driver.tap(screen.ids.more)
    check(driver, f"{prefix}-07-entitlements-last-page", found)
    controller.show_forms()
    forms = driver.wait_screen("forms")
    check(driver, f"{prefix}-08-forms", found)
    controller.choose_form("elderly-allowance")
    review = driver.wait_screen("review")
    check(driver, f"{prefix}-09-review-choices", found)
    from kiosk.ui.widgets import FieldInput

    box = next(w for w in review.ids.inputs.walk() if isinstance(w, FieldInput))
    driver.tap(box)
    check(driver, f"{prefix}-10-review-keyboard", found)
    driver.tap(review.ids.keyboard.ids.done)
    driver.tap(review.ids.next)
    output = driver.wait_screen("output")
    driver.wait_for(lambda: not output.printing and output.status, what="print result")
    check(driver, f"{prefix}-11-output", found)
    controller.call_staff()
    check(driver, f"{prefix}-12-staff-coming", found)
    driver.tap(app.root.ids.staff_ok)
    app.set_idle_warning(app.translate("idle.warning", seconds=30))
    check(driver, f"{prefix}-13-idle-warning", found)
    app.set_idle_warning("")
    driver.tap(output.ids.finish)
    driver.wait_screen("done")
    check(driver, f"{prefix}-14-done", found)
    from cardreader.text import Bilingual
    from kiosk.errors import UserFacingError
    from kiosk.flow.view import ErrorState

    app.show(
        ErrorState(
            UserFacingError(
                Bilingual("อ่านบัตรไม่สำเร็จ", "The card could not be read."),
                Bilingual(
                    "กรุณาถอดบัตรแล้วเสียบใหม่อีกครั้ง", "Please take the card out and insert it again."
                ),
                reference="SW 6A82",
                retryable=True,
            ),
            retry=lambda: None,
        )
    )
    check(driver, f"{prefix}-15-error", found)
    walk_proxy_screens(driver, slot, prefix, found)
    assert forms is not None
    return found


def walk_proxy_screens(
    driver: Driver, slot: DemoSlot, prefix: str, found: dict[str, list[str]]
) -> None:
    """Applying for someone else: the hello choice, whose card, take out, insert, the
    representative's notice and reading, the forms for the applicant."""
    large, high_contrast = driver.app.large_text, driver.app.high_contrast
    slot.remove()
    attract = driver.wait_screen("attract")  # the next citizen: the kiosk's defaults again
    bar = attract.children[0].children[-1]
    if large:
        driver.tap(bar.ids.large_button)
    if high_contrast:
        driver.tap(bar.ids.contrast_button)
    slot.insert("boonmee")
    driver.tap(driver.wait_screen("notice").ids.accept)
    hello = driver.wait_screen("hello")
    driver.tap(hello.ids.someone_else)
    proxy = driver.wait_screen("proxy")
    check(driver, f"{prefix}-16-proxy-whose-card", found)
    driver.tap(proxy.ids.mine)
    driver.wait_for(lambda: proxy.step == "remove", what="asked to take the card out")
    check(driver, f"{prefix}-17-proxy-take-out", found)
    slot.remove()
    driver.wait_for(lambda: proxy.step == "insert", what="asked for the applicant's card")
    check(driver, f"{prefix}-18-proxy-insert", found)
    slot.insert("thongdee")
    notice = driver.wait_screen("notice")
    check(driver, f"{prefix}-19-proxy-notice", found)
    driver.tap(notice.ids.accept)  # read at once: its reading screen is drawn below
    driver.wait_screen("forms")
    check(driver, f"{prefix}-20-proxy-forms", found)
    from kiosk.flow.view import ReadingState, Role

    driver.app.show(ReadingState(Role.APPLICANT))
    check(driver, f"{prefix}-21-proxy-reading", found)
    driver.app.controller.show_hello()
    driver.wait_screen("hello")
    check(driver, f"{prefix}-22-proxy-hello", found)


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("mode", list(MODES))
def test_every_kiosk_screen_is_readable_and_reachable(mode: str, language: str) -> None:
    slot = DemoSlot(CardOptions(apdu_delay=0.1))  # slow enough to see the reading screen
    languages = (language, "en" if language == "th" else "th")
    driver = Driver(settings(languages=languages), slot)
    large, high_contrast = MODES[mode]
    attract = driver.screen
    if large:
        driver.tap(attract.children[0].children[-1].ids.large_button)
    if high_contrast:
        driver.tap(attract.children[0].children[-1].ids.contrast_button)
    assert driver.app.large_text is large and driver.app.high_contrast is high_contrast
    found = walk_every_screen(driver, slot, f"a11y-{mode}-{language}")
    report = "\n".join(f"{screen}:\n  " + "\n  ".join(lines) for screen, lines in found.items())
    assert not found, report


def test_large_text_makes_text_and_targets_about_1_4_times_bigger(slot: DemoSlot) -> None:
    driver = Driver(settings(), slot)
    bar = driver.screen.children[0].children[-1]
    body_before = driver.app.look.body
    button_before = driver.app.look.button_height
    driver.tap(bar.ids.large_button)
    assert driver.app.look.body == pytest.approx(body_before * 1.4)
    assert driver.app.look.button_height == pytest.approx(button_before * 1.4)
    slot.insert("somchai")
    driver.tap(driver.wait_screen("notice").ids.accept)
    driver.wait_screen("hello")
    slot.remove()  # the next citizen gets the kiosk's defaults back
    driver.wait_screen("attract")
    assert not driver.app.large_text and driver.app.look.body == body_before
