"""The background runners, headless: `post` is a list the test drains as the UI thread would.

What matters: results reach their handlers on the "UI thread", a cancelled task's never do, and
a runner that has been shut down refuses work quietly (a cancelled task, a debug line) instead
of raising into the caller, which at app exit is often the card thread or the UI loop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import pytest

from kiosk.errors import UserFacingError
from kiosk.flow.worker import BackgroundRunner, Workers


class UiThread:
    """Stands in for Kivy's clock: `post` queues, `run` runs what was posted."""

    def __init__(self) -> None:
        self.posted: list[Callable[[], None]] = []

    def post(self, work: Callable[[], None]) -> None:
        self.posted.append(work)

    def run(self) -> None:
        while self.posted:
            self.posted.pop(0)()


class Outcomes:
    def __init__(self) -> None:
        self.done: list[Any] = []
        self.errors: list[UserFacingError] = []

    @property
    def none(self) -> bool:
        return not self.done and not self.errors


def join_threads(name: str) -> None:
    """Wait until every pool thread of runner `name` has ended (after `shutdown()` they do
    once their job and its done-callbacks have run)."""
    for thread in threading.enumerate():
        if thread.name.startswith(f"{name}_"):
            thread.join()


def flush(runner: BackgroundRunner) -> None:
    """On a one-thread runner: wait until everything submitted so far has finished and posted
    its outcome (a later job has started), without a timeout."""
    later = threading.Event()
    runner.submit(later.set, lambda _: None, lambda _: None)
    later.wait()


def test_a_result_reaches_on_done_only_on_the_ui_thread() -> None:
    ui, seen = UiThread(), Outcomes()
    runner = BackgroundRunner("t-done", 1, ui.post)
    runner.submit(lambda: 42, seen.done.append, seen.errors.append)
    flush(runner)
    assert seen.none  # posted, not run: handlers run on the UI thread only
    ui.run()
    runner.shutdown()
    assert seen.done == [42] and not seen.errors


def test_an_error_reaches_on_error_as_a_user_facing_error_without_its_message() -> None:
    ui, seen = UiThread(), Outcomes()
    runner = BackgroundRunner("t-error", 1, ui.post)

    def broken() -> None:
        raise ValueError("a parser quoting a name")

    runner.submit(broken, seen.done.append, seen.errors.append)
    flush(runner)
    ui.run()
    runner.shutdown()
    assert not seen.done
    assert [type(error) for error in seen.errors] == [UserFacingError]
    assert "a parser quoting a name" not in f"{seen.errors[0].what} {seen.errors[0].action}"


def test_a_task_cancelled_while_its_job_runs_never_runs_its_handlers() -> None:
    ui, seen = UiThread(), Outcomes()
    runner = BackgroundRunner("t-cancel", 1, ui.post)
    release = threading.Event()
    task = runner.submit(release.wait, seen.done.append, seen.errors.append)
    task.cancel()
    release.set()
    flush(runner)
    ui.run()
    runner.shutdown()
    assert seen.none


def test_a_result_already_posted_is_dropped_when_its_task_is_cancelled() -> None:
    ui, seen = UiThread(), Outcomes()
    runner = BackgroundRunner("t-late", 1, ui.post)
    task = runner.submit(lambda: "late answer", seen.done.append, seen.errors.append)
    flush(runner)
    assert ui.posted
    task.cancel()  # the session ended before the UI thread got to the answer
    ui.run()
    runner.shutdown()
    assert seen.none


@pytest.mark.parametrize("name", ["card", "network", "cpu", "printing"])
def test_work_submitted_after_shutdown_is_a_cancelled_task_not_a_crash(
    name: str, caplog: pytest.LogCaptureFixture
) -> None:
    ui, seen = UiThread(), Outcomes()
    ran = threading.Event()
    workers = Workers.start(ui.post)
    runner: BackgroundRunner = getattr(workers, name)
    workers.shutdown()
    with caplog.at_level(logging.DEBUG, logger="kiosk.flow.worker"):
        task = runner.submit(ran.set, seen.done.append, seen.errors.append)
    assert task.cancelled
    ui.run()
    assert seen.none and not ran.is_set() and not ui.posted
    assert any("after shutdown" in record.getMessage() for record in caplog.records)
    assert all(record.levelno == logging.DEBUG for record in caplog.records)


def test_shutting_down_twice_is_harmless() -> None:
    runner = BackgroundRunner("t-twice", 1, UiThread().post)
    runner.shutdown()
    runner.shutdown()
    assert runner.submit(lambda: 1, lambda _: None, lambda _: None).cancelled


def test_queued_work_is_cancelled_by_shutdown_without_a_callback_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The job still waiting for the one card thread is cancelled; its done-callback must not
    trip over the cancelled future (concurrent.futures would log 'exception calling callback')."""
    ui, seen = UiThread(), Outcomes()
    runner = BackgroundRunner("t-queued", 1, ui.post)
    started, release = threading.Event(), threading.Event()

    def running() -> None:
        started.set()
        release.wait()

    runner.submit(running, lambda _: None, lambda _: None)
    started.wait()
    with caplog.at_level(logging.DEBUG):
        queued = runner.submit(lambda: "never", seen.done.append, seen.errors.append)
        runner.shutdown()
        assert queued.cancelled  # at once: shutdown cancelled the waiting future
        release.set()
        join_threads("t-queued")
    ui.run()
    assert seen.none
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_the_result_of_a_job_running_at_shutdown_goes_nowhere() -> None:
    ui, seen = UiThread(), Outcomes()
    runner = BackgroundRunner("t-running", 1, ui.post)
    started, release = threading.Event(), threading.Event()

    def running() -> str:
        started.set()
        release.wait()
        return "answer for the citizen who left"

    task = runner.submit(running, seen.done.append, seen.errors.append)
    started.wait()
    runner.shutdown()
    release.set()
    join_threads("t-running")
    ui.run()
    assert seen.none and task.cancelled


def test_a_result_posted_just_before_shutdown_is_dropped() -> None:
    ui, seen = UiThread(), Outcomes()
    runner = BackgroundRunner("t-posted", 1, ui.post)
    runner.submit(lambda: "answer", seen.done.append, seen.errors.append)
    flush(runner)
    assert ui.posted
    runner.shutdown()  # the app stops with the answer still in the UI thread's queue
    ui.run()
    assert seen.none


def test_submitting_from_another_thread_while_shutting_down_never_raises() -> None:
    """The card thread starts the lookup (`on_cid`) while the UI thread stops the app."""
    ui = UiThread()
    runner = BackgroundRunner("t-race", 2, ui.post)
    failures: list[BaseException] = []
    tasks = []
    stop_submitting = threading.Event()
    shut = threading.Event()

    def card_thread() -> None:
        try:
            while not stop_submitting.is_set():
                tasks.append(runner.submit(lambda: 1, lambda _: None, lambda _: None))
                if shut.is_set():  # a few more after the shutdown
                    for _ in range(100):
                        tasks.append(runner.submit(lambda: 1, lambda _: None, lambda _: None))
                    stop_submitting.set()
        except BaseException as error:  # the test reports any
            failures.append(error)
            stop_submitting.set()

    thread = threading.Thread(target=card_thread)
    thread.start()
    while len(tasks) < 50:
        pass
    runner.shutdown()
    shut.set()
    thread.join()
    join_threads("t-race")
    ui.run()
    assert failures == []
    assert all(task.cancelled for task in tasks[-100:])
