"""A real agent (aiohttp on loopback, its admin Unix socket) in a background event loop, and
real aiohttp clients talking to it as a browser page would."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from kiosk.agent import admin
from kiosk.agent.pairing import PairingBook
from kiosk.agent.service import AgentService
from kiosk.config import AgentConfig

ALLOWED = "https://counter.example.go.th"
STRANGER = "https://evil.example.com"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class RunningAgent:
    def __init__(self, socket: Path, clock: FakeClock) -> None:
        config = AgentConfig(allowed_origins=(ALLOWED, "http://localhost:3000"))
        self.clock = clock
        self.socket = socket
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        book = PairingBook(config.token_ttl, config.pairing_ttl, clock)
        self.service = AgentService(config, port=0, admin_socket=socket, book=book)
        self.run(self.service.start())

    def run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(30)

    @property
    def url(self) -> str:
        return self.service.url

    def stop(self) -> None:
        self.run(self.service.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[RunningAgent]:
    running = RunningAgent(tmp_path / "run" / "agent.sock", FakeClock())
    yield running
    running.stop()


async def pair(session: aiohttp.ClientSession, agent: RunningAgent, origin: str = ALLOWED) -> str:
    """The whole pairing as a page and an officer do it; the page's token."""
    async with session.post(agent.url + "/v1/pair", headers={"Origin": origin}) as answer:
        assert answer.status == 201
        pairing = await answer.json()
    poll = f"{agent.url}/v1/pair/{pairing['pairing_id']}"
    async with session.get(poll, headers={"Origin": origin}) as answer:
        assert answer.status == 202  # waiting for the officer
    origin_approved = await asyncio.to_thread(admin.approve, pairing["code"], agent.socket)
    assert origin_approved == origin
    async with session.get(poll, headers={"Origin": origin}) as answer:
        assert answer.status == 200
        token: str = (await answer.json())["token"]
    return token


async def next_event(
    socket: aiohttp.ClientWebSocketResponse, wanted: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """The next pushed event `wanted` accepts (others are skipped); a generous give-up time."""
    while True:
        message = await asyncio.wait_for(socket.receive_json(), timeout=30)
        if wanted(message):
            return dict(message)
