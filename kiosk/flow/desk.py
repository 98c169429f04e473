"""The counter officer's desk: the officer signs in (their own ID card, or a staff id and
PIN), then reads the citizen's card or types the 13 digits, sees the card (photo on demand),
the entitlements and the disability records, prints forms; "next citizen" forgets the citizen,
signing out (or 10 quiet minutes) forgets everything.

No lookup runs without a signed-in officer, whose id goes with every API call as the user
(X-Road-UserId: the officer's citizen ID when signed in by card, else the staff id). Like the
kiosk's, this controller only hands the view typed states (`SignInState`, `DeskState`), built
from the session, which is the only place anything about the citizen is kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from cardreader.cid import CID_LENGTH, is_valid_cid, mask_cid
from cardreader.events import CardEvent, EventKind
from cardreader.laser import LaserCode, read_laser_code
from cardreader.model import CardData, Identity
from cardreader.nhso import HealthInsuranceCard, read_health_insurance
from cardreader.reader import read_card, read_identity
from cardreader.text import Bilingual
from forms import FormDefinition, fill, produce
from kiosk.adminlock import AdminLock, default_state_path
from kiosk.api import CardCheck, Entitlements, EntitlementsClient, check_card
from kiosk.errors import UserFacingError
from kiosk.files import write_output
from kiosk.flow.healthright import needs_health_right, records_for
from kiosk.flow.idle import IdleTimer
from kiosk.flow.session import Session, SessionHolder
from kiosk.flow.view import (
    DeskState,
    DisabilityRecords,
    FormChoice,
    Officer,
    ReceiveState,
    SignInState,
    Verdict,
    View,
)
from kiosk.flow.visit import VisitCallbacks, VisitWork
from kiosk.flow.worker import Workers
from kiosk.formcatalogue import FormCatalogue
from kiosk.pin import check_pin
from kiosk.printing import print_pdf
from kiosk.receive import (
    NO_TRUSTED_KEYS,
    Received,
    SeenToday,
    TrustedKey,
    default_seen_path,
    export_columns,
    export_row,
    load_trusted_keys,
    receive,
    to_csv,
    to_json,
)
from kiosk.services import Services

DISABILITY_PURPOSE = "desk-disability-records"
PIN_LOCK_FILE = "desk-pin-lock.json"  # beside the admin PIN's lock state
SIGN_IN_FIRST = UserFacingError(
    Bilingual("ยังไม่ได้ลงชื่อเข้าใช้", "No officer is signed in."),
    Bilingual("ลงชื่อเข้าใช้ด้วยบัตรของท่านหรือรหัสเจ้าหน้าที่", "Sign in with your card or staff id."),
)
ANOTHER_CARD = UserFacingError(
    Bilingual("บัตรในเครื่องอ่านเป็นของบุคคลอื่น", "The card in the reader belongs to someone else."),
    Bilingual("กดผู้รับบริการคนถัดไป แล้วอ่านบัตรใหม่", "Press 'Next citizen', then read the card again."),
)


T = TypeVar("T")

# Applying with a representative (F11): the steps (Session.proxy_step) and what the desk says.
INSERT_APPLICANT, INSERT_REPRESENTATIVE = "insert_applicant", "insert_representative"
SAME_CARD, READING_REPRESENTATIVE, BOTH_READ = "same_card", "reading_representative", "both"
PROXY_KEYS = {
    INSERT_APPLICANT: "desk.proxy_insert_applicant",
    INSERT_REPRESENTATIVE: "desk.proxy_insert_representative",
    SAME_CARD: "desk.proxy_same_card",
    READING_REPRESENTATIVE: "reading.title",
    BOTH_READ: "desk.proxy_ready",
}


@dataclasses.dataclass(frozen=True)
class DeskRead:
    """What the desk reads from a citizen's card; the laser code only for the registry check."""

    card: CardData
    health: HealthInsuranceCard | None  # None: the card has no health-insurance applet
    laser: LaserCode | None


def answer_or_error(call: Callable[[], T]) -> T | UserFacingError:
    try:
        return call()
    except UserFacingError as error:
        return error


def officer_by_card(identity: Identity) -> Officer:
    name = Bilingual(identity.name_th.thai_display(), identity.name_en.english_display())
    return Officer(user_id=identity.cid, name=name, shown_id=mask_cid(identity.cid))


def officer_by_staff_id(staff_id: str) -> Officer:
    return Officer(user_id=staff_id, name=Bilingual(staff_id, staff_id), shown_id=staff_id)


def cid_state(digits: str) -> tuple[str, dict[str, int]]:
    """The inline message key for a typed ID: incomplete, invalid (checksum) or ok."""
    if len(digits) < CID_LENGTH:
        return "desk.cid_incomplete", {"count": CID_LENGTH - len(digits)}
    return ("desk.cid_ok", {}) if is_valid_cid(digits) else ("desk.cid_invalid", {})


@dataclasses.dataclass(frozen=True)
class DeskStatus:
    """What the desk shows that is about the desk, not the citizen."""

    message_key: str = ""
    message_error: UserFacingError | None = None
    photo_progress: tuple[int, int] = (0, 0)
    reader_status: str = ""


class DeskController:
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
        self.officer: Officer | None = None
        self.sessions = SessionHolder()
        self.idle = IdleTimer(self.settings.desk.idle_timeout, clock=clock)
        self.pin_lock = AdminLock(default_state_path().with_name(PIN_LOCK_FILE))
        self.seen = SeenToday(default_seen_path())
        self._trusted: dict[str, TrustedKey] | None = None
        self.catalogue = catalogue or FormCatalogue(self.settings.kiosk.enabled_forms)
        self.status = DeskStatus()
        self.visit = VisitWork(
            services.slot,
            workers,
            self._client,
            VisitCallbacks(
                self._card_read, self._failed, self._entitlements_ready, self._entitlements_failed
            ),
            purpose="desk-entitlements",
            metrics=services.metrics,
        )

    @property
    def forms(self) -> dict[str, FormDefinition]:
        return self.catalogue.forms

    @property
    def session(self) -> Session | None:
        return self.sessions.current

    def _client(self) -> EntitlementsClient:
        if self.officer is None:  # never reached: every lookup needs an officer first
            raise SIGN_IN_FIRST
        return self.services.client(self.officer.user_id)

    # What the desk shows ----------------------------------------------------------------------

    def state(self) -> DeskState:
        """The desk drawn from the session (the citizen) and the desk's own status."""
        session, status = self.session, self.status
        forms = self.forms.items()
        return DeskState(
            officer=self.officer,
            cid=session.cid if session else "",
            forms=tuple(
                FormChoice(fid, form.short, Verdict.CHECK, form.code) for fid, form in forms
            ),
            card=session.card if session else None,
            entitlements=session.entitlements if session else None,
            entitlements_error=session.entitlements_error if session else None,
            looking_up=session is not None
            and bool(session.cid)
            and session.entitlements is None
            and session.entitlements_error is None,
            disability=session.disability if session else None,
            health_card=session.health_card if session else None,
            health_card_read=session.health_card_read if session else False,
            card_check=session.card_check if session else None,
            message_key=status.message_key,
            message_error=status.message_error,
            photo_progress=status.photo_progress,
            reader_status=status.reader_status,
            proxy_key=PROXY_KEYS.get(session.proxy_step, "") if session else "",
            representative=session.representative if session else None,
        )

    def redraw(self, **status: Any) -> None:
        """The desk (or the sign-in) again, with `status` changed (see `DeskStatus`)."""
        self.status = dataclasses.replace(self.status, **status)
        if self.officer is None:
            self.view.show(self.sign_in_state())
        else:
            self.view.show(self.state())

    def sign_in_state(self) -> SignInState:
        status = self.status
        return SignInState(
            ways=self.settings.desk.sign_in,
            message_key=status.message_key,
            message_error=status.message_error,
            locked_for=self.pin_lock.remaining(),
        )

    # Signing in and out -----------------------------------------------------------------------

    def sign_in_with_card(self) -> None:
        """Read only the ID and names of the card in the reader: the officer's own."""
        if self.settings.desk.sign_in == "staff_id":
            return
        self.idle.touch()
        slot = self.services.slot

        def job() -> Identity:
            with slot.connection() as connection:
                return read_identity(connection)

        self.workers.card.submit(job, self._signed_in_by_card, self._sign_in_failed)
        self.redraw(message_key="desk.signing_in", message_error=None)

    def _signed_in_by_card(self, identity: Identity) -> None:
        self._signed_in(officer_by_card(identity))

    def sign_in_with_pin(self, staff_id: str, pin: str) -> None:
        """A staff id and PIN from the config's `desk.officers`, rate-limited like the admin
        PIN; hashing runs off the UI thread."""
        staff_id = staff_id.strip()
        if self.settings.desk.sign_in == "card" or not staff_id:
            return
        self.idle.touch()
        lock = self.pin_lock
        if not lock.begin_attempt():
            self.redraw(message_key="desk.pin_locked", message_error=None)
            return
        stored = self.settings.desk.officer_pin_hashes().get(staff_id, "")

        def checked(correct: bool) -> None:
            if correct:
                lock.succeeded()
                self._signed_in(officer_by_staff_id(staff_id))
            else:
                lock.failed()
                self.redraw(message_key="desk.wrong_pin", message_error=None)

        self.workers.cpu.submit(
            lambda: bool(stored) and check_pin(pin, stored), checked, lambda _e: checked(False)
        )

    def _signed_in(self, officer: Officer) -> None:
        self.officer = officer
        self.idle.touch()
        self.redraw(message_key="", message_error=None)

    def _sign_in_failed(self, error: UserFacingError) -> None:
        self.redraw(message_key="", message_error=error)

    # Receiving kiosk forms ----------------------------------------------------------------------

    def open_receiving(self) -> None:
        """Scan (or type) the QR of forms printed at kiosks; nothing is kept beyond this
        sitting but what the officer exports."""
        if not self._officer_present():
            return
        self._new_session()
        self.view.show(ReceiveState())

    def receive_scanned(self, text: str) -> None:
        session = self.session
        if session is None or not text.strip():
            return
        self.idle.touch()
        try:
            trusted = self._trusted_keys()
        except UserFacingError as error:
            self.view.show(ReceiveState(count=len(session.received), message_error=error))
            return
        result = receive(text, trusted, self.seen)
        fields: tuple[tuple[Bilingual, str], ...] = ()
        if isinstance(result, Received):
            session.received.append(result)
            fields = self._labelled(result)
        self.view.show(ReceiveState(result, fields, len(session.received)))

    def _labelled(self, received: Received) -> tuple[tuple[Bilingual, str], ...]:
        form = self.forms.get(received.payload.form_id)
        labels = {field.id: field.label for field in form.fields} if form else {}
        return tuple(
            (labels.get(name, Bilingual(name, name)), value)
            for name, value in received.payload.data.items()
        )

    def _trusted_keys(self) -> dict[str, TrustedKey]:
        if self._trusted is None:
            path = self.settings.desk.trusted_keys
            if path is None:
                raise NO_TRUSTED_KEYS
            self._trusted = load_trusted_keys(path)
        return self._trusted

    def export_received(self, kind: str) -> None:
        """Write this sitting's forms as JSON or CSV (docs/receiving.md) for the agency's own
        system, to the export folder; the only copy OneCard makes."""
        session = self.session
        if session is None or not session.received:
            return
        rows = [export_row(received) for received in session.received]
        columns = export_columns(field.id for form in self.forms.values() for field in form.fields)
        text = to_json(rows) if kind == "json" else to_csv(rows, columns)
        folder = self.settings.desk.export_dir or Path.home() / "OneCard-export"
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = folder / f"onecard-received-{stamp}.{kind}"
        last = self.view_state_last(session)

        def write() -> str:
            folder.mkdir(parents=True, exist_ok=True)
            write_output(path, text.encode("utf-8"), private=True)
            return str(path)

        session.run(
            self.workers.cpu,
            write,
            lambda where: self.view.show(
                dataclasses.replace(
                    last, message_key="desk.exported", message_values=(("path", where),)
                )
            ),
            lambda error: self.view.show(dataclasses.replace(last, message_error=error)),
        )

    def view_state_last(self, session: Session) -> ReceiveState:
        received = session.received[-1] if session.received else None
        fields = self._labelled(received) if received else ()
        return ReceiveState(received, fields, len(session.received))

    def close_receiving(self) -> None:
        self.end_session()
        self.redraw()

    def sign_out(self, message_key: str = "") -> None:
        """Forget the citizen and the officer: the next lookup needs a sign-in."""
        self.end_session()
        self.officer = None
        self.status = DeskStatus()
        self.redraw(message_key=message_key)

    # The officer's actions ------------------------------------------------------------------

    def _officer_present(self) -> bool:
        if self.officer is None:
            self.redraw(message_key="", message_error=SIGN_IN_FIRST)
        return self.officer is not None

    def look_up_typed(self, digits: str) -> None:
        if not is_valid_cid(digits) or not self._officer_present():
            return
        session = self._new_session()
        session.cid = digits
        self._look_up_all(session, digits)
        self.redraw(message_key="", message_error=None)

    def read_card(self) -> None:
        """The card's text, its health-insurance applet and (only for the registry check) its
        laser code, in one connection; the lookups start as soon as the ID is read. Applying
        with a representative, once the applicant is read, it reads the representative."""
        if not self._officer_present():
            return
        current = self.session
        if current is not None and current.proxy_step in (INSERT_REPRESENTATIVE, SAME_CARD):
            self._read_representative(current)
            return
        proxy = current is not None and current.proxy_step == INSERT_APPLICANT
        session = self._new_session()
        if proxy:
            session.proxy_step = INSERT_APPLICANT
        slot = self.services.slot

        def job() -> DeskRead:
            with slot.connection() as connection:
                card = read_card(connection, on_cid=lambda cid: self.visit.look_up(session, cid))
                health = read_health_insurance(connection)
                laser = read_laser_code(connection)
            return DeskRead(card, health, laser)

        session.run(
            self.workers.card,
            self.services.metrics.reading(job),
            lambda read: self._desk_read(session, read),
            lambda error: self._failed(session, error),
        )
        self.redraw(message_key="reading.title", message_error=None)

    # Applying with a representative (F11) -----------------------------------------------------

    def toggle_proxy(self) -> None:
        """F11: a form for an applicant filed by a representative, both read from the one
        reader (the applicant first: the desk says whose card to insert). F11 again ends it
        and forgets both people."""
        if not self._officer_present():
            return
        session = self.session
        if session is not None and session.proxy_step:
            self.next_citizen()
            return
        if session is not None and session.card is not None:
            session.proxy_step = INSERT_REPRESENTATIVE  # the card read is the applicant's
        else:
            self._new_session().proxy_step = INSERT_APPLICANT
        self.redraw(message_key="", message_error=None)

    def _read_representative(self, session: Session) -> None:
        """The second card, read with no lookup; the applicant's own card again is refused.
        A card taken out during the read ends the proxy (card_event)."""
        slot = self.services.slot
        session.proxy_step = READING_REPRESENTATIVE

        def job() -> CardData:
            with slot.connection() as connection:
                return read_card(connection)

        session.run(
            self.workers.card,
            job,
            lambda card: self._representative_read(session, card),
            lambda error: self._representative_failed(session, error),
        )
        self.redraw(message_key="", message_error=None)

    def _representative_read(self, session: Session, card: CardData) -> None:
        if session.card is None:
            return
        if card.cid == session.card.cid:
            session.proxy_step = SAME_CARD
        else:
            session.representative = card
            session.representative_read_at = dt.datetime.now(dt.UTC)
            session.proxy_step = BOTH_READ
        self.redraw(message_key="", message_error=None)

    def _representative_failed(self, session: Session, error: UserFacingError) -> None:
        session.proxy_step = INSERT_REPRESENTATIVE
        self.redraw(message_key="", message_error=error)

    def _proxy_card_out(self, session: Session) -> bool:
        """A card taken out while applying with a representative: the applicant's, when the
        representative's is asked for, is expected; any other before a form is printed ends
        it (never a form with one person's data in the other's place)."""
        if not session.proxy_step or session.printed:
            return False
        if session.proxy_step in (INSERT_APPLICANT, INSERT_REPRESENTATIVE, SAME_CARD):
            return True  # nothing read yet, or the applicant's card out for the other one
        self.end_session()
        self.status = dataclasses.replace(
            self.status, message_key="desk.proxy_card_removed", message_error=None
        )
        return True

    def read_photo(self) -> None:
        """The photo of the card already read, read again from the card, never another's."""
        session = self.session
        if session is None or session.card is None:
            return
        expected = session.card.cid
        slot = self.services.slot

        def progress(done: int, total: int) -> None:
            self.view.post(session.guard(lambda: self.redraw(photo_progress=(done, total))))

        def job() -> CardData:
            with slot.connection() as connection:
                card = read_card(connection, photo=True, on_photo_progress=progress)
            if card.cid != expected:
                raise ANOTHER_CARD
            return card

        session.run(
            self.workers.card,
            job,
            lambda card: self._photo_read(session, card),
            lambda error: self._failed(session, error),
        )

    def _photo_read(self, session: Session, card: CardData) -> None:
        session.card = card
        self.redraw()

    def next_citizen(self) -> None:
        self.services.metrics.session_ended("finished")
        self.end_session()
        self.redraw(message_key="", message_error=None, photo_progress=(0, 0))

    def print_form(self, form_id: str) -> None:
        session = self.session
        if session is None or session.card is None or form_id not in self.forms:
            return
        if session.proxy_step and session.representative is None:
            return  # applying with a representative: never a form with one person
        form = self.forms[form_id]
        if needs_health_right(form) and session.disability is None:
            # its right is still being looked up: printed when it is in (_disability_ready)
            session.form_id, session.print_waiting = form_id, True
            self.redraw(message_key="output.preparing", message_error=None)
            return
        session.print_waiting = False
        filled = fill(
            form,
            session.card,
            representative=session.representative,
            read_at=session.read_at,
            representative_read_at=session.representative_read_at,
            records=records_for(
                form, session.health_right, session.health_card, session.health_card_read
            ),
        )
        kiosk_id = self.settings.api.kiosk_id
        services = self.services
        read_at, demo, printer = session.read_at, services.sample_data, services.printer
        office = self.settings.office

        def render_and_print() -> str:
            output = produce(
                filled, kiosk_id, services.signing_key(), read_at=read_at, demo=demo, office=office
            )
            return print_pdf(output.pdf, printer)

        session.run(
            self.workers.printing,
            self.services.metrics.printing(render_and_print),
            lambda _job: self._printed(session),
            lambda error: self.redraw(message_key="", message_error=error),
        )

    def _printed(self, session: Session) -> None:
        session.printed = True
        self.redraw(message_key="output.printed", message_error=None)

    # Results (UI thread, only while their session lasts) ------------------------------------

    def _new_session(self) -> Session:
        self.end_session()
        self.idle.touch()
        self.services.metrics.session_started()
        return self.sessions.start()

    def _look_up_all(self, session: Session, cid: str) -> None:
        self.visit.look_up(session, cid)
        self._look_up_disability(session, cid)

    def _look_up_disability(self, session: Session, cid: str) -> None:
        client = self._client

        def disability() -> DisabilityRecords:
            """Each resource on its own: one that is down does not hide the others (and the
            chip's own right can stand in for the health-insurance one)."""
            api = client()
            return (
                answer_or_error(
                    lambda: api.health_insurance_right(cid, purpose=DISABILITY_PURPOSE)
                ),
                answer_or_error(lambda: api.assistive_devices(cid, purpose=DISABILITY_PURPOSE)),
                answer_or_error(
                    lambda: api.rehabilitation_history(cid, purpose=DISABILITY_PURPOSE)
                ),
            )

        session.run(
            self.workers.network,
            disability,
            lambda records: self._disability_ready(session, records),
            lambda error: self._disability_ready(session, error),
        )

    def _card_read(self, session: Session, card: CardData) -> None:
        if session.proxy_step == INSERT_APPLICANT:
            session.proxy_step = INSERT_REPRESENTATIVE
        session.card = card
        session.cid = card.cid
        session.read_at = dt.datetime.now(dt.UTC)
        self._look_up_disability(session, card.cid)  # on_cid already asked for entitlements
        self.redraw(message_key="", message_error=None)

    def _desk_read(self, session: Session, read: DeskRead) -> None:
        session.health_card, session.health_card_read = read.health, True
        self._card_read(session, read.card)
        card, laser, client = read.card, read.laser, self._client
        session.run(
            self.workers.network,
            lambda: check_card(client(), card, laser),  # the laser code goes nowhere else
            lambda result: self._card_checked(session, result),
            lambda error: self._failed(session, error),
        )

    def _card_checked(self, session: Session, result: CardCheck) -> None:
        session.card_check = result
        self.redraw()

    def _failed(self, session: Session, error: UserFacingError) -> None:
        self.redraw(message_key="", message_error=error)

    def _entitlements_ready(self, session: Session, answer: Entitlements) -> None:
        session.entitlements = answer
        self.redraw()

    def _entitlements_failed(self, session: Session, error: UserFacingError) -> None:
        session.entitlements_error = error
        self.redraw()

    def _disability_ready(
        self, session: Session, records: DisabilityRecords | UserFacingError
    ) -> None:
        session.disability = records
        session.health_right = records[0] if isinstance(records, tuple) else records
        self.redraw()
        if session.print_waiting:
            self.print_form(session.form_id)

    # The app's hooks -------------------------------------------------------------------------

    def card_event(self, event: CardEvent) -> None:
        """A citizen's card taken out ends their session (a typed-ID session stays). Card
        events never take the officer away from the screen they are on (sign-in, receiving)."""
        self.services.metrics.card_event(event)
        session = self.session
        proxy_out = (
            event.kind is EventKind.CARD_REMOVED
            and session is not None
            and self._proxy_card_out(session)
        )
        if proxy_out:
            pass
        elif event.kind is EventKind.CARD_REMOVED and session is not None and session.card:
            self.services.metrics.session_ended("removed")
            self.end_session()
            self.status = dataclasses.replace(
                self.status, message_key="desk.card_removed", message_error=None
            )
        self.status = dataclasses.replace(self.status, reader_status=event.describe())
        if self.view.current == "desk":
            self.view.show(self.state())

    def end_session(self) -> None:
        self.services.metrics.session_ended("other")  # unless a reason was counted just before
        self.sessions.end()
        self.status = dataclasses.replace(self.status, photo_progress=(0, 0))
        self.view.clear()

    def tick(self) -> None:
        self.services.metrics.heartbeat()
        if self.officer is not None and self.idle.expired():
            self.services.metrics.session_ended("idle")
            self.sign_out("desk.signed_out_idle")

    def touched(self) -> None:
        self.idle.touch()

    def start_over(self) -> None:
        self.end_session()
        self.redraw()

    def at_start(self) -> None:
        """The desk opens on the sign-in."""
        self.redraw()
