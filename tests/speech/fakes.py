"""A player that plays nothing: each sound lasts until the test ends it or the speaker stops
it, so what is said, dropped and stopped can be seen without timing anything."""

from __future__ import annotations

import queue
import threading

WAIT = 10.0  # a bound on waiting for the speech thread, not a speed check


class FakePlaying:
    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.thread = threading.current_thread().name
        self.stopped = False
        self.code = 0
        self._done = threading.Event()

    @property
    def text(self) -> str:
        return self.command[-1]

    def finish(self, code: int = 0) -> None:
        self.code = code
        self._done.set()

    def wait(self) -> int:
        self._done.wait()
        return self.code

    def stop(self) -> None:
        self.stopped = True
        self._done.set()


class FakePlayer:
    def __init__(self, failing: frozenset[str] = frozenset()) -> None:
        self.started: list[FakePlaying] = []
        self._queue: queue.Queue[FakePlaying] = queue.Queue()
        self._failing = failing  # commands whose last word is here cannot be started

    def start(self, command: list[str]) -> FakePlaying:
        if command[-1] in self._failing:
            raise FileNotFoundError(command[0])
        playing = FakePlaying(command)
        self.started.append(playing)
        self._queue.put(playing)
        return playing

    def next(self) -> FakePlaying:
        """The next sound started (waits for the speech thread to start it)."""
        return self._queue.get(timeout=WAIT)

    def nothing_more(self) -> bool:
        return self._queue.empty()
