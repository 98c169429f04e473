"""The idle timer: a session with no touch for `timeout` seconds ends; the last `warning`
seconds are announced (with a beep and a "continue" button) so the citizen can keep going.

The timeout may change while the session runs (the form screens allow longer); the warning is
never more than half of it."""

from __future__ import annotations

import time
from collections.abc import Callable

DEFAULT_WARNING = 30.0


class IdleTimer:
    def __init__(
        self,
        timeout: float,
        warning: float = DEFAULT_WARNING,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._wanted_warning = warning
        self.timeout = timeout
        self.warning = min(warning, timeout / 2)
        self._clock = clock
        self._last_touch = clock()

    def set_timeout(self, timeout: float) -> None:
        """From now on, `timeout` seconds without a touch (counted from the last touch)."""
        self.timeout = timeout
        self.warning = min(self._wanted_warning, timeout / 2)

    def touch(self) -> None:
        self._last_touch = self._clock()

    def remaining(self) -> float:
        return max(0.0, self.timeout - (self._clock() - self._last_touch))

    def warning_due(self) -> bool:
        return 0 < self.remaining() <= self.warning

    def expired(self) -> bool:
        return self.remaining() == 0
