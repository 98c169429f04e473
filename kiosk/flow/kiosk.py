"""The citizen kiosk's flow: attract -> notice -> reading -> hello -> entitlements / forms ->
review -> output -> done. It reacts to card events, owns the session, and tells the view what
to show with typed states (kiosk.flow.view); it never touches a widget.

Everything here runs on the UI thread; card and network work goes to the workers through
`Session.run`, so results come back only while the session they belong to lasts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable
from functools import cached_property
from typing import Any

from cardreader.errors import NoReader
from cardreader.events import CardEvent, EventKind
from cardreader.model import CardData
from cardreader.reader import read_card
from cardreader.text import Bilingual
from forms import FilledForm, FormDefinition, FormOutput, Outcome, fill, produce
from forms.records import Record
from forms.validation import Answer
from kiosk.adminlock import AdminLock, default_state_path
from kiosk.api import Entitlements
from kiosk.errors import UserFacingError, card_error_message
from kiosk.flow.healthright import needs_health_right, records_for
from kiosk.flow.idle import IdleTimer
from kiosk.flow.narration import SpeakingView
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
    ProxyState,
    ProxyStep,
    ReadingState,
    ReviewState,
    Role,
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
from kiosk.statusslip import Lookup, status_slip_pdf

log = logging.getLogger(__name__)
# Events an agency can route (a help desk, the fleet's metrics): one line each, nothing personal.
events = logging.getLogger("onecard.events")

READER_GRACE_SECONDS = 3.0  # the watcher reports the readers there are within this time
SCREENS_WITHOUT_SESSION = frozenset({"attract", "declined", "done", "error", "admin"})
FORM_SCREENS = frozenset({"review", "output"})  # the longer idle timeout: typing takes time
LOOKUP_PURPOSE = "kiosk-entitlements"
FORM_RIGHT_PURPOSE = "kiosk-disability-form"  # the health-insurance right a form prints
READER_SERVICE_LOST = UserFacingError(
    Bilingual("ระบบอ่านบัตรหยุดทำงาน", "The card reader service stopped."),
    Bilingual("กำลังเชื่อมต่อใหม่ กรุณารอสักครู่", "Reconnecting; please wait a moment."),
    retryable=True,
)


# Applying for someone else: a card taken out before the form is made ends it (never a form
# with one person's data in the other's place).
PROXY_CARD_REMOVED = UserFacingError(
    Bilingual(
        "บัตรถูกดึงออกก่อนพิมพ์แบบคำขอ จึงยกเลิกการยื่นแทน ไม่มีข้อมูลใดถูกเก็บไว้",
        "A card was taken out before the form was made, so applying for someone else was "
        "stopped. Nothing was kept.",
    ),
    Bilingual(
        "เริ่มใหม่ได้ โดยเสียบบัตรของผู้ยื่นคำขอหรือของผู้รับมอบอำนาจ",
        "To start again, insert the applicant's or the representative's card.",
    ),
)
# The proxy flow's steps (Session.proxy_step), besides the screens' ProxyStep values.
PROXY_NOTICE, PROXY_READING, PROXY_BOTH = "notice", "reading", "both"


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
        # Every screen shown is also said while voice guidance is on (kiosk.flow.narration).
        self.voice = SpeakingView(view, services.speaker, lambda: self.voice_on)
        self.view: View = self.voice
        self.services = services
        self.settings = services.settings
        self.workers = workers
        self.sessions = SessionHolder()
        self.idle = IdleTimer(self.settings.kiosk.idle_timeout, clock=clock)
        self._warned = False  # the idle warning is on show (it beeped once)
        self.voice_on = self.settings.speech.enabled_by_default
        self.staff_calls = 0  # "call staff" presses since start (for the fleet's metrics)
        self._lookups: list[Lookup] = []  # this session's lookups (printed on the status slip)
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
            purpose=LOOKUP_PURPOSE,
            metrics=services.metrics,
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
        self.services.metrics.card_event(event)
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
            if self.view.current != "admin" and not self._proxy_card_in():
                self._begin()
        elif event.kind is EventKind.CARD_REMOVED:
            self.card_present = False
            if self.view.current != "admin" and not self._proxy_card_out():
                self.services.metrics.session_ended("removed")
                self.start_over()
        elif event.kind is EventKind.SERVICE_LOST:
            self.card_present = False
            self.readers.clear()
            self.services.metrics.session_ended("error")
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
        self.services.metrics.session_started()
        self.idle.touch()
        self.view.show(NoticeState())

    # The citizen's choices ------------------------------------------------------------------

    def accept_notice(self) -> None:
        session = self.session
        if session is None:
            return
        if session.proxy_step == PROXY_NOTICE:
            self._read_second_card(session)
            return
        self.view.show(ReadingState())
        self.visit.read_card(session)

    def decline_notice(self) -> None:
        self.services.metrics.session_ended("declined")
        self.end_session()
        self.view.show(DeclinedState())

    def read_notice_again(self) -> None:
        """From the declined screen: the notice again (a new session, nothing read yet)."""
        if self.card_present:
            self._begin()

    def show_hello(self) -> None:
        session = self.session
        if session is not None and session.card is not None:
            self._show_in_session(self._hello(session.card, session.representative))

    def show_entitlements(self) -> None:
        session = self.session
        if session is not None:
            self._show_in_session(self._entitlements(session))

    def show_forms(self) -> None:
        session = self.session
        if session is None:
            return
        choices = form_choices(self.forms, session.card)
        if session.representative is not None and session.card is not None:
            applicant, representative = _name(session.card), _name(session.representative)
            self._show_in_session(FormsState(choices, applicant, representative))
        else:
            self._show_in_session(FormsState(choices))

    # Applying for someone else (two cards, one reader) --------------------------------------

    def apply_for_someone_else(self) -> None:
        """From the hello screen: the card just read is one of two; ask whose it is."""
        session = self.session
        if session is None or session.card is None or session.proxy_step:
            return
        session.proxy_step = ProxyStep.ROLE.value
        self._show_in_session(ProxyState(ProxyStep.ROLE, _name(session.card)))

    def proxy_role(self, role: Role) -> None:
        """The card read first is the applicant's or the representative's: ask for the other.
        Entitlements are not shown while applying for someone else (they would be the first
        card's, whoever that is)."""
        session = self.session
        if session is None or session.card is None or session.proxy_step != ProxyStep.ROLE.value:
            return
        session.proxy_role = role
        session.entitlements, session.entitlements_error = None, None
        session.forget_health_right()  # the first card's, whoever's it was
        session.print_waiting = False
        self._lookups.clear()
        if role is Role.REPRESENTATIVE:
            session.representative, session.representative_read_at = session.card, session.read_at
            session.card, session.read_at = None, None
        self._ask_for_card(session, same_card=False)

    def cancel_proxy(self) -> None:
        """ "Back" while applying for someone else: before saying whose the card is, the
        visit goes on as before; once the cards are being swapped, it ends."""
        session = self.session
        if session is None:
            return
        if session.proxy_step == ProxyStep.ROLE.value:
            session.proxy_step = ""
            self.show_hello()
        else:
            self.finish()

    def _first_card(self, session: Session) -> CardData | None:
        return session.representative if session.proxy_role is Role.REPRESENTATIVE else session.card

    def _ask_for_card(self, session: Session, *, same_card: bool) -> None:
        first = self._first_card(session)
        if first is None or session.proxy_role is None:
            return
        step = ProxyStep.REMOVE if self.card_present else ProxyStep.INSERT
        session.proxy_step = step.value
        state = ProxyState(step, _name(first), session.proxy_role.other, same_card)
        self._show_in_session(state)

    def _proxy_card_in(self) -> bool:
        """A card put in while the other one is awaited: its own notice, same session."""
        session = self.session
        if session is None or session.proxy_step != ProxyStep.INSERT.value:
            return False
        assert session.proxy_role is not None
        session.proxy_step = PROXY_NOTICE
        self._show_in_session(NoticeState(session.proxy_role.other))
        return True

    def _proxy_card_out(self) -> bool:
        """A card taken out while applying for someone else. Expected (the first card, when
        asked for): ask for the other card. Before the form is made, any other removal ends
        the session with a clear message; after, it is the usual end of a visit."""
        session = self.session
        if session is None or not session.proxy_step or session.output_pdf:
            return False
        if session.proxy_step == ProxyStep.REMOVE.value:
            self._ask_for_card(session, same_card=False)
            return True
        self._failed(session, PROXY_CARD_REMOVED, retry=None)
        return True

    def _read_second_card(self, session: Session) -> None:
        """The other person's card, read without any lookup; a card swapped during the read
        is reported by its removal (the session ends and this result is dropped)."""
        assert session.proxy_role is not None
        second = session.proxy_role.other
        session.proxy_step = PROXY_READING
        self.view.show(ReadingState(second))
        slot = self.services.slot

        def job() -> CardData:
            with slot.connection() as connection:
                return read_card(connection)

        session.run(
            self.workers.card,
            job,
            lambda card: self._second_card_read(session, card),
            lambda error: self._failed(session, error, retry=None),
        )

    def _second_card_read(self, session: Session, card: CardData) -> None:
        first = self._first_card(session)
        if first is None or session.proxy_role is None:
            return
        if card.cid == first.cid:  # the same card again: refused, the other one is asked for
            self._ask_for_card(session, same_card=True)
            return
        now = dt.datetime.now(dt.UTC)
        if session.proxy_role is Role.APPLICANT:
            session.representative, session.representative_read_at = card, now
        else:
            session.card, session.read_at = card, now
        session.proxy_step = PROXY_BOTH
        self.show_forms()

    def show_review(self) -> None:
        session = self.session
        if session is not None:
            session.print_waiting = False  # "back" while the form was being prepared
            filled = self._filled(session)
            if filled is not None:
                looking_up = self._looking_up(session)
                self._show_in_session(ReviewState(filled, dict(session.answers), looking_up))

    def choose_form(self, form_id: str) -> None:
        session = self.session
        if session is not None and form_id in self.forms:
            session.form_id = form_id
            session.answers = {}
            card = session.card
            if (
                needs_health_right(self.forms[form_id])
                and card
                and not session.health_for(card.cid)
            ):
                self.visit.look_up_health_right(
                    session,
                    self._health_right_in,
                    ask_api=self.settings.api.is_configured,
                    purpose=FORM_RIGHT_PURPOSE,
                )
            self.show_review()

    def _health_right_in(self, session: Session) -> None:
        """The form's right is in (or known not to be had): a print the citizen asked for while
        it was looked up goes ahead; otherwise the review on show gets it, keeping the typing."""
        answer, now = session.health_right, dt.datetime.now(dt.UTC)
        if isinstance(answer, UserFacingError):
            self._lookups.append(Lookup(answer.reference, now, FORM_RIGHT_PURPOSE, answered=False))
        elif answer is not None:
            self._lookups.append(Lookup(answer.request_id, now, FORM_RIGHT_PURPOSE))
        if session.print_waiting:
            session.print_waiting = False
            self.submit_answers(session.answers)
        elif self.view.current == "review":
            filled = self._filled(session)
            if filled is not None:
                self.view.update(ReviewState(filled, dict(session.answers), keep_typed=True))

    def _looking_up(self, session: Session) -> bool:
        """The form chosen prints the right, and it is still being looked up for the applicant."""
        card, form = session.card, self.forms.get(session.form_id)
        if card is None or form is None or not needs_health_right(form):
            return False
        return session.health_for(card.cid) and not session.health_done

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
            looking_up = self._looking_up(session)
            self._show_in_session(ReviewState(filled, dict(session.answers), looking_up))
            return
        if self._looking_up(session):
            session.print_waiting = True  # printed when the right is in (_health_right_in)
            self._show_in_session(OutputState("", PrintStatus.PREPARING))
            return
        kiosk_id = self.settings.api.kiosk_id
        services = self.services
        read_at, demo, office = session.read_at, services.sample_data, self.settings.office

        def render() -> FormOutput:
            key = services.signing_key()
            return produce(filled, kiosk_id, key, read_at=read_at, demo=demo, office=office)

        session.run(
            self.workers.cpu,
            render,
            lambda output: self._output_ready(session, output),
            lambda error: self._failed(session, error, retry=None),
        )

    def _output_ready(self, session: Session, output: FormOutput) -> None:
        """The form is made: it prints at once (one tap from the review), its QR on screen."""
        session.output_pdf, session.output_qr = output.pdf, output.qr.text
        self.idle.touch()
        self.print_form()

    def print_form(self) -> None:
        """Print the session's form. A printer failure keeps the session and the form (the QR
        stays on screen, "print again" stays offered) and tells the citizen to ask staff."""
        session = self.session
        if session is None or not session.output_pdf or session.print_waiting:
            return  # waiting: the form on file is an earlier one
        qr_text, pdf, printer = session.output_qr, session.output_pdf, self.services.printer
        self.view.show(OutputState(qr_text, PrintStatus.PRINTING))
        session.run(
            self.workers.printing,
            self.services.metrics.printing(lambda: print_pdf(pdf, printer)),
            lambda _job: self.view.show(OutputState(qr_text, PrintStatus.PRINTED)),
            lambda error: self._print_failed(OutputState(qr_text, PrintStatus.FAILED, error)),
        )

    def _print_failed(self, state: ScreenState) -> None:
        events.warning("print_failed kiosk=%s screen=%s", self.settings.api.kiosk_id, state.screen)
        self.idle.touch()  # the citizen has just been told to ask staff: give them the time
        self.view.show(state)

    def print_status_slip(self) -> None:
        """Print the entitlements with their next steps and this visit's lookups."""
        session = self.session
        if session is None or session.entitlements is None or session.card is None:
            return
        answer, lookups = session.entitlements, tuple(self._lookups)
        cid, language, demo = session.card.cid, self.view.language, self.services.sample_data
        kiosk_id, printer = self.settings.api.kiosk_id, self.services.printer

        def make_and_print() -> str:
            pdf = status_slip_pdf(
                answer,
                lookups,
                cid=cid,
                language=language,
                kiosk_id=kiosk_id,
                printed_at=dt.datetime.now(dt.UTC),
                sample=demo,
            )
            return print_pdf(pdf, printer)

        def show(slip: PrintStatus, error: UserFacingError | None = None) -> None:
            state = dataclasses.replace(self._entitlements(session), slip=slip, slip_error=error)
            if slip is PrintStatus.FAILED:
                self._print_failed(state)
            elif self.view.current == "entitlements":
                self.view.show(state)
            else:
                self.view.update(state)

        show(PrintStatus.PRINTING)
        session.run(
            self.workers.printing,
            self.services.metrics.printing(make_and_print, "status_slip"),
            lambda _job: show(PrintStatus.PRINTED),
            lambda error: show(PrintStatus.FAILED, error),
        )

    def retry_entitlements(self) -> None:
        session = self.session
        if session is not None and session.card is not None:
            session.entitlements_error = None
            self.visit.look_up(session, session.card.cid)
            self.view.show(self._entitlements(session))

    def finish(self) -> None:
        self.services.metrics.session_ended("finished")
        self.end_session()
        if self.card_present:
            self.view.show(DoneState())
        else:
            self._next_citizen()
            self.view.show(AttractState())

    def start_over(self) -> None:
        """Back to the attract screen for the next citizen: the session ends and the kiosk's
        language and display modes are its defaults again."""
        self.waiting_for_reader = False
        self.end_session()
        self._next_citizen()
        self.view.show(AttractState(card_left_in=self.card_present))

    def _next_citizen(self) -> None:
        self.voice_on = self.settings.speech.enabled_by_default
        self.services.metrics.staff_call_closed()
        self.view.set_staff_called(False)
        self.view.reset_for_next_citizen()

    # Help: staff and voice ------------------------------------------------------------------

    def call_staff(self) -> None:
        """The citizen asked for help: say on screen that someone is coming, and raise the
        event an agency routes to its staff (one log line on "onecard.events"; nothing
        personal, the screen says where the citizen is stuck)."""
        self.staff_calls += 1
        self.services.metrics.staff_called()
        events.info(
            "staff_called kiosk=%s screen=%s", self.settings.api.kiosk_id, self.view.current
        )
        self.idle.touch()
        self.view.set_staff_called(True)

    def staff_call_seen(self) -> None:
        """The citizen closed the "staff is coming" note."""
        self.services.metrics.staff_call_closed()
        self.view.set_staff_called(False)

    def toggle_voice(self) -> bool:
        """Voice guidance on or off; returns the new setting. On: the screen on show is said
        now; off: silence at once."""
        self.voice_on = not self.voice_on
        self.voice.voice_changed()
        return self.voice_on

    def repeat(self) -> None:
        """Say the screen on show again (even with voice guidance off)."""
        self.idle.touch()
        self.voice.repeat()

    def _show_in_session(self, state: ScreenState) -> None:
        self.idle.touch()
        self.view.show(state)

    # What the screens are drawn from --------------------------------------------------------

    def _hello(self, card: CardData, representative: CardData | None = None) -> HelloState:
        expired = card.is_expired(dt.date.today())
        if representative is not None:  # applying for someone else: forms only
            return HelloState(_name(card), expired, False, _name(representative))
        return HelloState(_name(card), expired, self.settings.api.is_configured)

    def _entitlements(self, session: Session) -> EntitlementsState:
        return EntitlementsState(session.entitlements, session.entitlements_error)

    def _filled(self, session: Session) -> FilledForm | None:
        if session.card is None or session.form_id not in self.forms:
            return None
        if session.proxy_step and session.representative is None:
            return None  # applying for someone else: never a form with one card
        form, card = self.forms[session.form_id], session.card
        records: dict[str, Record | Bilingual | None] = {}  # being looked up: not "not had"
        if session.health_for(card.cid) and session.health_done:  # the applicant's own
            health = session.health_card
            records = records_for(form, session.health_right, health, session.health_card_read)
        return fill(
            form,
            session.card,
            session.answers,
            representative=session.representative,
            read_at=session.read_at,
            representative_read_at=session.representative_read_at,
            records=records,
        )

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
        self.services.metrics.session_ended("error")
        self.end_session()
        self.view.show(ErrorState(error, retry))

    def _entitlements_ready(self, session: Session, answer: Entitlements) -> None:
        if session.proxy_role is not None:
            return  # applying for someone else: the first card's answer is not shown
        session.entitlements = answer
        self._lookups.append(Lookup(answer.request_id, answer.generated_at, LOOKUP_PURPOSE))
        self.view.update(self._entitlements(session))

    def _entitlements_failed(self, session: Session, error: UserFacingError) -> None:
        if session.proxy_role is not None:
            return
        session.entitlements_error = error
        asked_at = dt.datetime.now(dt.UTC)
        self._lookups.append(Lookup(error.reference, asked_at, LOOKUP_PURPOSE, answered=False))
        self.view.update(self._entitlements(session))

    # Ending a session -----------------------------------------------------------------------

    def end_session(self) -> None:
        """Forget the citizen: the session's data, its pending work, and every screen's copy."""
        self.services.metrics.session_ended("other")  # unless a reason was counted just before
        self.sessions.end()
        self._lookups.clear()
        self._warned = False
        self.view.clear()

    def tick(self) -> None:
        """Called every half second: the idle timeout, and a kiosk started without a reader."""
        self.services.metrics.heartbeat()
        if (
            not self.readers
            and not self.waiting_for_reader
            and self.view.current == "attract"
            and self.clock() - self.started > READER_GRACE_SECONDS
        ):
            self._show_no_reader()
        if self.session is None or self.view.current in SCREENS_WITHOUT_SESSION:
            self._hide_idle_warning()
            return
        kiosk = self.settings.kiosk
        on_form = self.view.current in FORM_SCREENS
        self.idle.set_timeout(kiosk.form_idle_timeout if on_form else kiosk.idle_timeout)
        if self.idle.expired():
            self._hide_idle_warning()
            self.services.metrics.session_ended("idle")
            self.start_over()
        elif self.idle.warning_due():
            if not self._warned:
                self._warned = True
                self.view.beep()
            seconds = int(self.idle.remaining()) + 1
            self.view.set_idle_warning(self.view.translate("idle.warning", seconds=seconds))
        else:
            self._hide_idle_warning()

    def _hide_idle_warning(self) -> None:
        self._warned = False
        self.view.set_idle_warning("")

    def touched(self) -> None:
        self.idle.touch()

    def keep_going(self) -> None:
        """The idle warning's "continue": the session goes on, the warning goes at once."""
        self.idle.touch()
        self._hide_idle_warning()

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


def _name(card: CardData) -> Bilingual:
    return Bilingual(card.name_th.thai_display(), card.name_en.english_display())
