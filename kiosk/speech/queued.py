"""The real speaker: one thread of its own says the queued utterances one after another, so
the UI thread never waits for a sound."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Sequence

from kiosk.speech.base import SpeechBackend, Utterance
from kiosk.speech.player import Player, Playing, ProcessPlayer

log = logging.getLogger(__name__)
JOIN_SECONDS = 5.0


class QueuedSpeaker:
    """Says utterances through `backend`'s commands, run by `player`, on a thread named
    "speech".

    Invariants: every queued utterance carries the generation it was queued in; `say` and
    `stop` start a new generation and stop the sound playing, so nothing queued before them
    is ever started afterwards. Starting a sound and stopping one hold the same lock, so a
    sound is never started after the `stop` meant to silence it. Failures (no audio device,
    a missing program) are logged by message key, never with the words, and speech goes on.
    """

    def __init__(
        self, backend: SpeechBackend, player: Player | None = None, name: str = "speech"
    ) -> None:
        self._backend = backend
        self._player: Player = player or ProcessPlayer()
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[tuple[int, Utterance] | None] = queue.SimpleQueue()
        self._generation = 0
        self._playing: Playing | None = None
        self._closed = False
        self._failures = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def say(self, utterances: Sequence[Utterance]) -> None:
        with self._lock:
            if self._closed:
                return
            self._interrupt()
            for utterance in utterances:
                self._queue.put((self._generation, utterance))

    def stop(self) -> None:
        with self._lock:
            self._interrupt()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._interrupt()
            self._queue.put(None)
        self._thread.join(JOIN_SECONDS)

    def _interrupt(self) -> None:
        """With the lock held: drop what is queued (by generation) and stop the sound."""
        self._generation += 1
        if self._playing is not None:
            self._playing.stop()
            self._playing = None

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            generation, utterance = item
            with self._lock:
                if generation != self._generation:
                    continue  # dropped by a later say or stop
                playing = self._start(utterance)
                if playing is None:
                    continue
                self._playing = playing
            code = playing.wait()
            with self._lock:
                stopped = self._playing is not playing
                if not stopped:
                    self._playing = None
            if code != 0 and not stopped:
                self._failed(utterance, f"exit code {code}")

    def _start(self, utterance: Utterance) -> Playing | None:
        try:
            command = self._backend.command(utterance)
            return None if command is None else self._player.start(command)
        except Exception as error:  # the speech thread must outlive any one utterance
            self._failed(utterance, type(error).__name__)
            return None

    def _failed(self, utterance: Utterance, problem: str) -> None:
        self._failures += 1
        level = logging.WARNING if self._failures == 1 else logging.DEBUG
        log.log(level, "speech failed (%s, %r); failures: %d", problem, utterance, self._failures)
