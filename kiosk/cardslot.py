"""Where a card comes from: the application's card events and connections.

`PcscSlot` is a real reader through pcscd; `DemoSlot` is the emulator in-process (sample
data), with demo citizens put in and taken out by the demo panel, keys, or `--demo PROFILE`.
`read_card_data` is the one read path of the command line, over either.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Protocol

from cardreader import pcsc
from cardreader.apdu import Connection
from cardreader.emulator import CardOptions, EmulatedConnection, ThaiIdCard, list_profiles
from cardreader.emulator.inprocess import demo_card
from cardreader.errors import NoCard
from cardreader.events import CardEvent, EventKind
from cardreader.model import CardData
from cardreader.reader import CidCallback, ProgressCallback, read_card
from cardreader.readers import match_reader
from cardreader.text import Bilingual
from kiosk.errors import UserFacingError

EventCallback = Callable[[CardEvent], None]

DEMO_READER = "OneCard demo reader"
# The demo card answers like a real reader would (10 ms a command, 0.1 ms a byte), so the
# demo shows the same progress a kiosk does.
DEMO_CARD_OPTIONS = CardOptions(apdu_delay=0.010, byte_delay=0.0001)


class CardSlot(Protocol):
    def watch(self, emit: EventCallback) -> None:
        """Report events until `stop()`; blocks (run it on its own thread)."""

    def stop(self) -> None: ...

    def connection(self) -> contextlib.AbstractContextManager[Connection]:
        """A connection to the card now in the slot; raises `NoCard` when there is none."""

    def status(self) -> str:
        """The readers, for the administrator (may block: call it off the UI thread)."""


class PcscSlot:
    """The first reader holding a card, or the configured one (by name, or by the stable
    identity that survives replugging: cardreader.readers), watched through pcscd. With a
    reader configured, the other readers' events are not this slot's. pcscd going away and
    coming back is reported (SERVICE_LOST, SERVICE_RESTORED) and recovered by the watcher."""

    def __init__(self, reader: str | None = None) -> None:
        self._reader = reader
        self._watcher = pcsc.CardWatcher()  # cheap: it talks to pcscd only when run

    def watch(self, emit: EventCallback) -> None:
        wanted = self._reader

        def ours(event: CardEvent) -> None:
            if wanted is None or not event.reader or match_reader(wanted, [event.reader]):
                emit(event)

        self._watcher.run(ours)

    def stop(self) -> None:
        self._watcher.stop()

    def connection(self) -> contextlib.AbstractContextManager[Connection]:
        return pcsc.connect(self._reader)

    def status(self) -> str:
        readers = pcsc.list_readers()
        return ", ".join(readers) if readers else "-"


class DemoSlot:
    """One emulated reader whose card is chosen by `insert(profile_id)`."""

    def __init__(self, options: CardOptions = DEMO_CARD_OPTIONS) -> None:
        self._options = options
        self._card: ThaiIdCard | None = None
        self._emit: EventCallback | None = None
        self._stopped = threading.Event()
        self._lock = threading.Lock()

    def watch(self, emit: EventCallback) -> None:
        with self._lock:
            self._emit = emit
        emit(CardEvent(EventKind.READER_ADDED, DEMO_READER))
        self._stopped.wait()

    def stop(self) -> None:
        self._stopped.set()

    def insert(self, profile_id: str, options: CardOptions | None = None) -> None:
        """Put a demo citizen's card in (taking out the one there, as a person would)."""
        self.remove()
        if profile_id not in list_profiles():
            raise unknown_demo_error(profile_id)
        card = demo_card(profile_id, options or self._options)
        with self._lock:
            self._card = card
        self._send(CardEvent(EventKind.CARD_INSERTED, DEMO_READER, card.atr))

    def remove(self) -> None:
        with self._lock:
            card, self._card = self._card, None
        if card is not None:
            card.pull()
            self._send(CardEvent(EventKind.CARD_REMOVED, DEMO_READER))

    @property
    def card(self) -> ThaiIdCard | None:
        """The emulated card in the slot, if any (tests look at its APDU count)."""
        return self._card

    def status(self) -> str:
        return DEMO_READER

    def _send(self, event: CardEvent) -> None:
        with self._lock:
            emit = self._emit
        if emit is not None:
            emit(event)

    @contextlib.contextmanager
    def connection(self) -> Iterator[Connection]:
        with self._lock:
            card = self._card
        if card is None:
            raise NoCard("no card in the demo reader")
        yield EmulatedConnection(card)


def unknown_demo_error(profile_id: str) -> UserFacingError:
    choices = ", ".join(list_profiles())
    return UserFacingError(
        Bilingual(f"ไม่มีบัตรตัวอย่างชื่อ {profile_id}", f"There is no demo card {profile_id!r}."),
        Bilingual(f"เลือกบัตรตัวอย่าง: {choices}", f"Choose one of: {choices}."),
    )


def cli_slot(reader: str | None, demo: str | None) -> CardSlot:
    """The slot a command reads from: demo citizen `demo`'s card already in the emulator
    (answering at once), or the card in `reader` (or the first reader holding a card)."""
    if demo is None:
        return PcscSlot(reader)
    slot = DemoSlot(CardOptions())
    slot.insert(demo)
    return slot


def read_from(
    slot: CardSlot,
    *,
    photo: bool = False,
    on_cid: CidCallback | None = None,
    on_photo_progress: ProgressCallback | None = None,
) -> CardData:
    """Read the card in `slot` (a command's read path). Raises `CardError`s or
    `UserFacingError`."""
    with slot.connection() as connection:
        return read_card(
            connection, photo=photo, on_cid=on_cid, on_photo_progress=on_photo_progress
        )


def read_card_data(
    reader: str | None,
    demo: str | None,
    *,
    photo: bool = False,
    on_cid: CidCallback | None = None,
    on_photo_progress: ProgressCallback | None = None,
) -> CardData:
    """Read a card for a command (see `cli_slot`)."""
    slot = cli_slot(reader, demo)
    return read_from(slot, photo=photo, on_cid=on_cid, on_photo_progress=on_photo_progress)
