"""The agent's view of the readers: a `CardWatcher` thread feeding events into the event loop,
the readers' state for newcomers, and card reads run off the loop, one at a time.

The watcher survives pcscd restarting (SERVICE_LOST, then SERVICE_RESTORED and the readers and
cards found again) and reports every reader by name and by stable identity.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from cardreader import pcsc
from cardreader.events import CardEvent, EventKind
from cardreader.model import CardData
from cardreader.reader import read_card
from cardreader.readers import reader_identity

log = logging.getLogger("kiosk.agent")

EVENT_TYPES = {
    EventKind.READER_ADDED: "reader_added",
    EventKind.READER_REMOVED: "reader_removed",
    EventKind.CARD_INSERTED: "card_inserted",
    EventKind.CARD_REMOVED: "card_removed",
    EventKind.SERVICE_LOST: "service_lost",
    EventKind.SERVICE_RESTORED: "service_restored",
}
MAX_QUEUED_EVENTS = 256  # a client that reads nothing is dropped, never buffered forever
OVERFLOW: dict[str, Any] = {"type": "overflow"}


class Watcher(Protocol):
    def run(self, emit: Callable[[CardEvent], None]) -> None: ...

    def stop(self) -> None: ...


def event_json(event: CardEvent) -> dict[str, Any]:
    """An event as pushed to pages: no ATR, nothing about the card holder."""
    return {"type": EVENT_TYPES[event.kind], "reader": event.reader, "reader_id": event.reader_id}


class CardHub:
    """Start with `start(loop)` from the loop; `subscribe` from the loop's coroutines."""

    def __init__(self, watcher: Watcher | None = None) -> None:
        self._watcher = watcher or pcsc.CardWatcher()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._readers: dict[str, bool] = {}
        self._service_ok = True
        self._subscribers: set[asyncio.Queue[dict[str, Any]]] = set()
        self._read_lock = threading.Lock()

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._thread = threading.Thread(
            target=self._watcher.run, args=(self._from_thread,), name="agent-watcher", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._watcher.stop()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def snapshot(self) -> dict[str, Any]:
        return {
            "type": "hello",
            "service": "ok" if self._service_ok else "lost",
            "readers": [
                {"reader": name, "reader_id": reader_identity(name), "card_present": present}
                for name, present in sorted(self._readers.items())
            ],
        }

    def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(MAX_QUEUED_EVENTS)
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._subscribers.discard(queue)

    def _from_thread(self, event: CardEvent) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._dispatch, event)

    def _dispatch(self, event: CardEvent) -> None:
        kind = event.kind
        if kind is EventKind.READER_ADDED:
            self._readers[event.reader] = False
        elif kind is EventKind.READER_REMOVED:
            self._readers.pop(event.reader, None)
        elif kind in (EventKind.CARD_INSERTED, EventKind.CARD_REMOVED):
            self._readers[event.reader] = kind is EventKind.CARD_INSERTED
        elif kind is EventKind.SERVICE_LOST:
            self._service_ok = False
        elif kind is EventKind.SERVICE_RESTORED:
            self._service_ok = True
        log.info("%s", event.describe())  # reader names and ATRs: nothing personal
        message = event_json(event)
        for queue in list(self._subscribers):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:  # a client that reads nothing: its handler closes it
                self._subscribers.discard(queue)
                while not queue.empty():
                    queue.get_nowait()
                queue.put_nowait(OVERFLOW)

    async def read(self, reader: str | None, *, photo: bool) -> CardData:
        """Read the card in `reader` (or the first reader holding one) off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self._read_blocking, reader, photo)

    def _read_blocking(self, reader: str | None, photo: bool) -> CardData:
        with self._read_lock, pcsc.connect(reader) as connection:
            return read_card(connection, photo=photo)
