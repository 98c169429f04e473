"""Running the command that says one utterance, so that another thread can stop it."""

from __future__ import annotations

import subprocess
from typing import Protocol


class Playing(Protocol):
    def wait(self) -> int:
        """Block until the sound ends (or is stopped); the command's exit code."""

    def stop(self) -> None:
        """End the sound now; returns at once (callable from any thread)."""


class Player(Protocol):
    def start(self, command: list[str]) -> Playing:
        """Start `command`; raises OSError when it cannot be started."""


class ProcessPlaying:
    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process

    def wait(self) -> int:
        return self._process.wait()

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()


class ProcessPlayer:
    """Runs each command as a child process with no input and its output thrown away."""

    def start(self, command: list[str]) -> Playing:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return ProcessPlaying(process)
