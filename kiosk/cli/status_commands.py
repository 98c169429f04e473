"""`onecard status` (a citizen's entitlements, by CID or from the card) and `onecard sandbox`
(the sandbox API server on its own)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from cardreader.emulator import list_profiles
from cardreader.text import Bilingual
from kiosk.api import Entitlements, EntitlementsClient
from kiosk.apisource import not_set_up_for_administrators
from kiosk.cardslot import CardSlot, cli_slot, read_from
from kiosk.cli import status_view
from kiosk.cli.card_commands import print_warnings
from kiosk.config import load_config
from kiosk.errors import UserFacingError
from kiosk.sandbox import Credentials, Faults, SandboxServer
from kiosk.sandbox.server import server_tls_context
from kiosk.services import build_services

DEFAULT_SANDBOX_PORT = 8700
NEED_ONE_SOURCE = UserFacingError(
    Bilingual("ต้องระบุเลขประจำตัวประชาชน หรือ --card", "Give a citizen ID, or --card."),
    Bilingual("ตัวอย่าง: onecard status 3100700123451", "For example: onecard status 3100700123451"),
)


def register(subparsers: Any) -> None:
    status = subparsers.add_parser("status", help="a citizen's subsidy entitlements")
    status.add_argument("cid", nargs="?", help="the 13-digit citizen ID")
    status.add_argument("--card", action="store_true", help="read the ID card, then look up")
    status.add_argument("--reader", metavar="R", help="reader name (or part of it)")
    status.add_argument(
        "--demo",
        nargs="?",
        const="",
        metavar="PROFILE",
        help="sample data from the embedded sandbox; with PROFILE, read that demo citizen's "
        f"emulated card ({', '.join(list_profiles())})",
    )
    status.add_argument("--json", action="store_true", help="JSON output")
    status.add_argument("--lang", choices=("th", "en"), default="th", help="table language")
    status.add_argument("--config", type=Path, metavar="FILE", help="config file (TOML)")
    status.set_defaults(handler=status_command)

    sandbox = subparsers.add_parser("sandbox", help="run the sandbox API server on loopback")
    sandbox.add_argument("--port", type=int, default=DEFAULT_SANDBOX_PORT, help="0: any free")
    sandbox.add_argument("--latency", type=float, default=0.0, metavar="SECONDS")
    sandbox.add_argument("--down", action="append", default=[], metavar="AGENCY",
                         help="an agency whose source is unavailable (repeatable)")  # fmt: skip
    sandbox.add_argument("--tls-cert", type=Path, metavar="PEM", help="serve HTTPS")
    sandbox.add_argument("--tls-key", type=Path, metavar="PEM")
    sandbox.add_argument("--client-ca", type=Path, metavar="PEM", help="require client certs")
    sandbox.set_defaults(handler=sandbox_command)


def status_command(args: argparse.Namespace) -> int:
    demo_card = args.demo or None  # `--demo` alone: sample data for a typed ID or a real card
    from_card = bool(args.card or demo_card or args.reader)
    if from_card == bool(args.cid):
        raise NEED_ONE_SOURCE
    services = build_services(
        load_config(args.config),
        demo=args.demo is not None,
        slot=cli_slot(args.reader, demo_card),
        not_configured=not_set_up_for_administrators(),
    )
    sample = services.settings.api.is_embedded
    with contextlib.closing(services):
        client = services.client()
        if from_card:
            heading, entitlements = _lookup_from_card(client, services.slot)
        else:
            heading, entitlements = None, client.entitlements(args.cid)
    if args.json:
        answer = status_view.to_json(entitlements, sample=sample)
        json.dump(answer, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if sample:
        print(status_view.sample_band(args.lang), end="\n\n")
    if heading:
        print(heading.in_language(args.lang), end="\n\n")
    print(status_view.render(entitlements, args.lang))
    return 0


def _lookup_from_card(client: EntitlementsClient, slot: CardSlot) -> tuple[Bilingual, Entitlements]:
    """Read the card and start the lookup as soon as the CID is read, overlapping the rest."""
    lookup: list[Future[Entitlements]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="lookup") as executor:
        card = read_from(
            slot, on_cid=lambda cid: lookup.append(executor.submit(client.entitlements, cid))
        )
        entitlements = lookup[0].result() if lookup else client.entitlements(card.cid)
    print_warnings(card)  # what on the chip looks wrong, on stderr for the officer
    return Bilingual(card.name_th.thai_display(), card.name_en.english_display()), entitlements


def sandbox_command(args: argparse.Namespace) -> int:
    context = None
    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key):
            raise _bad_option("--tls-cert and --tls-key go together")
        context = server_tls_context(args.tls_cert, args.tls_key, args.client_ca)
    try:
        faults = Faults(latency=args.latency, down_agencies=frozenset(args.down))
    except ValueError as error:
        raise _bad_option(str(error)) from None
    credentials = _credentials_from_environment()
    try:
        server = SandboxServer(
            port=args.port, faults=faults, credentials=credentials, ssl_context=context
        )
    except OSError as error:
        raise _bad_option(f"cannot listen on port {args.port}: {error.strerror}") from None
    print(f"OneCard sandbox API: {server.url}  (Ctrl+C to stop)")
    print(f"  export ONECARD_API_URL={server.url}")
    if credentials is None:
        print(f"  export ONECARD_API_KEY={server.credentials.key}")
        print(f"  export ONECARD_API_SECRET={server.credentials.secret}")
    sys.stdout.flush()
    _serve_until_signal(server)
    return 0


def _credentials_from_environment() -> Credentials | None:
    key, secret = os.environ.get("ONECARD_API_KEY"), os.environ.get("ONECARD_API_SECRET")
    return Credentials(key, secret) if key and secret else None


def _serve_until_signal(server: SandboxServer) -> None:
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda number, frame: stop.set())
    server.start()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()


def _bad_option(problem: str) -> UserFacingError:
    return UserFacingError(
        Bilingual(f"ตัวเลือกไม่ถูกต้อง: {problem}", f"Invalid option: {problem}."),
        Bilingual("ดู onecard sandbox --help", "See onecard sandbox --help."),
    )
