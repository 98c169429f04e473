"""`onecard readers`, `onecard watch`, `onecard read`: the card reader from the command line."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from cardreader import pcsc
from cardreader.cid import format_cid, mask_cid
from cardreader.emulator import list_profiles
from cardreader.events import CardEvent
from cardreader.model import CardData, Sex
from kiosk.cardslot import read_card_data
from kiosk.files import write_output

SEX_TH = {Sex.MALE: "ชาย", Sex.FEMALE: "หญิง"}
IMPOSSIBLE_MARK = "(วันที่ผิดปกติ ต้องตรวจสอบ / impossible date, check it)"
BY_HAND = "(ไม่มีในบัตร ให้กรอกด้วยลายมือ / not on the card, to be filled by hand)"


def register(subparsers: Any) -> None:
    readers = subparsers.add_parser("readers", help="list smart card readers")
    readers.set_defaults(handler=list_readers_command)

    watch = subparsers.add_parser("watch", help="print reader and card events as they happen")
    watch.set_defaults(handler=watch_command)

    read = subparsers.add_parser("read", help="read a Thai ID card")
    add_card_source_arguments(read)
    read.add_argument("--json", action="store_true", help="complete JSON output")
    read.add_argument("--photo", type=Path, metavar="FILE", help="also read the photo into FILE")
    read.add_argument("--show-id", action="store_true", help="show the citizen ID unmasked")
    read.set_defaults(handler=read_command)


def add_card_source_arguments(parser: argparse.ArgumentParser) -> None:
    """--reader / --demo, shared by every command that reads a card."""
    parser.add_argument("--reader", metavar="R", help="reader name (or part of it)")
    parser.add_argument(
        "--demo",
        metavar="PROFILE",
        help=f"read a demo citizen from the built-in emulator: {', '.join(list_profiles())}",
    )


def list_readers_command(args: argparse.Namespace) -> int:
    names = pcsc.list_readers()
    if not names:
        print("ไม่พบเครื่องอ่านบัตร / no reader connected")
    for name in names:
        print(name)
    return 0


def watch_command(args: argparse.Namespace) -> int:
    watcher = pcsc.CardWatcher()

    def stop(signum: int, frame: object) -> None:
        watcher.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    thread = threading.Thread(target=watcher.run, args=(print_event,), name="card-watcher")
    thread.start()
    while thread.is_alive():
        thread.join(timeout=0.5)
    return 0


def print_event(event: CardEvent) -> None:
    print(event.describe(), flush=True)


def read_command(args: argparse.Namespace) -> int:
    """The card on stdout; what the chip holds that must not be taken at face value (control
    characters, impossible dates, no address) on stderr, one TH/EN line each."""
    card = read_card_data(args.reader, args.demo, photo=args.photo is not None)
    print_warnings(card)
    if args.photo is not None and card.photo is not None:
        write_output(args.photo, card.photo)
    if args.json:
        json.dump(card.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(human_summary(card, show_id=args.show_id))
    return 0


def print_warnings(card: CardData) -> None:
    for warning in card.warnings:
        print(f"คำเตือน: {warning.text.th} / Warning: {warning.text.en}", file=sys.stderr)


def _date(card: CardData, name: str) -> str:
    """A date in Thai, marked when a warning says it cannot be true."""
    text: str = getattr(card, name).to_thai()
    return f"{text} {IMPOSSIBLE_MARK}" if card.date_flagged(name) else text


def human_summary(card: CardData, *, show_id: bool) -> str:
    """The card in Thai, one field a line; the citizen ID masked unless asked. Card text never
    holds a control character (the parser replaced them), so each value stays on its line."""
    cid = format_cid(card.cid) if show_id else mask_cid(card.cid)
    address = card.address.one_line() or BY_HAND
    rows = [
        ("เลขประจำตัวประชาชน", cid),
        ("ชื่อ-สกุล", card.name_th.thai_display()),
        ("Name", card.name_en.english_display()),
        ("เกิดวันที่", _date(card, "birth_date")),
        ("เพศ", SEX_TH[card.sex]),
        ("ที่อยู่", address),
        ("วันออกบัตร", _date(card, "issue_date")),
        ("วันบัตรหมดอายุ", _date(card, "expiry_date")),
        ("สถานที่ออกบัตร", card.issuing_office),
        ("เลขคำขอ", card.request_number),
    ]
    if card.photo is not None:
        rows.append(("รูปถ่าย", f"{len(card.photo)} ไบต์"))
    return "\n".join(f"{label}: {value}" for label, value in rows)
