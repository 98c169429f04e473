"""One citizen's visit: the only place the application keeps anything about a person.

Ending the session drops every reference to the person's data and cancels the work still under
way for them, so a late answer (a slow API, a read in flight) can never reach the next citizen.
Python cannot scrub strings in memory; what it can do, dropping the last reference so the
garbage collector frees them, happens here and only here.

The one guard against late results is `Session.run`: work for a session is started through it,
and its result reaches the handlers (on the UI thread) only while the session lasts. A handler
therefore never has to ask whether its session is still the current one.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from cardreader.model import CardData
from cardreader.nhso import HealthInsuranceCard
from forms.validation import Answer
from kiosk.api import (
    CardCheck,
    Entitlements,
    HealthInsuranceRight,
)
from kiosk.errors import UserFacingError
from kiosk.flow.view import DisabilityRecords, Role
from kiosk.flow.worker import BackgroundRunner, Task
from kiosk.receive import Received

T = TypeVar("T")


@dataclass
class Session:
    """What is known about the citizen now being served."""

    number: int
    cid: str = ""
    card: CardData | None = None
    entitlements: Entitlements | None = None
    entitlements_error: UserFacingError | None = None
    disability: DisabilityRecords | UserFacingError | None = None  # the desk's records
    # The health-insurance right: the API's answer (or why there is none), the chip's copy.
    health_right: HealthInsuranceRight | UserFacingError | None = None
    health_card: HealthInsuranceCard | None = None  # the chip's NHSO applet
    health_card_read: bool = False  # True once read: None then means the card has none
    health_cid: str = ""  # whose right `health_right`/`health_card` are (or are being looked up)
    health_done: bool = False  # ... and it is in, or known not to be had
    print_waiting: bool = False  # a print was asked for while it was being looked up
    card_check: CardCheck | None = None  # the civil registry's word on the card (desk)
    received: list[Received] = field(default_factory=list)  # kiosk forms scanned (desk)
    form_id: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    output_pdf: bytes = b""
    output_qr: str = ""
    read_at: dt.datetime | None = None  # when the chip was read (printed on forms)
    # Applying for someone else: `card` is always the applicant's, `representative` the card
    # of the person filing for them; `proxy_role` is whose card was read first (None: no proxy).
    representative: CardData | None = None
    representative_read_at: dt.datetime | None = None
    proxy_role: Role | None = None  # whose card was read first
    proxy_step: str = ""  # where the proxy flow is (the controller's own words)
    printed: bool = False  # a form was printed in this session (desk)
    ended: bool = False
    tasks: list[Task[Any]] = field(default_factory=list, repr=False)

    def run(
        self,
        runner: BackgroundRunner,
        job: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[UserFacingError], None],
    ) -> None:
        """Run `job` for this session on `runner` (callable from any thread); `on_done` or
        `on_error` runs on the UI thread only while the session lasts. Nothing is started for
        a session that has ended: no question is asked about a citizen who has left."""
        if self.ended:
            return
        task = runner.submit(job, on_done, on_error)
        self.tasks.append(task)
        if self.ended:  # ended on the UI thread while this thread was submitting
            task.cancel()

    def forget_health_right(self) -> None:
        """Drop the health-insurance right and whose it was (a lookup still under way for it
        then finds its person gone and is dropped: `health_for`)."""
        self.health_right, self.health_card, self.health_card_read = None, None, False
        self.health_cid, self.health_done = "", False

    def health_for(self, cid: str) -> bool:
        """The health-insurance right held (or being looked up) is `cid`'s, and `cid` is the
        applicant's: never another person's right on this person's form."""
        return (
            bool(cid) and self.health_cid == cid and self.card is not None and self.card.cid == cid
        )

    def guard(self, work: Callable[[], None]) -> Callable[[], None]:
        """`work`, made to do nothing once the session has ended (for progress posted to the
        UI thread outside `run`)."""
        return lambda: None if self.ended else work()


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
        for task in list(session.tasks):
            task.cancel()
        session.tasks.clear()
        session.card = None
        session.entitlements = None
        session.entitlements_error = None
        session.disability = None
        session.forget_health_right()
        session.print_waiting = False
        session.card_check = None
        session.received.clear()
        session.answers.clear()
        session.output_pdf = b""
        session.output_qr = ""
        session.read_at = None
        session.representative = None
        session.representative_read_at = None
        session.proxy_role = None
        session.proxy_step = ""
        session.printed = False
        session.cid = ""
        session.form_id = ""
