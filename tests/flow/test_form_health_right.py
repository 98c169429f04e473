"""The disability-allowance form's health-insurance right, headless: the API's record when it
answers, the chip's own copy (marked "From the card, may be out of date") when the API's
resource is down or not set up, and a note for the officer when neither can be had. The NHSO
applet is read for this form only, and only from the applicant's own card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from cardreader import layout
from cardreader.emulator import load_profile
from cardreader.text import Bilingual
from forms import Origin, verify_payload
from forms.records import UNAVAILABLE
from kiosk.config import ApiConfig
from kiosk.errors import UserFacingError
from kiosk.flow.healthright import NO_APPLET_ON_FORM
from kiosk.flow.kiosk import FORM_RIGHT_PURPOSE
from kiosk.flow.view import OutputState, PrintStatus, ReviewState, Role
from kiosk.sandbox.server import SandboxServer
from kiosk.statusslip import texts
from tests.flow.conftest import Flow
from tests.flow.test_kiosk_proxy_flow import first_card_read, swap_to

MakeFlow = Callable[..., Flow]
FORM = "disability-allowance"
RIGHT = "health_insurance_right"
ANSWERS = {"disability_type": "moving", "payment_method": "cash"}
NHSO_DOWN = frozenset({"NHSO"})


def review_of(flow: Flow, profile: str, form: str = FORM) -> ReviewState:
    flow.insert(profile)
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.controller.show_forms()
    flow.controller.choose_form(form)
    state = flow.view.state
    assert isinstance(state, ReviewState)
    return state


def right_in(flow: Flow) -> ReviewState:
    """The review once the right is looked up (redrawn in place, keeping what is typed)."""
    flow.view.run_until(lambda: flow.controller.session.health_done)
    state = [state for state in flow.view.updated if isinstance(state, ReviewState)][-1]
    assert not state.looking_up and state.keep_typed
    return state


def nhso_selected(flow: Flow) -> bool:
    card = flow.slot.card
    assert card is not None
    return layout.NHSO_AID in card.selected_aids


def printed(flow: Flow, lp: Path) -> tuple[str, dict[str, str]]:
    """Print the form: the PDF's text and the QR's data."""
    flow.controller.submit_answers(ANSWERS)
    flow.view.run_until(lambda: getattr(flow.view.state, "printing", None) is PrintStatus.PRINTED)
    output = flow.view.state
    assert isinstance(output, OutputState)
    with pdfplumber.open(lp) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    key = flow.controller.services.signing_key()
    verified = verify_payload(output.qr_text, [key.private_key.public_key()])
    return text, dict(verified.data)


def test_the_apis_record_is_printed_and_the_chip_is_not_read_for_it(
    make_flow: MakeFlow, lp: Path
) -> None:
    flow = make_flow()
    review = review_of(flow, "boonmee")
    assert review.looking_up
    assert review.filled.field(RIGHT).origin is Origin.BY_HAND  # not yet: never a guess
    review = right_in(flow)
    right = review.filled.field(RIGHT)
    assert right.origin is Origin.RECORD and right.note is not None
    assert right.note.en == "From the National Health Security Office"  # whose record it is
    assert "·" in right.display and not nhso_selected(flow)
    asked = [lookup.purpose for lookup in flow.controller._lookups]  # on the status slip
    assert FORM_RIGHT_PURPOSE in asked
    assert texts("th")[f"slip.purpose.{FORM_RIGHT_PURPOSE}"]
    text, data = printed(flow, lp)
    assert right.display.split(" · ")[0] in text.replace("\n", " ")
    assert data[RIGHT].endswith(right.display) and not data[RIGHT].startswith("card")


def test_the_chips_right_stands_in_when_the_apis_resource_is_down(
    make_flow: MakeFlow, sandbox: SandboxServer, lp: Path
) -> None:
    sandbox.set_faults(down_agencies=NHSO_DOWN)
    flow = make_flow()
    review_of(flow, "boonmee")
    right = right_in(flow).filled.field(RIGHT)
    assert right.origin is Origin.CHIP and nhso_selected(flow)
    assert right.display == "(UCS) สิทธิหลักประกันสุขภาพแห่งชาติ · โรงพยาบาลนครพิงค์"
    assert right.note is not None
    assert right.note.en == "From the card, may be out of date (updated 20 June 2023)"
    assert "ปรับปรุงเมื่อ 20 มิถุนายน 2566" in right.note.th
    text, data = printed(flow, lp)
    flat = text.replace("\n", " ")
    assert "(UCS)" in flat and "From the card, may be out of date (updated 20 June 2023)" in flat
    assert data[RIGHT] == f"card 2023-06-20: {right.display}"  # the QR says so too


def test_a_forms_only_kiosk_reads_the_right_from_the_chip(make_flow: MakeFlow) -> None:
    flow = make_flow(api=ApiConfig())
    review_of(flow, "wichai")
    right = right_in(flow).filled.field(RIGHT)
    assert right.origin is Origin.CHIP and "โรงพยาบาลราชบุรี" in right.display
    assert right.note is not None and "2025" in right.note.en


def test_a_card_without_the_applet_says_so_and_leaves_it_to_the_officer(
    make_flow: MakeFlow, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(down_agencies=NHSO_DOWN)
    flow = make_flow()
    review_of(flow, "thongdee")  # an old card: no health-insurance applet
    right = right_in(flow).filled.field(RIGHT)
    assert right.origin is Origin.BY_HAND and right.value == ""
    assert right.note == NO_APPLET_ON_FORM  # the card says it holds none; the officer checks


def test_printing_while_the_right_is_looked_up_waits_for_it(
    make_flow: MakeFlow, sandbox: SandboxServer, lp: Path
) -> None:
    flow = make_flow()
    review_of(flow, "boonmee")
    sandbox.set_faults(latency=0.8)  # the entitlement lookup is in; the right is slow
    flow.controller.submit_answers(ANSWERS)
    assert flow.view.state == OutputState("", PrintStatus.PREPARING)  # no QR, no paper yet
    assert not lp.exists()
    _text, data = printed(flow, lp)
    assert data[RIGHT] and not data[RIGHT].startswith("card")


def test_other_forms_neither_ask_for_the_right_nor_read_the_applet(make_flow: MakeFlow) -> None:
    flow = make_flow()
    review = review_of(flow, "boonmee", "elderly-allowance")
    flow.view.run_for(0.3)
    assert not review.looking_up and not flow.controller.session.health_cid
    assert not nhso_selected(flow)


def test_a_representatives_card_in_the_slot_is_never_read_for_the_applicants_right(
    make_flow: MakeFlow, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(down_agencies=NHSO_DOWN)
    flow = make_flow()
    first_card_read(flow, "wichai")  # the applicant first; the representative's card stays in
    flow.controller.proxy_role(Role.APPLICANT)
    swap_to(flow, "somchai", Role.REPRESENTATIVE)
    flow.wait_screen("forms")
    flow.controller.choose_form(FORM)
    right = right_in(flow).filled.field(RIGHT)
    assert right.origin is Origin.BY_HAND and right.note == UNAVAILABLE  # not read: not "none"
    card = flow.slot.card
    assert card is not None and card.selected_aids[-1] == layout.THAI_ID_AID  # ID only
    assert load_profile("somchai").nhso  # the representative's card has a right: not used


def test_the_desk_prints_the_chips_right_when_the_apis_resource_is_down(
    make_flow: MakeFlow, sandbox: SandboxServer, lp: Path
) -> None:
    sandbox.set_faults(down_agencies=NHSO_DOWN)
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.slot.insert("boonmee")
    flow.controller.read_card()
    session = flow.controller.session
    flow.view.run_until(lambda: session.disability is not None and session.health_card_read)
    flow.controller.print_form(FORM)
    flow.view.run_until(lambda: flow.view.state.message_key == "output.printed")
    with pdfplumber.open(lp) as document:
        flat = " ".join(page.extract_text() or "" for page in document.pages).replace("\n", " ")
    assert "(UCS)" in flat and "From the card, may be out of date (updated 20 June 2023)" in flat


def test_the_desk_prints_the_apis_record_when_it_answers(make_flow: MakeFlow, lp: Path) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.slot.insert("wichai")
    flow.controller.read_card()
    session = flow.controller.session
    flow.view.run_until(lambda: session.disability is not None)
    assert session.health_right is session.disability[0]
    flow.controller.print_form(FORM)
    flow.view.run_until(lambda: flow.view.state.message_key == "output.printed")
    with pdfplumber.open(lp) as document:
        flat = " ".join(page.extract_text() or "" for page in document.pages).replace("\n", " ")
    assert "(T74)" in flat or "ท.74" in flat
    assert "may be out of date" not in flat


@pytest.mark.parametrize("nhso_down", [False, True])
def test_the_first_cards_right_never_reaches_the_applicants_form(
    make_flow: MakeFlow, sandbox: SandboxServer, nhso_down: bool
) -> None:
    """Wichai looks at the disability form, then applies for Somchai as his representative:
    Somchai's form has Somchai's right (or none), never Wichai's."""
    if nhso_down:
        sandbox.set_faults(down_agencies=NHSO_DOWN)
    flow = make_flow()
    review_of(flow, "wichai")
    first = right_in(flow).filled.field(RIGHT)
    assert first.origin is not Origin.BY_HAND
    flow.controller.show_hello()
    flow.controller.apply_for_someone_else()
    flow.controller.proxy_role(Role.REPRESENTATIVE)
    swap_to(flow, "somchai", Role.APPLICANT)
    flow.wait_screen("forms")
    flow.view.updated.clear()
    flow.controller.choose_form(FORM)
    review = flow.view.state
    assert isinstance(review, ReviewState) and review.looking_up  # asked again, for Somchai
    right = right_in(flow).filled.field(RIGHT)
    assert right.value != first.value
    assert "ราชบุรี" not in right.display and "สระบุรี" not in right.display
    if nhso_down:
        assert "โรงพยาบาลนครชัยศรี" in right.display  # Somchai's own card, now in the reader
    else:
        assert right.value == "none"  # the sandbox has no disability right for Somchai


def test_a_wrong_answer_while_the_right_is_looked_up_still_says_looking_up(
    make_flow: MakeFlow, sandbox: SandboxServer
) -> None:
    flow = make_flow()
    review_of(flow, "boonmee")
    sandbox.set_faults(latency=0.8)
    flow.controller.submit_answers({"phone": "12"})
    state = flow.view.state
    assert isinstance(state, ReviewState) and state.filled.problems and state.looking_up
    flow.controller.print_form()  # nothing made yet: nothing printed
    assert isinstance(flow.view.state, ReviewState)


def test_an_ended_right_says_so() -> None:
    from kiosk.api import AgencySource, CodedName, DisabilityRight, HealthInsuranceRight
    from kiosk.flow.healthright import from_api

    def named(code: str, th: str, en: str) -> CodedName:
        return CodedName(code, Bilingual(th, en))

    nhso = Bilingual("สำนักงานหลักประกันสุขภาพแห่งชาติ", "National Health Security Office")
    right = DisabilityRight(
        named("UCS-T74", "สิทธิผู้พิการ", "Disability"),
        (),
        named("10713", "โรงพยาบาลนครพิงค์", "Nakornping Hospital"),
        dt.date(2020, 1, 1),
        dt.date(2025, 12, 31),
    )
    answer = HealthInsuranceRight("r-1", AgencySource("NHSO", nhso, True, None), right)
    current = from_api(answer, dt.date(2025, 12, 31))
    assert current.note is not None and "ended" not in current.note.en
    ended = from_api(answer, dt.date(2026, 1, 1))
    assert ended.note is not None
    assert ended.note.en.endswith("This right ended on 31 December 2025.")
    assert "สิ้นสุดแล้วเมื่อ 31 ธันวาคม 2568" in ended.note.th
    assert ended.value.endswith("(ended 2025-12-31)")


def test_the_desk_waits_for_the_apis_answer_before_printing_the_form(
    make_flow: MakeFlow, sandbox: SandboxServer, lp: Path
) -> None:
    sandbox.set_faults(latency=1.0)
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.slot.insert("wichai")
    flow.controller.read_card()
    flow.view.run_until(lambda: flow.controller.session.card is not None)
    session = flow.controller.session
    assert session.disability is None  # still being looked up
    flow.controller.print_form(FORM)  # F-key at once
    assert flow.view.state.message_key == "output.preparing" and not lp.exists()
    flow.view.run_until(lambda: flow.view.state.message_key == "output.printed", timeout=20)
    with pdfplumber.open(lp) as document:
        flat = " ".join(page.extract_text() or "" for page in document.pages).replace("\n", " ")
    assert "may be out of date" not in flat and "National Health Security Office" in flat


def test_an_answer_about_another_citizen_is_never_printed(
    make_flow: MakeFlow, sandbox: SandboxServer
) -> None:
    """A server that answers about someone else (a mix-up): the answer is refused, and the
    form takes the applicant's own card's copy instead."""
    flow = make_flow()
    flow.insert("boonmee")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.view.run_until(lambda: flow.controller.session.entitlements is not None)
    sandbox.set_faults(other_citizen=True)  # from now on
    flow.controller.show_forms()
    flow.controller.choose_form(FORM)
    right = right_in(flow).filled.field(RIGHT)
    assert isinstance(flow.controller.session.health_right, UserFacingError)
    assert right.origin is Origin.CHIP and "โรงพยาบาลนครพิงค์" in right.display
