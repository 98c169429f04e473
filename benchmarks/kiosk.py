"""Kiosk benchmark: cold start to the attract screen; card inserted -> entitlements on screen
(emulated reader with a modelled real-reader delay, sandbox API latency 300 ms); memory after
1,000 insert/remove sessions against after 10.

    .venv/bin/python benchmarks/kiosk.py [--sessions 1000] [--runs 5] [--only memory]

Needs a display (DISPLAY, e.g. Xvfb) or SDL_VIDEODRIVER=offscreen. SIGTERM or Ctrl-C stops it
cleanly: each part prints what it measured so far (see benchmarks/_stop.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "x11" if os.environ.get("DISPLAY") else "offscreen")

from benchmarks import _stop  # noqa: E402
from kiosk.ui.runtime import WindowSettings, prepare  # noqa: E402

READER_DELAY = {"apdu_delay": 0.010, "byte_delay": 0.0001}
API_LATENCY = 0.3
PARTS = ("cold", "latency", "memory")


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cold_start(runs: int) -> None:
    times: list[float] = []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            child = subprocess.run(
                [sys.executable, __file__, "--first-frame"],
                capture_output=True,
                text=True,
                check=True,
            )
            assert "attract" in child.stdout, child.stderr
            times.append(time.perf_counter() - started)
    finally:
        if times:
            median, fastest, slowest = (
                value * 1000 for value in (statistics.median(times), *_span(times))
            )
            print(
                f"cold start to attract screen (process start -> first frame), median of "
                f"{len(times)}: {median:.0f} ms (min {fastest:.0f}, max {slowest:.0f})"
                f"{_stop.so_far(len(times), runs)}"
            )


def _span(values: list[float]) -> tuple[float, float]:
    return min(values), max(values)


def first_frame() -> None:
    """Child: start the app and report when the attract screen has been drawn."""
    driver = make_driver()
    print(driver.app.current)


def make_driver(slot: object = None, api: object = None) -> object:
    prepare(WindowSettings(kiosk=False))
    from cardreader.emulator import CardOptions
    from kiosk.cardslot import DemoSlot
    from kiosk.config import EMBEDDED_API, ApiConfig, AppConfig
    from tests.ui.driver import Driver

    settings = dataclasses.replace(AppConfig(), api=api or ApiConfig(url=EMBEDDED_API))
    with _stop.held():  # the app stops itself on SIGTERM; here the benchmark stops instead
        return Driver(settings, slot or DemoSlot(CardOptions()))


def insert_to_entitlements(runs: int) -> None:
    from cardreader.emulator import CardOptions
    from kiosk.cardslot import DemoSlot
    from kiosk.config import ApiConfig
    from kiosk.sandbox.server import SandboxServer

    with SandboxServer() as sandbox:
        sandbox.set_faults(latency=API_LATENCY)
        api = ApiConfig(
            url=sandbox.url,
            consumer_key=sandbox.credentials.key,
            consumer_secret=sandbox.credentials.secret,
        )
        slot = DemoSlot(CardOptions(**READER_DELAY))
        driver = make_driver(slot, api)
        to_notice: list[float] = []
        to_rows: list[float] = []
        to_hello: list[float] = []
        try:
            for _ in range(runs):
                started = time.perf_counter()
                slot.insert("somchai")
                driver.wait_screen("notice")
                to_notice.append(time.perf_counter() - started)
                accepted = time.perf_counter()
                driver.app.controller.accept_notice()
                driver.wait_screen("hello")
                to_hello.append(time.perf_counter() - accepted)
                driver.app.controller.show_entitlements()
                rows = driver.wait_screen("entitlements").ids.rows
                driver.wait_for(lambda rows=rows: len(rows.children) >= 7)
                to_rows.append(time.perf_counter() - accepted)
                slot.remove()
                driver.wait_screen("attract")
        finally:
            latency_report(to_notice, to_hello, to_rows, runs)


def latency_report(
    to_notice: list[float], to_hello: list[float], to_rows: list[float], runs: int
) -> None:
    if to_notice:
        print(
            f"card inserted -> privacy notice on screen: "
            f"{statistics.median(to_notice) * 1000:.0f} ms{_stop.so_far(len(to_notice), runs)}"
        )
    if to_hello:
        read_ms = statistics.median(to_hello) * 1000
        print(
            f"notice accepted -> hello (card read, {READER_DELAY['apdu_delay'] * 1000:.0f} "
            f"ms/APDU + {READER_DELAY['byte_delay'] * 1000:.1f} ms/byte): {read_ms:.0f} ms"
            f"{_stop.so_far(len(to_hello), runs)}"
        )
    if to_rows:
        sequential_ms = statistics.median(to_hello) * 1000 + API_LATENCY * 1000
        print(
            f"notice accepted -> entitlements on screen (API latency "
            f"{API_LATENCY * 1000:.0f} ms, lookup started when the ID was read): "
            f"{statistics.median(to_rows) * 1000:.0f} ms (read then ask, one after the other, "
            f"would be about {sequential_ms:.0f} ms){_stop.so_far(len(to_rows), runs)}"
        )


def memory(sessions: int) -> None:
    from cardreader.emulator import CardOptions
    from kiosk.cardslot import DemoSlot

    slot = DemoSlot(CardOptions())
    driver = make_driver(slot)
    marks: dict[int, float] = {}
    done = 0
    try:
        for number in range(1, sessions + 1):
            slot.insert("wichai" if number % 2 else "boonmee")
            driver.wait_screen("notice")
            driver.app.controller.accept_notice()
            driver.wait_screen("hello")
            driver.app.controller.show_entitlements()
            driver.wait_for(lambda: driver.app.controller.session.entitlements is not None)
            slot.remove()
            driver.wait_screen("attract")
            done = number
            if number in (10, sessions):
                marks[number] = rss_mib()
            if number == 10 < sessions:
                print(f"RSS after 10 sessions: {marks[10]:.1f} MiB", flush=True)
    finally:
        memory_report(marks, done, sessions)


def memory_report(marks: dict[int, float], done: int, sessions: int) -> None:
    if 10 not in marks:
        print(f"RSS: fewer than 10 sessions done ({done}), nothing to compare")
        return
    last = marks.get(sessions) or rss_mib()
    print(
        f"RSS after 10 sessions: {marks[10]:.1f} MiB; after {done}: {last:.1f} MiB "
        f"({last - marks[10]:+.1f} MiB){_stop.so_far(done, sessions)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--first-frame", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=PARTS, help="run only this part")
    parser.add_argument("--part", choices=PARTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_frame:
        first_frame()
        return
    if args.part is None:  # each part in its own process: one Kivy window per process
        for part in [args.only] if args.only else PARTS:
            command = [sys.executable, __file__, "--part", part]
            status = _stop.run_child(
                [*command, "--runs", str(args.runs), "--sessions", str(args.sessions)]
            )
            if status != 0:
                sys.exit(f"the {part} part failed (exit status {status})")
        return
    {
        "cold": lambda: cold_start(args.runs),
        "latency": lambda: insert_to_entitlements(args.runs),
        "memory": lambda: memory(args.sessions),
    }[args.part]()


if __name__ == "__main__":
    _stop.main(main)
