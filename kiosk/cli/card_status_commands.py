"""`onecard card-status`: check the ID card with the civil registry by its laser code.

The laser code is read from the chip, sent in the body of `POST /v1/card-status` and dropped:
it is never printed, logged or written anywhere (it lives in a `LaserCode`, which hides it).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

from cardreader import pcsc
from cardreader.apdu import Connection
from cardreader.emulator import EmulatedConnection, demo_card, list_profiles
from cardreader.laser import LaserCode, read_laser_code
from cardreader.model import CardData
from cardreader.reader import read_card
from cardreader.text import Bilingual
from kiosk.api import CardCheck, CardStatus, check_card
from kiosk.api.card_check import NO_LASER_CODE
from kiosk.apisource import SAMPLE_DATA, entitlements_client, not_set_up_for_administrators
from kiosk.config import load_config, with_demo
from kiosk.errors import UserFacingError

EXIT_CODES = {CardStatus.VALID: 0, CardStatus.NOT_VALID: 3, CardStatus.CANNOT_CHECK: 4}


def register(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "card-status", help="check the ID card with the civil registry (by its laser code)"
    )
    command.add_argument("--reader", metavar="R", help="reader name (or part of it)")
    command.add_argument(
        "--demo",
        metavar="PROFILE",
        help="a demo citizen's emulated card, checked with the sandbox: "
        + ", ".join(list_profiles()),
    )
    command.add_argument(
        "--demo-api", action="store_true", help="check with the sandbox (sample data)"
    )
    command.add_argument("--config", type=Path, metavar="FILE", help="config file (TOML)")
    command.set_defaults(handler=card_status_command)


def card_status_command(args: argparse.Namespace) -> int:
    """Exit 0 valid, 3 not valid, 4 cannot check; a failure to read is one TH/EN line."""
    settings = load_config(args.config)
    if args.demo is not None or args.demo_api:
        settings = with_demo(settings)
    card, laser = read_card_and_laser(args.reader, args.demo)
    if laser is None:
        result = CardCheck(CardStatus.CANNOT_CHECK, NO_LASER_CODE)
    else:
        with entitlements_client(settings.api, not_set_up_for_administrators()) as client:
            result = check_card(client, card, laser)
    if settings.api.is_embedded:
        print(SAMPLE_DATA.both())
    print(Bilingual(card.name_th.thai_display(), card.name_en.english_display()).both())
    print(result.line().both())
    sys.stdout.flush()
    return EXIT_CODES[result.status]


def read_card_and_laser(reader: str | None, demo: str | None) -> tuple[CardData, LaserCode | None]:
    """The card's text fields and its laser code (None when it has none), on one connection."""
    if demo is not None and demo not in list_profiles():
        choices = ", ".join(list_profiles())
        raise UserFacingError(
            Bilingual(f"ไม่มีบัตรตัวอย่างชื่อ {demo}", f"There is no demo card {demo!r}."),
            Bilingual(f"เลือกบัตรตัวอย่าง: {choices}", f"Choose one of: {choices}."),
        )
    source: contextlib.AbstractContextManager[Connection] = (
        contextlib.nullcontext(EmulatedConnection(demo_card(demo)))
        if demo is not None
        else pcsc.connect(reader)
    )
    with source as connection:
        card = read_card(connection)
        laser = read_laser_code(connection)
    return card, laser
