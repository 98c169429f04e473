"""pcscd restarting under a running card watcher: it reports the loss, comes back by itself
(retrying every `reconnect_delay`, well within the 2 s the kiosk, desk and agent allow), and
reports the readers and cards it then finds. Runs last in its module: it restarts the daemon."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import pytest

from cardreader import pcsc
from cardreader.emulator import demo_card, load_profile
from cardreader.events import CardEvent, EventKind
from cardreader.reader import read_card
from tests.support.cards import Slot
from tests.support.pcscd import READER_0, PcscDaemon

pytestmark = pytest.mark.pcsc

WAIT = 20.0  # generous: how long before the test gives up (not a performance bound)


class Recorder:
    def __init__(self) -> None:
        self.events: queue.Queue[CardEvent] = queue.Queue()

    def wait_for(self, kind: EventKind, reader: str = "") -> CardEvent:
        while True:
            event = self.events.get(timeout=WAIT)
            if event.kind is kind and (not reader or event.reader == reader):
                return event


@pytest.fixture
def watching(pcscd: PcscDaemon) -> Iterator[Recorder]:
    recorder = Recorder()
    watcher = pcsc.CardWatcher()
    thread = threading.Thread(target=watcher.run, args=(recorder.events.put,), daemon=True)
    thread.start()
    yield recorder
    watcher.stop()
    thread.join(timeout=10)


def test_the_watcher_retries_well_within_two_seconds() -> None:
    assert pcsc.CardWatcher()._reconnect_delay <= 0.5


def test_watcher_recovers_from_a_pcscd_restart(
    pcscd: PcscDaemon, slot: Slot, watching: Recorder
) -> None:
    slot.insert(demo_card("somchai"))
    watching.wait_for(EventKind.CARD_INSERTED, READER_0)
    pcscd.restart()
    watching.wait_for(EventKind.SERVICE_LOST)
    watching.wait_for(EventKind.SERVICE_RESTORED)
    watching.wait_for(EventKind.READER_ADDED, READER_0)
    slot.current = None  # the old daemon took the card's connection with it
    slot.insert(demo_card("malee"))
    inserted = watching.wait_for(EventKind.CARD_INSERTED, READER_0)
    assert inserted.reader_id == "Virtual PCD/00"
    with pcsc.connect(READER_0) as connection:
        assert read_card(connection).cid == load_profile("malee").cid
