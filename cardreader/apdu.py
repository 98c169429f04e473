"""The card protocol on an abstract connection: APDUs, status words, response chaining.

Nothing here knows about PC/SC; `pcsc.PcscConnection` and the emulator's in-process connection
both satisfy `Connection`.
"""

from __future__ import annotations

from typing import Protocol

from cardreader.errors import ApduError, MalformedResponse

SW_OK = 0x9000
SW1_MORE_DATA = 0x61
SW1_WRONG_LENGTH = 0x6C
MAX_CHAINED_RESPONSES = 16


class Connection(Protocol):
    """A connection to one card: send a command APDU, get (data, status word) back."""

    @property
    def atr(self) -> bytes: ...

    def transmit(self, apdu: bytes) -> tuple[bytes, int]: ...


def select_apdu(aid: bytes) -> bytes:
    return bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + aid


def read_apdu(offset: int, length: int) -> bytes:
    """The Thai ID card's proprietary READ: the length travels as data bytes 00 <len>."""
    return bytes([0x80, 0xB0, offset >> 8, offset & 0xFF, 0x02, 0x00, length])


def get_response_apdu(length: int, p2: int = 0x00) -> bytes:
    return bytes([0x00, 0xC0, 0x00, p2, length & 0xFF])


def get_response_p2(atr: bytes) -> int:
    """GET RESPONSE's P2: 00 for every card seen; legacy code used 01 for ATRs 3B 67."""
    return 0x01 if atr[:2] == b"\x3b\x67" else 0x00


def split_response(response: bytes) -> tuple[bytes, int]:
    """Split a raw response APDU into data and status word."""
    if len(response) < 2:
        raise MalformedResponse(f"response of {len(response)} bytes has no status word")
    return response[:-2], int.from_bytes(response[-2:], "big")


class ResponseProcessor:
    """Sends one command and follows the card's answer to completion.

    - `61 xx`: data waiting; GET RESPONSE of xx (again if the answer is `61 yy`).
    - `90 00` with data (T=1 style readers): the data as is.
    - `6C xx`: wrong length; the same command once more with length xx.
    - anything else: `ApduError` carrying the status word.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._p2 = get_response_p2(connection.atr)

    def send(self, apdu: bytes, name: str) -> bytes:
        data, sw = self._connection.transmit(apdu)
        if sw >> 8 == SW1_WRONG_LENGTH:
            data, sw = self._connection.transmit(apdu[:-1] + bytes([sw & 0xFF]))
        chunks = [data]
        for _ in range(MAX_CHAINED_RESPONSES):
            if sw >> 8 != SW1_MORE_DATA:
                break
            data, sw = self._connection.transmit(get_response_apdu(sw & 0xFF, self._p2))
            chunks.append(data)
        if sw != SW_OK:
            raise ApduError(sw, name)
        return b"".join(chunks)
