"""The counter officer's desk: read the card or type the 13 digits, see the card (photo on
demand), the entitlements and the disability records, print forms; "next citizen" forgets all.

The officer's id goes with every API call as the user; one API client per officer id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cardreader.cid import CID_LENGTH, is_valid_cid
from cardreader.events import CardEvent, EventKind
from cardreader.model import CardData
from cardreader.reader import read_card
from cardreader.text import Bilingual
from forms import FormDefinition, fill, produce
from kiosk.api import (
    AssistiveDevices,
    Entitlements,
    EntitlementsClient,
    HealthInsuranceRight,
    RehabilitationHistory,
)
from kiosk.apisource import entitlements_client
from kiosk.config import AppConfig
from kiosk.errors import UserFacingError
from kiosk.formcatalogue import FormCatalogue
from kiosk.idle import IdleTimer
from kiosk.printing import print_pdf
from kiosk.session import Session, SessionHolder
from kiosk.visit import Services, VisitCallbacks, VisitWork

if TYPE_CHECKING:
    from kiosk.ui.app import OneCardApp

DISABILITY_PURPOSE = "desk-disability-records"
DESK_IDLE_TIMEOUT = 15 * 60.0  # an officer's screen: forget the citizen after 15 quiet minutes
ANOTHER_CARD = UserFacingError(
    Bilingual("บัตรในเครื่องอ่านเป็นของบุคคลอื่น", "The card in the reader belongs to someone else."),
    Bilingual("กดผู้รับบริการคนถัดไป แล้วอ่านบัตรใหม่", "Press 'Next citizen', then read the card again."),
)
DisabilityRecords = tuple[HealthInsuranceRight, AssistiveDevices, RehabilitationHistory]


def cid_state(digits: str) -> tuple[str, dict[str, int]]:
    """The inline message key for a typed ID: incomplete, invalid (checksum) or ok."""
    if len(digits) < CID_LENGTH:
        return "desk.cid_incomplete", {"count": CID_LENGTH - len(digits)}
    return ("desk.cid_ok", {}) if is_valid_cid(digits) else ("desk.cid_invalid", {})


class OfficerClients:
    """One API client per officer id, so every call names the officer who asked."""

    def __init__(self, base: Callable[[], EntitlementsClient], settings: AppConfig) -> None:
        self._base = base
        self._settings = settings
        self._clients: dict[str, EntitlementsClient] = {}

    def for_officer(self, officer_id: str) -> EntitlementsClient:
        if not officer_id or officer_id == self._settings.api.officer_id:
            return self._base()
        if officer_id not in self._clients:
            api = dataclasses.replace(self._settings.api, officer_id=officer_id)
            self._clients[officer_id] = entitlements_client(api)
        return self._clients[officer_id]


class DeskController:
    def __init__(self, app: OneCardApp, services: Services) -> None:
        self.app = app
        self.settings = services.settings
        self.slot = services.slot
        self.card_runner = services.card_runner
        self.network = services.network
        self.clients = OfficerClients(services.client, self.settings)
        self.officer_id = self.settings.api.officer_id
        self.sessions = SessionHolder()
        self.idle = IdleTimer(DESK_IDLE_TIMEOUT)
        self.catalogue = FormCatalogue(self.settings.kiosk.enabled_forms)
        self.disability: DisabilityRecords | UserFacingError | None = None
        self.visit = VisitWork(
            services,
            VisitCallbacks(
                self._card_read, self._failed, self._entitlements_ready, self._entitlements_failed
            ),
            client=self._client,
            purpose="desk-entitlements",
        )

    @property
    def forms(self) -> dict[str, FormDefinition]:
        return self.catalogue.forms

    def _client(self) -> EntitlementsClient:
        return self.clients.for_officer(self.officer_id)

    @property
    def session(self) -> Session | None:
        return self.sessions.current

    @property
    def desk(self) -> Any:
        return self.app.screen("desk")

    # The officer's actions ------------------------------------------------------------------

    def look_up_typed(self, digits: str) -> None:
        if not is_valid_cid(digits):
            return
        session = self._new_session()
        session.cid = digits
        self._look_up_all(session, digits)

    def read_card(self) -> None:
        session = self._new_session()
        self.desk.show_busy(self.app.t["reading.title"])
        self.visit.read_card(session)

    def read_photo(self) -> None:
        """The photo of the card already read, read again from the card, never another's."""
        session = self.session
        if session is None or session.card is None:
            return
        expected = session.card.cid

        def job() -> CardData:
            with self.slot.connection() as connection:
                card = read_card(connection, photo=True, on_photo_progress=self._photo_progress)
            if card.cid != expected:
                raise ANOTHER_CARD
            return card

        session.track(
            self.card_runner.submit(
                job,
                lambda card: self._photo_read(session, card),
                lambda error: self._failed(session, error),
            )
        )

    def _photo_read(self, session: Session, card: CardData) -> None:
        if self.sessions.is_current(session):
            session.card = card
            self.desk.show_card(card)

    def _photo_progress(self, done: int, total: int) -> None:
        self.app.post(lambda: self.desk.show_progress(done, total))

    def next_citizen(self) -> None:
        self.end_session()

    def set_officer(self, officer_id: str) -> None:
        self.officer_id = officer_id.strip() or self.settings.api.officer_id

    def print_form(self, form_id: str) -> None:
        session = self.session
        if session is None or session.card is None:
            return
        filled = fill(self.forms[form_id], session.card)
        kiosk_id = self.settings.api.kiosk_id
        printer = self.settings.printer.name
        key = self.app.signing_key

        read_at = session.read_at
        demo = self.app.sample_data

        def render_and_print() -> str:
            output = produce(filled, kiosk_id, key, read_at=read_at, demo=demo)
            return print_pdf(output.pdf, printer)

        session.track(
            self.network.submit(
                render_and_print,
                lambda job: self.desk.show_message(self.app.t["output.printed"]),
                lambda error: self.desk.show_message(self.app.describe_error(error)),
            )
        )

    # Results ---------------------------------------------------------------------------------

    def _new_session(self) -> Session:
        self.end_session()
        self.idle.touch()
        return self.sessions.start()

    def _look_up_all(self, session: Session, cid: str) -> None:
        self.visit.look_up(session, cid)
        self.desk.show_entitlements(None, None)
        self._look_up_disability(session, cid)

    def _look_up_disability(self, session: Session, cid: str) -> None:
        def disability() -> DisabilityRecords:
            client = self._client()
            return (
                client.health_insurance_right(cid, purpose=DISABILITY_PURPOSE),
                client.assistive_devices(cid, purpose=DISABILITY_PURPOSE),
                client.rehabilitation_history(cid, purpose=DISABILITY_PURPOSE),
            )

        session.track(
            self.network.submit(
                disability,
                lambda records: self._disability_ready(session, records),
                lambda error: self._disability_ready(session, error),
            )
        )

    def _card_read(self, session: Session, card: CardData) -> None:
        if not self.sessions.is_current(session):
            return
        session.card = card
        session.cid = card.cid
        session.read_at = dt.datetime.now(dt.UTC)
        self.desk.show_card(card)
        self._look_up_disability(session, card.cid)  # on_cid already asked for entitlements

    def _failed(self, session: Session, error: UserFacingError) -> None:
        if self.sessions.is_current(session):
            self.desk.show_message(self.app.describe_error(error))

    def _entitlements_ready(self, session: Session, answer: Entitlements) -> None:
        if self.sessions.is_current(session):
            session.entitlements = answer
            self.desk.show_entitlements(answer, None)

    def _entitlements_failed(self, session: Session, error: UserFacingError) -> None:
        if self.sessions.is_current(session):
            session.entitlements_error = error
            self.desk.show_entitlements(None, error)

    def _disability_ready(
        self, session: Session, records: DisabilityRecords | UserFacingError
    ) -> None:
        if self.sessions.is_current(session):
            self.disability = records
            self.desk.show_disability(records)

    # The app's hooks -------------------------------------------------------------------------

    def card_event(self, event: CardEvent) -> None:
        """A citizen's card taken out ends their session (a typed-ID session stays)."""
        self.desk.show_reader_event(event)
        session = self.session
        if event.kind is EventKind.CARD_REMOVED and session is not None and session.card:
            self.end_session()
            self.desk.show_message(self.app.t["desk.card_removed"])

    def end_session(self) -> None:
        self.sessions.end()
        self.disability = None
        self.app.clear_screens()

    def tick(self) -> None:
        if self.session is not None and self.idle.expired():
            self.end_session()

    def touched(self) -> None:
        self.idle.touch()

    def start_over(self) -> None:
        self.end_session()
        self.app.show("desk")
