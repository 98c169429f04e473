"""The emulator's PC/SC front end: a client of the vsmartcard `vpcd` reader driver, so that
real pcscd and pyscard see the emulated card in the `Virtual PCD` reader.

Connecting to the driver inserts the card; closing the socket removes it. Frames both ways
are a 2-byte big-endian length and a payload; a 1-byte payload from the driver is a control
message (0 power off, 1 power on, 2 reset, 4 ATR request), anything longer an APDU.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
import time

from cardreader.emulator.card import ThaiIdCard

log = logging.getLogger(__name__)

VPCD_HOST = "127.0.0.1"
VPCD_PORT = 35963  # the first slot, "Virtual PCD 00 00"; the second is 35964
CONTROL_POWER_OFF, CONTROL_POWER_ON, CONTROL_RESET, CONTROL_ATR = 0, 1, 2, 4


class VpcdCard:
    """Inserts `card` into the vpcd reader at `port` until `remove()` (or a card fault)."""

    def __init__(self, card: ThaiIdCard, port: int = VPCD_PORT, host: str = VPCD_HOST) -> None:
        self.card = card
        self._address = (host, port)
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.removed = threading.Event()

    def insert(self, timeout: float = 10.0) -> None:
        """Connect to the driver (retrying while pcscd starts) and serve the card's APDUs."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection(self._address, timeout=1.0)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket = sock
        self.removed.clear()
        self._thread = threading.Thread(target=self._serve, name="vpcd-card", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        """Pull the card: close the socket, so the driver reports the card gone."""
        sock, self._socket = self._socket, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self.removed.set()

    def __enter__(self) -> VpcdCard:
        self.insert()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.remove()

    def _serve(self) -> None:
        sock = self._socket
        try:
            while sock is not None:
                payload = _receive_frame(sock)
                if payload is None:
                    break
                answer = self._answer(payload)
                if answer is None:  # the card was pulled mid-command
                    break
                if answer:
                    sock.sendall(struct.pack(">H", len(answer)) + answer)
        except OSError as error:
            log.debug("vpcd connection ended: %s", error)
        finally:
            if self._socket is sock and sock is not None:
                self._socket = None
                sock.close()
                self.removed.set()

    def _answer(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            control = payload[0]
            if control == CONTROL_ATR:
                return self.card.atr
            if control in (CONTROL_POWER_ON, CONTROL_POWER_OFF, CONTROL_RESET):
                self.card.reset()
            return b""
        return self.card.process(payload)


def _receive_frame(sock: socket.socket) -> bytes | None:
    header = _receive_exactly(sock, 2)
    if header is None:
        return None
    return _receive_exactly(sock, struct.unpack(">H", header)[0])


def _receive_exactly(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data
