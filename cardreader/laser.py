"""The laser code (the code printed on the back of newer cards), handled as the secret it is.

Officials advise never to show or store it: it serves one purpose, checking a card against
the civil registry (`POST /v1/card-status`). Invariants:
- `read_laser_code` returns a `LaserCode` or None, never raises for a card without the applet
  (6A 82), one answering another way (the older format), or one holding no valid code; only a
  card pulled out (`CardRemoved`) or a PC/SC failure propagates.
- A `LaserCode` never shows its value: str(), repr(), format() and logging give `<hidden>`;
  it is not JSON-serialisable and not picklable. The one way out is `reveal()`, for the body of
  the card-status request. It is kept out of `CardData` (and so out of `read --json`, forms and
  QR codes).
"""

from __future__ import annotations

import hmac
import logging
import re
from typing import NoReturn

from cardreader import layout
from cardreader.apdu import SW1_MORE_DATA, SW_OK, Connection, ResponseProcessor
from cardreader.errors import ApduError, MalformedResponse

log = logging.getLogger(__name__)

LASER_PATTERN = re.compile(r"[A-Z]{2}[0-9]{10}")
HIDDEN = "LaserCode(<hidden>)"


class LaserCode:
    """A laser code whose value stays hidden (see the module doc)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not LASER_PATTERN.fullmatch(value):
            raise ValueError("not a laser code (2 letters and 10 digits)")  # the value unsaid
        self._value = value

    def reveal(self) -> str:
        """The value, for the card-status request body only."""
        return self._value

    def __repr__(self) -> str:
        return HIDDEN

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return HIDDEN

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LaserCode):
            return NotImplemented
        return hmac.compare_digest(self._value, other._value)

    def __hash__(self) -> int:
        return hash((LaserCode, self._value))

    def __reduce__(self) -> NoReturn:
        raise TypeError("a laser code is never serialised")


def read_laser_code(connection: Connection) -> LaserCode | None:
    """SELECT the laser applet and ask for the code; None when there is none to be had."""
    aid = layout.LASER_AID
    _, sw = connection.transmit(bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + aid)
    if sw != SW_OK and sw >> 8 != SW1_MORE_DATA:
        log.info("no laser applet (SELECT answered %04X)", sw)
        return None
    try:
        answer = ResponseProcessor(connection).send(layout.LASER_COMMAND, "LASER")
    except (ApduError, MalformedResponse) as error:
        log.info("laser applet answered another way: %s", error)
        return None
    return parse_laser_answer(answer)


def parse_laser_answer(answer: bytes) -> LaserCode | None:
    """The code in bytes 7..18 of the 23-byte answer (NUL-padded); None for anything else."""
    if len(answer) != layout.LASER_ANSWER_LENGTH:
        log.info("laser answer of %d bytes, not the known format", len(answer))
        return None
    text = answer[layout.LASER_CODE_SLICE].rstrip(b"\x00").decode("ascii", errors="replace")
    if not LASER_PATTERN.fullmatch(text):
        log.info("laser answer holds no valid code")
        return None
    return LaserCode(text)
