"""The benchmarks as a user runs them: real processes driving the real Kivy app (on the test
display), stopped the way a time limit stops them.

A benchmark stopped by SIGTERM must exit without a traceback and print what it measured so far;
the soak must drive whole kiosk sessions without a crash.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"


def start(script: str, *args: str) -> subprocess.Popen[str]:
    """The benchmark in its own process group (as under `timeout`), output piped."""
    return subprocess.Popen(
        [sys.executable, str(BENCHMARKS / script), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def lines_until(stream: Iterator[str], pattern: str) -> list[str]:
    """Read lines until one matches `pattern` (the benchmark has measured something)."""
    seen = []
    for line in stream:
        seen.append(line)
        if re.search(pattern, line):
            return seen
    raise AssertionError(f"output ended before {pattern!r}: {''.join(seen)}")


@pytest.mark.parametrize("to_group", [False, True], ids=["benchmark", "process-group"])
def test_kiosk_benchmark_stopped_by_sigterm_prints_its_figures_so_far(to_group: bool) -> None:
    """SIGTERM to the benchmark (it passes the stop on to the part it is running), or to the
    whole group as `timeout` does (both get it): the memory part stops after the session under
    way, prints RSS after the sessions done, and nothing prints a traceback."""
    bench = start("kiosk.py", "--only", "memory", "--sessions", "1000000")
    assert bench.stdout is not None
    before = lines_until(bench.stdout, r"RSS after 10 sessions")
    if to_group:
        os.killpg(bench.pid, signal.SIGTERM)
    else:
        bench.send_signal(signal.SIGTERM)
    rest, errors = bench.communicate()
    output = "".join(before) + rest
    assert "Traceback" not in errors, errors
    assert "cannot schedule" not in errors, errors
    assert bench.returncode == 128 + signal.SIGTERM, errors
    assert re.search(
        r"RSS after 10 sessions: [\d.]+ MiB; after \d+: [\d.]+ MiB \([+-][\d.]+ MiB\) "
        r"\(stopped after \d+ of 1000000\)",
        output,
    ), output
    assert "stopped by SIGTERM" in output


def test_soak_runs_normal_yanked_and_idle_sessions_without_a_crash() -> None:
    """A short soak with every kind of session: three cards yanked mid-read (sessions 4, 8
    and 12), one left to a 1 s idle timeout (session 10), the rest normal. Any exception,
    ERROR log, traceback or session not ending clean on the attract screen is a crash."""
    soak = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "soak.py"),
            "--sessions",
            "12",
            "--yank-every",
            "4",
            "--idle-every",
            "10",
            "--idle-timeout",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    report = soak.stdout
    assert soak.returncode == 0, soak.stderr
    assert "Traceback" not in soak.stderr, soak.stderr
    assert "sessions: 12; 3 yanked mid-read, 1 left to the idle timeout;" in report, report
    assert re.search(r"RSS growth: [+-][\d.]+ MB .* goal <= 5 MB", report), report
    assert "crashes: 0; goal 0: ok" in report, report


def test_soak_stopped_by_sigterm_reports_the_sessions_so_far() -> None:
    bench = start("soak.py", "--sessions", "1000000", "--progress", "5")
    assert bench.stdout is not None
    before = lines_until(bench.stdout, r"session 5/1,000,000: RSS [\d.]+ MB, crashes 0")
    bench.send_signal(signal.SIGTERM)
    rest, errors = bench.communicate()
    report = "".join(before) + rest
    assert "Traceback" not in errors, errors
    assert bench.returncode == 128 + signal.SIGTERM, errors
    assert re.search(r"sessions: \d+ \(stopped after \d+ of 1000000\);", report), report
    assert "crashes: 0; goal 0: ok" in report, report
    assert "stopped by SIGTERM" in report
