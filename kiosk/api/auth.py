"""Bearer tokens: fetched with the consumer key and secret, cached until shortly before they
expire, dropped when the server says 401."""

from __future__ import annotations

import threading
from collections.abc import Callable

from kiosk.api.models import Token
from kiosk.api.retry import Budget, Clock

EXPIRY_MARGIN = 0.1  # refresh when less than this share of the lifetime is left


class TokenCache:
    def __init__(self, fetch: Callable[[Budget], Token], clock: Clock) -> None:
        self._fetch = fetch
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._refresh_at = 0.0

    def bearer(self, budget: Budget) -> str:
        with self._lock:
            if self._token is None or self._clock() >= self._refresh_at:
                token = self._fetch(budget)
                self._token = token.access_token
                self._refresh_at = self._clock() + token.expires_in * (1 - EXPIRY_MARGIN)
            return self._token

    def invalidate(self, token: str) -> None:
        """Forget `token` after a 401 (unless another thread already replaced it)."""
        with self._lock:
            if self._token == token:
                self._token = None
