"""The embedded default: when no API URL is configured, OneCard talks to a sandbox server
started in this process (one per process, on an ephemeral loopback port)."""

from __future__ import annotations

import dataclasses
import threading

from kiosk.config import ApiConfig
from kiosk.sandbox.server import SandboxServer

_lock = threading.Lock()
_embedded: SandboxServer | None = None


def embedded_sandbox() -> SandboxServer:
    """The process's embedded sandbox, started on first use; it lives as long as the process."""
    global _embedded
    with _lock:
        if _embedded is None:
            _embedded = SandboxServer(admin=False).start()
        return _embedded


def resolve_api_config(api: ApiConfig) -> ApiConfig:
    """`api` itself, or, when it names the embedded sandbox, a copy pointing at it."""
    if not api.is_embedded:
        return api
    server = embedded_sandbox()
    return dataclasses.replace(
        api,
        url=server.url,
        consumer_key=server.credentials.key,
        consumer_secret=server.credentials.secret,
    )
