"""Stopping a benchmark cleanly on SIGTERM (a time limit, `kill`) or SIGINT (Ctrl-C).

The first such signal raises `Stopped` in the main thread, where the benchmark is measuring;
each benchmark prints what it measured so far on the way out (a `finally`), and `main` ends
the process with one line saying so and the exit status 128 + the signal number (143 for
SIGTERM), never a traceback. Later signals are ignored while those figures are printed; worker
threads of a benchmark watch `requested` to stop early.

`Stopped` is a `BaseException`, like `KeyboardInterrupt`, so an `except Exception` in the code
being measured does not swallow it.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType

SIGNALS = (signal.SIGTERM, signal.SIGINT)
requested = threading.Event()


class Stopped(BaseException):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    if requested.is_set():
        return  # already stopping: let the figures so far be printed
    requested.set()
    raise Stopped(signum)


def install() -> None:
    """Make SIGTERM and SIGINT stop the benchmark (main thread only)."""
    for signum in SIGNALS:
        signal.signal(signum, _on_signal)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold SIGTERM/SIGINT back while code that installs its own handlers runs (the Kivy app
    stops itself on SIGTERM; a benchmark driving it by hand must stop instead), then put our
    handlers back and take any signal that arrived meanwhile."""
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        install()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


def main(run: Callable[[], object]) -> None:
    """Run a benchmark's `run` with the signals installed; a stop ends the process cleanly."""
    install()
    try:
        run()
    except Stopped as stop:
        print(f"stopped by {stop.name}: the figures above are those measured before it", flush=True)
        sys.exit(128 + stop.signum)


def run_child(command: list[str]) -> int:
    """Run a part of a benchmark in its own process; a stop is passed on to it, so it prints
    its own figures so far, and then stops this process too. Returns the child's status."""
    child = subprocess.Popen(command)
    try:
        status = child.wait()
    except Stopped as stop:
        child.send_signal(stop.signum)
        child.wait()
        raise
    if status in (128 + signum for signum in SIGNALS):  # stopped on its own (a group signal)
        requested.set()
        raise Stopped(status - 128)
    return status


def so_far(done: int, planned: int) -> str:
    """'' when everything planned was measured, else ' (stopped after 3 of 5)'."""
    return "" if done >= planned else f" (stopped after {done} of {planned})"
