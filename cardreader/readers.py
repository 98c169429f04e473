"""Readers by a name that survives replugging.

pcsc-lite names a reader "<product> <index> <slot>" (two hex bytes, e.g.
"Gemalto PC Twin Reader (645D1F3B) 00 00"): the product part holds the USB serial number when
the reader has one, the index is the order in which pcscd saw the reader (it changes when the
reader is unplugged and another takes its number), and the slot is the slot within a reader.
So a reader's stable identity is its name without the index: "<product>/<slot>". Two readers
of the same model without serial numbers share it, and are then told apart by order only.

Nothing here imports pyscard; `cardreader.pcsc` uses it to choose a reader.
"""

from __future__ import annotations

import re

_PCSCLITE_NAME = re.compile(r"(?P<product>.*\S) (?P<index>[0-9A-Fa-f]{2}) (?P<slot>[0-9A-Fa-f]{2})")
_STABLE_ID = re.compile(r"(?P<product>.*\S)/(?P<slot>[0-9A-Fa-f]{2})")


def reader_identity(name: str) -> str:
    """The reader's stable identity: "Virtual PCD 00 01" -> "Virtual PCD/01"; a name in
    another form (another PC/SC stack) is its own identity."""
    match = _PCSCLITE_NAME.fullmatch(name)
    if match is None:
        return name
    return f"{match['product']}/{match['slot'].upper()}"


def _wanted_identity(wanted: str) -> str | None:
    if _STABLE_ID.fullmatch(wanted):
        product, slot = wanted.rsplit("/", 1)
        return f"{product}/{slot.upper()}"
    if _PCSCLITE_NAME.fullmatch(wanted):
        return reader_identity(wanted)
    return None


def match_reader(wanted: str, readers: list[str]) -> str | None:
    """The reader `wanted` names, or None. In order of preference: the exact name; the same
    stable identity (a name with another index, or "<product>/<slot>"); the product name alone
    (its first slot); a case-insensitive part of a name (the first such reader)."""
    if wanted in readers:
        return wanted
    identity = _wanted_identity(wanted)
    if identity is not None:
        same = [reader for reader in readers if reader_identity(reader) == identity]
        if same:
            return same[0]
    products = sorted(
        (reader for reader in readers if reader_identity(reader).rsplit("/", 1)[0] == wanted),
        key=reader_identity,
    )
    if products:
        return products[0]
    parts = [reader for reader in readers if wanted.lower() in reader.lower()]
    return parts[0] if parts else None
