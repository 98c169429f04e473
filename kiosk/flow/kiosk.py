"""The citizen kiosk's flow: attract -> notice -> reading -> hello -> entitlements / forms ->
review -> output -> done. It reacts to card events, owns the session, and tells the view what
to show with typed states (kiosk.flow.view); it never touches a widget.

Everything here runs on the UI thread; card and network work goes to the workers through
`Session.run`, so results come back only while the session they belong to lasts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from functools import cached_property
from typing import Any

from cardreader.errors import NoReader
from cardreader.events import CardEvent, EventKind
from cardreader.model import CardData
from cardreader.text import Bilingual
from forms import FilledForm, FormDefinition, FormOutput, Outcome, fill, produce
from forms.validation import Answer
from kiosk.adminlock import AdminLock, default_state_path
from kiosk.api import Entitlements
from kiosk.errors import UserFacingError, card_error_message
from kiosk.flow.idle import IdleTimer
from kiosk.flow.session import Session, SessionHolder
from kiosk.flow.view import (
    AdminState,
    AttractState,
    DeclinedState,
    DoneState,
    EntitlementsState,
    ErrorState,
    FormChoice,
    FormsState,
    HelloState,
    NoticeState,
    OutputState,
    PrintStatus,
    ReadingState,
    ReviewState,
    ScreenState,
    Verdict,
    View,
)
from kiosk.flow.visit import VisitCallbacks, VisitWork
from kiosk.flow.worker import Workers
from kiosk.formcatalogue import FormCatalogue
from kiosk.pin import check_pin
from kiosk.printing import print_pdf, test_page
from kiosk.services import Services

READER_GRACE_SECONDS = 3.0  # the watcher reports the readers there are within this time
SCREENS_WITHOUT_SESSION = frozenset({"attract", "declined", "done", "error", "admin"})
READER_SERVICE_LOST = UserFacingError(
    Bilingual("ระบบอ่านบัตรหยุดทำงาน", "The card reader service stopped."),
    Bilingual("กำลังเชื่อมต่อใหม่ กรุณารอสักครู่", "Reconnecting; please wait a moment."),
    retryable=True,
)


def form_choices(forms: dict[str, FormDefinition], card: CardData | None) -> tuple[FormChoice, ...]:
    """Each form with what the card can tell about its eligibility rules."""
    choices = []
    for form in forms.values():
        verdict = Verdict.CHECK
        if card is not None:
            outcomes = {hint.outcome for hint in fill(form, card).hints}
            if Outcome.NOT_MET in outcomes:
                verdict = Verdict.NOT_ELIGIBLE
            elif Outcome.MET in outcomes:  # what the card can tell is met
                verdict = Verdict.ELIGIBLE
        choices.append(FormChoice(form.id, form.title, verdict))
    return tuple(choices)


class KioskController:
    def __init__(
        self,
        view: View,
        services: Services,
        workers: Workers,
        catalogue: FormCatalogue | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.view = view
        self.services = services
        self.settings = services.settings
        self.workers = workers
        self.sessions = SessionHolder()
        self.idle = IdleTimer(self.settings.kiosk.idle_timeout, clock=clock)
        self.clock = clock
        self.card_present = False
        self.readers: set[str] = set()
        self.waiting_for_reader = False
        self.started = clock()
        self.visit = VisitWork(
            services.slot,
            workers,
            services.client,
            VisitCallbacks(
                self._card_read,
                self._card_failed,
                self._entitlements_ready,
                self._entitlements_failed,
            ),
            purpose="kiosk-entitlements",
        )
        self.catalogue = catalogue or FormCatalogue(self.settings.kiosk.enabled_forms)
        self._admin = AdminState(self.admin_lock)

    @property
    def forms(self) -> dict[str, FormDefinition]:
        return self.catalogue.forms

    @property
    def session(self) -> Session | None:
        return self.sessions.current

    # Card events ----------------------------------------------------------------------------

    def card_event(self, event: CardEvent) -> None:
        if event.kind is EventKind.READER_ADDED:
            self.readers.add(event.reader)
            if self.waiting_for_reader:
                self.start_over()
        elif event.kind is EventKind.READER_REMOVED:
            self.readers.discard(event.reader)
            if not self.readers:
                self._show_no_reader()
        elif event.kind is EventKind.CARD_INSERTED:
            self.card_present = True
            if self.view.current != "admin":
                self._begin()
        elif event.kind is EventKind.CARD_REMOVED:
            self.card_present = False
            if self.view.current != "admin":
                self.start_over()
        elif event.kind is EventKind.SERVICE_LOST:
            self.card_present = False
            self.readers.clear()
            self.end_session()
            self.view.show(ErrorState(READER_SERVICE_LOST))
        elif event.kind is EventKind.SERVICE_RESTORED and self.view.current == "error":
            self.start_over()

    def _show_no_reader(self) -> None:
        self.end_session()
        self.waiting_for_reader = True
        self.view.show(ErrorState(card_error_message(NoReader("no reader"))))

    def _begin(self) -> None:
        self.end_session()
        self.sessions.start()
        self.idle.touch()
        self.view.show(NoticeState())

    # The citizen's choices ------------------------------------------------------------------

    def accept_notice(self) -> None:
        session = self.session
        if session is None:
            return
        self.view.show(ReadingState())
        self.visit.read_card(session)

    def decline_notice(self) -> None:
        self.end_session()
        self.view.show(DeclinedState())

    def show_hello(self) -> None:
        session = self.session
        if session is not None and session.card is not None:
            self._show_in_session(self._hello(session.card))

    def show_entitlements(self) -> None:
        session = self.session
        if session is not None:
            self._show_in_session(self._entitlements(session))

    def show_forms(self) -> None:
        session = self.session
        if session is not None:
            self._show_in_session(FormsState(form_choices(self.forms, session.card)))

    def show_review(self) -> None:
        session = self.session
        if session is not None:
            filled = self._filled(session)
            if filled is not None:
                self._show_in_session(ReviewState(filled, dict(session.answers)))

    def choose_form(self, form_id: str) -> None:
        session = self.session
        if session is not None and form_id in self.forms:
            session.form_id = form_id
            session.answers = {}
            self.show_review()

    def keep_answers(self, answers: dict[str, Answer]) -> None:
        """What the citizen typed so far (kept across a language switch and "back")."""
        if self.session is not None:
            self.session.answers = {key: value for key, value in answers.items() if value != ""}

    def submit_answers(self, answers: dict[str, Answer]) -> None:
        session = self.session
        if session is None or session.card is None:
            return
        self.keep_answers(answers)
        filled = self._filled(session)
        if filled is None:
            return
        if filled.problems:
            self._show_in_session(ReviewState(filled, dict(session.answers)))
            return
        kiosk_id = self.settings.api.kiosk_id
        services = self.services
        read_at, demo = session.read_at, services.sample_data

        session.run(
            self.workers.cpu,
            lambda: produce(filled, kiosk_id, services.signing_key(), read_at=read_at, demo=demo),
            lambda output: self._output_ready(session, output),
            lambda error: self._failed(session, error, retry=None),
        )

    def _output_ready(self, session: Session, output: FormOutput) -> None:
        session.output_pdf, session.output_qr = output.pdf, output.qr.text
        self._show_in_session(OutputState(output.qr.text))

    def print_form(self) -> None:
        session = self.session
        if session is None or not session.output_pdf:
            return
        qr_text, pdf, printer = session.output_qr, session.output_pdf, self.services.printer
        self.view.show(OutputState(qr_text, PrintStatus.PRINTING))
        session.run(
            self.workers.printing,
            lambda: print_pdf(pdf, printer),
            lambda _job: self.view.show(OutputState(qr_text, PrintStatus.PRINTED)),
            lambda error: self.view.show(OutputState(qr_text, PrintStatus.FAILED, error)),
        )

    def retry_entitlements(self) -> None:
        session = self.session
        if session is not None and session.card is not None:
            session.entitlements_error = None
            self.visit.look_up(session, session.card.cid)
            self.view.show(self._entitlements(session))

    def finish(self) -> None:
        self.end_session()
        self.view.show(DoneState() if self.card_present else AttractState())

    def start_over(self) -> None:
        self.waiting_for_reader = False
        self.end_session()
        self.view.show(AttractState(card_left_in=self.card_present))

    def _show_in_session(self, state: ScreenState) -> None:
        self.idle.touch()
        self.view.show(state)

    # What the screens are drawn from --------------------------------------------------------

    def _hello(self, card: CardData) -> HelloState:
        name = Bilingual(card.name_th.thai_display(), card.name_en.english_display())
        expired = card.is_expired(dt.date.today())
        return HelloState(name, expired, self.settings.api.is_configured)

    def _entitlements(self, session: Session) -> EntitlementsState:
        return EntitlementsState(session.entitlements, session.entitlements_error)

    def _filled(self, session: Session) -> FilledForm | None:
        if session.card is None or session.form_id not in self.forms:
            return None
        return fill(self.forms[session.form_id], session.card, session.answers)

    # Results from the workers (UI thread, only while their session lasts) --------------------

    def _card_read(self, session: Session, card: CardData) -> None:
        session.card = card
        session.read_at = dt.datetime.now(dt.UTC)
        self.view.show(self._hello(card))
        # The answer may be in already: draw its rows now, off screen, not when tapped.
        self.view.update(self._entitlements(session))

    def _card_failed(self, session: Session, error: UserFacingError) -> None:
        retry = self._retry_read if error.retryable and self.card_present else None
        self._failed(session, error, retry)

    def _retry_read(self) -> None:
        if self.card_present:
            self._begin()
            self.accept_notice()

    def _failed(
        self, session: Session, error: UserFacingError, retry: Callable[[], None] | None
    ) -> None:
        self.end_session()
        self.view.show(ErrorState(error, retry))

    def _entitlements_ready(self, session: Session, answer: Entitlements) -> None:
        session.entitlements = answer
        self.view.update(self._entitlements(session))

    def _entitlements_failed(self, session: Session, error: UserFacingError) -> None:
        session.entitlements_error = error
        self.view.update(self._entitlements(session))

    # Ending a session -----------------------------------------------------------------------

    def end_session(self) -> None:
        """Forget the citizen: the session's data, its pending work, and every screen's copy."""
        self.sessions.end()
        self.view.clear()

    def tick(self) -> None:
        """Called every half second: the idle timeout, and a kiosk started without a reader."""
        if (
            not self.readers
            and not self.waiting_for_reader
            and self.view.current == "attract"
            and self.clock() - self.started > READER_GRACE_SECONDS
        ):
            self._show_no_reader()
        if self.session is None or self.view.current in SCREENS_WITHOUT_SESSION:
            self.view.set_idle_warning("")
            return
        if self.idle.expired():
            self.view.set_idle_warning("")
            self.start_over()
        elif self.idle.warning_due():
            seconds = int(self.idle.remaining()) + 1
            self.view.set_idle_warning(self.view.translate("idle.warning", seconds=seconds))
        else:
            self.view.set_idle_warning("")

    def touched(self) -> None:
        self.idle.touch()

    # Administration -------------------------------------------------------------------------

    def open_admin(self) -> None:
        self.end_session()
        self._admin = AdminState(self.admin_lock)
        self.view.show(self._admin)

    @cached_property
    def admin_lock(self) -> AdminLock:
        """The PIN's rate limit, its state kept across restarts (see kiosk.adminlock)."""
        return AdminLock(default_state_path())

    def check_admin_pin(self, pin: str) -> None:
        """Hashing takes a while by design: done off the UI thread; the admin screen is then
        shown unlocked, or refused (the lock says how many tries are left, or for how long).
        While locked out the PIN is not checked at all."""
        lock = self.admin_lock
        if not lock.begin_attempt():
            self._show_admin(pin_refused=True)
            return
        stored = self.settings.kiosk.admin_pin_hash

        def checked(correct: bool) -> None:
            if correct:
                lock.succeeded()
                self._show_admin(unlocked=True, pin_refused=False)
                self.refresh_admin_status()
            else:
                lock.failed()
                self._show_admin(pin_refused=True)

        self.workers.cpu.submit(
            lambda: bool(stored) and check_pin(pin, stored), checked, lambda _error: checked(False)
        )

    def refresh_admin_status(self) -> None:
        self._show_admin(readers="…", api_health="…")
        language = self.view.language
        self.workers.network.submit(
            self.services.slot.status,
            lambda text: self._show_admin(readers=text),
            lambda error: self._show_admin(readers=error.describe(language)),
        )
        self.workers.network.submit(
            lambda: self.services.client().health(),
            lambda health: self._show_admin(api_health="OK" if health.ok else "—"),
            lambda error: self._show_admin(api_health=error.describe(language)),
        )

    def test_print(self) -> None:
        printer, language = self.services.printer, self.view.language
        self.workers.printing.submit(
            lambda: print_pdf(test_page(), printer),
            lambda job: self._show_admin(print_status=job or "OK"),
            lambda error: self._show_admin(print_status=error.describe(language)),
        )

    def _show_admin(self, **changes: Any) -> None:
        """The admin screen again, with `changes`; nothing once the administrator has left."""
        self._admin = dataclasses.replace(self._admin, **changes)
        if self.view.current == "admin":
            self.view.show(self._admin)
