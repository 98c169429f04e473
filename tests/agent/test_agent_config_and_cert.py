"""The [agent] config section, and the locally trusted certificate the agent serves HTTPS with."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

import aiohttp
import pytest

from kiosk.agent.cert import make_certificates
from kiosk.agent.service import AgentService
from kiosk.cli.agent_commands import server_ssl_context
from kiosk.config import AgentConfig, ConfigError, load_config
from tests.agent.conftest import ALLOWED


def load(tmp_path: Path, text: str) -> AgentConfig:
    path = tmp_path / "onecard.toml"
    path.write_text(text, "utf-8")
    return load_config(path, env={}).agent


def test_defaults_allow_no_page(tmp_path: Path) -> None:
    agent = load(tmp_path, "")
    assert agent.allowed_origins == ()


def test_origins_are_read_exactly(tmp_path: Path) -> None:
    agent = load(tmp_path, f'[agent]\nallowed_origins = ["{ALLOWED}", "http://localhost:3000"]\n')
    assert agent.allowed_origins == (ALLOWED, "http://localhost:3000")


@pytest.mark.parametrize(
    "origin",
    ["*", "https://*.example.go.th", ALLOWED + "/", ALLOWED + "/path", "HTTPS://X.GO.TH", "null",
     "ftp://x.go.th", "counter.example.go.th"],
)  # fmt: skip
def test_an_origin_that_cannot_match_exactly_is_refused(tmp_path: Path, origin: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load(tmp_path, f'[agent]\nallowed_origins = ["{origin}"]\n')
    assert raised.value.key == "agent.allowed_origins"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("port = 80", "agent.port"),
        ("token_ttl = 0", "agent.token_ttl"),
        ('tls_cert = "missing.pem"', "agent.tls_key"),
        ('host_names = ["Bad Name"]', "agent.host_names"),
    ],
)
def test_bad_settings_name_their_key(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load(tmp_path, f"[agent]\n{text}\n")
    assert raised.value.key == key


def test_cert_serves_https_trusted_through_its_ca(tmp_path: Path) -> None:
    files = make_certificates(tmp_path / "certs")
    assert files.server_key.stat().st_mode & 0o777 == 0o600
    config = AgentConfig(
        allowed_origins=(ALLOWED,), tls_cert=files.server_cert, tls_key=files.server_key
    )

    async def scenario() -> int:
        service = AgentService(config, port=0, ssl_context=server_ssl_context(config))
        await service.start()
        try:
            trust = ssl.create_default_context(cafile=str(files.ca_cert))
            assert service.url.startswith("https://127.0.0.1:")
            async with (
                aiohttp.ClientSession() as session,
                session.get(
                    service.url + "/v1/status", headers={"Origin": ALLOWED}, ssl=trust
                ) as answer,
            ):
                return answer.status
        finally:
            await service.stop()

    assert asyncio.run(scenario()) == 200
