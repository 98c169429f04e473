"""`onecard doctor` reports the metrics listener: off, free, a running OneCard's, taken by
another program, not this machine's address, or open to the network."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator

import pytest

from kiosk.cli.doctor_checks import Status, check_metrics
from kiosk.cli.doctor_commands import render
from kiosk.config import AppConfig, MetricsConfig
from kiosk.metrics import Metrics


def listening(listen: str) -> AppConfig:
    return dataclasses.replace(AppConfig(), metrics=MetricsConfig(listen=listen))


@pytest.fixture
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def running_onecard() -> Iterator[str]:
    metrics = Metrics(listening("127.0.0.1:0"))
    metrics.start("kiosk")
    assert metrics.address is not None
    yield f"127.0.0.1:{metrics.address[1]}"
    metrics.close()


def test_metrics_off_is_a_warning() -> None:
    found = check_metrics(listening(""))

    assert found.status is Status.WARN
    assert "off" in found.detail.en


def test_a_free_loopback_address_passes(free_port: int) -> None:
    found = check_metrics(listening(f"127.0.0.1:{free_port}"))

    assert found.status is Status.PASS and "free" in found.detail.en


def test_an_address_a_running_onecard_serves_passes(running_onecard: str) -> None:
    found = check_metrics(listening(running_onecard))

    assert found.status is Status.PASS and "running OneCard" in found.detail.en


def test_an_address_another_program_holds_fails() -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        found = check_metrics(listening(f"127.0.0.1:{other.getsockname()[1]}"))

    assert found.status is Status.FAIL and "another program" in found.detail.en


def test_an_address_this_machine_does_not_have_fails() -> None:
    found = check_metrics(listening("192.0.2.1:9464"))  # TEST-NET-1: never a local address

    assert found.status is Status.FAIL


def test_all_interfaces_warn_to_firewall_the_port(free_port: int) -> None:
    found = check_metrics(listening(f"0.0.0.0:{free_port}"))

    assert found.status is Status.WARN and "firewall" in found.detail.en


def test_the_report_names_the_listener_in_thai_and_english(free_port: int) -> None:
    text = render([check_metrics(listening(f"127.0.0.1:{free_port}"))])

    assert "Metrics listener" in text and "ตัววัด" in text
