"""The fleet's view of one kiosk: Prometheus metrics and a health check (no Kivy, no UI).

`Metrics` counts what happens (sessions, card reads, API lookups, prints, "call staff"
presses) and holds the gauges an agency alerts on (reader present, pcscd up, printer ready,
API reachable); `Metrics.start` serves them at `/metrics` (Prometheus text format, through the
maintained `prometheus_client` library, on a registry of our own, never the global one) with
`/healthz` beside it, and probes the printer and the API every `probe_interval` seconds.

Invariant: nothing personal is ever a label or a value. Every label value comes from a fixed
list here (a session's end reason, a read or lookup outcome, a document kind), or is an agency
code the API sent that passed `AGENCY_CODE` (anything else counts as "other", and at most
`MAX_AGENCIES` codes are kept); values are counts, seconds and 0/1. No method takes a card,
a citizen ID, a name or an answer's content. Counting never raises into the flow: a metric
that cannot be kept is a metric lost, not a citizen turned away.
"""

from __future__ import annotations

import hashlib
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any, TypeVar
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    ProcessCollector,
    make_wsgi_app,
    write_to_textfile,
)

from cardreader import errors as card
from cardreader.events import CardEvent, EventKind
from kiosk import __version__
from kiosk.config import AppConfig, MetricsConfig, listen_address

log = logging.getLogger(__name__)
T = TypeVar("T")

SESSION_END_REASONS = ("removed", "idle", "declined", "error", "finished", "other")
READ_OUTCOMES = ("ok", "removed", "unreadable", "not_thai_id", "reader_error")
LOOKUP_OUTCOMES = ("ok", "partial", "unavailable", "timeout", "refused", "invalid_answer", "error")
DOCUMENTS = ("form", "status_slip")
READ_BUCKETS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 13.0)
LOOKUP_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 15.0, 30.0)
AGENCY_CODE = re.compile(r"[a-z][a-z0-9_-]{0,31}")
MAX_AGENCIES = 32
HEARTBEAT_STALE_SECONDS = 10.0  # /healthz fails when the UI has not ticked for this long


def read_outcome(error: BaseException) -> str:
    """A failed card read as one of READ_OUTCOMES (by the card layer's error type only)."""
    if isinstance(error, card.CardRemoved | card.NoCard):
        return "removed"
    if isinstance(error, card.NotThaiIdCard):
        return "not_thai_id"
    if isinstance(error, card.ServiceUnavailable | card.NoReader | card.ReaderGone):
        return "reader_error"
    return "unreadable"


def lookup_outcome(error: BaseException) -> str:
    """A failed API call as one of LOOKUP_OUTCOMES (by the API client's error type only)."""
    from kiosk.api import errors as api

    if isinstance(error, api.LookupTimeout):
        return "timeout"
    if isinstance(error, api.ServiceUnavailable | api.TlsSetupFailed):
        return "unavailable"
    if isinstance(error, api.AuthenticationFailed | api.RequestRejected | api.InvalidCitizenId):
        return "refused"
    if isinstance(error, api.ContractViolation):
        return "invalid_answer"
    return "error"


def config_hash(settings: AppConfig) -> str:
    """A short fingerprint of the settings in force (secrets are left out of their repr), so
    a fleet view shows which kiosks run which configuration."""
    return hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:12]


class Metrics:
    """Every OneCard metric, on a registry of its own. Callable from any thread."""

    def __init__(self, settings: AppConfig) -> None:
        self.settings = settings
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)  # process_cpu_seconds_total, memory, fds
        r = self.registry
        self.build = Info("onecard_build", "OneCard version and configuration", registry=r)
        self.sessions_started = Counter(
            "onecard_sessions_started",
            "Citizen sessions started (a card in, or a typed ID)",
            registry=r,
        )
        self.sessions_ended = Counter(
            "onecard_sessions_ended",
            "Citizen sessions ended, by how they ended",
            ["reason"],
            registry=r,
        )
        self.card_reads = Counter(
            "onecard_card_reads", "ID card reads, by outcome", ["outcome"], registry=r
        )
        self.card_read_duration = Histogram(
            "onecard_card_read_duration_seconds",
            "Time to read an ID card's text fields",
            buckets=READ_BUCKETS,
            registry=r,
        )
        self.api_lookups = Counter(
            "onecard_api_lookups", "Entitlement API lookups, by outcome", ["outcome"], registry=r
        )
        self.api_lookup_duration = Histogram(
            "onecard_api_lookup_duration_seconds",
            "Entitlement API lookup latency",
            buckets=LOOKUP_BUCKETS,
            registry=r,
        )
        self.agencies_unavailable = Counter(
            "onecard_api_agencies_unavailable",
            "Lookups answered without an agency's data, by agency code",
            ["agency"],
            registry=r,
        )
        self.printed = Counter(
            "onecard_forms_printed", "Documents sent to the printer", ["document"], registry=r
        )
        self.print_failures = Counter(
            "onecard_print_failures",
            "Documents that could not be printed",
            ["document"],
            registry=r,
        )
        self.staff_calls = Counter("onecard_staff_calls", "'Call staff' presses", registry=r)
        self.staff_call_open = Gauge(
            "onecard_staff_call_open",
            "1 while a 'call staff' note is on screen (until closed or the next citizen)",
            registry=r,
        )
        self.staff_call_since = Gauge(
            "onecard_staff_call_open_since_seconds",
            "Unix time the open 'call staff' note was raised (0: none open)",
            registry=r,
        )
        self.reader_present = Gauge(
            "onecard_card_reader_present", "1 while a card reader is connected", registry=r
        )
        self.pcscd_up = Gauge(
            "onecard_pcscd_up", "1 while the PC/SC service (pcscd) answers", registry=r
        )
        self.printer_ready = Gauge(
            "onecard_printer_ready", "1 while the printer queue accepts jobs", registry=r
        )
        self.api_reachable = Gauge(
            "onecard_api_reachable", "1 while the entitlement API answers", registry=r
        )
        self.heartbeat_time = Gauge(
            "onecard_ui_heartbeat_seconds", "Unix time of the UI's last tick", registry=r
        )
        for reason in SESSION_END_REASONS:
            self.sessions_ended.labels(reason)
        for outcome in READ_OUTCOMES:
            self.card_reads.labels(outcome)
        for outcome in LOOKUP_OUTCOMES:
            self.api_lookups.labels(outcome)
        for document in DOCUMENTS:
            self.printed.labels(document)
            self.print_failures.labels(document)
        self._lock = threading.Lock()
        self._session_open = False
        self._staff_call = False
        self._readers: set[str] = set()
        self._agencies: set[str] = set()
        self._beat: float | None = None  # monotonic time of the last UI tick
        self._exporter: Exporter | None = None
        self.describe("")

    def describe(self, mode: str) -> None:
        """The info metric: version, mode (kiosk or desk), API kind and config fingerprint."""
        api = self.settings.api
        kind = "sandbox" if api.is_embedded else "agency" if api.is_configured else "none"
        self.build.info(
            {
                "version": __version__,
                "mode": mode,
                "api": kind,
                "config_sha256": config_hash(self.settings),
            }
        )

    # Sessions ---------------------------------------------------------------------------------

    def session_started(self) -> None:
        with self._lock:
            self._session_open = True
        self.sessions_started.inc()

    def session_ended(self, reason: str) -> None:
        """Count the open session's end as `reason` (SESSION_END_REASONS; anything else is
        "other"); nothing when no session is open, so a flow may call it before ending a
        session and again, as "other", in its one place that ends sessions."""
        with self._lock:
            was_open, self._session_open = self._session_open, False
        if was_open:
            self.sessions_ended.labels(reason if reason in SESSION_END_REASONS else "other").inc()

    # Work wrappers: the job's own result or error passes through untouched -------------------

    def reading(self, job: Callable[[], T]) -> Callable[[], T]:
        """`job` (a card read), counted by outcome and timed."""

        def timed() -> T:
            started = time.perf_counter()
            try:
                result = job()
            except BaseException as error:
                self._read(read_outcome(error), started)
                raise
            self._read("ok", started)
            return result

        return timed

    def looking_up(self, job: Callable[[], T]) -> Callable[[], T]:
        """`job` (an entitlement lookup), counted by outcome and timed; the agencies the
        answer says were unavailable are counted by code."""

        def timed() -> T:
            started = time.perf_counter()
            try:
                result = job()
            except BaseException as error:
                self._looked_up(lookup_outcome(error), started)
                raise
            down = [source.agency for source in getattr(result, "unavailable_sources", ())]
            self._looked_up("partial" if down else "ok", started, down)
            return result

        return timed

    def printing(self, job: Callable[[], T], document: str = "form") -> Callable[[], T]:
        """`job` (sending a document to the printer), counted as printed or failed."""
        kind = document if document in DOCUMENTS else "form"

        def counted() -> T:
            try:
                result = job()
            except BaseException:
                self.print_failures.labels(kind).inc()
                self.printer_ready.set(0)
                raise
            self.printed.labels(kind).inc()
            self.printer_ready.set(1)
            return result

        return counted

    def _read(self, outcome: str, started: float) -> None:
        self.card_reads.labels(outcome).inc()
        self.card_read_duration.observe(time.perf_counter() - started)

    def _looked_up(self, outcome: str, started: float, down: Iterable[str] = ()) -> None:
        self.api_lookups.labels(outcome).inc()
        self.api_lookup_duration.observe(time.perf_counter() - started)
        if outcome in ("ok", "partial", "refused", "invalid_answer"):
            self.api_reachable.set(1)  # the server answered
        elif outcome in ("unavailable", "timeout"):
            self.api_reachable.set(0)
        for agency in down:
            self.agencies_unavailable.labels(self._agency_label(agency)).inc()

    def _agency_label(self, agency: object) -> str:
        if not isinstance(agency, str) or not AGENCY_CODE.fullmatch(agency):
            return "other"
        with self._lock:
            if agency not in self._agencies and len(self._agencies) >= MAX_AGENCIES:
                return "other"
            self._agencies.add(agency)
        return agency

    # Help, readers, the UI ------------------------------------------------------------------

    def staff_called(self) -> None:
        self.staff_calls.inc()
        with self._lock:
            already, self._staff_call = self._staff_call, True
        if not already:
            self.staff_call_since.set(time.time())
        self.staff_call_open.set(1)

    def staff_call_closed(self) -> None:
        with self._lock:
            self._staff_call = False
        self.staff_call_open.set(0)
        self.staff_call_since.set(0)

    def card_event(self, event: CardEvent) -> None:
        """Reader and pcscd gauges from the card events (the reader's name is not kept in a
        label: only whether one is there)."""
        with self._lock:
            if event.kind is EventKind.SERVICE_LOST:
                self._readers.clear()
            elif event.kind is EventKind.READER_REMOVED:
                self._readers.discard(event.reader)
            elif event.reader:
                self._readers.add(event.reader)
            present = bool(self._readers)
        self.pcscd_up.set(0 if event.kind is EventKind.SERVICE_LOST else 1)
        self.reader_present.set(1 if present else 0)

    def heartbeat(self) -> None:
        """The UI ticked (its loop is alive): /healthz uses it."""
        self._beat = time.monotonic()
        self.heartbeat_time.set_to_current_time()

    def health(self) -> tuple[bool, str]:
        """For /healthz: fine unless the UI has stopped ticking."""
        beat = self._beat
        if beat is not None and time.monotonic() - beat > HEARTBEAT_STALE_SECONDS:
            return False, "ui stalled\n"
        return True, "ok\n"

    def set_printer_ready(self, ready: bool) -> None:
        self.printer_ready.set(1 if ready else 0)

    def set_api_reachable(self, reachable: bool) -> None:
        self.api_reachable.set(1 if reachable else 0)

    # Serving --------------------------------------------------------------------------------

    def start(self, mode: str, probes: Iterable[Callable[[], None]] = ()) -> None:
        """Serve /metrics and /healthz as [metrics] says, and run `probes` every
        `probe_interval` seconds. Never raises: a listener that cannot start is logged (the
        kiosk serves citizens without it). Calling it again does nothing."""
        if self._exporter is not None:
            return
        self.describe(mode)
        self._exporter = Exporter(self, self.settings.metrics, list(probes))
        self._exporter.start()

    @property
    def address(self) -> tuple[str, int] | None:
        """Where /metrics is served (the port chosen when configured as 0); None: nowhere."""
        exporter = self._exporter
        return exporter.address if exporter is not None else None

    def close(self) -> None:
        exporter, self._exporter = self._exporter, None
        if exporter is not None:
            exporter.stop()

    def exposition(self) -> bytes:
        """The metrics as /metrics serves them (Prometheus text format)."""
        from prometheus_client import generate_latest

        return generate_latest(self.registry)


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Scrapes are not logged."""


class Exporter:
    """The HTTP listener and the probe thread of one `Metrics`."""

    def __init__(
        self, metrics: Metrics, config: MetricsConfig, probes: list[Callable[[], None]]
    ) -> None:
        self._metrics = metrics
        self._config = config
        self._probes = probes
        self._stopped = threading.Event()
        self._server: _Server | None = None
        self._threads: list[threading.Thread] = []

    @property
    def address(self) -> tuple[str, int] | None:
        server = self._server
        if server is None:
            return None
        host, port = server.server_address[:2]
        return str(host), int(port)

    def start(self) -> None:
        if self._config.listen:
            try:
                self._server = self._listen(self._config.listen)
            except (OSError, ValueError) as error:
                log.warning("metrics: cannot listen on %s: %s", self._config.listen, error)
            else:
                self._spawn("metrics-http", self._server.serve_forever)
                log.info("metrics: serving /metrics and /healthz on %s", self._config.listen)
        if self._probes or self._config.textfile is not None:
            self._spawn("metrics-probe", self._probe_loop)

    def _listen(self, listen: str) -> _Server:
        host, port = listen_address(listen)
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        server_class = type("MetricsServer", (_Server,), {"address_family": family})
        server: _Server = make_server(
            host, port, self._app, server_class=server_class, handler_class=_QuietHandler
        )
        return server

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            served: list[bytes] = make_wsgi_app(self._metrics.registry)(environ, start_response)
            return served
        if path == "/healthz":
            ok, text = self._metrics.health()
            status = "200 OK" if ok else "503 Service Unavailable"
            start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
            return [text.encode("utf-8")]
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"not found: /metrics or /healthz\n"]

    def _probe_loop(self) -> None:
        while not self._stopped.is_set():
            for probe in self._probes:
                if self._stopped.is_set():
                    return
                try:
                    probe()
                except Exception as error:  # a probe that fails is a gauge not updated
                    log.debug("metrics probe failed: %s", type(error).__name__)
            self._write_textfile()
            self._stopped.wait(self._config.probe_interval)

    def _write_textfile(self) -> None:
        path: Path | None = self._config.textfile
        if path is None:
            return
        try:
            write_to_textfile(str(path), self._metrics.registry)
        except OSError as error:
            log.warning("metrics: cannot write %s: %s", path, error.strerror)

    def stop(self) -> None:
        self._stopped.set()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
