"""Whole visits through the real controllers (headless: tests/flow/conftest.py) are counted as
they happen, and the exposition and the JSON logs of every demo citizen's visits carry nothing
read from the chip: no ID digits, no name, no address."""

from __future__ import annotations

import json
import logging
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from cardreader.emulator import list_profiles, load_profile
from kiosk.logjson import JsonFormatter
from kiosk.metrics import Metrics
from tests.flow.conftest import Flow

MakeFlow = Callable[..., Flow]
ANSWERS = {"employer": "บริษัท สยามการช่าง จำกัด", "reason": "dismissed", "monthly_wage": "15000"}


@pytest.fixture
def lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An `lp` stand-in on PATH that prints nothing anywhere."""
    script = tmp_path / "lp"
    script.write_text('#!/bin/sh\ncat > /dev/null\necho "request id is kiosk-1"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")


@pytest.fixture
def json_log(caplog: pytest.LogCaptureFixture) -> Callable[[], str]:
    """Every record logged during the test, as the JSON lines journald would keep."""
    caplog.set_level(logging.DEBUG)
    formatter = JsonFormatter()
    return lambda: "\n".join(formatter.format(record) for record in caplog.records)


def metrics_of(flow: Flow) -> Metrics:
    metrics: Metrics = flow.controller.services.metrics
    return metrics


def value(metrics: Metrics, name: str, **labels: str) -> float:
    text = metrics.exposition().decode("utf-8")
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return float(sample.value)
    raise AssertionError(f"no {name}{labels}")


def whole_visit(flow: Flow, profile: str) -> None:
    """Insert, accept, hello, entitlements, a form printed, staff called, card out."""
    flow.insert(profile)
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.view.run_until(lambda: flow.controller.session.entitlements is not None)
    flow.controller.show_entitlements()
    flow.controller.call_staff()
    flow.controller.staff_call_seen()
    flow.controller.choose_form("unemployment-registration")
    flow.controller.submit_answers(ANSWERS)
    flow.wait_screen("output")
    flow.view.run_until(lambda: flow.view.state.printing.name == "PRINTED")
    flow.remove()


def personal_fragments(profile: str) -> list[str]:
    """What the chip holds about the citizen that could identify them."""
    card = load_profile(profile)
    raw = json.loads(
        (
            Path(__file__).resolve().parents[2] / "cardreader/emulator/profiles" / f"{profile}.json"
        ).read_text("utf-8")
    )
    names = [part for name in (raw["name_th"], raw["name_en"]) for part in name.values() if part]
    places = [word for word in re.split(r"[#/ ]", raw["address"]) if len(word) > 3]
    digits = [raw["cid"], raw["laser_code"], raw["request_number"], raw["birth_date"]]
    groups = re.fullmatch(r"(\d)(\d{4})(\d{5})(\d{2})(\d)", raw["cid"])
    assert groups is not None and card is not None
    found = [*names, *places, *digits, *(group for group in groups.groups() if len(group) >= 4)]
    return [fragment for fragment in found if isinstance(fragment, str) and fragment]


def label_values(metrics: Metrics) -> str:
    """Every label value but bucket bounds and the config's hex fingerprint, one per line."""
    text = metrics.exposition().decode("utf-8")
    return "\n".join(
        value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        for key, value in sample.labels.items()
        if key not in ("le", "config_sha256")
    )


def test_every_demo_citizens_visits_leave_nothing_personal_in_metrics_or_logs(
    make_flow: MakeFlow, lp: None, json_log: Callable[[], str]
) -> None:
    kiosk = make_flow()
    desk = make_flow(desk=True)
    desk.sign_in()
    for profile in list_profiles():
        whole_visit(kiosk, profile)
        desk.slot.insert(profile)
        desk.controller.read_card()
        desk.view.run_until(lambda: desk.controller.session.entitlements is not None)
        desk.controller.next_citizen()

    exposition = metrics_of(kiosk).exposition().decode("utf-8") + metrics_of(
        desk
    ).exposition().decode("utf-8")
    labels = label_values(metrics_of(kiosk)) + label_values(metrics_of(desk))
    logs = json_log()
    assert "onecard_sessions_started_total" in exposition and logs
    for profile in list_profiles():
        for fragment in personal_fragments(profile):
            assert fragment not in labels, (profile, fragment)
            if not fragment.isdigit() or len(fragment) >= 8:  # short runs occur in any number
                assert fragment not in exposition, (profile, fragment)
            if fragment != load_profile(profile).cid[1:5]:  # the masked ID shows these digits
                assert fragment not in logs, (profile, fragment)
    assert value(metrics_of(kiosk), "onecard_sessions_started_total") == len(list_profiles())


def test_a_kiosk_visit_is_counted_from_insert_to_removal(make_flow: MakeFlow, lp: None) -> None:
    flow = make_flow()
    whole_visit(flow, "somchai")
    metrics = metrics_of(flow)

    assert value(metrics, "onecard_sessions_started_total") == 1
    assert value(metrics, "onecard_sessions_ended_total", reason="removed") == 1
    assert value(metrics, "onecard_card_reads_total", outcome="ok") == 1
    assert value(metrics, "onecard_card_read_duration_seconds_count") == 1
    assert value(metrics, "onecard_api_lookups_total", outcome="ok") == 1
    assert value(metrics, "onecard_api_reachable") == 1
    assert value(metrics, "onecard_forms_printed_total", document="form") == 1
    assert value(metrics, "onecard_staff_calls_total") == 1
    assert value(metrics, "onecard_staff_call_open") == 0
    assert value(metrics, "onecard_card_reader_present") == 1


def test_declined_idle_and_unreadable_are_told_apart(make_flow: MakeFlow) -> None:
    flow = make_flow(idle_timeout=60.0)
    flow.insert("malee")
    flow.controller.decline_notice()
    flow.remove()
    flow.insert("malee")
    flow.controller.accept_notice()
    flow.wait_screen("hello")
    flow.clock.now += 61
    flow.controller.tick()
    metrics = metrics_of(flow)

    assert value(metrics, "onecard_sessions_ended_total", reason="declined") == 1
    assert value(metrics, "onecard_sessions_ended_total", reason="idle") == 1
    assert value(metrics, "onecard_sessions_ended_total", reason="removed") == 0


def test_a_card_pulled_during_the_read_is_counted_as_removed(make_flow: MakeFlow) -> None:
    from cardreader.emulator import CardOptions

    flow = make_flow(card=CardOptions(remove_after=2))
    flow.insert("somchai")
    flow.controller.accept_notice()
    flow.wait_screen("error")

    assert value(metrics_of(flow), "onecard_card_reads_total", outcome="removed") == 1
    assert value(metrics_of(flow), "onecard_sessions_ended_total", reason="error") == 1


def test_a_call_for_staff_stays_open_until_the_next_citizen(make_flow: MakeFlow) -> None:
    flow = make_flow()
    flow.insert("suda")
    flow.controller.call_staff()
    assert value(metrics_of(flow), "onecard_staff_call_open") == 1

    flow.remove()

    assert value(metrics_of(flow), "onecard_staff_call_open") == 0
    assert value(metrics_of(flow), "onecard_staff_calls_total") == 1


def test_the_desk_counts_its_reads_and_a_quiet_desk_as_idle(make_flow: MakeFlow) -> None:
    flow = make_flow(desk=True)
    flow.sign_in()
    flow.slot.insert("boonmee")
    flow.controller.read_card()
    flow.view.run_until(lambda: flow.controller.session.entitlements is not None)
    flow.clock.now += 601
    flow.controller.tick()
    metrics = metrics_of(flow)

    assert value(metrics, "onecard_card_reads_total", outcome="ok") == 1
    assert value(metrics, "onecard_api_lookups_total", outcome="ok") == 1
    assert value(metrics, "onecard_sessions_ended_total", reason="idle") == 1
