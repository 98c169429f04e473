"""Where the application gets a card from: a real reader through PC/SC, or a demo citizen on the
in-process emulator (the embedded default, no hardware needed)."""

from __future__ import annotations

import contextlib

from cardreader import pcsc
from cardreader.apdu import Connection
from cardreader.emulator import EmulatedConnection, list_profiles
from cardreader.emulator.inprocess import demo_card
from cardreader.model import CardData
from cardreader.reader import CidCallback, ProgressCallback, read_card
from cardreader.text import Bilingual
from kiosk.errors import UserFacingError


def unknown_demo_error(profile_id: str) -> UserFacingError:
    choices = ", ".join(list_profiles())
    return UserFacingError(
        Bilingual(f"ไม่มีบัตรตัวอย่างชื่อ {profile_id}", f"There is no demo card {profile_id!r}."),
        Bilingual(f"เลือกบัตรตัวอย่าง: {choices}", f"Choose one of: {choices}."),
    )


def read_card_data(
    reader: str | None,
    demo: str | None,
    *,
    photo: bool = False,
    on_cid: CidCallback | None = None,
    on_photo_progress: ProgressCallback | None = None,
) -> CardData:
    """Read a card: demo citizen `demo` from the emulator, or the card in `reader` (or the
    first reader holding a card). Raises `CardError`s or `UserFacingError`."""
    if demo is not None and demo not in list_profiles():
        raise unknown_demo_error(demo)
    source: contextlib.AbstractContextManager[Connection] = (
        contextlib.nullcontext(EmulatedConnection(demo_card(demo)))
        if demo is not None
        else pcsc.connect(reader)
    )
    with source as connection:
        return read_card(
            connection, photo=photo, on_cid=on_cid, on_photo_progress=on_photo_progress
        )
