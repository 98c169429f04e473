"""Card read benchmark: transmits, bytes and time for a CID-only read, all text fields, and a
full read with photo, the health-insurance (NHSO) applet and the laser code, through real
pcscd + vpcd (or in-process with --in-process); then the same with the emulator's modelled
real-reader delay, and one-READ-per-field baselines such as most existing readers use (peers
spend ~19 transmits on the NHSO applet: a SELECT and a READ + GET RESPONSE per field).

    .venv/bin/python benchmarks/card_read.py [--in-process] [--repeat N]

SIGTERM or Ctrl-C stops it cleanly with the figures measured so far.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _stop
from cardreader import layout, pcsc
from cardreader.apdu import Connection, ResponseProcessor, read_apdu, select_apdu
from cardreader.emulator import CardOptions, EmulatedConnection, demo_card
from cardreader.laser import read_laser_code
from cardreader.nhso import read_health_insurance
from cardreader.reader import CardSession, read_card, read_cid

APDU_DELAY = 0.010  # a real reader: about 10 ms a command ...
BYTE_DELAY = 0.0001  # ... plus 0.1 ms a byte on its serial link
PROFILE = "wichai"


def per_field_read(connection: Connection) -> None:
    """The baseline: one READ per field, and the photo in 255-byte READs to the area's end."""
    session = CardSession(connection)
    for field in layout.TEXT_FIELDS:
        session.read(layout.Span(field.offset, field.length))
    session.read_spans(layout.PHOTO_SPANS)


def per_field_nhso_read(connection: Connection) -> None:
    """The peers' NHSO read: SELECT, then one READ per field (about 19 transmits)."""
    connection.transmit(select_apdu(layout.NHSO_AID))
    processor = ResponseProcessor(connection)
    for field in layout.NHSO_FIELDS:
        processor.send(read_apdu(field.offset, field.length), field.name)


NHSO_BOUND = 5  # our NHSO read: SELECT + two READs with their GET RESPONSEs
SCENARIOS: dict[str, Callable[[Connection], object]] = {
    "CID only": read_cid,
    "text fields": read_card,
    "full read with photo": lambda connection: read_card(connection, photo=True),
    "baseline: one READ per field + whole photo area": per_field_read,
    f"NHSO applet (bound {NHSO_BOUND})": read_health_insurance,
    "baseline (peers, ~19): NHSO one READ per field": per_field_nhso_read,
    "laser code (never printed)": lambda connection: read_laser_code(connection) is not None,
}


def run_once(
    scenario: Callable[[Connection], object], options: CardOptions, use_pcsc: bool
) -> tuple[int, int, float]:
    card = demo_card(PROFILE, options)
    if not use_pcsc:
        started = time.perf_counter()
        scenario(EmulatedConnection(card))
        return card.apdu_count, card.bytes_exchanged, time.perf_counter() - started
    from cardreader.emulator.vpcd import VpcdCard

    with VpcdCard(card):
        pcsc.wait_for_card("Virtual PCD 00 00", present=True, timeout=10)
        with pcsc.connect("Virtual PCD 00 00") as connection:
            started = time.perf_counter()
            scenario(connection)
            elapsed = time.perf_counter() - started
    pcsc.wait_for_card("Virtual PCD 00 00", present=False, timeout=10)
    return card.apdu_count, card.bytes_exchanged, elapsed


def report(title: str, options: CardOptions, use_pcsc: bool, repeat: int) -> None:
    print(f"\n{title}")
    print(f"{'scenario':50} {'transmits':>9} {'bytes':>7} {'median ms':>10}")
    for name, scenario in SCENARIOS.items():
        runs: list[tuple[int, int, float]] = []
        try:
            for _ in range(repeat):
                runs.append(run_once(scenario, options, use_pcsc))
        finally:
            if runs:
                transmits, wire_bytes = runs[0][0], runs[0][1]
                median_ms = statistics.median(run[2] for run in runs) * 1000
                row = f"{name:50} {transmits:9d} {wire_bytes:7d} {median_ms:10.2f}"
                if name.startswith("NHSO applet") and transmits > NHSO_BOUND:
                    row += "  OVER ITS BOUND"
                print(f"{row}{_stop.so_far(len(runs), repeat)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--in-process", action="store_true", help="no pcscd: in-process emulator")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    use_pcsc = not args.in_process
    daemon = None
    if use_pcsc:
        from tests.support.pcscd import PcscDaemon, another_pcscd_running

        if not another_pcscd_running():
            daemon = PcscDaemon()
            daemon.start()
    stack = "pyscard -> pcscd -> vpcd -> emulator" if use_pcsc else "in-process emulator"
    try:
        report(
            f"Emulated reader ({stack}), no modelled delay", CardOptions(), use_pcsc, args.repeat
        )
        modelled = CardOptions(apdu_delay=APDU_DELAY, byte_delay=BYTE_DELAY)
        report(
            f"Projected real reader ({stack}, {APDU_DELAY * 1000:.0f} ms/APDU + "
            f"{BYTE_DELAY * 1000:.1f} ms/byte modelled)",
            modelled,
            use_pcsc,
            max(1, args.repeat // 2),
        )
    finally:
        if daemon is not None:
            daemon.stop()


if __name__ == "__main__":
    _stop.main(main)
