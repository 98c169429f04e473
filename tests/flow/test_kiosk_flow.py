"""Every kiosk flow headless, against a fake View: what the citizen would see, in order, and
that nothing about a citizen outlives their session."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from cardreader.emulator import CardOptions, load_profile
from kiosk.flow.view import (
    AttractState,
    DeclinedState,
    EntitlementsState,
    ErrorState,
    FormsState,
    HelloState,
    NoticeState,
    OutputState,
    PrintStatus,
    ReadingState,
    ReviewState,
    Verdict,
)
from kiosk.sandbox.server import SandboxServer
from tests.flow.conftest import Flow

MakeFlow = Callable[..., Flow]
UNEMPLOYMENT_ANSWERS = {
    "employer": "บริษัท สยามการช่าง จำกัด",
    "reason": "dismissed",
    "monthly_wage": "15000",
}


def entitlements_with_rows(flow: Flow) -> list[EntitlementsState]:
    return [
        state
        for state in flow.view.updated + flow.view.shown
        if isinstance(state, EntitlementsState) and state.entitlements is not None
    ]


def test_a_whole_visit_from_insert_to_a_printed_form_and_removal(
    make_flow: MakeFlow, lp: Path
) -> None:
    flow = make_flow()
    flow.insert("somchai")
    assert isinstance(flow.view.state, NoticeState)
    assert flow.slot.card is not None and flow.slot.card.apdu_count == 0  # nothing read yet

    flow.controller.accept_notice()
    assert isinstance(flow.view.state, ReadingState)
    hello = flow.wait_screen("hello")
    assert isinstance(hello, HelloState)
    assert hello.name.en == "Mr. Somchai Jaidee" and hello.entitlements_available

    flow.view.run_until(lambda: entitlements_with_rows(flow))  # drawn before it is asked for
    flow.controller.show_entitlements()
    shown = flow.view.state
    assert isinstance(shown, EntitlementsState) and shown.entitlements is not None
    statuses = {p.code: p.status.value for p in shown.entitlements.programmes}
    assert statuses["fertiliser_subsidy"] == "received"
    assert statuses["drought_relief"] == "not_eligible"

    flow.controller.show_forms()
    forms = flow.view.state
    assert isinstance(forms, FormsState)
    assert {choice.form_id for choice in forms.choices} >= {"unemployment-registration"}
    assert all(isinstance(choice.verdict, Verdict) for choice in forms.choices)

    flow.controller.choose_form("unemployment-registration")
    review = flow.view.state
    assert isinstance(review, ReviewState) and review.filled.form.id == "unemployment-registration"
    flow.controller.submit_answers(UNEMPLOYMENT_ANSWERS)  # "print": one tap prints
    output = flow.wait_screen("output")
    assert output == OutputState(output.qr_text, PrintStatus.PRINTING)
    assert output.qr_text.startswith("OC")
    flow.view.run_until(lambda: flow.view.state.printing is PrintStatus.PRINTED)
    assert lp.read_bytes().startswith(b"%PDF")

    session = flow.controller.session
    flow.remove()
    assert isinstance(flow.view.state, AttractState)
    assert flow.controller.session is None
    assert session.card is None and session.entitlements is None and not session.output_pdf
    assert not session.answers and session.cid == "" and session.ended
    assert flow.view.clears >= 1


def test_a_typed_answer_that_is_wrong_keeps_the_citizen_on_the_review(make_flow: MakeFlow) -> None:
    flow = make_flow()
    flow.insert("somchai")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.controller.choose_form("unemployment-registration")
    flow.controller.submit_answers({**UNEMPLOYMENT_ANSWERS, "monthly_wage": "lots"})
    review = flow.view.state
    assert isinstance(review, ReviewState) and review.filled.problems
    assert review.answers["monthly_wage"] == "lots"  # as typed, to correct


def test_declining_the_notice_reads_nothing(make_flow: MakeFlow) -> None:
    flow = make_flow()
    flow.insert("malee")
    flow.controller.decline_notice()
    assert isinstance(flow.view.state, DeclinedState)
    assert flow.slot.card is not None and flow.slot.card.apdu_count == 0
    assert flow.controller.session is None


def test_idle_warns_for_30_seconds_with_one_beep_then_ends_the_session(
    make_flow: MakeFlow,
) -> None:
    flow = make_flow(idle_timeout=60.0)
    flow.insert("malee")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.clock.now += 29
    flow.controller.tick()
    assert flow.view.idle_warning == "" and flow.view.beeps == 0
    flow.clock.now += 2
    flow.controller.tick()
    assert flow.view.idle_warning == "idle.warning{'seconds': 30}"
    flow.clock.now += 10
    flow.controller.tick()
    assert flow.view.idle_warning == "idle.warning{'seconds': 20}"
    assert flow.view.beeps == 1  # once, when the warning appears
    flow.controller.keep_going()  # the warning's "continue" button: the warning goes at once
    assert flow.view.idle_warning == ""
    flow.controller.tick()
    assert flow.view.idle_warning == ""
    flow.clock.now += 61
    flow.controller.tick()
    assert flow.view.state == AttractState(card_left_in=True)
    assert flow.controller.session is None and flow.view.idle_warning == ""


def test_the_form_screens_wait_120_seconds_the_others_60(make_flow: MakeFlow) -> None:
    flow = make_flow()  # the defaults: kiosk.idle_timeout 60, kiosk.form_idle_timeout 120
    flow.insert("somchai")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.controller.choose_form("unemployment-registration")
    assert flow.view.current == "review"
    flow.clock.now += 95  # well past the 60 s elsewhere
    flow.controller.tick()
    assert flow.view.current == "review"
    assert flow.view.idle_warning == "idle.warning{'seconds': 26}"
    flow.clock.now += 26
    flow.controller.tick()
    assert isinstance(flow.view.state, AttractState) and flow.controller.session is None
    flow.insert("somchai")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.clock.now += 61
    flow.controller.tick()
    assert isinstance(flow.view.state, AttractState)


def test_the_next_citizen_gets_the_default_language_and_display(make_flow: MakeFlow) -> None:
    flow = make_flow()
    flow.insert("somchai")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    assert flow.view.resets == 0  # a language chosen before inserting the card stays
    flow.controller.toggle_voice()
    assert flow.controller.voice_on
    flow.remove()
    assert flow.view.resets == 1 and not flow.controller.voice_on
    flow.insert("malee")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.controller.finish()  # "I am finished" with the card still in: reset on removal
    assert flow.view.resets == 1
    flow.remove()
    assert flow.view.resets == 2


def test_call_staff_says_help_is_coming_and_raises_an_event(
    make_flow: MakeFlow, caplog: pytest.LogCaptureFixture
) -> None:
    flow = make_flow()
    flow.insert("somchai")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    with caplog.at_level("INFO", logger="onecard.events"):
        flow.controller.call_staff()
    assert flow.view.staff_called and flow.controller.staff_calls == 1
    (record,) = [r for r in caplog.records if r.name == "onecard.events"]
    assert record.getMessage().startswith("staff_called") and "screen=hello" in record.getMessage()
    assert load_profile("somchai").cid not in caplog.text
    flow.remove()
    assert not flow.view.staff_called  # the next citizen does not see it


def test_a_printer_failure_keeps_the_session_and_the_form(
    make_flow: MakeFlow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "lp"
    broken.write_text("#!/bin/sh\necho 'lp: printer on fire' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    flow = make_flow()
    flow.insert("somchai")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.controller.choose_form("unemployment-registration")
    flow.controller.submit_answers(UNEMPLOYMENT_ANSWERS)
    flow.view.run_until(lambda: getattr(flow.view.state, "printing", None) is PrintStatus.FAILED)
    failed = flow.view.state
    assert failed.qr_text.startswith("OC") and "printer on fire" in failed.print_error.reference
    session = flow.controller.session
    assert session is not None and session.output_pdf.startswith(b"%PDF")  # the form is kept
    broken.write_text(f"#!/bin/sh\ncat > {tmp_path / 'printed.pdf'}\n")
    flow.controller.print_form()  # "print again" once staff fixed it
    flow.view.run_until(lambda: flow.view.state.printing is PrintStatus.PRINTED)
    assert (tmp_path / "printed.pdf").read_bytes() == session.output_pdf


def test_the_status_slip_prints_next_steps_and_the_lookup_reference(
    make_flow: MakeFlow, lp: Path
) -> None:
    import pdfplumber

    flow = make_flow()
    flow.insert("somchai")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.view.run_until(lambda: flow.controller.session.entitlements is not None)
    answer = flow.controller.session.entitlements
    flow.controller.show_entitlements()
    flow.controller.print_status_slip()
    assert flow.view.state.slip is PrintStatus.PRINTING
    flow.view.run_until(lambda: flow.view.state.slip is PrintStatus.PRINTED)
    with pdfplumber.open(lp) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
    assert answer.request_id in text  # who asked about them: this kiosk's lookup
    assert "Fertiliser subsidy" in text and "Not eligible yet" in text
    assert "Ask the district agriculture office" in text
    assert "3-1007-xxxxx-xx-1" in text and load_profile("somchai").cid not in text


def test_the_declined_screen_offers_the_notice_again(make_flow: MakeFlow) -> None:
    flow = make_flow()
    flow.insert("malee")
    flow.controller.decline_notice()
    flow.controller.read_notice_again()
    assert isinstance(flow.view.state, NoticeState) and flow.controller.session is not None
    assert flow.slot.card is not None and flow.slot.card.apdu_count == 0


def test_a_card_swapped_mid_read_never_shows_the_first_citizen(make_flow: MakeFlow) -> None:
    flow = make_flow(card=CardOptions(apdu_delay=0.02))
    flow.insert("somchai")
    flow.controller.accept_notice()
    flow.remove()  # mid-read
    flow.insert("malee")
    flow.controller.accept_notice()
    hello = flow.wait_screen("hello")
    flow.view.run_for(0.5)
    greetings = [state.name.en for state in flow.view.shown if isinstance(state, HelloState)]
    assert greetings == ["Miss Malee Srisuk"] and hello.name.en == "Miss Malee Srisuk"
    assert not [state for state in flow.view.shown if isinstance(state, ErrorState)]


def test_a_late_api_answer_for_the_previous_citizen_is_dropped(
    make_flow: MakeFlow, sandbox: SandboxServer
) -> None:
    flow = make_flow()
    sandbox.set_faults(latency=0.6)
    flow.insert("somchai")
    flow.controller.accept_notice()
    flow.wait_screen("hello")  # somchai's lookup is still on its way
    flow.remove()
    sandbox.set_faults(latency=0.0)
    before = len(entitlements_with_rows(flow))
    flow.insert("malee")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.view.run_for(1.0)  # long enough for somchai's answer to have come back
    arrived = {id(state.entitlements) for state in entitlements_with_rows(flow)[before:]}
    assert arrived == {id(flow.controller.session.entitlements)}  # malee's answer only


def test_a_second_card_in_the_same_visit_starts_afresh(make_flow: MakeFlow) -> None:
    """Two cards in one visit (the proxy flow to come reads a representative's card too):
    the second card never sees the first citizen's data, and the first's is wiped."""
    flow = make_flow()
    flow.insert("somchai")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.view.run_until(lambda: flow.controller.session.entitlements is not None)
    first = flow.controller.session
    flow.insert("boonmee")  # put in without taking the first out first (the slot swaps)
    assert isinstance(flow.view.state, NoticeState)
    assert first.ended and first.card is None and first.entitlements is None
    flow.controller.accept_notice()
    hello = flow.wait_screen("hello")
    assert hello.name.en == "Mrs. Boonmee Meesuk"
    second = flow.controller.session
    flow.view.run_until(lambda: second.entitlements is not None)
    assert second.card is not None and second.card.cid == load_profile("boonmee").cid


def test_without_an_api_entitlements_say_not_set_up_and_forms_work(make_flow: MakeFlow) -> None:
    from kiosk.config import ApiConfig

    flow = make_flow(api=ApiConfig())
    flow.insert("somchai")
    flow.controller.accept_notice()
    hello = flow.wait_screen("hello")
    assert not hello.entitlements_available
    flow.view.run_until(lambda: flow.controller.session.entitlements_error is not None, timeout=5)
    flow.controller.show_entitlements()
    state = flow.view.state
    assert "not set up" in state.error.what.en and not state.can_retry
    flow.controller.show_forms()
    assert isinstance(flow.view.state, FormsState) and flow.view.state.choices


def test_an_unreadable_card_is_one_error_with_a_retry(make_flow: MakeFlow) -> None:
    flow = make_flow(card=CardOptions(bad_status_at=4))
    flow.insert("somchai")
    flow.controller.accept_notice()
    error = flow.wait_screen("error")
    assert isinstance(error, ErrorState) and error.error.what.th and error.error.what.en
    assert flow.controller.session is None
