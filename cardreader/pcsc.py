"""PC/SC access: the only module that imports pyscard.

Everything pyscard or pcscd reports is translated into `cardreader.errors`; callers never see a
PC/SC result code except as the `code` of one of our errors.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from types import TracebackType

from smartcard import scard

from cardreader.apdu import split_response
from cardreader.errors import (
    CardError,
    CardRemoved,
    MalformedResponse,
    NoCard,
    NoReader,
    PcscError,
    ReaderGone,
    ServiceUnavailable,
    UnresponsiveCard,
)
from cardreader.events import CardEvent, EventKind
from cardreader.readers import match_reader

log = logging.getLogger(__name__)

REMOVAL_GRACE_SECONDS = 1.0
PNP_READER = "\\\\?PnP?\\Notification"
READER_CHANGED = (scard.SCARD_E_UNKNOWN_READER, scard.SCARD_E_READER_UNAVAILABLE)
CARD_GONE = frozenset(
    {scard.SCARD_W_REMOVED_CARD, scard.SCARD_W_RESET_CARD, scard.SCARD_E_NO_SMARTCARD}
)
_ERROR_TYPES: dict[int, type[PcscError]] = {
    scard.SCARD_E_NO_SERVICE: ServiceUnavailable,
    scard.SCARD_E_SERVICE_STOPPED: ServiceUnavailable,
    scard.SCARD_E_NO_READERS_AVAILABLE: NoReader,
    scard.SCARD_E_UNKNOWN_READER: NoReader,
    scard.SCARD_E_READER_UNAVAILABLE: ReaderGone,
    scard.SCARD_E_INVALID_HANDLE: ReaderGone,
    scard.SCARD_W_UNRESPONSIVE_CARD: UnresponsiveCard,
    scard.SCARD_W_UNPOWERED_CARD: UnresponsiveCard,
}


def _error(hresult: int, doing: str, card_gone: type[PcscError] = CardRemoved) -> PcscError:
    """The typed error for a failed PC/SC call; `card_gone` is what a missing card means here."""
    error_type = card_gone if hresult in CARD_GONE else _ERROR_TYPES.get(hresult, PcscError)
    message = scard.SCardGetErrorMessage(hresult)
    return error_type(f"{doing}: {message} (0x{hresult & 0xFFFFFFFF:08X})", hresult)


def _establish_context() -> int:
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        raise _error(hresult, "connecting to pcscd")
    return int(context)


def _release_context(context: int) -> None:
    scard.SCardReleaseContext(context)


def _list_readers(context: int) -> list[str]:
    hresult, readers = scard.SCardListReaders(context, [])
    if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
        return []
    if hresult != scard.SCARD_S_SUCCESS:
        raise _error(hresult, "listing readers")
    return list(readers)


def list_readers() -> list[str]:
    """The names of the connected readers (empty when there is none)."""
    context = _establish_context()
    try:
        return _list_readers(context)
    finally:
        _release_context(context)


def wait_for_card(reader: str, *, present: bool = True, timeout: float = 5.0) -> bool:
    """Block until `reader` holds a card (or, with present=False, holds none); False on timeout.

    Waits in SCardGetStatusChange, so it wakes the moment pcscd sees the change.
    """
    context = _establish_context()
    try:
        return _wait_card_state(context, reader, present, timeout)
    finally:
        _release_context(context)


def _wait_card_state(context: int, reader: str, present: bool, timeout: float) -> bool:
    state = scard.SCARD_STATE_UNAWARE
    deadline = time.monotonic() + timeout
    while True:
        remaining_ms = max(0, int((deadline - time.monotonic()) * 1000))
        hresult, answers = scard.SCardGetStatusChange(context, remaining_ms, [(reader, state)])
        if hresult == scard.SCARD_E_TIMEOUT:
            return False
        if hresult != scard.SCARD_S_SUCCESS:
            raise _error(hresult, f"waiting for a card in {reader}", NoCard)
        _, state, _ = answers[0]
        if bool(state & scard.SCARD_STATE_PRESENT) == present:
            return True
        state &= ~scard.SCARD_STATE_CHANGED


def _readers_with_card(context: int, readers: list[str]) -> list[str]:
    states = [(reader, scard.SCARD_STATE_UNAWARE) for reader in readers]
    hresult, new_states = scard.SCardGetStatusChange(context, 0, states)
    if hresult != scard.SCARD_S_SUCCESS:
        raise _error(hresult, "asking readers for cards", NoCard)
    return [reader for reader, state, _ in new_states if state & scard.SCARD_STATE_PRESENT]


def _choose_reader(context: int, wanted: str | None) -> str:
    readers = _list_readers(context)
    if not readers:
        raise NoReader("no smart card reader is connected")
    if wanted is not None:
        match = match_reader(wanted, readers)
        if match is None:
            raise NoReader(f"no reader matches {wanted!r}; readers: {', '.join(readers)}")
        return match
    with_card = _readers_with_card(context, readers)
    if not with_card:
        raise NoCard("no reader holds a card")
    return with_card[0]


class PcscConnection:
    """A shared-mode connection to the card in one reader."""

    def __init__(self, context: int, reader: str) -> None:
        self.reader = reader
        self._context = context
        hresult, self._card, self._protocol = scard.SCardConnect(
            context,
            reader,
            scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
        )
        if hresult != scard.SCARD_S_SUCCESS:
            raise _error(hresult, f"connecting to the card in {reader}", NoCard)
        self._atr = self._read_atr()
        self._transmitted = False

    def _read_atr(self) -> bytes:
        hresult, _reader, _state, _protocol, atr = scard.SCardStatus(self._card)
        if hresult != scard.SCARD_S_SUCCESS:
            raise _error(hresult, "reading the card's ATR", NoCard)
        return bytes(atr)

    @property
    def atr(self) -> bytes:
        return self._atr

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        hresult, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        if hresult in (scard.SCARD_W_RESET_CARD, scard.SCARD_W_REMOVED_CARD) and not (
            self._transmitted
        ):
            # Some readers report the card as reset or removed to the first command right
            # after insertion: one reconnect and one retry, never a blind sleep.
            log.info("first APDU after insertion failed (0x%08X): reconnecting", hresult)
            self._reconnect()
            hresult, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        self._transmitted = True
        if hresult == scard.SCARD_E_NOT_TRANSACTED or (
            hresult == scard.SCARD_S_SUCCESS and len(response) < 2
        ):
            raise self._silent_card_error(hresult)
        if hresult != scard.SCARD_S_SUCCESS:
            raise _error(hresult, "talking to the card")
        return split_response(bytes(response))

    def _silent_card_error(self, hresult: int) -> CardError:
        """The card gave no answer. A card pulled mid-command looks like this before pcscd has
        noticed the removal, so give pcscd a moment to tell us which it is."""
        if _wait_card_state(self._context, self.reader, False, REMOVAL_GRACE_SECONDS):
            return CardRemoved("the card was removed during a command", hresult)
        return MalformedResponse("the card gave no answer to a command")

    def _reconnect(self, disposition: int = scard.SCARD_LEAVE_CARD) -> None:
        hresult, self._protocol = scard.SCardReconnect(
            self._card,
            scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
            disposition,
        )
        if hresult != scard.SCARD_S_SUCCESS:
            raise _error(hresult, "reconnecting to the card")

    def reset(self) -> None:
        """Reset the card (warm reset), as another program sharing the reader may do."""
        self._reconnect(scard.SCARD_RESET_CARD)

    def close(self) -> None:
        scard.SCardDisconnect(self._card, scard.SCARD_LEAVE_CARD)
        _release_context(self._context)

    def __enter__(self) -> PcscConnection:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def connect(reader: str | None = None) -> PcscConnection:
    """Connect to the card in `reader` (see `cardreader.readers.match_reader`: exact name,
    stable identity that survives replugging, product name, or a part of the name), or in the
    first reader that holds a card."""
    context = _establish_context()
    try:
        return PcscConnection(context, _choose_reader(context, reader))
    except BaseException:
        _release_context(context)
        raise


EventCallback = Callable[[CardEvent], None]


def _swapped(known_state: int, event_state: int) -> bool:
    """A card taken out and another put in between two waits: still present, but pcsc-lite's
    event counter (the high 16 bits of the state) moved on."""
    present = scard.SCARD_STATE_PRESENT
    return (
        known_state != scard.SCARD_STATE_UNAWARE
        and bool(known_state & present)
        and bool(event_state & present)
        and (known_state >> 16) != (event_state >> 16)
    )


class CardWatcher:
    """Reports readers added/removed and cards inserted/removed as they happen.

    It blocks in SCardGetStatusChange (no polling) and survives pcscd going away: it reports
    SERVICE_LOST, waits `reconnect_delay`, and resumes with SERVICE_RESTORED, re-reporting the
    readers and cards it then finds.
    """

    def __init__(self, wait_ms: int = 5000, reconnect_delay: float = 0.5) -> None:
        self._wait_ms = wait_ms
        self._reconnect_delay = reconnect_delay
        self._stopping = threading.Event()
        self._context: int | None = None
        self._lock = threading.Lock()

    def stop(self) -> None:
        """Make `run` return soon; safe to call from any thread."""
        self._stopping.set()
        with self._lock:
            if self._context is not None:
                scard.SCardCancel(self._context)

    def run(self, emit: EventCallback) -> None:
        readers: dict[str, bool] = {}  # reader -> card present
        service_lost = False
        while not self._stopping.is_set():
            try:
                context = _establish_context()
            except PcscError:
                if not service_lost:
                    self._forget_all(readers, emit)
                    emit(CardEvent(EventKind.SERVICE_LOST))
                    service_lost = True
                self._stopping.wait(self._reconnect_delay)
                continue
            if service_lost:
                emit(CardEvent(EventKind.SERVICE_RESTORED))
                service_lost = False
            with self._lock:
                self._context = context
            try:
                self._watch(context, readers, emit)
            except PcscError as error:
                log.info("watcher lost pcscd: %s", error)
                self._forget_all(readers, emit)
                emit(CardEvent(EventKind.SERVICE_LOST))
                service_lost = True
                self._stopping.wait(self._reconnect_delay)
            finally:
                with self._lock:
                    self._context = None
                _release_context(context)

    @staticmethod
    def _forget_all(readers: dict[str, bool], emit: EventCallback) -> None:
        for reader, present in list(readers.items()):
            if present:
                emit(CardEvent(EventKind.CARD_REMOVED, reader))
            emit(CardEvent(EventKind.READER_REMOVED, reader))
        readers.clear()

    def _watch(self, context: int, readers: dict[str, bool], emit: EventCallback) -> None:
        states: dict[str, int] = {}
        pnp_state = scard.SCARD_STATE_UNAWARE
        while not self._stopping.is_set():
            self._sync_readers(_list_readers(context), readers, states, emit)
            query = [(reader, states[reader]) for reader in readers]
            query.append((PNP_READER, pnp_state))
            hresult, answers = scard.SCardGetStatusChange(context, self._wait_ms, query)
            if hresult in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED, *READER_CHANGED):
                continue  # timeout, stop(), or a reader went between listing and waiting
            if hresult != scard.SCARD_S_SUCCESS:
                raise _error(hresult, "waiting for card events")
            for reader, event_state, atr in answers:
                if reader == PNP_READER:
                    pnp_state = event_state & ~scard.SCARD_STATE_CHANGED
                elif reader in readers:
                    swapped = _swapped(states[reader], event_state)
                    states[reader] = event_state & ~scard.SCARD_STATE_CHANGED
                    if swapped:
                        emit(CardEvent(EventKind.CARD_REMOVED, reader))
                        readers[reader] = False
                    self._card_change(reader, event_state, bytes(atr), readers, emit)

    @staticmethod
    def _sync_readers(
        current: list[str],
        readers: dict[str, bool],
        states: dict[str, int],
        emit: EventCallback,
    ) -> None:
        for reader in [reader for reader in readers if reader not in current]:
            if readers.pop(reader):
                emit(CardEvent(EventKind.CARD_REMOVED, reader))
            states.pop(reader, None)
            emit(CardEvent(EventKind.READER_REMOVED, reader))
        for reader in current:
            if reader not in readers:
                readers[reader] = False
                emit(CardEvent(EventKind.READER_ADDED, reader))
            states.setdefault(reader, scard.SCARD_STATE_UNAWARE)

    @staticmethod
    def _card_change(
        reader: str, event_state: int, atr: bytes, readers: dict[str, bool], emit: EventCallback
    ) -> None:
        present = bool(event_state & scard.SCARD_STATE_PRESENT)
        if present == readers[reader]:
            return
        readers[reader] = present
        kind = EventKind.CARD_INSERTED if present else EventKind.CARD_REMOVED
        emit(CardEvent(kind, reader, atr if present else b""))
