"""A scripted `Connection` for unit tests: answers a fixed APDU transcript and checks that the
reader sent exactly the expected commands."""

from __future__ import annotations

from cardreader.apdu import split_response


class Transcript:
    def __init__(self, exchanges: list[tuple[str, str]], atr: bytes = b"\x3b\x79") -> None:
        """`exchanges`: (command hex, response hex) pairs in order."""
        self._exchanges = [(bytes.fromhex(c), bytes.fromhex(r)) for c, r in exchanges]
        self._atr = atr
        self.sent: list[bytes] = []

    @property
    def atr(self) -> bytes:
        return self._atr

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        index = len(self.sent)
        self.sent.append(apdu)
        expected, response = self._exchanges[index]
        assert apdu == expected, f"APDU {index}: sent {apdu.hex()} expected {expected.hex()}"
        return split_response(response)

    @property
    def finished(self) -> bool:
        return len(self.sent) == len(self._exchanges)
