"""The sandbox API server: the contract over real HTTP/1.1 (keep-alive) on loopback, with real
token auth, optional TLS/mTLS, and fault injection (see faults.py)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import re
import socket
import ssl
import struct
import threading
import urllib.parse
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from cardreader.cid import is_valid_cid
from kiosk.sandbox import bodies
from kiosk.sandbox.citizens import Citizen, citizen
from kiosk.sandbox.faults import DRIP_SECONDS, Faults
from kiosk.sandbox.tokens import Credentials, TokenStore

log = logging.getLogger("kiosk.sandbox")

TOKEN_PATH = "/v1/auth/token"
HEALTH_PATH = "/v1/health"
ADMIN_FAULTS_PATH = "/_admin/faults"
ADMIN_EXPIRE_PATH = "/_admin/expire-tokens"
HANG_SECONDS = 300.0
IDLE_CONNECTION_SECONDS = 30.0
_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
_HEADER_TEXT = re.compile(r"[A-Za-z0-9._:/@-]{1,128}")
_CALLER_HEADERS = ("X-Road-Client", "X-Road-UserId", "X-Road-Issue")


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any] | bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Lookup:
    """What a citizen resource needs to build its answer."""

    person: Citizen
    request_id: str
    today: dt.date
    now: dt.datetime
    down: frozenset[str]


CITIZEN_RESOURCES: dict[str, Callable[[Lookup], dict[str, Any]]] = {
    "/v1/entitlements": lambda q: bodies.entitlements(
        q.person, q.request_id, q.today, q.now, q.down
    ),
    "/v1/disability/health-insurance-right": lambda q: bodies.health_insurance_right(
        q.person, q.request_id, q.today
    ),
    "/v1/disability/assistive-devices": lambda q: bodies.assistive_devices(
        q.person, q.request_id, q.today
    ),
    "/v1/disability/rehabilitation-history": lambda q: bodies.rehabilitation_history(
        q.person, q.request_id, q.today
    ),
}
DISABILITY_PATH_PREFIX = "/v1/disability/"


def error_reply(status: int, code: str, message: str, request_id: str) -> Reply:
    return Reply(status, bodies.error(code, message, request_id))


def server_tls_context(
    cert_chain: Path, private_key: Path, client_ca: Path | None = None
) -> ssl.SSLContext:
    """TLS for the sandbox; with `client_ca`, clients must present a certificate it signed."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_chain, private_key)
    if client_ca is not None:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(client_ca)
    return context


class SandboxServer:
    """Start with `start()` (background thread) or `serve_forever()`; stop with `stop()`."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Faults | None = None,
        credentials: Credentials | None = None,
        token_ttl: int = 300,
        ssl_context: ssl.SSLContext | None = None,
        admin: bool = True,
        seed: int = 0,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.tokens = TokenStore(credentials or Credentials.generate(), token_ttl)
        self.admin = admin
        self.stopping = threading.Event()
        self._clock = clock
        self._lock = threading.Lock()
        self._faults = Faults()
        self._failures_left = 0
        self._rng = random.Random(seed)
        self._hits: Counter[str] = Counter()
        self._users: set[str] = set()
        self._thread: threading.Thread | None = None
        self.set_faults(faults or Faults())
        self._httpd = _HttpServer((host, port), self, ssl_context)
        self.url = f"{'https' if ssl_context else 'http'}://{host}:{self._httpd.server_address[1]}"

    @property
    def credentials(self) -> Credentials:
        return self.tokens.credentials

    @property
    def faults(self) -> Faults:
        return self._faults

    def set_faults(self, faults: Faults | None = None, **changes: Any) -> Faults:
        """Replace the faults (`faults`) or change some of them (`latency=0.3`, …)."""
        with self._lock:
            self._faults = (faults or self._faults).updated(changes)
            self._failures_left = self._faults.fail_next
            return self._faults

    def expire_issued_tokens(self) -> None:
        """Every token issued so far is refused as expired; new ones work."""
        self.tokens.expire_all()

    def hits(self, path: str) -> int:
        """How many requests reached `path` (retries included)."""
        with self._lock:
            return self._hits[path]

    def users_seen(self) -> set[str]:
        """Every X-Road-UserId that reached the server (who asked: officers, self-service)."""
        with self._lock:
            return set(self._users)

    def start(self) -> SandboxServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._httpd.serve_forever()

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()

    def __enter__(self) -> SandboxServer:
        return self if self._thread else self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # Used by the request handler.

    def count(self, path: str, user: str) -> None:
        with self._lock:
            self._hits[path] += 1
            if user:
                self._users.add(user)

    def injected_failure(self) -> bool:
        with self._lock:
            if self._failures_left > 0:
                self._failures_left -= 1
                return True
            return self._rng.random() < self._faults.error_rate

    def now(self) -> dt.datetime:
        return self._clock()


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(
        self, address: tuple[str, int], sandbox: SandboxServer, context: ssl.SSLContext | None
    ) -> None:
        self.sandbox = sandbox
        self.ssl_context = context
        super().__init__(address, _Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        """The TLS handshake happens here, in the connection's own thread."""
        if self.ssl_context is not None:
            request.settimeout(IDLE_CONNECTION_SECONDS)
            request = self.ssl_context.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("connection ended with an error", exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "OneCardSandbox/1"
    timeout = IDLE_CONNECTION_SECONDS
    server: _HttpServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every keep-alive answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _handle(self) -> None:
        sandbox = self.server.sandbox
        path = urllib.parse.urlsplit(self.path).path
        payload = self._read_body()
        sent_id = self.headers.get("X-Road-Id", "")
        request_id = sent_id if _REQUEST_ID.fullmatch(sent_id) else str(uuid.uuid4())
        sandbox.count(path, self.headers.get("X-Road-UserId", ""))
        if path.startswith("/_admin/"):
            reply = self._admin(path, payload, request_id)
        elif path == TOKEN_PATH:
            reply = self._token(payload, request_id)
        else:
            faults = sandbox.faults
            if faults.hang or faults.reset:
                self._drop_connection(hang=faults.hang)
                return
            if faults.latency:
                sandbox.stopping.wait(faults.latency)
            reply = self._contract_route(path, request_id, faults)
        self._send(reply, request_id, drip=path != TOKEN_PATH and sandbox.faults.drip)

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _drop_connection(self, *, hang: bool) -> None:
        if hang:
            self.server.sandbox.stopping.wait(HANG_SECONDS)
        else:  # an RST, not a polite close
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def _contract_route(self, path: str, request_id: str, faults: Faults) -> Reply:
        sandbox = self.server.sandbox
        if sandbox.injected_failure():
            reply = error_reply(faults.error_status, "unavailable", "injected failure", request_id)
            if faults.retry_after is not None:
                reply.headers["Retry-After"] = str(faults.retry_after)
            return reply
        reply = self._route(path, request_id, faults.down_agencies)
        if reply.status != 200 or faults.malformed is None or isinstance(reply.body, bytes):
            return reply
        if faults.malformed == "garbage":
            text = json.dumps(reply.body).encode()
            return Reply(200, text[: len(text) // 2])
        return Reply(200, bodies.break_contract(reply.body))

    def _route(self, path: str, request_id: str, down: frozenset[str]) -> Reply:
        sandbox = self.server.sandbox
        if path == HEALTH_PATH:
            return self._only_get(request_id) or Reply(200, bodies.health(sandbox.now(), down))
        resource = CITIZEN_RESOURCES.get(path)
        if resource is None:
            return error_reply(404, "not_found", f"no resource {path}", request_id)
        refused = (
            self._only_get(request_id)
            or self._check_token(request_id)
            or self._check_caller(request_id)
        )
        if refused:
            return refused
        cid = self.headers.get("Citizen-Id", "")
        if not is_valid_cid(cid):
            return error_reply(400, "invalid_citizen_id", "Citizen-Id is not valid", request_id)
        if path.startswith(DISABILITY_PATH_PREFIX) and "NHSO" in down:
            message = "the NHSO source is unavailable"
            return error_reply(503, "agency_unavailable", message, request_id)
        now = sandbox.now()
        return Reply(200, resource(Lookup(citizen(cid), request_id, now.date(), now, down)))

    def _only_get(self, request_id: str) -> Reply | None:
        if self.command == "GET":
            return None
        return error_reply(
            405, "invalid_request", f"{self.command} is not allowed here", request_id
        )

    def _check_token(self, request_id: str) -> Reply | None:
        sandbox = self.server.sandbox
        state = sandbox.tokens.check(self.headers.get("Authorization"))
        if state == "ok" and sandbox.faults.expire_tokens:
            state = "expired"
        if state == "ok":
            return None
        code = "token_expired" if state == "expired" else "invalid_token"
        reply = error_reply(401, code, f"bearer token: {code}", request_id)
        reply.headers["WWW-Authenticate"] = f'Bearer error="{code}"'
        return reply

    def _check_caller(self, request_id: str) -> Reply | None:
        if not _REQUEST_ID.fullmatch(self.headers.get("X-Road-Id", "")):
            return error_reply(400, "invalid_request", "X-Road-Id is missing or bad", request_id)
        for name in _CALLER_HEADERS:
            if not _HEADER_TEXT.fullmatch(self.headers.get(name, "")):
                return error_reply(400, "invalid_request", f"{name} is missing or bad", request_id)
        return None

    def _token(self, payload: bytes, request_id: str) -> Reply:
        tokens = self.server.sandbox.tokens
        if self.command != "POST":
            return error_reply(405, "invalid_request", "use POST", request_id)
        form = urllib.parse.parse_qs(payload.decode("latin-1"))
        if form.get("grant_type") != ["client_credentials"]:
            return error_reply(
                400, "invalid_request", "grant_type must be client_credentials", request_id
            )
        if not tokens.authenticate(self.headers.get("Authorization")):
            reply = error_reply(401, "invalid_client", "unknown consumer key or secret", request_id)
            reply.headers["WWW-Authenticate"] = 'Basic realm="onecard-sandbox"'
            return reply
        return Reply(200, bodies.token(tokens.issue(), tokens.ttl))

    def _admin(self, path: str, payload: bytes, request_id: str) -> Reply:
        sandbox = self.server.sandbox
        if not sandbox.admin:
            return error_reply(404, "not_found", "the admin API is off", request_id)
        if path == ADMIN_EXPIRE_PATH and self.command == "POST":
            sandbox.expire_issued_tokens()
            return Reply(200, {"expired": True})
        if path != ADMIN_FAULTS_PATH:
            return error_reply(404, "not_found", f"no admin resource {path}", request_id)
        if self.command == "PUT":
            try:
                changes = json.loads(payload or b"{}")
                if not isinstance(changes, dict):
                    raise ValueError("expected a JSON object of fault settings")
                sandbox.set_faults(**changes)
            except ValueError as error:
                return error_reply(400, "invalid_request", str(error)[:400], request_id)
        return Reply(200, sandbox.faults.to_json())

    def _send(self, reply: Reply, request_id: str, *, drip: bool = False) -> None:
        body = reply.body
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Road-Id", request_id)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if drip:
            self._drip(data)
        else:
            self.wfile.write(data)

    def _drip(self, data: bytes) -> None:
        """A server that answers, then trickles: only a clock-bound client gives up in time."""
        for position in range(len(data)):
            if self.server.sandbox.stopping.wait(DRIP_SECONDS):
                return
            self.wfile.write(data[position : position + 1])
            self.wfile.flush()
