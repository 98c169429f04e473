"""The application flow headless: a fake View that records what the controllers show, real
workers, the emulated card in process and the sandbox API on loopback. No display, no Kivy."""

from __future__ import annotations

import os
import queue
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cardreader.emulator import CardOptions
from cardreader.events import CardEvent, EventKind
from kiosk.cardslot import DEMO_READER, DemoSlot
from kiosk.config import ApiConfig, AppConfig, DeskConfig, KioskConfig
from kiosk.flow.desk import DeskController
from kiosk.flow.kiosk import KioskController
from kiosk.flow.view import ScreenState
from kiosk.flow.worker import Workers
from kiosk.formcatalogue import FormCatalogue
from kiosk.pin import hash_pin
from kiosk.sandbox import Faults
from kiosk.sandbox.server import SandboxServer
from kiosk.services import Services, build_services

OFFICER_ID, OFFICER_PIN = "staff-0042", "8642"
OFFICERS = (f"{OFFICER_ID}:{hash_pin(OFFICER_PIN, iterations=1000)}",)


class FakeView:
    """Records every state shown or updated; `post` queues work for `run_until` to run, as
    the UI thread would."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self.shown: list[ScreenState] = []
        self.updated: list[ScreenState] = []
        self.idle_warning = ""
        self.clears = 0
        self.beeps = 0
        self.resets = 0  # reset_for_next_citizen calls
        self.staff_called = False
        self._posted: queue.Queue[Callable[[], None]] = queue.Queue()

    @property
    def current(self) -> str:
        return self.shown[-1].screen if self.shown else "attract"

    @property
    def state(self) -> Any:
        return self.shown[-1] if self.shown else None

    def show(self, state: ScreenState) -> None:
        self.shown.append(state)

    def update(self, state: ScreenState) -> None:
        self.updated.append(state)

    def post(self, work: Callable[[], None]) -> None:
        self._posted.put(work)

    def translate(self, key: str, **values: object) -> str:
        return f"{key}{values}" if values else key

    def set_idle_warning(self, text: str) -> None:
        self.idle_warning = text

    def clear(self) -> None:
        self.clears += 1

    def beep(self) -> None:
        self.beeps += 1

    def reset_for_next_citizen(self) -> None:
        self.resets += 1

    def set_staff_called(self, called: bool) -> None:
        self.staff_called = called

    def run_until(self, condition: Callable[[], object], timeout: float = 10.0) -> None:
        """Run posted work until `condition` holds (a bound on waiting, not a speed check)."""
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"gave up waiting for {condition}")
            try:
                work = self._posted.get(timeout=min(remaining, 0.05))
            except queue.Empty:
                continue
            work()

    def run_for(self, seconds: float) -> None:
        """Run whatever is posted during `seconds` (to show that nothing else arrives)."""
        deadline = time.monotonic() + seconds
        self.run_until(lambda: time.monotonic() >= deadline, timeout=seconds + 5)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def api_of(server: SandboxServer) -> ApiConfig:
    return ApiConfig(
        url=server.url,
        consumer_key=server.credentials.key,
        consumer_secret=server.credentials.secret,
        lookup_budget=5.0,
        max_retries=1,
    )


class Flow:
    """A controller with its view, workers, slot and clock."""

    def __init__(
        self, services: Services, *, desk: bool = False, card: CardOptions | None = None
    ) -> None:
        self.view = FakeView()
        self.clock = FakeClock()
        self.workers = Workers.start(self.view.post)
        self.slot: DemoSlot = services.slot  # type: ignore[assignment]
        catalogue = FormCatalogue(services.settings.kiosk.enabled_forms)
        controller_type = DeskController if desk else KioskController
        self.controller: Any = controller_type(
            self.view, services, self.workers, catalogue, clock=self.clock
        )
        self.controller.card_event(CardEvent(EventKind.READER_ADDED, DEMO_READER))

    def insert(self, profile: str) -> None:
        self.slot.insert(profile)
        self.controller.card_event(CardEvent(EventKind.CARD_INSERTED, DEMO_READER))

    def remove(self) -> None:
        self.slot.remove()
        self.controller.card_event(CardEvent(EventKind.CARD_REMOVED, DEMO_READER))

    def sign_in(self) -> None:
        """The desk's officer signs in with a staff id and PIN."""
        self.controller.sign_in_with_pin(OFFICER_ID, OFFICER_PIN)
        self.view.run_until(lambda: self.controller.officer is not None)

    def wait_screen(self, name: str) -> Any:
        self.view.run_until(lambda: self.view.current == name)
        return self.view.state

    def close(self) -> None:
        self.controller.end_session()
        self.workers.shutdown()


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture
def make_flow(sandbox: SandboxServer) -> Iterator[Callable[..., Flow]]:
    flows: list[Flow] = []
    sandbox.set_faults(Faults())

    def make(
        *,
        desk: bool = False,
        card: CardOptions | None = None,
        api: ApiConfig | None = None,
        **kiosk: Any,
    ) -> Flow:
        settings = AppConfig(
            api=api or api_of(sandbox),
            kiosk=KioskConfig(**kiosk),
            desk=DeskConfig(officers=OFFICERS),
        )
        slot = DemoSlot(card or CardOptions())
        flow = Flow(build_services(settings, slot=slot), desk=desk)
        flows.append(flow)
        return flow

    yield make
    for flow in flows:
        flow.close()


@pytest.fixture
def lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An `lp` stand-in on PATH that keeps what it is sent (the printed PDF)."""
    received = tmp_path / "printed.pdf"
    script = tmp_path / "lp"
    script.write_text(f'#!/bin/sh\ncat > {received}\necho "request id is flow-1"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    return received
