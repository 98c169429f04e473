"""`onecard admin-pin-hash`: turn an administrator PIN into the salted hash that goes in the
config (`[kiosk] admin_pin_hash`), so the PIN itself is never written anywhere."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from cardreader.text import Bilingual
from kiosk import pin
from kiosk.errors import UserFacingError

MIN_PIN_LENGTH = 6
BAD_PIN = UserFacingError(
    Bilingual(
        f"PIN ต้องยาวอย่างน้อย {MIN_PIN_LENGTH} ตัวและไม่มีช่องว่าง",
        f"A PIN has at least {MIN_PIN_LENGTH} characters and no spaces.",
    ),
    Bilingual("กรุณาลองใหม่", "Please try again."),
)
MISMATCH = UserFacingError(
    Bilingual("PIN ทั้งสองครั้งไม่ตรงกัน", "The two PINs differ."),
    Bilingual("กรุณาลองใหม่", "Please try again."),
)


def register(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "admin-pin-hash",
        help="hash an administrator PIN for the config (asks for it; or reads one line on stdin)",
    )
    command.set_defaults(handler=admin_pin_hash_command)


def admin_pin_hash_command(args: argparse.Namespace) -> int:
    print(pin.hash_pin(_read_pin()))
    return 0


def _read_pin() -> str:
    if not sys.stdin.isatty():
        return _checked(sys.stdin.readline().strip())
    first = _checked(getpass.getpass("PIN: "))
    if getpass.getpass("PIN (อีกครั้ง / again): ") != first:
        raise MISMATCH
    return first


def _checked(value: str) -> str:
    if len(value) < MIN_PIN_LENGTH or any(char.isspace() for char in value):
        raise BAD_PIN
    return value
