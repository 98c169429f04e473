"""The officer's side of pairing: talk to the running agent over its admin Unix socket (a file
only the agent's user can open, out of reach of every web page)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=5)


def default_socket() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        return Path(runtime) / "onecard" / "agent.sock"
    return Path(f"/tmp/onecard-agent-{os.getuid()}") / "agent.sock"


class AgentNotRunning(Exception):
    """No agent answers on the admin socket."""


async def _call(socket: Path, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    try:
        connector = aiohttp.UnixConnector(path=str(socket))
        async with (
            aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as session,
            session.request(method, f"http://agent{path}", json=body) as response,
        ):
            return response.status, await response.json()
    except (aiohttp.ClientConnectionError, FileNotFoundError, TimeoutError) as error:
        raise AgentNotRunning(str(error)) from None


def approve(code: str, socket: Path | None = None) -> str | None:
    """Approve the pairing showing `code`; the origin it was for, or None if none waits."""
    _, answer = asyncio.run(_call(socket or default_socket(), "POST", "/approve", {"code": code}))
    origin = answer.get("approved") if isinstance(answer, dict) else None
    return origin if isinstance(origin, str) else None


def pending(socket: Path | None = None) -> list[dict[str, str]]:
    _, answer = asyncio.run(_call(socket or default_socket(), "GET", "/pending"))
    return answer if isinstance(answer, list) else []
