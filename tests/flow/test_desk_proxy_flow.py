"""Applying with a representative at the desk (F11), headless: the applicant's card, then the
representative's, from the same reader; the desk says whose card to insert, refuses the same
card twice, ends the proxy when a card is taken out at the wrong moment, prints both people
into the form, and forgets both."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cardreader.emulator import load_profile
from forms import verify_payload
from kiosk.flow.view import DeskState
from tests.flow.conftest import Flow

MakeFlow = Callable[..., Flow]
APPLICANT, REPRESENTATIVE = "thongdee", "somchai"


def desk(flow: Flow) -> DeskState:
    state = flow.view.state
    assert isinstance(state, DeskState)
    return state


def applicant_read(flow: Flow) -> None:
    flow.sign_in()
    flow.controller.toggle_proxy()  # F11
    assert desk(flow).proxy_key == "desk.proxy_insert_applicant"
    flow.insert(APPLICANT)
    flow.controller.read_card()  # F2
    flow.view.run_until(lambda: desk(flow).card is not None)
    assert desk(flow).proxy_key == "desk.proxy_insert_representative"


def representative_read(flow: Flow, profile: str = REPRESENTATIVE) -> None:
    flow.remove()  # the applicant's card out: expected, nothing is lost
    assert desk(flow).card is not None and desk(flow).proxy_key
    flow.insert(profile)
    flow.controller.read_card()  # F2 again: the representative
    flow.view.run_until(
        lambda: desk(flow).proxy_key in ("desk.proxy_ready", "desk.proxy_same_card")
    )


def test_a_form_printed_with_a_representative_carries_both_and_both_are_forgotten(
    make_flow: MakeFlow, lp: Path
) -> None:
    flow = make_flow(desk=True)
    applicant_read(flow)
    representative_read(flow)
    state = desk(flow)
    assert state.proxy_key == "desk.proxy_ready"
    assert state.card.cid == load_profile(APPLICANT).cid
    assert state.representative.cid == load_profile(REPRESENTATIVE).cid
    flow.controller.print_form("elderly-allowance")
    flow.view.run_until(lambda: desk(flow).message_key == "output.printed")
    assert lp.read_bytes().startswith(b"%PDF")
    session = flow.controller.session
    flow.remove()  # after printing: the usual end
    assert desk(flow).message_key == "desk.card_removed"
    assert flow.controller.session is None
    assert session.card is None and session.representative is None and not session.proxy_step


def test_the_printed_qr_holds_the_applicant_and_the_representative(
    make_flow: MakeFlow, lp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flow = make_flow(desk=True)
    made = []
    import forms.output

    real = forms.output.produce

    def keep(*args: object, **kwargs: object) -> forms.output.FormOutput:
        output = real(*args, **kwargs)  # type: ignore[arg-type]
        made.append(output)
        return output

    monkeypatch.setattr(forms.output, "produce", keep)
    applicant_read(flow)
    representative_read(flow)
    flow.controller.print_form("disability-allowance")
    flow.view.run_until(lambda: desk(flow).message_key == "output.printed")
    key = flow.controller.services.signing_key()
    verified = verify_payload(made[0].qr.text, [key.private_key.public_key()])
    assert verified.data["cid"] == load_profile(APPLICANT).cid
    assert verified.representative["rep_cid"] == load_profile(REPRESENTATIVE).cid


def test_the_applicants_card_again_is_refused(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    applicant_read(flow)
    flow.controller.read_card()  # F2 with the applicant's card still in
    flow.view.run_until(lambda: desk(flow).proxy_key == "desk.proxy_same_card")
    assert desk(flow).representative is None
    flow.controller.print_form("elderly-allowance")  # no form with one person
    flow.view.run_for(0.2)
    assert desk(flow).message_key != "output.printed"
    representative_read(flow)
    assert desk(flow).proxy_key == "desk.proxy_ready"


def test_a_card_taken_out_before_printing_ends_the_proxy_with_a_clear_message(
    make_flow: MakeFlow,
) -> None:
    flow = make_flow(desk=True)
    applicant_read(flow)
    representative_read(flow)
    session = flow.controller.session
    flow.remove()  # both read, nothing printed yet
    state = desk(flow)
    assert state.message_key == "desk.proxy_card_removed"
    assert state.card is None and state.representative is None and not state.proxy_key
    assert session.card is None and session.representative is None and session.ended


def test_f11_again_ends_the_proxy_and_forgets_both(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    applicant_read(flow)
    representative_read(flow)
    session = flow.controller.session
    flow.controller.toggle_proxy()
    assert desk(flow).card is None and desk(flow).representative is None
    assert session.representative is None and session.ended


def test_a_card_read_first_becomes_the_applicant_when_f11_is_pressed(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.insert(APPLICANT)
    flow.controller.read_card()
    flow.view.run_until(lambda: desk(flow).card is not None)
    flow.controller.toggle_proxy()
    assert desk(flow).proxy_key == "desk.proxy_insert_representative"
    representative_read(flow)
    assert desk(flow).representative.cid == load_profile(REPRESENTATIVE).cid
