"""The one place that builds what a command works with: the card slot, the API client (the
agency's API, the sandbox only when asked for, or none), the QR signing key and the printer.

`onecard kiosk`, `desk`, `status` and `form` all build their services here, so "is this sample
data?" has one answer: an emulated card or the embedded sandbox is sample data, and everything
shown or printed from it says so.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from kiosk.cardslot import CardSlot, DemoSlot, PcscSlot
from kiosk.config import AppConfig, with_demo
from kiosk.errors import UserFacingError

if TYPE_CHECKING:
    from forms.signing import SigningKey
    from kiosk.api import EntitlementsClient
    from kiosk.metrics import Metrics
    from kiosk.speech.base import Speaker


class SharedClient:
    """One API client per process and officer id, created on first use (from any thread).
    Without a configured API every call raises the plain "not set up" error."""

    def __init__(self, settings: AppConfig, not_configured: UserFacingError | None = None) -> None:
        self._settings = settings
        self._not_configured = not_configured
        self._clients: dict[str, EntitlementsClient] = {}
        self._lock = threading.Lock()

    def __call__(self, officer_id: str = "") -> EntitlementsClient:
        """The client whose calls name `officer_id` as the user (default: the configured one)."""
        from kiosk.apisource import entitlements_client  # requests + the API: on first use

        api = self._settings.api
        user = officer_id or api.officer_id
        with self._lock:
            if user not in self._clients:
                configured = dataclasses.replace(api, officer_id=user)
                self._clients[user] = entitlements_client(configured, self._not_configured)
            return self._clients[user]

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()


@dataclass(frozen=True)
class Services:
    """What the application's controllers and commands work with."""

    settings: AppConfig
    slot: CardSlot
    client: SharedClient
    given_speaker: Speaker | None = None  # tests: a RecordingSpeaker; None: from [speech]

    @property
    def sample_data(self) -> bool:
        """An emulated card or the embedded sandbox: never passed off as real."""
        return self.settings.api.is_embedded or isinstance(self.slot, DemoSlot)

    @cached_property
    def _key(self) -> SigningKey:
        from kiosk.keys import kiosk_signing_key

        return kiosk_signing_key(self.settings.kiosk.signing_key)

    def signing_key(self) -> SigningKey:
        """The kiosk's QR signing key (a throw-away demo key when none is configured); loaded
        on first use, so a broken key file is reported by the first form, and by `load_key`."""
        return self._key

    def load_key(self) -> None:
        """Load the signing key now, raising its error (start-up checks it this way)."""
        self.signing_key()

    @property
    def printer(self) -> str:
        return self.settings.printer.name

    @cached_property
    def speaker(self) -> Speaker:
        """Voice guidance's speaker (kiosk.speech), built from [speech] on first use (its
        thread starts then); a silent one when this machine cannot speak."""
        if self.given_speaker is not None:
            return self.given_speaker
        from kiosk.speech import build_speaker

        return build_speaker(self.settings.speech)

    @cached_property
    def metrics(self) -> Metrics:
        """The fleet's metrics (kiosk.metrics): the flows count through it, nothing personal;
        made on first use, served only once `start_metrics` is called."""
        from kiosk.metrics import Metrics

        return Metrics(self.settings)

    def start_metrics(self, mode: str) -> None:
        """Serve /metrics and /healthz as [metrics] says and probe the printer and the API
        (`mode`: "kiosk" or "desk"); never raises, stopped by `close`."""
        from kiosk.printing import printer_ready

        metrics, printer = self.metrics, self.printer

        def api_answers() -> None:
            try:
                self.client().health()
            except UserFacingError:
                metrics.set_api_reachable(False)
            else:
                metrics.set_api_reachable(True)

        probes = [lambda: metrics.set_printer_ready(printer_ready(printer))]
        if self.settings.api.is_configured:
            probes.append(api_answers)
        metrics.start(mode, probes)

    def close(self) -> None:
        self.slot.stop()
        self.client.close()
        if "speaker" in self.__dict__:  # built: end its thread
            self.speaker.close()
        if "metrics" in self.__dict__:  # built: stop its listener and probes
            self.metrics.close()


def build_services(
    settings: AppConfig,
    *,
    demo: bool = False,
    reader: str | None = None,
    slot: CardSlot | None = None,
    not_configured: UserFacingError | None = None,
    speaker: Speaker | None = None,
) -> Services:
    """`demo`: sample data, an emulated card (unless `slot` is given) and the sandbox API;
    otherwise the card in `reader` (or the first reader) and the configured API, if any."""
    if demo:
        settings = with_demo(settings)
    chosen: CardSlot = slot or (DemoSlot() if demo else PcscSlot(reader))
    return Services(settings, chosen, SharedClient(settings, not_configured), speaker)
