"""When to try again and how long to wait: capped, jittered exponential backoff inside a total
time budget per lookup."""

from __future__ import annotations

import datetime as dt
import email.utils
import random
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]

# 429 (too many requests) is a busy server too: retried, honouring Retry-After, within the budget.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int
    base_delay: float
    max_delay: float

    def delay(self, retry_number: int, retry_after: float | None, rng: random.Random) -> float:
        """`Retry-After` when the server sent one, else "full jitter" up to the capped step."""
        if retry_after is not None:
            return retry_after
        return rng.uniform(0, min(self.max_delay, self.base_delay * 2**retry_number))


class Budget:
    """The time left for one lookup, retries and token refresh included."""

    def __init__(self, seconds: float, clock: Clock) -> None:
        self._clock = clock
        self._deadline = clock() + seconds

    def remaining(self) -> float:
        return max(0.0, self._deadline - self._clock())


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    current = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - current).total_seconds())
