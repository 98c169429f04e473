"""The work of a visit, off the UI thread: read the card on the card worker and, the moment the
citizen ID is known, start the entitlement lookup on the network worker, so both overlap; for a
form that prints the health-insurance right, look that up (the API, else the chip's copy)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardreader.model import CardData
from cardreader.nhso import HealthInsuranceCard, read_health_insurance
from cardreader.reader import read_card, read_cid
from kiosk.api import Entitlements, EntitlementsClient, HealthInsuranceRight
from kiosk.cardslot import CardSlot
from kiosk.errors import UserFacingError
from kiosk.flow.session import Session
from kiosk.flow.worker import Workers

if TYPE_CHECKING:
    from kiosk.metrics import Metrics


@dataclass(frozen=True)
class VisitCallbacks:
    """Where results go; each runs on the UI thread, and only while the session lasts."""

    card_read: Callable[[Session, CardData], None]
    card_failed: Callable[[Session, UserFacingError], None]
    entitlements_ready: Callable[[Session, Entitlements], None]
    entitlements_failed: Callable[[Session, UserFacingError], None]


class VisitWork:
    def __init__(
        self,
        slot: CardSlot,
        workers: Workers,
        client: Callable[[], EntitlementsClient],
        callbacks: VisitCallbacks,
        purpose: str,
        metrics: Metrics | None = None,
    ) -> None:
        """`client` gives the API client to ask; `purpose` is the screen the lookup is for (the
        X-Road-Issue header); `metrics` counts reads and lookups (outcomes and times only)."""
        self._purpose = purpose
        self._metrics = metrics
        self._slot = slot
        self._workers = workers
        self._client = client
        self._callbacks = callbacks

    def read_card(self, session: Session, *, photo: bool = False) -> None:
        """Read the card; the lookup starts from the card thread as soon as the CID is read."""

        def job() -> CardData:
            with self._slot.connection() as connection:
                return read_card(
                    connection, photo=photo, on_cid=lambda cid: self.look_up(session, cid)
                )

        session.run(
            self._workers.card,
            self._metrics.reading(job) if self._metrics else job,
            lambda card: self._callbacks.card_read(session, card),
            lambda error: self._callbacks.card_failed(session, error),
        )

    def look_up(self, session: Session, cid: str) -> None:
        """Ask the API for `cid`'s entitlements (callable from any thread)."""

        def ask() -> Entitlements:
            return self._client().entitlements(cid, purpose=self._purpose)

        session.run(
            self._workers.network,
            self._metrics.looking_up(ask) if self._metrics else ask,
            lambda answer: self._callbacks.entitlements_ready(session, answer),
            lambda error: self._callbacks.entitlements_failed(session, error),
        )

    def look_up_health_right(
        self, session: Session, on_done: Callable[[Session], None], *, ask_api: bool, purpose: str
    ) -> None:
        """The right a disability form prints, for the applicant (`session.card`), onto the
        session: the API's resource (`session.health_right`) when `ask_api`; when it is down or
        not asked, the chip's NHSO applet (`session.health_card`), read only if the card in the
        slot is still the applicant's (applying for someone else, it may be the
        representative's). `on_done` runs once either way, and only while the right is still
        looked up for that person (`Session.health_for`): an answer for someone who is no
        longer the applicant is dropped. Nothing here is ever an error for the citizen."""
        card = session.card
        if card is None:
            return
        cid = card.cid
        session.forget_health_right()
        session.health_cid = cid

        def read_chip() -> tuple[bool, HealthInsuranceCard | None]:
            """(whether the applicant's card was read, what its applet held)."""
            if not session.health_for(cid):
                return False, None  # no longer this applicant's: nothing read
            with self._slot.connection() as connection:
                if read_cid(connection) != cid:
                    return False, None  # another person's card is in the slot: not read
                return True, read_health_insurance(connection)

        def chip_read(read: tuple[bool, HealthInsuranceCard | None]) -> None:
            if session.health_for(cid):
                session.health_card_read, session.health_card = read
                session.health_done = True
                on_done(session)

        def from_chip() -> None:
            session.run(
                self._workers.card, read_chip, chip_read, lambda _error: chip_read((False, None))
            )

        def answered(answer: HealthInsuranceRight | UserFacingError) -> None:
            if not session.health_for(cid):
                return
            session.health_right = answer
            if isinstance(answer, UserFacingError):
                from_chip()
            else:
                session.health_done = True
                on_done(session)

        if not ask_api:
            from_chip()
            return
        session.run(
            self._workers.network,
            lambda: self._client().health_insurance_right(cid, purpose=purpose),
            answered,
            answered,
        )
