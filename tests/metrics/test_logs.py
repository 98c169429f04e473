"""Structured logs: with [logging] format = "json" every line on stderr is one JSON object,
events carry their fields, and a citizen ID appears only masked."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from kiosk.logjson import JsonFormatter, masked
from tests.support.cli import run_onecard

SOMCHAI = "3100700123451"  # a demo citizen (cardreader/emulator/profiles/somchai.json)


def record(name: str, message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord(name, logging.INFO, __file__, 1, message, args, None)


def test_an_event_is_one_json_line_with_its_fields() -> None:
    line = JsonFormatter().format(
        record("onecard.events", "staff_called kiosk=%s screen=%s", "kiosk-03", "review")
    )

    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["event"] == "staff_called"
    assert parsed["kiosk"] == "kiosk-03" and parsed["screen"] == "review"
    assert parsed["level"] == "info" and parsed["time"].endswith("+00:00")


def test_a_full_citizen_id_that_slips_into_a_message_is_masked() -> None:
    line = JsonFormatter().format(record("kiosk.x", "asked for %s and 3-1007-00123-45-1", SOMCHAI))

    assert SOMCHAI not in line and "00123" not in line
    assert json.loads(line)["message"] == "asked for 3-1007-xxxxx-xx-1 and 3-1007-xxxxx-xx-1"


def test_longer_digit_runs_are_not_mistaken_for_an_id() -> None:
    assert masked("request 12345678901234 took 0.3 s") == "request 12345678901234 took 0.3 s"


def test_the_cli_writes_json_lines_with_only_the_masked_id(tmp_path: Path) -> None:
    config = tmp_path / "onecard.toml"
    config.write_text('[logging]\nformat = "json"\n', "utf-8")

    done = run_onecard("--verbose", "status", SOMCHAI, "--demo", "--config", str(config))

    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert lines, "the lookup logs at least one line"
    assert SOMCHAI not in done.stderr
    assert any("3-1007-xxxxx-xx-1" in line["message"] for line in lines)


def test_text_stays_the_default(tmp_path: Path) -> None:
    config = tmp_path / "onecard.toml"
    config.write_text("[logging]\n", "utf-8")

    done = run_onecard("--verbose", "status", SOMCHAI, "--demo", "--config", str(config))

    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("INFO ")
