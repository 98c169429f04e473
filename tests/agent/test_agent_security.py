"""The agent's gates, tested with real HTTP and WebSocket clients: loopback only, exact origins
(CORS and the WebSocket handshake), pairing approved by an officer, short-lived tokens."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from kiosk.agent import admin
from kiosk.agent.service import LOOPBACK, PROTOCOL, TOKEN_PROTOCOL_PREFIX
from tests.agent.conftest import ALLOWED, STRANGER, RunningAgent, pair


def run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


def test_it_listens_on_loopback_only(agent: RunningAgent) -> None:
    assert agent.url.startswith(f"http://{LOOPBACK}:")
    sockets = agent.service._runners[0].addresses
    assert [address[0] for address in sockets] == [LOOPBACK]


@pytest.mark.parametrize("origin", [STRANGER, "", "null", ALLOWED + "/", ALLOWED.upper()])
def test_a_request_from_another_origin_is_refused(agent: RunningAgent, origin: str) -> None:
    async def scenario() -> None:
        headers = {"Origin": origin} if origin else {}
        async with (
            aiohttp.ClientSession() as session,
            session.get(agent.url + "/v1/status", headers=headers) as answer,
        ):
            assert answer.status == 403
            assert "Access-Control-Allow-Origin" not in answer.headers
            assert (await answer.json())["error"]["code"] == "origin_not_allowed"

    run(scenario())


def test_an_allowed_origin_gets_status_with_cors_headers(agent: RunningAgent) -> None:
    async def scenario() -> None:
        async with (
            aiohttp.ClientSession() as session,
            session.get(agent.url + "/v1/status", headers={"Origin": ALLOWED}) as answer,
        ):
            assert answer.status == 200
            assert answer.headers["Access-Control-Allow-Origin"] == ALLOWED
            assert answer.headers["Vary"] == "Origin"
            assert (await answer.json())["paired"] is False

    run(scenario())


def test_a_rebound_host_name_is_refused(agent: RunningAgent) -> None:
    async def scenario() -> None:
        headers = {"Origin": ALLOWED, "Host": f"evil.example.com:{agent.service.port}"}
        async with (
            aiohttp.ClientSession() as session,
            session.get(agent.url + "/v1/status", headers=headers) as answer,
        ):
            assert answer.status == 403

    run(scenario())


def _preflight(agent: RunningAgent, origin: str, method: str, headers: str, pna: bool = False):  # type: ignore[no-untyped-def]
    async def scenario():  # type: ignore[no-untyped-def]
        request_headers = {
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        }
        if pna:
            request_headers["Access-Control-Request-Private-Network"] = "true"
        async with (
            aiohttp.ClientSession() as session,
            session.options(agent.url + "/v1/card", headers=request_headers) as answer,
        ):
            return answer.status, dict(answer.headers)

    return run(scenario())


def test_cors_preflight_for_an_allowed_origin(agent: RunningAgent) -> None:
    status, headers = _preflight(agent, ALLOWED, "POST", "authorization, content-type", pna=True)
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "Authorization" in headers["Access-Control-Allow-Headers"]
    assert headers["Access-Control-Allow-Private-Network"] == "true"


@pytest.mark.parametrize(
    ("origin", "method", "headers"),
    [(STRANGER, "POST", "authorization"), (ALLOWED, "DELETE", ""), (ALLOWED, "POST", "x-evil")],
)
def test_cors_preflight_refused(
    agent: RunningAgent, origin: str, method: str, headers: str
) -> None:
    status, answer_headers = _preflight(agent, origin, method, headers)
    assert status == 403
    assert answer_headers.get("Access-Control-Allow-Origin") != STRANGER


def test_reads_need_a_token(agent: RunningAgent) -> None:
    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            for headers in ({}, {"Authorization": "Bearer made-up-token-0123456789"}):
                async with session.post(
                    agent.url + "/v1/card", headers={"Origin": ALLOWED, **headers}
                ) as answer:
                    assert answer.status == 401

    run(scenario())


def _ws_status(agent: RunningAgent, origin: str, token: str | None) -> int:
    async def scenario() -> int:
        protocols = [PROTOCOL] + ([TOKEN_PROTOCOL_PREFIX + token] if token else [])
        async with aiohttp.ClientSession() as session:
            try:
                socket = await session.ws_connect(
                    agent.url + "/v1/events", origin=origin, protocols=protocols
                )
            except aiohttp.WSServerHandshakeError as refused:
                return refused.status
            await socket.close()
            return 101

    return int(run(scenario()))


def test_websocket_refused_without_token_from_a_stranger_and_with_an_expired_token(
    agent: RunningAgent,
) -> None:
    async def get_token() -> str:
        async with aiohttp.ClientSession() as session:
            return await pair(session, agent)

    token = run(get_token())
    assert _ws_status(agent, ALLOWED, token) == 101
    assert _ws_status(agent, STRANGER, token) == 403  # the Origin header is checked
    assert _ws_status(agent, ALLOWED, None) == 401
    assert _ws_status(agent, "http://localhost:3000", token) == 401  # bound to its origin
    agent.clock.now += agent.service.book.token_ttl + 1
    assert _ws_status(agent, ALLOWED, token) == 401  # expired


def test_a_token_renews_only_while_valid(agent: RunningAgent) -> None:
    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            token = await pair(session, agent)
            renew = agent.url + "/v1/token"
            headers = {"Origin": ALLOWED, "Authorization": f"Bearer {token}"}
            async with session.post(renew, headers=headers) as answer:
                assert answer.status == 200
                fresh = (await answer.json())["token"]
            async with session.post(renew, headers=headers) as answer:
                assert answer.status == 401  # the old one ended
            agent.clock.now += agent.service.book.token_ttl + 1
            headers["Authorization"] = f"Bearer {fresh}"
            async with session.post(renew, headers=headers) as answer:
                assert answer.status == 401  # expired: pair again

    run(scenario())


def test_a_pairing_code_is_approved_once_and_only_by_the_officer(agent: RunningAgent) -> None:
    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            async with session.post(agent.url + "/v1/pair", headers={"Origin": ALLOWED}) as answer:
                pairing = await answer.json()
            waiting = await asyncio.to_thread(admin.pending, agent.socket)
            assert waiting == [{"origin": ALLOWED, "code": pairing["code"]}]
            wrong = "000000" if pairing["code"] != "000000" else "111111"
            assert await asyncio.to_thread(admin.approve, wrong, agent.socket) is None
            poll = f"{agent.url}/v1/pair/{pairing['pairing_id']}"
            async with session.get(poll, headers={"Origin": STRANGER}) as answer:
                assert answer.status == 403
            agent.clock.now += agent.service.book.pairing_ttl + 1
            assert await asyncio.to_thread(admin.approve, pairing["code"], agent.socket) is None
            async with session.get(poll, headers={"Origin": ALLOWED}) as answer:
                assert answer.status == 404  # expired

    run(scenario())


def test_the_admin_socket_is_for_its_user_only(agent: RunningAgent) -> None:
    assert agent.socket.stat().st_mode & 0o777 == 0o600
    assert agent.socket.parent.stat().st_mode & 0o077 == 0
