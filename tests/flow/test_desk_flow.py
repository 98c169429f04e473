"""The officer's desk headless: typed lookups, card reads, the photo from the same card only,
and "next citizen", card removal or idle forgetting everything."""

from __future__ import annotations

from collections.abc import Callable

from cardreader.emulator import load_profile
from cardreader.events import CardEvent, EventKind
from kiosk.cardslot import DEMO_READER
from kiosk.flow.desk import ANOTHER_CARD, DESK_IDLE_TIMEOUT
from kiosk.flow.view import DeskState
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
    flow.controller.look_up_typed(SOMCHAI)
    flow.view.run_until(everything_in(flow))
    flow.clock.now += DESK_IDLE_TIMEOUT + 1
    flow.controller.tick()
    assert flow.controller.session is None and desk(flow).entitlements is None


def test_the_officer_id_names_every_call(make_flow: MakeFlow, sandbox: object) -> None:
    flow = make_flow(desk=True)
    flow.controller.set_officer("officer-0042")
    flow.controller.look_up_typed(SOMCHAI)
    flow.view.run_until(everything_in(flow))
    assert flow.controller._client() is flow.controller.services.client("officer-0042")
    flow.controller.set_officer("  ")  # emptied: back to the configured id
    assert flow.controller.officer_id == flow.controller.settings.api.officer_id
