"""Running `onecard` as a separate process: the installed one, or the frozen bundle."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from tests.support.cli import ROOT

INSTALLED = (sys.executable, "-m", "kiosk.cli")
FROZEN_BUNDLE = ROOT / "build" / "dist" / "onecard"
FROZEN = (str(FROZEN_BUNDLE / "onecard"),)


def run(
    program: Sequence[str],
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*program, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=False,
    )
