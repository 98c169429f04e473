"""Shared fixtures: a real pcscd (session-wide, owned by the tests) and vpcd card slots."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cards import Slot
from tests.support.pcscd import READER_1, PcscDaemon


@pytest.fixture(autouse=True)
def admin_lock_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's admin PIN lockout state in its own folder, never the machine's."""
    path = tmp_path / "admin-lock.json"
    monkeypatch.setenv("ONECARD_ADMIN_LOCK_FILE", str(path))
    return path


@pytest.fixture(scope="session")
def pcscd() -> Iterator[PcscDaemon]:
    daemon = PcscDaemon()
    daemon.start()
    owner = os.getpid()
    yield daemon
    if os.getpid() == owner:  # a forked UI test process leaves its parent's daemon alone
        daemon.stop()


@pytest.fixture
def slot(pcscd: PcscDaemon) -> Iterator[Slot]:
    card_slot = Slot()
    yield card_slot
    card_slot.remove()


@pytest.fixture
def second_slot(pcscd: PcscDaemon) -> Iterator[Slot]:
    card_slot = Slot(READER_1)
    yield card_slot
    card_slot.remove()
