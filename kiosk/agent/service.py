"""The agent's HTTP and WebSocket service (aiohttp), and its officer-only admin socket.

Routes (JSON unless said; every one needs an allowed Origin, see the package invariants):

    GET  /v1/status               readers and whether each holds a card; no token needed
    POST /v1/pair                 start pairing: {pairing_id, code, expires_in}
    GET  /v1/pair/{pairing_id}    202 while waiting; 200 {token, expires_in} once approved
    POST /v1/token                renew a valid token (Authorization: Bearer)
    POST /v1/card                 read the card: the same JSON as `onecard read --json`
    POST /v1/card/photo           the photo, image/jpeg
    GET  /v1/events               WebSocket of reader and card events; the token is offered
                                  as the subprotocol "onecard.token.<token>" beside
                                  "onecard.v1" (browsers cannot set headers on a WebSocket)

The admin socket (a Unix socket only the agent's user can open) answers
`GET /pending` and `POST /approve {"code": ...}` for `onecard agent approve`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from cardreader import errors as card_errors
from cardreader.cid import mask_cid
from kiosk.agent.cards import OVERFLOW, CardHub, Watcher
from kiosk.agent.pairing import PairingBook
from kiosk.config import AgentConfig

log = logging.getLogger("kiosk.agent")

LOOPBACK = "127.0.0.1"
PROTOCOL = "onecard.v1"
TOKEN_PROTOCOL_PREFIX = "onecard.token."
ALLOWED_METHODS = "GET, POST"
ALLOWED_HEADERS = frozenset({"authorization", "content-type"})
PREFLIGHT_MAX_AGE = "600"
MAX_BODY = 4096
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Card errors as answers: (status, code, Thai, English). Most specific first.
_CARD_ERRORS: tuple[tuple[type[card_errors.CardError], int, str, str, str], ...] = (
    (card_errors.ServiceUnavailable, 503, "pcscd_unavailable",
     "ระบบอ่านบัตรไม่ทำงาน", "the card reader service (pcscd) is not running"),
    (card_errors.NoReader, 404, "no_reader", "ไม่พบเครื่องอ่านบัตร", "no such card reader"),
    (card_errors.NoCard, 404, "no_card", "ไม่พบบัตรในเครื่องอ่าน", "there is no card in the reader"),
    (card_errors.CardRemoved, 409, "card_removed",
     "บัตรถูกถอดออกระหว่างการอ่าน", "the card was removed while it was being read"),
    (card_errors.CardError, 422, "card_unreadable",
     "อ่านบัตรไม่ได้", "the card could not be read as a Thai ID card"),
)  # fmt: skip


def error_response(status: int, code: str, th: str, en: str) -> web.Response:
    return web.json_response({"error": {"code": code, "th": th, "en": en}}, status=status)


class AgentService:
    """The agent: `await start()` in a running loop, `await stop()` to end it."""

    def __init__(
        self,
        config: AgentConfig,
        *,
        port: int | None = None,
        admin_socket: Path | None = None,
        book: PairingBook | None = None,
        watcher: Watcher | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.config = config
        self.book = book or PairingBook(config.token_ttl, config.pairing_ttl)
        self.hub = CardHub(watcher)
        self._port = config.port if port is None else port
        self._admin_socket = admin_socket
        self._ssl = ssl_context
        self._origins = frozenset(config.allowed_origins)
        self._runners: list[web.AppRunner] = []
        self._sockets: set[web.WebSocketResponse] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"{'https' if self._ssl else 'http'}://{LOOPBACK}:{self.port}"

    async def start(self) -> None:
        self.hub.start(asyncio.get_running_loop())
        runner = web.AppRunner(self._app(), access_log=None, handle_signals=False)
        await runner.setup()
        self._runners.append(runner)
        site = web.TCPSite(runner, LOOPBACK, self._port, ssl_context=self._ssl)
        await site.start()
        self.port = runner.addresses[0][1]
        if self._admin_socket is not None:
            admin = web.AppRunner(self._admin_app(), access_log=None, handle_signals=False)
            await admin.setup()
            self._runners.append(admin)
            self._admin_socket.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._admin_socket.unlink(missing_ok=True)
            await web.UnixSite(admin, str(self._admin_socket)).start()
            self._admin_socket.chmod(0o600)
        log.info("card agent on %s for %s", self.url, ", ".join(sorted(self._origins)) or "none")

    async def stop(self) -> None:
        for socket in list(self._sockets):
            await socket.close()
        for runner in reversed(self._runners):
            await runner.cleanup()
        await asyncio.get_running_loop().run_in_executor(None, self.hub.stop)

    # The web application.

    def _app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_BODY)
        app.router.add_get("/v1/status", self._status)
        app.router.add_post("/v1/pair", self._pair)
        app.router.add_get("/v1/pair/{pairing_id}", self._collect)
        app.router.add_post("/v1/token", self._renew)
        app.router.add_post("/v1/card", self._read)
        app.router.add_post("/v1/card/photo", self._photo)
        app.router.add_get("/v1/events", self._events)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Host and Origin checks for every request, CORS preflights, CORS headers."""
        if not self._host_allowed(request.host):
            return error_response(403, "bad_host", "ชื่อเครื่องไม่ถูกต้อง", "wrong Host")
        origin = request.headers.get("Origin", "")
        if origin not in self._origins:
            log.info("refused %s %s from origin %r", request.method, request.path, origin[:100])
            return error_response(
                403, "origin_not_allowed", "เว็บนี้ไม่ได้รับอนุญาต", "this web origin is not allowed"
            )
        if request.method == "OPTIONS":
            response: web.StreamResponse = self._preflight(request)
        else:
            try:
                response = await handler(request)
            except web.HTTPException as http_error:
                response = error_response(
                    http_error.status, "invalid_request", "คำขอไม่ถูกต้อง", http_error.reason
                )
        if not response.prepared:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
            response.headers["Cache-Control"] = "no-store"
        return response

    def _host_allowed(self, host: str | None) -> bool:
        names = {LOOPBACK, "localhost", *self.config.host_names}
        return host in {f"{name}:{self.port}" for name in names}

    def _preflight(self, request: web.Request) -> web.Response:
        method = request.headers.get("Access-Control-Request-Method", "")
        asked = request.headers.get("Access-Control-Request-Headers", "")
        headers = {part.strip().lower() for part in asked.split(",") if part.strip()}
        if method not in ("GET", "POST") or not headers <= ALLOWED_HEADERS:
            return error_response(403, "preflight_refused", "คำขอไม่ได้รับอนุญาต", "not allowed")
        response = web.Response(status=204)
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        if request.headers.get("Access-Control-Request-Private-Network") == "true":
            response.headers["Access-Control-Allow-Private-Network"] = "true"
        return response

    def _token_ok(self, request: web.Request, token: str | None = None) -> bool:
        if token is None:
            scheme, _, value = request.headers.get("Authorization", "").partition(" ")
            token = value.strip() if scheme.lower() == "bearer" else None
        return self.book.is_valid(token, request.headers["Origin"])

    @staticmethod
    def _unauthorised() -> web.Response:
        response = error_response(
            401,
            "not_paired",
            "เว็บนี้ยังไม่ได้จับคู่กับเครื่องนี้",
            "pair this page first (token missing or expired)",
        )
        response.headers["WWW-Authenticate"] = "Bearer"
        return response

    async def _status(self, request: web.Request) -> web.Response:
        snapshot = self.hub.snapshot()
        return web.json_response(
            {"service": snapshot["service"], "readers": snapshot["readers"],
             "paired": self._token_ok(request)}
        )  # fmt: skip

    async def _pair(self, request: web.Request) -> web.Response:
        origin = request.headers["Origin"]
        try:
            pairing = self.book.request(origin)
        except OverflowError:
            return error_response(429, "busy", "มีคำขอจับคู่ค้างอยู่มาก", "too many pairings wait")
        log.info("pairing requested by %s: code %s", origin, pairing.code)
        return web.json_response(
            {"pairing_id": pairing.pairing_id, "code": pairing.code,
             "expires_in": round(self.book.pairing_ttl)},
            status=201,
        )  # fmt: skip

    async def _collect(self, request: web.Request) -> web.Response:
        found = self.book.collect(request.match_info["pairing_id"], request.headers["Origin"])
        if found is False:
            return web.json_response({"status": "waiting for approval"}, status=202)
        if found is None or found is True:
            return error_response(404, "no_pairing", "ไม่พบคำขอจับคู่", "no such pairing (expired?)")
        return web.json_response({"token": found.value, "expires_in": round(self.book.token_ttl)})

    async def _renew(self, request: web.Request) -> web.Response:
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        renewed = self.book.renew(value.strip(), request.headers["Origin"])
        if scheme.lower() != "bearer" or renewed is None:
            return self._unauthorised()
        return web.json_response({"token": renewed.value, "expires_in": round(self.book.token_ttl)})

    async def _read(self, request: web.Request) -> web.Response:
        if not self._token_ok(request):
            return self._unauthorised()
        reader = await _reader_asked(request)
        try:
            card = await self.hub.read(reader, photo=False)
        except card_errors.CardError as error:
            return _card_error(error)
        log.info("card read for %s: %s", request.headers["Origin"], mask_cid(card.cid))
        return web.json_response(card.to_json(), dumps=_dumps)

    async def _photo(self, request: web.Request) -> web.Response:
        if not self._token_ok(request):
            return self._unauthorised()
        reader = await _reader_asked(request)
        try:
            card = await self.hub.read(reader, photo=True)
        except card_errors.CardError as error:
            return _card_error(error)
        log.info("photo read for %s: %s", request.headers["Origin"], mask_cid(card.cid))
        return web.Response(body=card.photo or b"", content_type="image/jpeg")

    async def _events(self, request: web.Request) -> web.StreamResponse:
        offered = [p.strip() for p in request.headers.get("Sec-WebSocket-Protocol", "").split(",")]
        tokens = [
            p[len(TOKEN_PROTOCOL_PREFIX) :] for p in offered if p.startswith(TOKEN_PROTOCOL_PREFIX)
        ]
        if len(tokens) != 1 or not self._token_ok(request, tokens[0]):
            return self._unauthorised()
        socket = web.WebSocketResponse(protocols=(PROTOCOL,), heartbeat=20.0)
        await socket.prepare(request)
        self._sockets.add(socket)
        queue = self.hub.subscribe()
        log.info("events to %s", request.headers["Origin"])
        try:
            await socket.send_json(self.hub.snapshot())
            reader = asyncio.create_task(_drain(socket))
            while not socket.closed:
                getter = asyncio.create_task(queue.get())
                done, _ = await asyncio.wait({getter, reader}, return_when=asyncio.FIRST_COMPLETED)
                if getter not in done:
                    getter.cancel()
                    break
                message = getter.result()
                if message is OVERFLOW:
                    break
                await socket.send_json(message)
            reader.cancel()
        finally:
            self.hub.unsubscribe(queue)
            self._sockets.discard(socket)
            await socket.close()
        return socket

    # The officer's admin socket.

    def _admin_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_get("/pending", self._admin_pending)
        app.router.add_post("/approve", self._admin_approve)
        return app

    async def _admin_pending(self, request: web.Request) -> web.Response:
        return web.json_response(
            [{"origin": p.origin, "code": p.code} for p in self.book.pending()]
        )

    async def _admin_approve(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
            code = str(body["code"])
        except (ValueError, KeyError, TypeError):
            return web.json_response({"approved": None}, status=400)
        origin = self.book.approve(code)
        if origin is not None:
            log.info("pairing approved for %s", origin)
        return web.json_response({"approved": origin}, status=200 if origin else 404)


async def _drain(socket: web.WebSocketResponse) -> None:
    """Read (and ignore) what the page sends, until it closes."""
    async for message in socket:
        if message.type == WSMsgType.ERROR:
            break


async def _reader_asked(request: web.Request) -> str | None:
    if not request.body_exists:
        return None
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(reason="the body is not JSON") from None
    reader = body.get("reader") if isinstance(body, dict) else None
    if reader is not None and (not isinstance(reader, str) or len(reader) > 200):
        raise web.HTTPBadRequest(reason="reader must be a reader name")
    return reader


def _card_error(error: card_errors.CardError) -> web.Response:
    for kind, status, code, th, en in _CARD_ERRORS:
        if isinstance(error, kind):
            return error_response(status, code, th, en)
    raise AssertionError("CardError is the last entry")  # pragma: no cover


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
