"""The citizen kiosk's flow: attract -> notice -> reading -> hello -> entitlements / forms ->
output -> done. It reacts to card events, owns the session, and moves between screens.

Everything here runs on the UI thread; card and network work goes to the workers, and their
results come back only while the session they belong to is still the current one.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from fpdf import FPDF

from cardreader.errors import NoReader
from cardreader.events import CardEvent, EventKind
from cardreader.model import CardData
from cardreader.text import Bilingual
from forms import FilledForm, FormDefinition, FormOutput, Outcome, fill, produce
from forms.validation import Answer
from kiosk.adminlock import AdminLock, default_state_path
from kiosk.api import Entitlements
from kiosk.errors import UserFacingError, card_error_message
from kiosk.formcatalogue import FormCatalogue
from kiosk.idle import IdleTimer
from kiosk.pin import check_pin
from kiosk.printing import print_pdf
from kiosk.session import Session, SessionHolder
from kiosk.visit import Services, VisitCallbacks, VisitWork

if TYPE_CHECKING:
    from kiosk.ui.app import OneCardApp

READER_GRACE_SECONDS = 3.0  # the watcher reports the readers there are within this time
SCREENS_WITHOUT_SESSION = frozenset({"attract", "declined", "done", "error", "admin"})
READER_SERVICE_LOST = UserFacingError(
    Bilingual("ระบบอ่านบัตรหยุดทำงาน", "The card reader service stopped."),
    Bilingual("กำลังเชื่อมต่อใหม่ กรุณารอสักครู่", "Reconnecting; please wait a moment."),
    retryable=True,
)


class KioskController:
    def __init__(self, app: OneCardApp, services: Services) -> None:
        self.app = app
        self.settings = services.settings
        self.slot = services.slot
        self.network = services.network
        self.client = services.client
        self.sessions = SessionHolder()
        self.idle = IdleTimer(self.settings.kiosk.idle_timeout)
        self.card_present = False
        self.readers: set[str] = set()
        self.waiting_for_reader = False
        self.started = time.monotonic()
        self.visit = VisitWork(
            services,
            VisitCallbacks(
                self._card_read,
                self._card_failed,
                self._entitlements_ready,
                self._entitlements_failed,
            ),
        )
        self.catalogue = FormCatalogue(self.settings.kiosk.enabled_forms)

    @property
    def forms(self) -> dict[str, FormDefinition]:
        return self.catalogue.forms

    # What the screens show ------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self.sessions.current

    @property
    def card(self) -> CardData | None:
        return self.session.card if self.session else None

    @property
    def card_expired(self) -> bool:
        card = self.card
        return card is not None and card.is_expired(dt.date.today())

    @property
    def entitlements(self) -> Entitlements | None:
        return self.session.entitlements if self.session else None

    @property
    def entitlements_error(self) -> UserFacingError | None:
        return self.session.entitlements_error if self.session else None

    @property
    def filled_form(self) -> FilledForm | None:
        session = self.session
        if session is None or session.card is None or not session.form_id:
            return None
        return fill(self.forms[session.form_id], session.card, session.answers)

    @property
    def qr_text(self) -> str:
        return self.session.output_qr if self.session else ""

    def form_choices(self) -> list[tuple[FormDefinition, str]]:
        card = self.card
        choices = []
        for form in self.forms.values():
            verdict = "forms.check"
            if card is not None:
                outcomes = {hint.outcome for hint in fill(form, card).hints}
                if Outcome.NOT_MET in outcomes:
                    verdict = "forms.not_eligible"
                elif Outcome.MET in outcomes:  # what the card can tell is met
                    verdict = "forms.eligible"
            choices.append((form, verdict))
        return choices

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
            if self.app.current_screen_name != "admin":
                self._begin()
        elif event.kind is EventKind.CARD_REMOVED:
            self.card_present = False
            if self.app.current_screen_name != "admin":
                self.start_over()
        elif event.kind is EventKind.SERVICE_LOST:
            self.card_present = False
            self.readers.clear()
            self.end_session()
            self.app.show_error(READER_SERVICE_LOST, retry=None)
        elif event.kind is EventKind.SERVICE_RESTORED and self.app.current_screen_name == "error":
            self.start_over()

    def _show_no_reader(self) -> None:
        self.end_session()
        self.waiting_for_reader = True
        self.app.show_error(card_error_message(NoReader("no reader")), retry=None)

    def _begin(self) -> None:
        self.end_session()
        self.sessions.start()
        self.idle.touch()
        self.app.show("notice")

    # The citizen's choices ------------------------------------------------------------------

    def accept_notice(self) -> None:
        session = self.session
        if session is None:
            return
        self.app.show("reading")
        self.visit.read_card(session)

    def decline_notice(self) -> None:
        self.end_session()
        self.app.show("declined")

    def show_hello(self) -> None:
        self._show_in_session("hello")

    def show_entitlements(self) -> None:
        self._show_in_session("entitlements")

    def show_forms(self) -> None:
        self._show_in_session("forms")

    def show_review(self) -> None:
        self._show_in_session("review")

    def choose_form(self, form_id: str) -> None:
        if self.session is not None:
            self.session.form_id = form_id
            self.session.answers = {}
            self._show_in_session("review")

    def keep_answers(self, answers: dict[str, Answer]) -> None:
        if self.session is not None:
            self.session.answers = {key: value for key, value in answers.items() if value != ""}

    def submit_answers(self, answers: dict[str, Answer]) -> None:
        session = self.session
        if session is None or session.card is None:
            return
        self.keep_answers(answers)
        filled = fill(self.forms[session.form_id], session.card, session.answers)
        if filled.problems:
            self.app.screen("review").refresh()
            return
        kiosk_id = self.settings.api.kiosk_id
        key = self.app.signing_key
        read_at = session.read_at
        demo = self.app.sample_data

        session.track(
            self.network.submit(
                lambda: produce(filled, kiosk_id, key, read_at=read_at, demo=demo),
                lambda output: self._output_ready(session, output),
                lambda error: self._failed(session, error, retry=None),
            )
        )

    def _output_ready(self, session: Session, output: FormOutput) -> None:
        if self.sessions.is_current(session):
            session.output_pdf, session.output_qr = output.pdf, output.qr.text
            self._show_in_session("output")

    def print_form(self) -> None:
        session = self.session
        if session is None or not session.output_pdf:
            return
        output = self.app.screen("output")
        output.status = self.app.t["output.printing"]
        pdf, printer = session.output_pdf, self.settings.printer.name
        session.track(
            self.network.submit(
                lambda: print_pdf(pdf, printer),
                lambda _job: setattr(output, "status", self.app.t["output.printed"]),
                lambda error: setattr(output, "status", self.app.describe_error(error)),
            )
        )

    def retry_entitlements(self) -> None:
        session = self.session
        if session is not None and session.card is not None:
            session.entitlements_error = None
            self.visit.look_up(session, session.card.cid)
            self.app.screen("entitlements").refresh()

    def finish(self) -> None:
        self.end_session()
        self.app.show("done" if self.card_present else "attract")

    def start_over(self) -> None:
        self.waiting_for_reader = False
        self.end_session()
        attract = self.app.screen("attract")
        attract.card_left_in = self.card_present
        self.app.show("attract")

    def _show_in_session(self, name: str) -> None:
        if self.session is not None:
            self.idle.touch()
            self.app.show(name)

    # Results from the workers (UI thread) ---------------------------------------------------

    def _card_read(self, session: Session, card: CardData) -> None:
        if self.sessions.is_current(session):
            session.card = card
            session.read_at = dt.datetime.now(dt.UTC)
            self.app.show("hello")

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
        if self.sessions.is_current(session):
            self.end_session()
            self.app.show_error(error, retry)

    def _entitlements_ready(self, session: Session, answer: Entitlements) -> None:
        if self.sessions.is_current(session):
            session.entitlements = answer
            self._refresh_if_showing("entitlements")

    def _entitlements_failed(self, session: Session, error: UserFacingError) -> None:
        if self.sessions.is_current(session):
            session.entitlements_error = error
            self._refresh_if_showing("entitlements")

    def _refresh_if_showing(self, name: str) -> None:
        if self.app.current_screen_name == name:
            self.app.screen(name).refresh()

    # Ending a session -----------------------------------------------------------------------

    def end_session(self) -> None:
        """Forget the citizen: the session's data, its pending work, and every screen's copy."""
        self.sessions.end()
        self.app.clear_screens()

    def tick(self) -> None:
        """Called every half second: the idle timeout, and a kiosk started without a reader."""
        if (
            not self.readers
            and not self.waiting_for_reader
            and self.app.current_screen_name == "attract"
            and time.monotonic() - self.started > READER_GRACE_SECONDS
        ):
            self._show_no_reader()
        if self.session is None or self.app.current_screen_name in SCREENS_WITHOUT_SESSION:
            self.app.set_idle_warning("")
            return
        if self.idle.expired():
            self.app.set_idle_warning("")
            self.start_over()
        elif self.idle.warning_due():
            seconds = int(self.idle.remaining()) + 1
            self.app.set_idle_warning(self.app.t.format("idle.warning", seconds=seconds))
        else:
            self.app.set_idle_warning("")

    def touched(self) -> None:
        self.idle.touch()

    # Administration -------------------------------------------------------------------------

    def open_admin(self) -> None:
        self.end_session()
        self.app.show("admin")

    @cached_property
    def admin_lock(self) -> AdminLock:
        """The PIN's rate limit, its state kept across restarts (see kiosk.adminlock)."""
        return AdminLock(default_state_path())

    def check_admin_pin(self, pin: str, answer: Callable[[bool], None]) -> None:
        """Hashing takes a while by design: done off the UI thread, the answer comes back.
        While locked out the PIN is not checked at all: the answer is False."""
        lock = self.admin_lock
        if not lock.begin_attempt():
            answer(False)
            return
        stored = self.settings.kiosk.admin_pin_hash

        def checked(correct: bool) -> None:
            if correct:
                lock.succeeded()
            else:
                lock.failed()
            answer(correct)

        self.network.submit(
            lambda: bool(stored) and check_pin(pin, stored), checked, lambda _error: checked(False)
        )

    def refresh_admin_status(self) -> None:
        admin: Any = self.app.screen("admin")
        admin.readers = self.app.t["admin.readers"] + "…"
        admin.api_health = "…"
        self.network.submit(
            self.slot.status,
            lambda text: setattr(admin, "readers", text),
            lambda error: setattr(admin, "readers", error.what.in_language(self.app.lang)),
        )
        self.network.submit(
            lambda: self.client().health(),
            lambda health: setattr(admin, "api_health", "OK" if health.ok else "—"),
            lambda error: setattr(admin, "api_health", error.what.in_language(self.app.lang)),
        )

    def test_print(self) -> None:
        admin: Any = self.app.screen("admin")
        sample = test_page()
        self.network.submit(
            lambda: print_pdf(sample, self.settings.printer.name),
            lambda job: setattr(admin, "print_status", job or "OK"),
            lambda error: setattr(admin, "print_status", self.app.describe_error(error)),
        )


def test_page() -> bytes:
    page = FPDF()
    page.add_page()
    page.set_font("helvetica", size=24)
    page.cell(text="OneCard test print")
    return bytes(page.output())
