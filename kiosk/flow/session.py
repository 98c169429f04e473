"""One citizen's visit: the only place the application keeps anything about a person.

Ending the session drops every reference to the person's data and cancels the work still under
way for them, so a late answer (a slow API, a read in flight) can never reach the next citizen.
Python cannot scrub strings in memory; what it can do, dropping the last reference so the
garbage collector frees them, happens here and only here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from cardreader.model import CardData
from forms.validation import Answer
from kiosk.api import Entitlements
from kiosk.errors import UserFacingError
from kiosk.worker import Task


@dataclass
class Session:
    """What is known about the citizen now being served."""

    number: int
    cid: str = ""
    card: CardData | None = None
    entitlements: Entitlements | None = None
    entitlements_error: UserFacingError | None = None
    form_id: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    output_pdf: bytes = b""
    output_qr: str = ""
    read_at: dt.datetime | None = None  # when the chip was read (printed on forms)
    ended: bool = False
    tasks: list[Task[Any]] = field(default_factory=list, repr=False)

    def track(self, task: Task[Any]) -> None:
        """Keep `task` to cancel when the session ends; work started after the end (from
        another thread) is cancelled at once."""
        self.tasks.append(task)
        if self.ended:
            task.cancel()


class SessionHolder:
    """Starts and ends sessions; at most one is alive."""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)
        self.current: Session | None = None

    def start(self) -> Session:
        self.end()
        self.current = Session(next(self._numbers))
        return self.current

    def end(self) -> None:
        session, self.current = self.current, None
        if session is None:
            return
        session.ended = True
        for task in session.tasks:
            task.cancel()
        session.tasks.clear()
        session.card = None
        session.entitlements = None
        session.entitlements_error = None
        session.answers.clear()
        session.output_pdf = b""
        session.output_qr = ""
        session.read_at = None
        session.cid = ""

    def is_current(self, session: Session) -> bool:
        return self.current is session
