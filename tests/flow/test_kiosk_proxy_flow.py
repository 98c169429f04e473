"""Applying for someone else at the kiosk, headless: two cards through one reader in either
order, each with its own notice, both signed into the form; a card taken out at the wrong
moment ends it with a clear message, the same card twice is refused, and both people are
forgotten when the session ends."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cardreader.emulator import CardOptions, load_profile
from forms import verify_payload
from kiosk.flow.kiosk import PROXY_CARD_REMOVED
from kiosk.flow.view import (
    AttractState,
    ErrorState,
    FormsState,
    NoticeState,
    OutputState,
    PrintStatus,
    ProxyState,
    ProxyStep,
    ReadingState,
    ReviewState,
    Role,
)
from tests.flow.conftest import Flow

MakeFlow = Callable[..., Flow]
APPLICANT, REPRESENTATIVE = "thongdee", "somchai"


def cid_of(profile: str) -> str:
    return str(load_profile(profile).cid)


def first_card_read(flow: Flow, profile: str) -> None:
    flow.insert(profile)
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.controller.apply_for_someone_else()
    state = flow.view.state
    assert isinstance(state, ProxyState) and state.step is ProxyStep.ROLE


def swap_to(flow: Flow, profile: str, role: Role) -> None:
    """Take the first card out when asked, put `profile`'s in, accept its own notice."""
    asked = flow.view.state
    assert isinstance(asked, ProxyState) and asked.step is ProxyStep.REMOVE
    assert asked.next_role is role
    flow.remove()
    waiting = flow.view.state
    assert isinstance(waiting, ProxyState) and waiting.step is ProxyStep.INSERT
    assert waiting.next_role is role  # the screen says whose card to insert
    flow.insert(profile)
    notice = flow.view.state
    assert notice == NoticeState(role)  # a notice for this card, before it is read
    assert flow.slot.card is not None and flow.slot.card.apdu_count == 0
    flow.controller.accept_notice()
    assert flow.view.state == ReadingState(role)


@pytest.mark.parametrize("first", [Role.APPLICANT, Role.REPRESENTATIVE])
def test_either_card_first_makes_one_form_with_both_people_in_their_places(
    make_flow: MakeFlow, lp: Path, first: Role
) -> None:
    flow = make_flow()
    profiles = {Role.APPLICANT: APPLICANT, Role.REPRESENTATIVE: REPRESENTATIVE}
    first_card_read(flow, profiles[first])
    flow.controller.proxy_role(first)
    swap_to(flow, profiles[first.other], first.other)

    forms = flow.wait_screen("forms")
    assert isinstance(forms, FormsState)
    assert forms.applicant is not None and forms.representative is not None
    assert forms.applicant.en == "Mr. Thongdee Puingam"
    assert forms.representative.en == "Mr. Somchai Jaidee"
    flow.controller.choose_form("elderly-allowance")
    review = flow.view.state
    assert isinstance(review, ReviewState) and review.filled.proxy is not None
    flow.controller.submit_answers({"phone": "0812345678", "rep_relation": "บุตร"})
    output = flow.wait_screen("output")
    assert isinstance(output, OutputState)
    flow.view.run_until(lambda: flow.view.state.printing is PrintStatus.PRINTED)
    assert lp.read_bytes().startswith(b"%PDF")

    key = flow.controller.services.signing_key()
    verified = verify_payload(output.qr_text, [key.private_key.public_key()])
    assert verified.data["cid"] == cid_of(APPLICANT)
    assert verified.representative is not None
    assert verified.representative["rep_cid"] == cid_of(REPRESENTATIVE)
    assert verified.representative["rep_relation"] == "บุตร"

    session = flow.controller.session
    flow.remove()  # after the form is made: the usual end of a visit
    assert isinstance(flow.view.state, AttractState)
    assert session.ended and session.card is None and session.representative is None
    assert session.proxy_role is None and not session.output_pdf and not session.answers


def test_the_same_card_twice_is_refused_and_the_other_card_asked_for(make_flow: MakeFlow) -> None:
    flow = make_flow()
    first_card_read(flow, APPLICANT)
    flow.controller.proxy_role(Role.APPLICANT)
    swap_to(flow, APPLICANT, Role.REPRESENTATIVE)
    refused = flow.wait_screen("proxy")
    assert refused == ProxyState(
        ProxyStep.REMOVE, refused.name, Role.REPRESENTATIVE, same_card=True
    )
    session = flow.controller.session
    assert session.representative is None and session.card.cid == cid_of(APPLICANT)
    flow.controller.choose_form("elderly-allowance")  # no form with one person's card
    assert flow.view.state is refused
    swap_to(flow, REPRESENTATIVE, Role.REPRESENTATIVE)  # the right card now
    flow.wait_screen("forms")
    assert session.representative is not None
    assert session.representative.cid == cid_of(REPRESENTATIVE)


def test_taking_a_card_out_after_both_were_read_ends_it_with_a_clear_message(
    make_flow: MakeFlow,
) -> None:
    flow = make_flow()
    first_card_read(flow, REPRESENTATIVE)
    flow.controller.proxy_role(Role.REPRESENTATIVE)
    swap_to(flow, APPLICANT, Role.APPLICANT)
    flow.wait_screen("forms")
    flow.controller.choose_form("elderly-allowance")
    session = flow.controller.session
    flow.remove()  # before the form is made
    assert flow.view.state == ErrorState(PROXY_CARD_REMOVED)
    assert "ยกเลิกการยื่นแทน" in PROXY_CARD_REMOVED.what.th
    assert "applying for someone else was stopped" in PROXY_CARD_REMOVED.what.en
    assert flow.controller.session is None
    assert session.card is None and session.representative is None and session.ended


def test_taking_the_card_out_before_saying_whose_it_is_ends_it(make_flow: MakeFlow) -> None:
    flow = make_flow()
    first_card_read(flow, APPLICANT)
    flow.remove()
    assert flow.view.state == ErrorState(PROXY_CARD_REMOVED)
    assert flow.controller.session is None


def test_a_card_swapped_during_the_second_read_is_caught_and_nothing_is_filled(
    make_flow: MakeFlow,
) -> None:
    flow = make_flow(card=CardOptions(apdu_delay=0.05))  # slow enough to pull it mid-read
    first_card_read(flow, APPLICANT)
    flow.controller.proxy_role(Role.APPLICANT)
    swap_to(flow, REPRESENTATIVE, Role.REPRESENTATIVE)
    session = flow.controller.session
    flow.view.run_until(lambda: flow.slot.card is not None and flow.slot.card.apdu_count > 0)
    flow.remove()  # mid-read
    flow.insert("malee")  # another card in its place
    assert flow.view.shown[-2] == ErrorState(PROXY_CARD_REMOVED)
    flow.view.run_for(0.5)  # the interrupted read's result never arrives
    assert not any(isinstance(state, FormsState) for state in flow.view.shown)
    assert session.ended and session.card is None and session.representative is None
    assert isinstance(flow.view.state, NoticeState) and flow.view.state.role is None  # afresh


def test_going_back_before_choosing_whose_card_keeps_the_visit(make_flow: MakeFlow) -> None:
    flow = make_flow()
    first_card_read(flow, APPLICANT)
    flow.controller.cancel_proxy()
    hello = flow.view.state
    assert hello.screen == "hello" and hello.representative is None
    assert flow.controller.session.proxy_step == ""
