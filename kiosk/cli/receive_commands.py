"""`onecard form receive`: the receiving office's batch twin of the desk's "receive form" mode.
Payloads (the QR text of forms printed at kiosks) come on standard input, one per line, as a
keyboard-wedge scanner or an export would give them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cardreader.cid import mask_cid
from forms.loader import load_forms
from kiosk.config import load_config
from kiosk.receive import (
    NO_TRUSTED_KEYS,
    Received,
    SeenToday,
    default_seen_path,
    export_columns,
    export_row,
    load_trusted_keys,
    receive,
    to_csv,
    to_json,
)

SEEN_BEFORE = "สแกนแล้วก่อนหน้านี้ในวันนี้ / seen earlier today"
EXIT_SOME_REFUSED = 1


def add_receive(actions: Any) -> None:
    receiving = actions.add_parser(
        "receive", help="verify kiosk forms' QR payloads from stdin (one a line) and export them"
    )
    receiving.add_argument(
        "--keys", type=Path, metavar="DIR", help="trusted kiosk keys (default: [desk] trusted_keys)"
    )
    output = receiving.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="the accepted forms as JSON")
    output.add_argument("--csv", action="store_true", help="the accepted forms as CSV")
    receiving.add_argument("--config", type=Path, metavar="FILE", help="config file (TOML)")
    receiving.set_defaults(handler=receive_command)


def receive_command(args: argparse.Namespace) -> int:
    keys = args.keys or load_config(args.config).desk.trusted_keys
    if keys is None:
        raise NO_TRUSTED_KEYS
    trusted = load_trusted_keys(keys)
    seen = SeenToday(default_seen_path())
    accepted: list[Received] = []
    refused = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        result = receive(line, trusted, seen)
        if isinstance(result, Received):
            accepted.append(result)
            if result.seen_before:
                print(f"{number}: {result.payload.reference}: {SEEN_BEFORE}", file=sys.stderr)
        else:
            refused += 1
            print(f"{number}: {result.what.both()} {result.action.both()}", file=sys.stderr)
    rows = [export_row(received) for received in accepted]
    if args.json:
        print(to_json(rows))
    elif args.csv:
        fields = (field.id for form in load_forms().values() for field in form.fields)
        sys.stdout.write(to_csv(rows, export_columns(fields)))
    else:
        for received in accepted:
            payload = received.payload
            cid = mask_cid(payload.data.get("cid", "")) if payload.data.get("cid") else "-"
            print(f"{payload.reference}  {payload.form_id}  {payload.kiosk_id}  {cid}")
    return EXIT_SOME_REFUSED if refused else 0
