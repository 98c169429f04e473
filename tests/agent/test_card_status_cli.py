"""`onecard card-status`: the card checked with the civil registry, and its laser code shown
nowhere: not on stdout or stderr, not in logs, not in any JSON."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from cardreader.emulator import demo_card, list_profiles, load_profile
from kiosk.cli import main
from kiosk.sandbox import SandboxServer, embedded_sandbox
from tests.support.cards import Slot
from tests.support.pcscd import READER_0

LASERS = [code for p in list_profiles() if (code := load_profile(p).laser_code)]


@pytest.fixture
def registry() -> Iterator[SandboxServer]:
    server = embedded_sandbox()
    yield server
    server.set_faults(revoked_cards=set())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["card-status", *args])
    out, err = capsys.readouterr()
    return code, out + err


def assert_no_laser(text: str) -> None:
    assert not any(code in text for code in LASERS)


def test_a_valid_card(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, registry: SandboxServer
) -> None:
    caplog.set_level(logging.DEBUG)
    code, output = run(capsys, "--demo", "somchai")
    assert code == 0
    assert "card checked with the civil registry: valid" in output
    assert "ตรวจสอบบัตรกับทะเบียนราษฎรแล้ว" in output
    assert "SAMPLE DATA" in output
    assert_no_laser(output + caplog.text)


def test_a_revoked_card_is_not_valid(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, registry: SandboxServer
) -> None:
    caplog.set_level(logging.DEBUG)
    registry.set_faults(revoked_cards={load_profile("malee").cid})
    code, output = run(capsys, "--demo", "malee")
    assert code == 3
    assert "NOT VALID — ask for another document" in output
    assert_no_laser(output + caplog.text)


@pytest.mark.parametrize("profile", ["thongdee", "boonmee"])  # older cards: no laser applet
def test_a_card_without_laser_code_cannot_be_checked(
    capsys: pytest.CaptureFixture[str], registry: SandboxServer, profile: str
) -> None:
    hits = registry.hits("/v1/card-status")
    code, output = run(capsys, "--demo", profile)
    assert code == 4
    assert "cannot check" in output
    assert registry.hits("/v1/card-status") == hits  # nothing was asked


def test_read_json_never_holds_the_laser_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", "--demo", "somchai", "--json"]) == 0
    output = capsys.readouterr().out
    assert '"cid"' in output
    assert_no_laser(output)


@pytest.mark.pcsc
def test_a_real_reader_against_a_configured_registry(
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    slot: Slot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    slot.insert(demo_card("wichai"))
    with SandboxServer() as server:
        monkeypatch.setenv("ONECARD_API_URL", server.url)
        monkeypatch.setenv("ONECARD_API_KEY", server.credentials.key)
        monkeypatch.setenv("ONECARD_API_SECRET", server.credentials.secret)
        code, output = run(capsys, "--reader", READER_0)
        assert code == 0 and "valid" in output and "SAMPLE DATA" not in output
        server.set_faults(revoked_cards={load_profile("wichai").cid})
        code, output = run(capsys, "--reader", READER_0)
        assert code == 3
    assert_no_laser(output + caplog.text)
