"""`onecard kiosk` (citizen self-service) and `onecard desk` (counter officer)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.config import load_config
from kiosk.services import build_services


def register(subparsers: Any) -> None:
    kiosk = subparsers.add_parser("kiosk", help="run the citizen self-service kiosk (fullscreen)")
    desk = subparsers.add_parser("desk", help="run the counter officer's desktop window")
    for parser in (kiosk, desk):
        parser.add_argument("--config", type=Path, help="configuration file (TOML)")
        parser.add_argument(
            "--demo",
            action="store_true",
            help="sample data: emulated card with demo citizens, sandbox API (marked on screen)",
        )
        parser.add_argument("--reader", metavar="R", help="reader name (or part of it)")
        parser.add_argument("--screenshot", type=Path, help=argparse.SUPPRESS)
        parser.add_argument("--first-frame-exit", action="store_true", help=argparse.SUPPRESS)
    kiosk.add_argument("--windowed", action="store_true", help="a normal window (testing)")
    kiosk.set_defaults(handler=run_kiosk)
    desk.set_defaults(handler=run_desk)


def run_kiosk(args: argparse.Namespace) -> int:
    return _run(args, desk=False, fullscreen=not args.windowed)


def run_desk(args: argparse.Namespace) -> int:
    return _run(args, desk=True, fullscreen=False)


def _run(args: argparse.Namespace, *, desk: bool, fullscreen: bool) -> int:
    services = build_services(load_config(args.config), demo=args.demo, reader=args.reader)
    services.load_key()  # a broken signing key is said now, not at the first form
    from kiosk.ui.runtime import WindowSettings, prepare

    prepare(WindowSettings(kiosk=fullscreen))
    from kiosk.ui.app import OneCardApp

    app = OneCardApp(
        services,
        desk=desk,
        fullscreen=fullscreen,
        screenshot=args.screenshot,
        first_frame_exit=args.first_frame_exit,
    )
    app.run()
    return 0
