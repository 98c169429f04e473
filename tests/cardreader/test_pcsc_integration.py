"""The whole stack as a kiosk has it: pyscard -> real pcscd -> vpcd driver -> our emulator."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable

import pytest

from cardreader import pcsc
from cardreader.emulator import ATR_2016, ATR_OLD, demo_card_data, list_profiles
from cardreader.errors import ApduError, CardRemoved, NoCard, NoReader
from cardreader.events import CardEvent, EventKind
from cardreader.reader import read_card
from tests.support.cards import Slot, make_card
from tests.support.pcscd import READER_0, PcscDaemon

pytestmark = pytest.mark.pcsc

FULL_READ_APDUS = 43  # somchai's full read with photo: SELECT, 3 text READs, 18 photo READs


def read_in(reader: str, *, photo: bool = False, on_cid: Callable[[str], None] | None = None):
    with pcsc.connect(reader) as connection:
        return read_card(connection, photo=photo, on_cid=on_cid)


@pytest.mark.parametrize("atr", [ATR_2016, ATR_OLD], ids=["atr-3B79", "atr-3B68"])
@pytest.mark.parametrize("profile_id", list_profiles())
def test_full_read_equals_profile(slot: Slot, profile_id: str, atr: bytes) -> None:
    slot.insert(make_card(profile_id, atr=atr))
    with pcsc.connect(READER_0) as connection:
        assert connection.atr == atr
        card = read_card(connection, photo=True)
    assert card == demo_card_data(profile_id, photo=True)
    assert card.photo is not None and card.photo.endswith(b"\xff\xd9")


@pytest.mark.parametrize(
    "variant",
    [{"t1_style": True}, {"wrong_length_first": True}, {"nul_padding": True}],
    ids=["T1-style-9000", "6Cxx-resend", "NUL-padding"],
)
def test_protocol_variants_over_pcsc(slot: Slot, variant: dict[str, bool]) -> None:
    slot.insert(make_card("wichai", **variant))
    assert read_in(READER_0, photo=True) == demo_card_data("wichai", photo=True)


def test_card_removed_at_every_apdu_gives_card_removed(slot: Slot) -> None:
    probe = make_card("somchai")
    slot.insert(probe)
    read_in(READER_0, photo=True)
    total = probe.apdu_count
    assert total == FULL_READ_APDUS
    for answered in range(total):
        slot.insert(make_card("somchai", remove_after=answered))
        with pytest.raises(CardRemoved):
            read_in(READER_0, photo=True)
        slot.current = None  # the card pulled itself out
        assert pcsc.wait_for_card(READER_0, present=False, timeout=10)


def test_bad_status_word_is_a_typed_error_over_pcsc(slot: Slot) -> None:
    slot.insert(make_card("malee", bad_status_at=4, bad_status=0x6A86))
    with pytest.raises(ApduError) as raised:
        read_in(READER_0)
    assert raised.value.sw == 0x6A86


def test_swap_between_reads_never_mixes_people(slot: Slot) -> None:
    slot.insert(make_card("somchai"))
    first = read_in(READER_0)
    slot.insert(make_card("malee"))
    second = read_in(READER_0)
    assert first == demo_card_data("somchai")
    assert second == demo_card_data("malee")


def test_swap_during_a_read_is_card_removed_not_a_mixed_person(slot: Slot) -> None:
    slot.insert(make_card("somchai"))

    def swap(cid: str) -> None:
        slot.insert(make_card("malee"))

    with pytest.raises(CardRemoved):
        read_in(READER_0, on_cid=swap)
    assert read_in(READER_0) == demo_card_data("malee")


def test_reset_by_another_program_before_first_apdu_is_retried(slot: Slot) -> None:
    slot.insert(make_card("boonmee"))
    with pcsc.connect(READER_0) as connection, pcsc.connect(READER_0) as other:
        other.reset()
        card = read_card(connection)
    assert card == demo_card_data("boonmee")


def test_no_card_and_unknown_reader(pcscd: PcscDaemon) -> None:
    with pytest.raises(NoCard):
        pcsc.connect()
    with pytest.raises(NoReader):
        pcsc.connect("no such reader")


class EventLog:
    def __init__(self) -> None:
        self.events: list[CardEvent] = []
        self._changed = threading.Condition()

    def __call__(self, event: CardEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def wait_for(self, kind: EventKind, reader: str = "", after: int = 0) -> CardEvent:
        def found() -> CardEvent | None:
            return next(
                (
                    event
                    for event in self.events[after:]
                    if event.kind == kind and (not reader or event.reader == reader)
                ),
                None,
            )

        with self._changed:
            self._changed.wait_for(lambda: found() is not None, timeout=15)
            event = found()
        assert event is not None, f"no {kind} event; got {self.events}"
        return event


@pytest.fixture
def watching(pcscd: PcscDaemon):
    log = EventLog()
    watcher = pcsc.CardWatcher(wait_ms=2000, reconnect_delay=0.1)
    thread = threading.Thread(target=watcher.run, args=(log,), daemon=True)
    thread.start()
    yield log
    watcher.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_watcher_reports_readers_and_cards(slot: Slot, watching: EventLog) -> None:
    watching.wait_for(EventKind.READER_ADDED, READER_0)
    slot.insert(make_card("suda"))
    inserted = watching.wait_for(EventKind.CARD_INSERTED, READER_0)
    assert inserted.atr == ATR_2016
    slot.remove()
    watching.wait_for(EventKind.CARD_REMOVED, READER_0)


def test_watcher_survives_pcscd_killed_and_restarted(
    pcscd: PcscDaemon, slot: Slot, watching: EventLog
) -> None:
    watching.wait_for(EventKind.READER_ADDED, READER_0)
    pcscd.stop(signal.SIGKILL)
    lost = watching.wait_for(EventKind.SERVICE_LOST)
    mark = watching.events.index(lost)
    time.sleep(0.2)  # let the watcher fail at least one reconnect while pcscd is down
    pcscd.start()
    watching.wait_for(EventKind.SERVICE_RESTORED, after=mark)
    watching.wait_for(EventKind.READER_ADDED, READER_0, after=mark)
    slot.insert(make_card("john"))
    watching.wait_for(EventKind.CARD_INSERTED, READER_0, after=mark)
    assert read_in(READER_0) == demo_card_data("john")
