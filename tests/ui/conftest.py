"""UI test fixtures: settings for the app, a sandbox API server, and the app under a driver."""

# ruff: noqa: E402  (Kivy must be configured before anything imports it)

from __future__ import annotations

import dataclasses
import os

from kiosk.ui.runtime import WindowSettings, prepare

# Before anything imports kivy: the window's size and the text provider are fixed at import.
os.environ.setdefault("SDL_VIDEODRIVER", "x11" if os.environ.get("DISPLAY") else "offscreen")
prepare(WindowSettings(kiosk=False))

from collections.abc import Iterator

import pytest

from cardreader.emulator import CardOptions
from kiosk.cardslot import DemoSlot
from kiosk.config import (
    EMBEDDED_API,
    ApiConfig,
    AppConfig,
    DeskConfig,
    KioskConfig,
    MetricsConfig,
)
from kiosk.pin import hash_pin
from kiosk.sandbox.server import SandboxServer

FAST_CARD = CardOptions()


DEMO_API = ApiConfig(url=EMBEDDED_API)  # what `--demo` asks for: the sandbox, in-process


OFFICER_ID = "staff-0042"
OFFICER_PIN = "8642"
OFFICERS = (f"{OFFICER_ID}:{hash_pin(OFFICER_PIN, iterations=1000)}",)


def settings(api: ApiConfig | None = None, **kiosk: object) -> AppConfig:
    """A kiosk on the embedded sandbox unless `api` says otherwise; the desk knows one
    officer (OFFICER_ID with OFFICER_PIN); no metrics listener (tests that want one ask)."""
    return dataclasses.replace(
        AppConfig(),
        api=api or DEMO_API,
        kiosk=dataclasses.replace(KioskConfig(), **kiosk),  # type: ignore[arg-type]
        desk=DeskConfig(officers=OFFICERS),
        metrics=MetricsConfig(listen=""),
    )


def api_of(server: SandboxServer) -> ApiConfig:
    return ApiConfig(
        url=server.url,
        consumer_key=server.credentials.key,
        consumer_secret=server.credentials.secret,
        lookup_budget=4.0,
        max_retries=1,
    )


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture
def slot() -> DemoSlot:
    return DemoSlot(FAST_CARD)
