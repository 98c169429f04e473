"""The work of a visit, off the UI thread: read the card on the card worker and, the moment the
citizen ID is known, start the entitlement lookup on the network worker, so both overlap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cardreader.model import CardData
from cardreader.reader import read_card
from kiosk.api import Entitlements, EntitlementsClient
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
