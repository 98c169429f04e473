"""kiosk.metrics on its own: what is counted, how it is served (/metrics, /healthz) on a real
loopback socket, and that a listener that cannot start never stops the kiosk."""

from __future__ import annotations

import dataclasses
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from cardreader import errors as card
from cardreader.events import CardEvent, EventKind
from kiosk.api import errors as api
from kiosk.config import AppConfig, ConfigError, MetricsConfig, load_config
from kiosk.metrics import Metrics


def settings(listen: str = "127.0.0.1:0", **more: object) -> AppConfig:
    return dataclasses.replace(AppConfig(), metrics=MetricsConfig(listen=listen, **more))  # type: ignore[arg-type]


def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = metrics.exposition().decode("utf-8")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(metrics: Metrics, name: str, **labels: str) -> float:
    return samples(metrics)[(name, tuple(sorted(labels.items())))]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_a_session_ends_once_by_the_first_reason_given() -> None:
    metrics = Metrics(settings())
    metrics.session_started()
    metrics.session_ended("idle")
    metrics.session_ended("other")  # the flow's catch-all after the reason: not counted again
    metrics.session_ended("no-such-reason")

    assert value(metrics, "onecard_sessions_started_total") == 1
    assert value(metrics, "onecard_sessions_ended_total", reason="idle") == 1
    assert value(metrics, "onecard_sessions_ended_total", reason="other") == 0


def test_an_unknown_end_reason_counts_as_other() -> None:
    metrics = Metrics(settings())
    metrics.session_started()
    metrics.session_ended("3100700123451")

    assert value(metrics, "onecard_sessions_ended_total", reason="other") == 1
    assert b"3100700123451" not in metrics.exposition()


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (card.CardRemoved("gone"), "removed"),
        (card.NotThaiIdCard(0x6A82), "not_thai_id"),
        (card.CardDataError("cid", "bad"), "unreadable"),
        (card.ReaderGone("unplugged"), "reader_error"),
    ],
)
def test_card_reads_are_counted_by_outcome_and_timed(error: Exception, outcome: str) -> None:
    metrics = Metrics(settings())

    def failing() -> None:
        raise error

    assert metrics.reading(lambda: "card")() == "card"
    with pytest.raises(type(error)):
        metrics.reading(failing)()

    assert value(metrics, "onecard_card_reads_total", outcome="ok") == 1
    assert value(metrics, "onecard_card_reads_total", outcome=outcome) == 1
    assert value(metrics, "onecard_card_read_duration_seconds_count") == 2


@pytest.mark.parametrize(
    ("error", "outcome", "reachable"),
    [
        (api.LookupTimeout("slow"), "timeout", 0),
        (api.ServiceUnavailable("503"), "unavailable", 0),
        (api.AuthenticationFailed("401"), "refused", 1),
        (api.ContractViolation("bad json"), "invalid_answer", 1),
    ],
)
def test_lookups_are_counted_by_outcome_and_say_whether_the_api_answered(
    error: Exception, outcome: str, reachable: int
) -> None:
    metrics = Metrics(settings())

    def failing() -> None:
        raise error

    with pytest.raises(type(error)):
        metrics.looking_up(failing)()

    assert value(metrics, "onecard_api_lookups_total", outcome=outcome) == 1
    assert value(metrics, "onecard_api_lookup_duration_seconds_count") == 1
    assert value(metrics, "onecard_api_reachable") == reachable


def test_agencies_down_are_counted_by_code_and_a_strange_code_as_other() -> None:
    @dataclasses.dataclass
    class Source:
        agency: str

    @dataclasses.dataclass
    class Answer:
        unavailable_sources: tuple[Source, ...]

    metrics = Metrics(settings())
    down = (Source("doae"), Source("นาย สมชาย 3100700123451"))
    metrics.looking_up(lambda: Answer(down))()

    assert value(metrics, "onecard_api_lookups_total", outcome="partial") == 1
    assert value(metrics, "onecard_api_agencies_unavailable_total", agency="doae") == 1
    assert value(metrics, "onecard_api_agencies_unavailable_total", agency="other") == 1


def test_prints_and_failures_say_whether_the_printer_is_ready() -> None:
    metrics = Metrics(settings())

    def jammed() -> None:
        raise OSError("jam")

    metrics.printing(lambda: "job-1")()
    assert value(metrics, "onecard_printer_ready") == 1
    with pytest.raises(OSError):
        metrics.printing(jammed, "status_slip")()

    assert value(metrics, "onecard_forms_printed_total", document="form") == 1
    assert value(metrics, "onecard_print_failures_total", document="status_slip") == 1
    assert value(metrics, "onecard_printer_ready") == 0


def test_a_staff_call_stays_open_until_closed() -> None:
    metrics = Metrics(settings())
    metrics.staff_called()
    metrics.staff_called()
    assert value(metrics, "onecard_staff_calls_total") == 2
    assert value(metrics, "onecard_staff_call_open") == 1
    assert value(metrics, "onecard_staff_call_open_since_seconds") > 0

    metrics.staff_call_closed()
    assert value(metrics, "onecard_staff_call_open") == 0


def test_reader_and_pcscd_gauges_follow_card_events() -> None:
    metrics = Metrics(settings())
    metrics.card_event(CardEvent(EventKind.READER_ADDED, "ACS ACR39U 00 00"))
    assert value(metrics, "onecard_card_reader_present") == 1
    assert value(metrics, "onecard_pcscd_up") == 1

    metrics.card_event(CardEvent(EventKind.SERVICE_LOST))
    assert value(metrics, "onecard_card_reader_present") == 0
    assert value(metrics, "onecard_pcscd_up") == 0

    metrics.card_event(CardEvent(EventKind.SERVICE_RESTORED))
    metrics.card_event(CardEvent(EventKind.READER_ADDED, "ACS ACR39U 00 00"))
    metrics.card_event(CardEvent(EventKind.READER_REMOVED, "ACS ACR39U 00 00"))
    assert value(metrics, "onecard_pcscd_up") == 1
    assert value(metrics, "onecard_card_reader_present") == 0


def test_the_build_info_names_version_mode_and_config_but_no_secret() -> None:
    config = dataclasses.replace(
        settings(), api=dataclasses.replace(AppConfig().api, consumer_secret="s3cret-value")
    )
    metrics = Metrics(config)
    metrics.describe("kiosk")

    info = [key for key in samples(metrics) if key[0] == "onecard_build_info"]
    labels = dict(info[0][1])
    assert labels["mode"] == "kiosk" and labels["version"] and len(labels["config_sha256"]) == 12
    assert b"s3cret" not in metrics.exposition()


def test_metrics_and_health_are_served_on_loopback_and_nothing_else() -> None:
    metrics = Metrics(settings())
    metrics.start("desk")
    try:
        assert metrics.address is not None
        host, port = metrics.address
        base = f"http://{host}:{port}"
        status, text = get(f"{base}/metrics")
        assert status == 200 and "onecard_sessions_started_total 0.0" in text
        assert 'mode="desk"' in text
        assert get(f"{base}/healthz") == (200, "ok\n")
        assert get(f"{base}/")[0] == 404
    finally:
        metrics.close()
    with pytest.raises(OSError):
        socket.create_connection((host, port), timeout=2).close()


def test_a_ui_that_stopped_ticking_fails_the_health_check(monkeypatch: pytest.MonkeyPatch) -> None:
    metrics = Metrics(settings())
    metrics.heartbeat()
    assert metrics.health()[0]
    monkeypatch.setattr("kiosk.metrics.HEARTBEAT_STALE_SECONDS", -1.0)
    assert metrics.health() == (False, "ui stalled\n")


def test_a_busy_port_is_logged_and_the_kiosk_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        metrics = Metrics(settings(f"127.0.0.1:{port}"))
        metrics.start("kiosk")  # does not raise
        try:
            assert metrics.address is None
            assert "cannot listen on" in caplog.text
        finally:
            metrics.close()


def test_empty_listen_serves_nothing() -> None:
    metrics = Metrics(settings(""))
    metrics.start("kiosk")
    assert metrics.address is None
    metrics.close()


def test_probes_run_and_the_textfile_is_written_for_node_exporter(tmp_path: Path) -> None:
    import threading

    probed = threading.Event()
    target = tmp_path / "onecard.prom"
    metrics = Metrics(settings("", textfile=target))
    metrics.start("kiosk", [lambda: (metrics.set_printer_ready(True), probed.set())])
    try:
        assert probed.wait(10)
        for _ in range(200):
            if target.exists():
                break
            time.sleep(0.05)  # the file follows the probes: a bound on waiting, not a speed check
        assert "onecard_printer_ready 1.0" in target.read_text("utf-8")
    finally:
        metrics.close()


@pytest.mark.parametrize("listen", ["9464", "kiosk.example:9464", "127.0.0.1:99999", "[::1]"])
def test_a_bad_listen_address_stops_start_up_naming_the_key(tmp_path: Path, listen: str) -> None:
    config = tmp_path / "onecard.toml"
    config.write_text(f'[metrics]\nlisten = "{listen}"\n', "utf-8")

    with pytest.raises(ConfigError) as caught:
        load_config(config, env={})

    assert caught.value.key == "metrics.listen"


def test_metrics_off_and_json_logs_are_valid_settings(tmp_path: Path) -> None:
    config = tmp_path / "onecard.toml"
    config.write_text('[metrics]\nlisten = ""\n[logging]\nformat = "json"\n', "utf-8")

    loaded = load_config(config, env={})

    assert loaded.metrics.listen == "" and loaded.logging.format == "json"
