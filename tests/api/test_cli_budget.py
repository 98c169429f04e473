"""`onecard status` as a real process ends within its budget whatever the server does, with
one bilingual line and no traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kiosk.sandbox import SandboxServer
from tests.api.conftest import SOMCHAI


def status_against(server: SandboxServer, budget: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("ONECARD_")}
    env.update(
        ONECARD_API_URL=server.url,
        ONECARD_API_KEY=server.credentials.key,
        ONECARD_API_SECRET=server.credentials.secret,
        ONECARD_LOOKUP_BUDGET=budget,
    )
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "status", SOMCHAI],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,  # generous for a 2 s budget; the slow server goes on for a minute
    )


@pytest.mark.parametrize("scope", ["contract", "token"])
def test_status_against_a_server_sending_slow_headers_ends_with_the_budget(
    sandbox: SandboxServer, scope: str
) -> None:
    sandbox.set_faults(slow_headers=True, scope=scope)
    done = status_against(sandbox, "2")
    assert done.returncode == 1
    assert done.stdout == ""
    last = done.stderr.strip().splitlines()[-1]  # log warnings may come before it
    thai, english = last.split(" / ")
    assert "ไม่ตอบสนองภายในเวลาที่กำหนด" in thai
    assert "did not answer in time" in english
    assert "Traceback" not in done.stderr
