"""The disability-allowance form's health-insurance right, headless: the API's record when it
answers, the chip's own copy (marked "from the card, may be out of date") when the API's
resource is down or not set up, and a note for the officer when neither can be had. The NHSO
applet is read for this form only, and only from the applicant's own card."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber

from cardreader import layout
from cardreader.emulator import load_profile
from forms import Origin, verify_payload
from kiosk.config import ApiConfig
from kiosk.flow.view import OutputState, PrintStatus, ReviewState, Role
from kiosk.sandbox.server import SandboxServer
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
    assert right.note.en == "from the National Health Security Office"  # whose record it is
    assert "·" in right.display and not nhso_selected(flow)
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
    assert right.note.en == "from the card, may be out of date (updated 20 June 2023)"
    assert "ปรับปรุงเมื่อ 20 มิถุนายน 2566" in right.note.th
    text, data = printed(flow, lp)
    flat = text.replace("\n", " ")
    assert "(UCS)" in flat and "from the card, may be out of date (updated 20 June 2023)" in flat
    assert data[RIGHT] == f"card 2023-06-20: {right.display}"  # the QR says so too


def test_a_forms_only_kiosk_reads_the_right_from_the_chip(make_flow: MakeFlow) -> None:
    flow = make_flow(api=ApiConfig())
    review_of(flow, "wichai")
    right = right_in(flow).filled.field(RIGHT)
    assert right.origin is Origin.CHIP and "โรงพยาบาลราชบุรี" in right.display
    assert right.note is not None and "2025" in right.note.en


def test_neither_the_api_nor_the_chip_leaves_it_to_the_officer(
    make_flow: MakeFlow, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(down_agencies=NHSO_DOWN)
    flow = make_flow()
    review_of(flow, "thongdee")  # an old card: no health-insurance applet
    right = right_in(flow).filled.field(RIGHT)
    assert right.origin is Origin.BY_HAND and right.value == ""
    assert right.note is not None and "officer checks" in right.note.en


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
    assert not review.looking_up and not flow.controller.session.health_asked
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
    assert right.origin is Origin.BY_HAND and right.note is not None  # the officer checks
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
    assert "(UCS)" in flat and "from the card, may be out of date (updated 20 June 2023)" in flat


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
