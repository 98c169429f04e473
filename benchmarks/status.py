"""Entitlement lookup benchmark, loopback only.

1. Throughput and latency of the client against the sandbox over keep-alive connections
   (a bounded number of requests, one client, sequential and with 4 threads).
2. The time from "CID known" to "statuses ready", and from card insertion to statuses ready,
   when the card read and the API call overlap (lookup started from `on_cid`) versus one after
   the other. Card: the in-process emulator with a real reader's modelled delay; sandbox
   latency 300 ms. The token is fetched before timing starts (steady state).

    .venv/bin/python benchmarks/status.py [--requests N] [--repeat N]

SIGTERM or Ctrl-C stops it cleanly with the figures measured so far.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _stop
from cardreader.emulator import (
    CardOptions,
    EmulatedConnection,
    ThaiIdCard,
    chip_image,
    load_profile,
)
from cardreader.reader import read_card
from kiosk.api import Entitlements, EntitlementsClient
from kiosk.config import ApiConfig
from kiosk.sandbox import SandboxServer

CARD_DELAY = CardOptions(apdu_delay=0.010, byte_delay=0.0001)
API_LATENCY = 0.300
PROFILE = "somchai"


def client_for(server: SandboxServer) -> EntitlementsClient:
    key, secret = server.credentials.key, server.credentials.secret
    return EntitlementsClient(ApiConfig(url=server.url, consumer_key=key, consumer_secret=secret))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def throughput(client: EntitlementsClient, cid: str, count: int, threads: int) -> None:
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(share: int) -> None:
        for _ in range(share):
            if _stop.requested.is_set():
                return
            started = time.perf_counter()
            client.entitlements(cid)
            with lock:
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(threads) as pool:
            for future in [pool.submit(worker, count // threads) for _ in range(threads)]:
                future.result()
    finally:
        elapsed = time.perf_counter() - started
        if latencies:
            print(
                f"  {threads} thread(s): {len(latencies)} lookups, "
                f"{len(latencies) / elapsed:7.0f} req/s, "
                f"p50 {percentile(latencies, 0.5) * 1000:6.2f} ms, "
                f"p99 {percentile(latencies, 0.99) * 1000:6.2f} ms"
                f"{_stop.so_far(len(latencies), count // threads * threads)}"
            )


def card_then_lookup(
    client: EntitlementsClient, *, overlap: bool, photo: bool
) -> tuple[float, float]:
    """(CID known -> statuses ready, card inserted -> statuses ready), in seconds."""
    card = ThaiIdCard(chip_image(load_profile(PROFILE)), CARD_DELAY)
    marks: dict[str, float] = {}
    lookup: list[Future[Entitlements]] = []
    with ThreadPoolExecutor(1) as pool:

        def on_cid(cid: str) -> None:
            marks["cid"] = time.perf_counter()
            if overlap:
                lookup.append(pool.submit(client.entitlements, cid))

        marks["start"] = time.perf_counter()
        data = read_card(EmulatedConnection(card), photo=photo, on_cid=on_cid)
        answer = lookup[0].result() if overlap else client.entitlements(data.cid)
        ready = time.perf_counter()
    assert answer.programmes
    return ready - marks["cid"], ready - marks["start"]


def overlap_report(client: EntitlementsClient, repeat: int) -> None:
    for photo in (False, True):
        label = "text fields + photo" if photo else "text fields"
        for overlap in (False, True):
            runs: list[tuple[float, float]] = []
            try:
                for _ in range(repeat):
                    runs.append(card_then_lookup(client, overlap=overlap, photo=photo))
            finally:
                if runs:
                    cid_to_ready = statistics.median(run[0] for run in runs)
                    total = statistics.median(run[1] for run in runs)
                    mode = "overlapped" if overlap else "sequential"
                    print(
                        f"  {label:20} {mode:10}: CID known -> statuses ready"
                        f" {cid_to_ready * 1000:6.0f} ms; insert -> ready {total * 1000:6.0f} ms"
                        f"{_stop.so_far(len(runs), repeat)}"
                    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cid = load_profile(PROFILE).cid

    print("Client -> sandbox over keep-alive (loopback, no added latency):")
    with SandboxServer() as server, client_for(server) as client:
        client.entitlements(cid)  # token and connection
        throughput(client, cid, args.requests, 1)
        throughput(client, cid, args.requests, 4)

    print(
        "Card read (emulator, 10 ms/APDU + 0.1 ms/byte) and lookup"
        f" (sandbox +{API_LATENCY * 1000:.0f} ms), median of {args.repeat}:"
    )
    with SandboxServer() as server, client_for(server) as client:
        server.set_faults(latency=API_LATENCY)
        client.entitlements(cid)
        overlap_report(client, args.repeat)


if __name__ == "__main__":
    _stop.main(main)
