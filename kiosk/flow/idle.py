"""The idle timer: a session with no touch for `timeout` seconds ends; the last `warning`
seconds are announced so the citizen can keep going."""

from __future__ import annotations

import time
from collections.abc import Callable

DEFAULT_WARNING = 10.0


class IdleTimer:
    def __init__(
        self,
        timeout: float,
        warning: float = DEFAULT_WARNING,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.timeout = timeout
        self.warning = min(warning, timeout / 2)
        self._clock = clock
        self._last_touch = clock()

    def touch(self) -> None:
        self._last_touch = self._clock()

    def remaining(self) -> float:
        return max(0.0, self.timeout - (self._clock() - self._last_touch))

    def warning_due(self) -> bool:
        return 0 < self.remaining() <= self.warning

    def expired(self) -> bool:
        return self.remaining() == 0
