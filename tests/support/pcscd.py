"""A real pcscd for the tests, started and stopped by its PID (and restarted by some tests)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from cardreader import pcsc
from cardreader.errors import PcscError

READER_0 = "Virtual PCD 00 00"
READER_1 = "Virtual PCD 00 01"
SOCKET = Path("/run/pcscd/pcscd.comm")
START_TIMEOUT = 15.0


class PcscDaemon:
    """Owns one `pcscd --foreground` process with the vpcd driver's readers."""

    def __init__(self) -> None:
        binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
        if not Path(binary).exists():
            raise RuntimeError("pcscd is not installed: run scripts/setup.sh")
        self._binary = binary
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        if another_pcscd_running():
            raise RuntimeError("another pcscd is running; stop it so the tests can own theirs")
        SOCKET.unlink(missing_ok=True)  # a socket left by a killed daemon blocks a new one
        self.process = subprocess.Popen(
            [self._binary, "--foreground", "--error"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                if READER_0 in pcsc.list_readers():
                    return
            except PcscError:
                pass
            time.sleep(0.05)
        raise RuntimeError("pcscd did not show the vpcd readers")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is None:
            return
        os.kill(self.process.pid, sig)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def restart(self, sig: int = signal.SIGTERM) -> None:
        self.stop(sig)
        self.start()


def another_pcscd_running() -> bool:
    result = subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True, check=False)
    return result.returncode == 0
