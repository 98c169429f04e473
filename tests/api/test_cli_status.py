"""`onecard status` and `onecard sandbox`, in process where possible and as real processes for
the time budget and the server command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kiosk import config
from kiosk.cli import main
from kiosk.sandbox import SandboxServer
from tests.api.conftest import SOMCHAI

ONECARD_VARIABLES = [name for name in os.environ if name.startswith("ONECARD_")]


@pytest.fixture
def environment(
    monkeypatch: pytest.MonkeyPatch, sandbox: SandboxServer
) -> Iterator[dict[str, str]]:
    """ONECARD_* variables pointing at the test sandbox (and nothing else from the caller)."""
    for name in ONECARD_VARIABLES:
        monkeypatch.delenv(name)
    variables = {
        "ONECARD_API_URL": sandbox.url,
        "ONECARD_API_KEY": sandbox.credentials.key,
        "ONECARD_API_SECRET": sandbox.credentials.secret,
        "ONECARD_LOOKUP_BUDGET": "5",
    }
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    yield variables


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["status", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_thai_table_by_default(
    environment: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, SOMCHAI)
    assert code == 0
    assert "SAMPLE DATA" not in out and "ข้อมูลตัวอย่าง" not in out  # a configured API's answer
    assert "เงินช่วยเหลือค่าปุ๋ย" in out and "ได้รับแล้ว" in out and "ยังไม่ได้รับ" in out
    assert "ไม่มีสิทธิ์" in out
    assert "ข้อมูล ณ วันที่" in out and "2569" in out  # Buddhist-Era as-of dates
    assert SOMCHAI not in out


def test_english_with_lang_en(
    environment: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, SOMCHAI, "--lang", "en")
    assert code == 0
    assert "Fertiliser subsidy" in out and "not yet received" in out and "Data as of" in out


def test_an_unavailable_agency_gets_its_own_line(
    environment: dict[str, str], sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox.set_faults(down_agencies={"MOAC"})
    code, out, _ = run(capsys, SOMCHAI, "--lang", "en")
    assert code == 0
    unavailable = [line for line in out.splitlines() if line.startswith("!")]
    assert len(unavailable) == 1
    assert "MOAC" in unavailable[0] and "unavailable" in unavailable[0]
    assert "Fertiliser subsidy" not in out


def test_json_output(environment: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, SOMCHAI, "--json")
    assert code == 0
    answer = json.loads(out)
    statuses = {p["code"]: p["status"] for p in answer["programmes"]}
    assert statuses["drought_relief"] == "not_eligible"
    assert answer["partial"] is False
    assert answer["sample_data"] is False


def test_from_the_demo_card(
    environment: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--card", "--demo", "thongdee")
    assert code == 0
    band, name = out.split("\n\n")[:2]
    assert "ข้อมูลตัวอย่าง ไม่ใช่ข้อมูลจริง" in band and "SAMPLE DATA" in band
    assert name == "นายทองดี ปุ๋ยงาม"
    assert "เบี้ยยังชีพผู้สูงอายุ" in out


@pytest.mark.parametrize("args", [("3100700123452",), (), (SOMCHAI, "--card")])
def test_bad_input_is_one_clear_line(
    environment: dict[str, str], capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and " / " in err  # Thai / English


def test_service_errors_are_one_line_with_the_request_id(
    environment: dict[str, str], sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox.set_faults(malformed="garbage")
    code, _, err = run(capsys, SOMCHAI)
    assert code == 1
    assert "not valid" in err and "[" in err  # [request id]


@pytest.fixture
def no_configuration(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No ONECARD_* variable and no config file: what a fresh, unconfigured machine has."""
    for name in ONECARD_VARIABLES:
        monkeypatch.delenv(name)
    monkeypatch.delenv("ONECARD_API_URL", raising=False)
    monkeypatch.setattr(config, "DEFAULT_CONFIG_PATH", tmp_path / "absent.toml")


def test_without_a_configured_api_it_says_how_to_set_one_up(
    no_configuration: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, SOMCHAI, "--lang", "en")
    assert code == 1
    assert out == ""  # never the sandbox's invented entitlements
    assert len(err.strip().splitlines()) == 1
    assert "not set up" in err and "[api] url" in err and "--demo" in err


def test_demo_asks_for_the_sandbox_and_says_it_is_sample_data(
    no_configuration: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, SOMCHAI, "--demo", "--lang", "en")
    assert code == 0
    assert out.startswith("*** SAMPLE DATA — not real entitlements / ข้อมูลตัวอย่าง")
    assert "Fertiliser subsidy" in out
    code, out, _ = run(capsys, SOMCHAI, "--demo", "--json")
    assert code == 0 and json.loads(out)["sample_data"] is True


def test_embedded_written_in_the_config_file_is_sample_data_too(
    no_configuration: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config_path = tmp_path / "onecard.toml"
    config_path.write_text('[api]\nurl = "embedded"\n', "utf-8")
    code, out, _ = run(capsys, SOMCHAI, "--config", str(config_path))
    assert code == 0
    assert out.startswith("*** ข้อมูลตัวอย่าง ไม่ใช่ข้อมูลจริง / SAMPLE DATA")


def test_a_hanging_server_ends_within_the_budget(
    environment: dict[str, str], sandbox: SandboxServer
) -> None:
    sandbox.set_faults(hang=True)
    env = {**os.environ, **environment, "ONECARD_LOOKUP_BUDGET": "2"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "status", SOMCHAI],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,  # generous: the budget is 2 s
    )
    assert done.returncode == 1
    assert "did not answer in time" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_sandbox_command_serves_until_terminated() -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("ONECARD_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "sandbox", "--port", "0", "--down", "MOL"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        url = first_line.split()[3]
        health = requests.get(f"{url}/v1/health", timeout=5).json()
        assert health["status"] == "degraded"
        assert "ONECARD_API_KEY=" in process.stdout.readline() + process.stdout.readline()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
