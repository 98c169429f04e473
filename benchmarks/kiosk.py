"""Kiosk benchmark: cold start to the attract screen; card inserted -> entitlements on screen
(emulated reader with a modelled real-reader delay, sandbox API latency 300 ms); memory after
1,000 insert/remove sessions against after 10.

    .venv/bin/python benchmarks/kiosk.py [--sessions 1000] [--runs 5]

Needs a display (DISPLAY, e.g. Xvfb) or SDL_VIDEODRIVER=offscreen.
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

from kiosk.ui.runtime import WindowSettings, prepare  # noqa: E402

READER_DELAY = {"apdu_delay": 0.010, "byte_delay": 0.0001}
API_LATENCY = 0.3


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cold_start(runs: int) -> None:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.run(
            [sys.executable, __file__, "--first-frame"], capture_output=True, text=True, check=True
        )
        assert "attract" in child.stdout, child.stderr
        times.append(time.perf_counter() - started)
    median, fastest, slowest = (value * 1000 for value in (statistics.median(times), *_span(times)))
    print(
        f"cold start to attract screen (process start -> first frame), median of {runs}: "
        f"{median:.0f} ms (min {fastest:.0f}, max {slowest:.0f})"
    )


def _span(values: list[float]) -> tuple[float, float]:
    return min(values), max(values)


def first_frame() -> None:
    """Child: start the app and report when the attract screen has been drawn."""
    driver = make_driver()
    print(driver.app.current_screen_name)


def make_driver(slot: object = None, api: object = None) -> object:
    prepare(WindowSettings(kiosk=False))
    from cardreader.emulator import CardOptions
    from kiosk.cardslot import DemoSlot
    from kiosk.config import AppConfig
    from tests.ui.driver import Driver

    settings = AppConfig() if api is None else dataclasses.replace(AppConfig(), api=api)
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
        to_notice, to_rows, to_hello = [], [], []
        for _ in range(runs):
            started = time.perf_counter()
            slot.insert("somchai")
            notice = driver.wait_screen("notice")
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
            del notice
    read_ms = statistics.median(to_hello) * 1000
    sequential_ms = read_ms + API_LATENCY * 1000
    print(
        f"card inserted -> privacy notice on screen: {statistics.median(to_notice) * 1000:.0f} ms"
    )
    print(
        f"notice accepted -> hello (card read, {READER_DELAY['apdu_delay'] * 1000:.0f} ms/APDU "
        f"+ {READER_DELAY['byte_delay'] * 1000:.1f} ms/byte): {read_ms:.0f} ms"
    )
    print(
        f"notice accepted -> entitlements on screen (API latency {API_LATENCY * 1000:.0f} ms, "
        f"lookup started when the ID was read): {statistics.median(to_rows) * 1000:.0f} ms "
        f"(read then ask, one after the other, would be about {sequential_ms:.0f} ms)"
    )


def memory(sessions: int) -> None:
    from cardreader.emulator import CardOptions
    from kiosk.cardslot import DemoSlot

    slot = DemoSlot(CardOptions())
    driver = make_driver(slot)
    marks = {}
    for number in range(1, sessions + 1):
        slot.insert("wichai" if number % 2 else "boonmee")
        driver.wait_screen("notice")
        driver.app.controller.accept_notice()
        driver.wait_screen("hello")
        driver.app.controller.show_entitlements()
        driver.wait_for(lambda: driver.app.controller.entitlements is not None)
        slot.remove()
        driver.wait_screen("attract")
        if number in (10, sessions):
            marks[number] = rss_mib()
    print(
        f"RSS after 10 sessions: {marks[10]:.1f} MiB; after {sessions}: {marks[sessions]:.1f} MiB "
        f"({marks[sessions] - marks[10]:+.1f} MiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--first-frame", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--part", choices=("cold", "latency", "memory"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_frame:
        first_frame()
        return
    if args.part is None:  # each part in its own process: one Kivy window per process
        for part in ("cold", "latency", "memory"):
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--part",
                    part,
                    "--runs",
                    str(args.runs),
                    "--sessions",
                    str(args.sessions),
                ],
                check=True,
            )
        return
    {
        "cold": lambda: cold_start(args.runs),
        "latency": lambda: insert_to_entitlements(args.runs),
        "memory": lambda: memory(args.sessions),
    }[args.part]()


if __name__ == "__main__":
    main()
