"""The work of a visit, off the UI thread: read the card on the card worker and, the moment the
citizen ID is known, start the entitlement lookup on the network executor, so both overlap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cardreader.model import CardData
from cardreader.reader import read_card
from kiosk.api import Entitlements, EntitlementsClient
from kiosk.cardslot import CardSlot
from kiosk.config import AppConfig
from kiosk.errors import UserFacingError
from kiosk.session import Session
from kiosk.worker import BackgroundRunner


@dataclass(frozen=True)
class Services:
    """What the application's controllers work with: settings, the card slot, the workers."""

    settings: AppConfig
    slot: CardSlot
    card_runner: BackgroundRunner
    network: BackgroundRunner
    client: Callable[[], EntitlementsClient]


@dataclass(frozen=True)
class VisitCallbacks:
    """Where results go; each runs on the UI thread, and only while the session is current."""

    card_read: Callable[[Session, CardData], None]
    card_failed: Callable[[Session, UserFacingError], None]
    entitlements_ready: Callable[[Session, Entitlements], None]
    entitlements_failed: Callable[[Session, UserFacingError], None]


class VisitWork:
    def __init__(
        self,
        services: Services,
        callbacks: VisitCallbacks,
        client: Callable[[], EntitlementsClient] | None = None,
        purpose: str = "kiosk-entitlements",
    ) -> None:
        """`client` overrides the services' API client (the desk's per-officer clients);
        `purpose` is the screen the lookup is for (the X-Road-Issue header)."""
        self._purpose = purpose
        self._slot = services.slot
        self._card_runner = services.card_runner
        self._network = services.network
        self._client = client or services.client
        self._callbacks = callbacks

    def read_card(self, session: Session, *, photo: bool = False) -> None:
        """Read the card; the lookup starts from the card thread as soon as the CID is read."""

        def job() -> CardData:
            with self._slot.connection() as connection:
                return read_card(
                    connection, photo=photo, on_cid=lambda cid: self.look_up(session, cid)
                )

        session.track(
            self._card_runner.submit(
                job,
                lambda card: self._callbacks.card_read(session, card),
                lambda error: self._callbacks.card_failed(session, error),
            )
        )

    def look_up(self, session: Session, cid: str) -> None:
        """Ask the API for `cid`'s entitlements (callable from any thread)."""
        if session.ended:  # the citizen left while their card was being read
            return
        session.track(
            self._network.submit(
                lambda: self._client().entitlements(cid, purpose=self._purpose),
                lambda answer: self._callbacks.entitlements_ready(session, answer),
                lambda error: self._callbacks.entitlements_failed(session, error),
            )
        )
