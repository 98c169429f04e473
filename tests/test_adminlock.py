"""The admin PIN's rate limit, on a fake clock and a real state file."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import pytest

from kiosk.adminlock import (
    BASE_LOCKOUT,
    MAX_FAILURES,
    MAX_LOCKOUT,
    AdminLock,
    default_state_path,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "admin-lock.json"


def wrong_tries(lock: AdminLock, count: int) -> None:
    for _ in range(count):
        assert lock.begin_attempt()
        lock.failed()


def test_four_wrong_pins_do_not_lock(path: Path, clock: FakeClock) -> None:
    lock = AdminLock(path, clock)
    wrong_tries(lock, MAX_FAILURES - 1)
    assert lock.remaining() == 0
    assert lock.tries_left == 1


def test_the_fifth_wrong_pin_locks_for_thirty_seconds(path: Path, clock: FakeClock) -> None:
    lock = AdminLock(path, clock)
    wrong_tries(lock, MAX_FAILURES)
    assert lock.remaining() == BASE_LOCKOUT == 30
    assert lock.tries_left == 0
    assert not lock.begin_attempt()  # refused unchecked while locked
    clock.now += 29
    assert lock.remaining() == 1
    assert not lock.begin_attempt()
    clock.now += 1
    assert lock.remaining() == 0
    assert lock.begin_attempt()


def test_each_further_lockout_doubles(path: Path, clock: FakeClock) -> None:
    lock = AdminLock(path, clock)
    seen = []
    for _ in range(4):
        wrong_tries(lock, MAX_FAILURES)
        seen.append(lock.remaining())
        clock.now += lock.remaining()
    assert seen == [30, 60, 120, 240]


def test_lockouts_stop_growing_at_a_day(path: Path, clock: FakeClock) -> None:
    lock = AdminLock(path, clock)
    for _ in range(70):
        wrong_tries(lock, MAX_FAILURES)
        clock.now += lock.remaining()
    wrong_tries(lock, MAX_FAILURES)
    assert lock.remaining() == MAX_LOCKOUT
    assert AdminLock(lock.path, clock).remaining() == MAX_LOCKOUT  # the file is still sound


def test_a_right_pin_clears_the_count_and_the_doubling(path: Path, clock: FakeClock) -> None:
    lock = AdminLock(path, clock)
    wrong_tries(lock, MAX_FAILURES)
    clock.now += 30
    wrong_tries(lock, MAX_FAILURES - 1)
    assert lock.begin_attempt()
    lock.succeeded()
    assert lock.remaining() == 0 and lock.tries_left == MAX_FAILURES
    wrong_tries(lock, MAX_FAILURES)
    assert lock.remaining() == 30


def test_tries_checked_at_once_all_count(path: Path, clock: FakeClock) -> None:
    """Each try counts when it starts: six taps before any answer give five checks, not six."""
    lock = AdminLock(path, clock)
    started = [lock.begin_attempt() for _ in range(MAX_FAILURES + 1)]
    assert started == [True] * MAX_FAILURES + [False]


def test_the_lockout_survives_a_restart(path: Path, clock: FakeClock) -> None:
    wrong_tries(AdminLock(path, clock), MAX_FAILURES)
    clock.now += 10
    restarted = AdminLock(path, clock)
    assert restarted.remaining() == 20
    assert not restarted.begin_attempt()


def test_wrong_tries_survive_a_restart(path: Path, clock: FakeClock) -> None:
    wrong_tries(AdminLock(path, clock), MAX_FAILURES - 1)
    restarted = AdminLock(path, clock)
    wrong_tries(restarted, 1)
    assert restarted.remaining() == 30


def test_the_doubling_survives_a_restart(path: Path, clock: FakeClock) -> None:
    lock = AdminLock(path, clock)
    wrong_tries(lock, MAX_FAILURES)
    clock.now += 30
    restarted = AdminLock(path, clock)
    wrong_tries(restarted, MAX_FAILURES)
    assert restarted.remaining() == 60


def test_a_clock_set_back_does_not_lengthen_a_lockout(path: Path, clock: FakeClock) -> None:
    lock = AdminLock(path, clock)
    wrong_tries(lock, MAX_FAILURES)
    clock.now -= 10 * 365 * 86400
    assert lock.remaining() == 30


def test_the_state_file_holds_counts_and_a_time_only(path: Path, clock: FakeClock) -> None:
    lock = AdminLock(path, clock)
    wrong_tries(lock, 3)
    data = json.loads(path.read_text("utf-8"))
    assert data == {
        "failures": 3,
        "lockouts": 0,
        "locked_until": 0.0,
        "lockout_seconds": 0.0,
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(path.parent) == [path.name]  # no temporary file left


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe garbage",
        b"[]",
        b'{"failures": 0}',
        b'{"failures": -1, "lockouts": 0, "locked_until": 0, "lockout_seconds": 0}',
        b'{"failures": "0", "lockouts": 0, "locked_until": 0, "lockout_seconds": 0}',
        b'{"failures": 0, "lockouts": 0, "locked_until": NaN, "lockout_seconds": 0}',
        b'{"failures": true, "lockouts": 0, "locked_until": 0, "lockout_seconds": 0}',
    ],
    ids=[
        "empty",
        "not-json",
        "not-utf8",
        "list",
        "fields-missing",
        "negative",
        "string",
        "nan",
        "bool",
    ],
)
def test_a_corrupt_state_file_fails_closed(
    path: Path, clock: FakeClock, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    lock = AdminLock(path, clock)
    with caplog.at_level(logging.ERROR, logger="kiosk.adminlock"):
        assert lock.remaining() == BASE_LOCKOUT
    assert not lock.begin_attempt()
    assert "unusable" in caplog.text
    clock.now += BASE_LOCKOUT
    assert lock.begin_attempt()  # locked for the base lockout, not for ever
    assert json.loads(path.read_text("utf-8"))["failures"] == 1  # the file is sound again


def test_an_unreadable_state_file_fails_closed(
    tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    directory = tmp_path / "a-directory-not-a-file"
    directory.mkdir()
    lock = AdminLock(directory, clock)
    with caplog.at_level(logging.ERROR, logger="kiosk.adminlock"):
        assert lock.remaining() == BASE_LOCKOUT
    assert "unusable (IsADirectoryError)" in caplog.text
    assert "not saved" in caplog.text


def test_an_unwritable_place_still_limits_tries_in_memory(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    lock = AdminLock(Path("/proc/no-such-place/admin-lock.json"), clock)
    with caplog.at_level(logging.ERROR, logger="kiosk.adminlock"):
        wrong_tries(lock, MAX_FAILURES)
    assert lock.remaining() == 30
    assert "not saved" in caplog.text


def test_logs_say_what_happened_without_the_pin(
    path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    lock = AdminLock(path, clock)
    with caplog.at_level(logging.INFO, logger="kiosk.adminlock"):
        wrong_tries(lock, MAX_FAILURES)
        assert not lock.begin_attempt()
        clock.now += 30
        assert lock.begin_attempt()
        lock.succeeded()
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "admin PIN wrong (1 of 5 before a lockout)",
        "admin PIN wrong (2 of 5 before a lockout)",
        "admin PIN wrong (3 of 5 before a lockout)",
        "admin PIN wrong (4 of 5 before a lockout)",
        "admin PIN wrong 5 times: locked out for 30 s (lockout 1)",
        "admin PIN refused unchecked: locked out, 30 s left",
        "admin PIN accepted",
    ]


def test_the_state_file_is_found_where_the_deployment_keeps_state(tmp_path: Path) -> None:
    assert default_state_path({"ONECARD_ADMIN_LOCK_FILE": "/x/lock.json"}) == Path("/x/lock.json")
    assert default_state_path({"STATE_DIRECTORY": "/var/lib/onecard"}) == Path(
        "/var/lib/onecard/admin-lock.json"
    )
    if not os.access("/var/lib/onecard", os.W_OK):
        assert default_state_path({"XDG_STATE_HOME": str(tmp_path)}) == (
            tmp_path / "onecard" / "admin-lock.json"
        )
