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

from cardreader.cid import cid_check_digit, is_valid_cid
from kiosk.api.binding import citizen_id_sha256
from kiosk.sandbox import bodies, cardstatus
from kiosk.sandbox.citizens import Citizen, citizen
from kiosk.sandbox.faults import DRIP_SECONDS, SLOW_HEADER_LINES, Faults
from kiosk.sandbox.tokens import Credentials, TokenStore

log = logging.getLogger("kiosk.sandbox")

TOKEN_PATH = "/v1/auth/token"
HEALTH_PATH = "/v1/health"
CARD_STATUS_PATH = "/v1/card-status"
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
    binding: str  # citizen_id_sha256 of the request id and the citizen ID
    today: dt.date
    now: dt.datetime
    down: frozenset[str]


CITIZEN_RESOURCES: dict[str, Callable[[Lookup], dict[str, Any]]] = {
    "/v1/entitlements": lambda q: bodies.entitlements(
        q.person, q.request_id, q.today, q.now, q.down, q.binding
    ),
    "/v1/disability/health-insurance-right": lambda q: bodies.health_insurance_right(
        q.person, q.request_id, q.today, q.binding
    ),
    "/v1/disability/assistive-devices": lambda q: bodies.assistive_devices(
        q.person, q.request_id, q.today, q.binding
    ),
    "/v1/disability/rehabilitation-history": lambda q: bodies.rehabilitation_history(
        q.person, q.request_id, q.today, q.binding
    ),
}
DISABILITY_PATH_PREFIX = "/v1/disability/"
# The methods each route answers; any other method gets 405 with `Allow` (never HTML).
ALLOWED_METHODS: dict[str, tuple[str, ...]] = {
    HEALTH_PATH: ("GET",),
    TOKEN_PATH: ("POST",),
    CARD_STATUS_PATH: ("POST",),
    **dict.fromkeys(CITIZEN_RESOURCES, ("GET",)),
}
ADMIN_METHODS: dict[str, tuple[str, ...]] = {
    ADMIN_FAULTS_PATH: ("GET", "PUT"),
    ADMIN_EXPIRE_PATH: ("POST",),
}


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

    def injected_failure(self, faults: Faults) -> bool:
        """Whether this answer is replaced by an injected error (`faults` as they apply to it)."""
        with self._lock:
            if faults.fail_next == 0 and faults.error_rate == 0:
                return False
            if self._failures_left > 0:
                self._failures_left -= 1
                return True
            return self._rng.random() < self._faults.error_rate

    def now(self) -> dt.datetime:
        return self._clock()


def _another_cid(cid: str) -> str:
    """A valid citizen ID that is not `cid`."""
    first12 = ("2" if cid[0] == "1" else "1") + cid[1:12]
    return first12 + str(cid_check_digit(first12))


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

    # Every method, known or not, reaches `_handle` (unknown ones through `send_error(501)`).
    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_TRACE = do_GET
    do_CONNECT = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's errors, answered as the contract's JSON (never HTML).

        501 is how it reports a method with no `do_` handler: that is a 405 here."""
        self.close_connection = True
        request_id = str(uuid.uuid4())
        if code == 501 and getattr(self, "command", None) and hasattr(self, "path"):
            path = urllib.parse.urlsplit(self.path).path
            reply = self._not_allowed(path, request_id) or error_reply(
                404, "not_found", f"no resource {path}", request_id
            )
        else:
            kind = "invalid_request" if code < 500 else "internal"
            reply = error_reply(code, kind, (message or "bad request")[:400], request_id)
        self._send(reply, request_id)

    def _handle(self) -> None:
        sandbox = self.server.sandbox
        path = urllib.parse.urlsplit(self.path).path
        sent_id = self.headers.get("X-Road-Id")
        request_id = sent_id if sent_id and _REQUEST_ID.fullmatch(sent_id) else str(uuid.uuid4())
        try:
            payload = self._read_body()
        except ValueError:
            self.close_connection = True
            reply = error_reply(400, "invalid_request", "bad Content-Length", request_id)
            self._send(reply, request_id)
            return
        sandbox.count(path, self.headers.get("X-Road-UserId", ""))
        refused = self._not_allowed(path, request_id)
        faults = sandbox.faults if self._faults_reach(path) else Faults()
        if refused is None and path.startswith("/_admin/"):
            reply = self._admin(path, payload, request_id)
        elif refused is None:
            if faults.hang or faults.reset:
                self._drop_connection(hang=faults.hang)
                return
            if faults.latency:
                sandbox.stopping.wait(faults.latency)
            reply = self._contract_route(path, payload, request_id, faults)
        else:
            reply = refused
        self._send(reply, request_id, drip=faults.drip, slow_headers=faults.slow_headers)

    def _faults_reach(self, path: str) -> bool:
        scope = self.server.sandbox.faults.scope
        if path.startswith("/_admin/") or path not in ALLOWED_METHODS:
            return False
        return scope == "all" or (scope == "token") == (path == TOKEN_PATH)

    def _not_allowed(self, path: str, request_id: str) -> Reply | None:
        """404 for an unknown path, 405 with `Allow` for a method the path does not take."""
        sandbox = self.server.sandbox
        routes = {**ALLOWED_METHODS, **(ADMIN_METHODS if sandbox.admin else {})}
        allowed = routes.get(path)
        if allowed is None:
            return error_reply(404, "not_found", f"no resource {path}", request_id)
        if self.command in allowed:
            return None
        reply = error_reply(
            405, "invalid_request", f"{self.command} is not allowed here", request_id
        )
        reply.headers["Allow"] = ", ".join(allowed)
        return reply

    def _read_body(self) -> bytes:
        """The request body (Content-Length); ValueError if the length is not a number."""
        text = self.headers.get("Content-Length") or "0"
        if not text.isdigit():
            raise ValueError(text)
        length = int(text)
        return self.rfile.read(length) if length > 0 else b""

    def _drop_connection(self, *, hang: bool) -> None:
        if hang:
            self.server.sandbox.stopping.wait(HANG_SECONDS)
        else:  # an RST, not a polite close
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def _contract_route(self, path: str, payload: bytes, request_id: str, faults: Faults) -> Reply:
        sandbox = self.server.sandbox
        if sandbox.injected_failure(faults):
            reply = error_reply(faults.error_status, "unavailable", "injected failure", request_id)
            if faults.retry_after is not None:
                reply.headers["Retry-After"] = str(faults.retry_after)
            return reply
        if path == TOKEN_PATH:
            reply = self._token(payload, request_id)
        elif path == CARD_STATUS_PATH:
            reply = self._card_status(payload, request_id, faults.other_citizen)
        else:
            reply = self._route(path, request_id, faults.other_citizen)
        if reply.status != 200 or faults.malformed is None or isinstance(reply.body, bytes):
            return reply
        if faults.malformed == "garbage":
            text = json.dumps(reply.body).encode()
            return Reply(200, text[: len(text) // 2])
        return Reply(200, bodies.break_contract(reply.body))

    def _route(self, path: str, request_id: str, other_citizen: bool = False) -> Reply:
        """A contract route; `down_agencies` applies whatever the faults' scope."""
        sandbox = self.server.sandbox
        down = sandbox.faults.down_agencies
        if path == HEALTH_PATH:
            refused = self._check_optional_request_id(request_id)
            return refused or Reply(200, bodies.health(sandbox.now(), down))
        resource = CITIZEN_RESOURCES[path]
        refused = self._check_token(request_id) or self._check_caller(request_id)
        if refused:
            return refused
        cid = self.headers.get("Citizen-Id", "")
        if not is_valid_cid(cid):
            message = "Citizen-Id is not 13 digits with a valid check digit"
            return error_reply(400, "invalid_citizen_id", message, request_id)
        if path.startswith(DISABILITY_PATH_PREFIX) and "NHSO" in down:
            message = "the NHSO source is unavailable"
            return error_reply(503, "agency_unavailable", message, request_id)
        now = sandbox.now()
        if other_citizen:  # a mixed-up answer: someone else's data, bound to them
            cid = _another_cid(cid)
        binding = citizen_id_sha256(request_id, cid)
        lookup = Lookup(citizen(cid), request_id, binding, now.date(), now, down)
        return Reply(200, resource(lookup))

    def _card_status(self, payload: bytes, request_id: str, other_citizen: bool) -> Reply:
        """The civil registry's check by laser code (see cardstatus.py); the body is never
        logged or echoed."""
        sandbox = self.server.sandbox
        refused = self._check_token(request_id) or self._check_caller(request_id)
        if refused:
            return refused
        try:
            body = cardstatus.checked_body(json.loads(payload))
        except cardstatus.BadBody as bad:
            code = "invalid_citizen_id" if bad.citizen_id else "invalid_request"
            return error_reply(400, code, str(bad), request_id)
        except (ValueError, RecursionError):
            return error_reply(400, "invalid_request", "the body is not JSON", request_id)
        status = cardstatus.card_status(body, sandbox.faults.revoked_cards)
        cid = _another_cid(body["citizen_id"]) if other_citizen else body["citizen_id"]
        return Reply(
            200,
            {
                "request_id": request_id,
                "citizen_id_sha256": citizen_id_sha256(request_id, cid),
                "status": status,
                "checked_at": sandbox.now().isoformat(timespec="seconds"),
            },
        )

    def _check_optional_request_id(self, request_id: str) -> Reply | None:
        """An X-Road-Id, when sent, must match the contract's pattern."""
        sent = self.headers.get("X-Road-Id")
        if sent is None or _REQUEST_ID.fullmatch(sent):
            return None
        return error_reply(400, "invalid_request", "X-Road-Id is bad", request_id)

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
        refused = self._check_optional_request_id(request_id)
        if refused:
            return refused
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
        if path == ADMIN_EXPIRE_PATH:
            sandbox.expire_issued_tokens()
            return Reply(200, {"expired": True})
        if self.command == "PUT":
            try:
                changes = json.loads(payload or b"{}")
                if not isinstance(changes, dict):
                    raise ValueError("expected a JSON object of fault settings")
                sandbox.set_faults(**changes)
            except ValueError as error:
                return error_reply(400, "invalid_request", str(error)[:400], request_id)
        return Reply(200, sandbox.faults.to_json())

    def _send(
        self, reply: Reply, request_id: str, *, drip: bool = False, slow_headers: bool = False
    ) -> None:
        body = reply.body
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(reply.status)
        if slow_headers and not self._slow_headers():
            return
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Road-Id", request_id)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command == "HEAD":
            return
        if drip:
            self._drip(data)
        else:
            self.wfile.write(data)

    def _slow_headers(self) -> bool:
        """The status line, then a filler header line every DRIP_SECONDS (each read of the
        client gets a line in time, so only a deadline on the whole exchange ends it).
        False if the server is stopping."""
        self.flush_headers()
        for number in range(SLOW_HEADER_LINES):
            if self.server.sandbox.stopping.wait(DRIP_SECONDS):
                return False
            self.wfile.write(f"X-Sandbox-Slow-{number}: 1\r\n".encode())
            self.wfile.flush()
        return True

    def _drip(self, data: bytes) -> None:
        """A server that answers, then trickles: only a clock-bound client gives up in time."""
        for position in range(len(data)):
            if self.server.sandbox.stopping.wait(DRIP_SECONDS):
                return
            self.wfile.write(data[position : position + 1])
            self.wfile.flush()
