"""The kiosk on real readers (pcscd + vpcd + the emulator): the configured reader only, chosen
by its stable identity, and pcscd restarting under a running kiosk recovered without a restart
of OneCard."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from cardreader.readers import reader_identity
from kiosk.cardslot import PcscSlot
from kiosk.config import AppConfig
from kiosk.flow.kiosk import KioskController
from kiosk.flow.view import AttractState, ErrorState, HelloState, NoticeState
from kiosk.flow.worker import Workers
from kiosk.formcatalogue import FormCatalogue
from kiosk.services import build_services
from tests.flow.conftest import FakeView
from tests.support.cards import Slot, make_card
from tests.support.pcscd import READER_1, PcscDaemon

pytestmark = pytest.mark.pcsc


class RunningKiosk:
    """A kiosk controller fed by the real card watcher, on its own thread, as the app runs it."""

    def __init__(self, reader: str) -> None:
        self.view = FakeView()
        self.workers = Workers.start(self.view.post)
        services = build_services(AppConfig(), slot=PcscSlot(reader))
        self.slot = services.slot
        self.controller = KioskController(self.view, services, self.workers, FormCatalogue())
        self.thread = threading.Thread(target=self.slot.watch, args=(self._event,), daemon=True)
        self.thread.start()

    def _event(self, event: object) -> None:
        self.view.post(lambda: self.controller.card_event(event))  # type: ignore[arg-type]

    def close(self) -> None:
        self.slot.stop()
        self.workers.shutdown()


@pytest.fixture
def kiosk_on_reader_1(pcscd: PcscDaemon) -> Iterator[RunningKiosk]:
    kiosk = RunningKiosk(reader_identity(READER_1))  # chosen by its stable identity
    yield kiosk
    kiosk.close()


def test_only_the_configured_reader_is_the_kiosks(
    kiosk_on_reader_1: RunningKiosk, slot: Slot, second_slot: Slot
) -> None:
    kiosk = kiosk_on_reader_1
    kiosk.view.run_until(lambda: READER_1 in kiosk.controller.readers)
    slot.insert(make_card("somchai"))  # in the other reader
    kiosk.view.run_for(0.5)
    assert not [state for state in kiosk.view.shown if isinstance(state, NoticeState)]
    second_slot.insert(make_card("malee"))
    kiosk.view.run_until(lambda: isinstance(kiosk.view.state, NoticeState))
    kiosk.controller.accept_notice()
    kiosk.view.run_until(lambda: isinstance(kiosk.view.state, HelloState))
    assert kiosk.view.state.name.en == "Miss Malee Srisuk"


def test_pcscd_restarting_under_a_running_kiosk_is_recovered(
    kiosk_on_reader_1: RunningKiosk, pcscd: PcscDaemon, second_slot: Slot
) -> None:
    kiosk = kiosk_on_reader_1
    kiosk.view.run_until(lambda: READER_1 in kiosk.controller.readers)
    pcscd.restart()
    kiosk.view.run_until(lambda: isinstance(kiosk.view.state, AttractState), timeout=20)
    assert any(isinstance(state, ErrorState) for state in kiosk.view.shown)  # said while down
    second_slot.insert(make_card("malee"))  # a card works again, without restarting OneCard
    kiosk.view.run_until(lambda: isinstance(kiosk.view.state, NoticeState), timeout=20)
