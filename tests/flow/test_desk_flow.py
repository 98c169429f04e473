"""The officer's desk headless: typed lookups, card reads, the photo from the same card only,
and "next citizen", card removal or idle forgetting everything."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from cardreader.emulator import load_profile
from cardreader.events import CardEvent, EventKind
from kiosk.api import CardStatus
from kiosk.cardslot import DEMO_READER
from kiosk.errors import UserFacingError
from kiosk.flow.desk import ANOTHER_CARD
from kiosk.flow.view import DeskState, SignInState
from kiosk.sandbox.server import SandboxServer
from tests.flow.conftest import Flow

MakeFlow = Callable[..., Flow]
SOMCHAI = load_profile("somchai").cid


def desk(flow: Flow) -> DeskState:
    state = flow.view.state
    assert isinstance(state, DeskState)
    return state


def everything_in(flow: Flow) -> Callable[[], bool]:
    return lambda: desk(flow).entitlements is not None and desk(flow).disability is not None


def test_a_typed_id_is_looked_up_with_the_disability_records(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.controller.look_up_typed("3100700123452")  # wrong check digit: nothing is asked
    assert flow.controller.session is None
    flow.controller.look_up_typed(SOMCHAI)
    assert desk(flow).looking_up
    flow.view.run_until(everything_in(flow))
    state = desk(flow)
    assert len(state.entitlements.programmes) == 7 and not state.looking_up
    assert state.card is None  # typed: nothing from a chip
    assert flow.controller.session.disability is state.disability  # kept on the session only


def test_a_card_read_then_its_photo_then_next_citizen_forgets(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.slot.insert("boonmee")
    flow.controller.read_card()
    assert desk(flow).message_key == "reading.title"
    flow.view.run_until(everything_in(flow))
    assert desk(flow).card is not None and desk(flow).card.photo is None  # on demand only
    flow.controller.read_photo()
    flow.view.run_until(lambda: desk(flow).card.photo is not None)
    assert desk(flow).photo_progress[0] > 0
    session = flow.controller.session
    flow.controller.next_citizen()
    state = desk(flow)
    assert state.card is None and state.entitlements is None and state.disability is None
    assert state.photo_progress == (0, 0)
    assert session.card is None and session.disability is None and flow.controller.session is None


def test_the_photo_comes_from_the_same_card_or_not_at_all(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.slot.insert("boonmee")
    flow.controller.read_card()
    flow.view.run_until(lambda: desk(flow).card is not None)
    flow.slot.insert("malee")  # swapped behind the officer's back
    flow.controller.read_photo()
    flow.view.run_until(lambda: desk(flow).message_error is not None)
    assert desk(flow).message_error is ANOTHER_CARD
    assert desk(flow).card.cid == load_profile("boonmee").cid and desk(flow).card.photo is None


def test_taking_the_card_out_ends_a_card_session_but_not_a_typed_one(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.controller.look_up_typed(SOMCHAI)
    flow.view.run_until(everything_in(flow))
    flow.controller.card_event(CardEvent(EventKind.CARD_REMOVED, DEMO_READER))
    assert flow.controller.session is not None  # typed: the card was not this citizen's
    flow.slot.insert("malee")
    flow.controller.read_card()
    flow.view.run_until(lambda: desk(flow).card is not None)
    flow.remove()
    assert flow.controller.session is None
    assert desk(flow).card is None and desk(flow).message_key == "desk.card_removed"


def test_a_quiet_desk_forgets_the_citizen(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.controller.look_up_typed(SOMCHAI)
    flow.view.run_until(everything_in(flow))
    flow.clock.now += flow.controller.settings.desk.idle_timeout + 1
    flow.controller.tick()
    assert flow.controller.session is None and flow.controller.officer is None
    assert isinstance(flow.view.state, SignInState)
    assert flow.view.state.message_key == "desk.signed_out_idle"


def test_the_signed_in_officer_names_every_call(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.controller.look_up_typed(SOMCHAI)
    flow.view.run_until(everything_in(flow))
    assert flow.controller._client() is flow.controller.services.client("staff-0042")
    assert desk(flow).officer is not None and desk(flow).officer.user_id == "staff-0042"


def test_nothing_is_looked_up_before_an_officer_signs_in(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    flow.controller.start_over()
    assert isinstance(flow.view.state, SignInState)
    flow.controller.look_up_typed(SOMCHAI)
    flow.slot.insert("malee")
    flow.controller.read_card()
    assert flow.controller.session is None
    assert flow.view.state.message_error is not None  # "sign in first"


def test_an_officer_signs_in_with_their_card_and_is_named_by_their_cid(
    make_flow: MakeFlow,
) -> None:
    flow = make_flow(desk=True)
    flow.slot.insert("john")
    flow.controller.sign_in_with_card()
    flow.view.run_until(lambda: flow.controller.officer is not None)
    officer = flow.controller.officer
    john = load_profile("john").cid
    assert officer.user_id == john and john not in officer.shown_id and john not in repr(officer)
    assert officer.name.en.endswith("Smith") or officer.name.en


def test_a_wrong_pin_is_refused_and_counted(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    flow.controller.sign_in_with_pin("staff-0042", "0000")
    flow.view.run_until(lambda: getattr(flow.view.state, "message_key", "") == "desk.wrong_pin")
    assert flow.controller.officer is None
    assert flow.controller.pin_lock.tries_left == 4


def test_signing_out_forgets_the_citizen_and_the_officer(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.controller.look_up_typed(SOMCHAI)
    flow.view.run_until(everything_in(flow))
    session = flow.controller.session
    flow.controller.sign_out()
    assert flow.controller.officer is None and flow.controller.session is None
    assert session.entitlements is None and session.cid == ""
    assert isinstance(flow.view.state, SignInState)


def test_the_chips_health_right_stands_in_when_the_api_resource_is_down(
    make_flow: MakeFlow, sandbox: SandboxServer
) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    sandbox.set_faults(down_agencies=frozenset({"NHSO"}))
    flow.slot.insert("malee")
    flow.controller.read_card()
    flow.view.run_until(lambda: desk(flow).disability is not None)
    state = desk(flow)
    right, _devices, _rehabilitation = state.disability
    assert isinstance(right, UserFacingError)  # the API's resource is down
    assert state.health_card is not None and state.health_card.main_right
    assert "may be out of date" in state.health_card.stale_note().en


def test_a_card_without_the_health_applet_says_so_and_is_read_all_the_same(
    make_flow: MakeFlow,
) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.slot.insert("john")
    flow.controller.read_card()
    flow.view.run_until(everything_in(flow))
    assert desk(flow).card is not None
    assert desk(flow).health_card is None and desk(flow).health_card_read


@pytest.mark.parametrize(
    ("profile", "revoked", "status"),
    [
        ("malee", False, CardStatus.VALID),
        ("malee", True, CardStatus.NOT_VALID),
        ("boonmee", False, CardStatus.CANNOT_CHECK),  # no laser applet on the card
    ],
)
def test_the_card_is_checked_with_the_civil_registry(
    make_flow: MakeFlow,
    sandbox: SandboxServer,
    caplog: pytest.LogCaptureFixture,
    profile: str,
    revoked: bool,
    status: CardStatus,
) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    if revoked:
        sandbox.set_faults(revoked_cards=frozenset({load_profile(profile).cid}))
    flow.slot.insert(profile)
    with caplog.at_level(logging.DEBUG):
        flow.controller.read_card()
        flow.view.run_until(lambda: desk(flow).card_check is not None)
    assert desk(flow).card_check.status is status
    laser = load_profile(profile).laser_code
    if laser:
        assert laser not in caplog.text and laser not in repr(desk(flow))
