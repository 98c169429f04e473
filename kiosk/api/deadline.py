"""One deadline for a whole HTTP exchange, enforced on every socket operation.

A socket timeout bounds one read; a server that sends a header line a second never trips it.
So the transport sets the exchange's deadline for its thread (`exchange_deadline`), and the
connections of `DeadlineAdapter` check it before every connect, TLS handshake, send and read,
cutting each operation's timeout to the time left. Invariant: while a deadline is set, no
socket operation of this thread's connections waits past it.
"""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_local = threading.local()
_OUT_OF_TIME = "the lookup's time budget ran out"


@contextmanager
def exchange_deadline(deadline: float) -> Iterator[None]:
    """Within this block, this thread's connections give up at `deadline` (time.monotonic)."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = deadline
    try:
        yield
    finally:
        _local.deadline = previous


def time_left() -> float | None:
    """Seconds until this thread's exchange deadline, or None when none is set."""
    deadline: float | None = getattr(_local, "deadline", None)
    return None if deadline is None else deadline - time.monotonic()


def _bounded(timeout: float | None) -> float | None:
    """`timeout` cut to the time left; TimeoutError when none is left."""
    left = time_left()
    if left is None:
        return timeout
    if left <= 0:
        raise TimeoutError(_OUT_OF_TIME)
    return left if timeout is None else min(timeout, left)


class _DeadlineSocket:
    """A socket (plain or TLS) whose sends and reads never wait past the exchange deadline.

    Everything else is delegated to the wrapped socket. `makefile` builds the reader on this
    object, so http.client's reads of the status line, headers and body come through here.
    """

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._timeout = sock.gettimeout()

    def settimeout(self, timeout: float | None) -> None:
        self._timeout = timeout
        self._sock.settimeout(timeout)

    def gettimeout(self) -> float | None:
        return self._timeout

    def _arm(self) -> None:
        self._sock.settimeout(_bounded(self._timeout))

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        self._arm()
        return self._sock.recv_into(buffer, nbytes, flags)

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        self._arm()
        return self._sock.recv(bufsize, flags)

    def sendall(self, data: Any, flags: int = 0) -> None:
        self._arm()
        self._sock.sendall(data, flags)

    def send(self, data: Any, flags: int = 0) -> int:
        self._arm()
        return self._sock.send(data, flags)

    def makefile(self, mode: str = "rb", buffering: int | None = None, **_: Any) -> Any:
        """Binary file objects only (all http.client asks for), reading through this object."""
        if set(mode) - {"r", "w", "b"}:
            raise ValueError(f"unsupported mode {mode!r}")
        rawmode = ("r" if "r" in mode else "") + ("w" if "w" in mode else "")
        raw = socket.SocketIO(self, rawmode)  # type: ignore[arg-type]
        self._sock._io_refs += 1  # type: ignore[attr-defined]  # as socket.makefile does
        if buffering == 0:
            return raw
        size = io.DEFAULT_BUFFER_SIZE if buffering is None or buffering < 0 else buffering
        return io.BufferedReader(raw, size) if "r" in rawmode else io.BufferedWriter(raw, size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _DeadlineHttpConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        self.timeout = _bounded(self.timeout)
        return super()._new_conn()

    def connect(self) -> None:
        super().connect()
        self.sock = _DeadlineSocket(self.sock)


class _DeadlineHttpsConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        self.timeout = _bounded(self.timeout)
        sock = super()._new_conn()
        # The TLS handshake that follows runs on this timeout as one deadline (CPython's
        # do_handshake), so the time left now bounds connect and handshake together.
        sock.settimeout(_bounded(self.timeout))
        return sock

    def connect(self) -> None:
        super().connect()
        self.sock = _DeadlineSocket(self.sock)


class _HttpPool(HTTPConnectionPool):
    ConnectionCls = _DeadlineHttpConnection


class _HttpsPool(HTTPSConnectionPool):
    ConnectionCls = _DeadlineHttpsConnection


class DeadlineAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections honour `exchange_deadline`."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HttpPool, "https": _HttpsPool}
