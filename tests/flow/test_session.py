"""The session, the one guard against late results, and the idle timer."""

from __future__ import annotations

import threading

from cardreader.text import Bilingual
from kiosk.errors import UserFacingError
from kiosk.flow.idle import IdleTimer
from kiosk.flow.session import SessionHolder
from kiosk.flow.worker import BackgroundRunner


class Ui:
    def __init__(self) -> None:
        self.posted: list[object] = []

    def post(self, work: object) -> None:
        self.posted.append(work)

    def run(self) -> None:
        while self.posted:
            self.posted.pop(0)()  # type: ignore[operator]


def test_work_started_for_an_ended_session_is_never_started() -> None:
    ui, ran = Ui(), threading.Event()
    runner = BackgroundRunner("test", 1, ui.post)
    holder = SessionHolder()
    session = holder.start()
    holder.end()
    session.run(runner, ran.set, print, print)
    runner.shutdown()
    assert not ran.is_set() and not session.tasks


def test_a_result_that_arrives_after_the_end_reaches_no_one() -> None:
    ui, seen = Ui(), []
    release = threading.Event()
    runner = BackgroundRunner("test", 1, ui.post)
    holder = SessionHolder()
    session = holder.start()
    session.run(runner, lambda: release.wait(5) and "answer", seen.append, seen.append)
    holder.end()
    release.set()
    runner.shutdown()
    ui.run()
    assert seen == []


def test_a_result_reaches_its_handler_while_the_session_lasts() -> None:
    ui, seen = Ui(), []
    done = threading.Event()
    runner = BackgroundRunner("test", 1, ui.post)
    session = SessionHolder().start()
    session.run(runner, lambda: "answer", lambda value: (seen.append(value), done.set()), print)
    while not done.is_set():
        ui.run()
    assert seen == ["answer"]
    runner.shutdown()


def test_guarded_work_does_nothing_after_the_end() -> None:
    holder, seen = SessionHolder(), []
    session = holder.start()
    progress = session.guard(lambda: seen.append("drawn"))
    holder.end()
    progress()
    assert seen == []


def test_ending_wipes_everything_about_the_person() -> None:
    holder = SessionHolder()
    session = holder.start()
    session.cid = "3100700123451"
    session.answers["phone"] = "0812345678"
    session.output_pdf, session.output_qr = b"%PDF", "OC1.x"
    session.disability = UserFacingError(Bilingual("ก", "a"), Bilingual("ข", "b"))
    holder.end()
    assert (session.cid, session.answers, session.output_pdf, session.output_qr) == (
        "",
        {},
        b"",
        "",
    )
    assert session.disability is None and session.card is None and holder.current is None


def test_a_new_session_ends_the_one_before() -> None:
    holder = SessionHolder()
    first = holder.start()
    second = holder.start()
    assert first.ended and not second.ended and holder.current is second
    assert second.number == first.number + 1


def test_the_idle_timer_warns_in_its_last_seconds_then_expires() -> None:
    now = [0.0]
    timer = IdleTimer(60.0, warning=10.0, clock=lambda: now[0])
    now[0] = 49.0
    assert not timer.warning_due() and not timer.expired()
    now[0] = 51.0
    assert timer.warning_due() and timer.remaining() == 9.0
    timer.touch()
    assert not timer.warning_due()
    now[0] += 60.0
    assert timer.expired() and not timer.warning_due()
