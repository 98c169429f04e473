"""The agent with real cards: pyscard -> real pcscd -> vpcd -> the emulator, and a real
WebSocket client from an allowed, paired origin."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest

from cardreader.cid import mask_cid
from cardreader.emulator import demo_card, demo_card_data, load_profile
from kiosk.agent.service import PROTOCOL, TOKEN_PROTOCOL_PREFIX
from tests.agent.conftest import ALLOWED, RunningAgent, next_event, pair
from tests.support.cards import Slot
from tests.support.pcscd import READER_0, READER_1, PcscDaemon

pytestmark = pytest.mark.pcsc


def is_type(kind: str, reader: str | None = READER_0):  # type: ignore[no-untyped-def]
    """Accepts events of `kind` (for `reader`, unless None)."""
    return lambda message: message["type"] == kind and reader in (None, message["reader"])


def test_events_while_cards_go_in_and_out_of_two_readers(
    agent: RunningAgent, slot: Slot, second_slot: Slot
) -> None:
    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            token = await pair(session, agent)
            socket = await session.ws_connect(
                agent.url + "/v1/events",
                origin=ALLOWED,
                protocols=(PROTOCOL, TOKEN_PROTOCOL_PREFIX + token),
            )
            assert socket.protocol == PROTOCOL
            hello = await socket.receive_json(timeout=30)
            assert hello["type"] == "hello"
            await asyncio.to_thread(slot.insert, demo_card("somchai"))
            inserted = await next_event(socket, is_type("card_inserted"))
            assert inserted == {
                "type": "card_inserted",
                "reader": READER_0,
                "reader_id": "Virtual PCD/00",
            }
            await asyncio.to_thread(second_slot.insert, demo_card("malee"))
            other = await next_event(socket, is_type("card_inserted", READER_1))
            assert other["reader_id"] == "Virtual PCD/01"
            await asyncio.to_thread(slot.remove)
            await next_event(socket, is_type("card_removed"))
            await socket.close()

    asyncio.run(scenario())


def test_a_read_is_the_read_json_and_is_logged_masked(
    agent: RunningAgent, slot: Slot, second_slot: Slot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.agent")
    slot.insert(demo_card("somchai"))
    second_slot.insert(demo_card("malee"))

    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            token = await pair(session, agent)
            headers = {"Origin": ALLOWED, "Authorization": f"Bearer {token}"}
            async with session.post(
                agent.url + "/v1/card", headers=headers, json={"reader": "Virtual PCD/01"}
            ) as answer:
                assert answer.status == 200
                assert answer.headers["Access-Control-Allow-Origin"] == ALLOWED
                assert await answer.json() == demo_card_data("malee").to_json()
            async with session.post(
                agent.url + "/v1/card/photo", headers=headers, json={"reader": READER_0}
            ) as answer:
                assert answer.content_type == "image/jpeg"
                assert await answer.read() == demo_card_data("somchai", photo=True).photo

    asyncio.run(scenario())
    malee = load_profile("malee").cid
    assert f"card read for {ALLOWED}: {mask_cid(malee)}" in caplog.text
    assert malee not in caplog.text
    assert load_profile("somchai").cid not in caplog.text


def test_no_card_is_a_clear_answer(agent: RunningAgent, pcscd: PcscDaemon) -> None:
    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            token = await pair(session, agent)
            headers = {"Origin": ALLOWED, "Authorization": f"Bearer {token}"}
            async with session.post(
                agent.url + "/v1/card", headers=headers, json={"reader": READER_0}
            ) as answer:
                assert answer.status == 404
                error = (await answer.json())["error"]
                assert error["code"] == "no_card" and error["th"] and error["en"]

    asyncio.run(scenario())


def test_events_resume_after_pcscd_restarts(
    agent: RunningAgent, pcscd: PcscDaemon, slot: Slot
) -> None:
    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            token = await pair(session, agent)
            socket = await session.ws_connect(
                agent.url + "/v1/events",
                origin=ALLOWED,
                protocols=(PROTOCOL, TOKEN_PROTOCOL_PREFIX + token),
            )
            await socket.receive_json(timeout=30)
            await asyncio.to_thread(pcscd.restart)
            await next_event(socket, is_type("service_lost", None))
            await next_event(socket, is_type("service_restored", None))
            await next_event(socket, is_type("reader_added"))
            slot.current = None
            await asyncio.to_thread(slot.insert, demo_card("wichai"))
            await next_event(socket, is_type("card_inserted"))
            headers = {"Origin": ALLOWED, "Authorization": f"Bearer {token}"}
            async with session.post(agent.url + "/v1/card", headers=headers) as answer:
                assert (await answer.json())["cid"] == load_profile("wichai").cid
            await socket.close()

    asyncio.run(scenario())
