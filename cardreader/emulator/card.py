"""The emulated card: answers APDUs from a chip image like a Thai ID card does, with switches
for the protocol variants seen in the field and for faults."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from cardreader import layout

ATR_2016 = bytes.fromhex("3B 79 96 00 00 54 48 20 4E 49 44 20 31 38")  # "TH NID 18"
ATR_OLD = bytes.fromhex("3B 68 00 00 00 73 C8 40 12 00 90 00")

SW_OK = b"\x90\x00"
SW_WRONG_LENGTH = b"\x67\x00"
SW_WRONG_OFFSET = b"\x6b\x00"
SW_NOT_FOUND = b"\x6a\x82"
SW_CONDITIONS = b"\x69\x85"
SW_BAD_INS = b"\x6d\x00"
SW_BAD_CLA = b"\x6e\x00"


@dataclass(frozen=True)
class CardOptions:
    """How the emulated card behaves.

    Variants: `t1_style` answers READ with the data and 90 00 at once; `wrong_length_first`
    answers every READ with 6C xx first, so the reader must re-send it.
    Faults: `remove_after` pulls the card when APDU number `remove_after + 1` arrives (no answer);
    `bad_status_at` answers that APDU (1-based) with `bad_status` instead.
    Slow link: every APDU costs `apdu_delay` seconds plus `byte_delay` per byte on the wire.
    """

    atr: bytes = ATR_2016
    t1_style: bool = False
    wrong_length_first: bool = False
    remove_after: int | None = None
    bad_status_at: int | None = None
    bad_status: int = 0x6F00
    apdu_delay: float = 0.0
    byte_delay: float = 0.0


class ThaiIdCard:
    """One card. `process` returns the response APDU, or None once the card has been pulled.

    `image` is the ID application's memory. Optional applets: `nhso` (the health-insurance
    application's memory) and `laser` (the laser applet's whole answer, 23 bytes on newer
    cards; another length plays the older answer format). A card without them answers their
    SELECT with 6A 82, as old and foreign cards do.
    """

    def __init__(
        self,
        image: bytes,
        options: CardOptions | None = None,
        *,
        nhso: bytes | None = None,
        laser: bytes | None = None,
    ) -> None:
        self.image = image
        self.nhso = nhso
        self.laser = laser
        self.options = options or CardOptions()
        self.apdu_count = 0
        self.bytes_exchanged = 0
        self.selected_aids: list[bytes] = []  # every SELECT, in order (tests: what was read)
        self._selected: bytes | None = None  # the selected applet's memory
        self._laser_selected = False
        self._pending = b""
        self._length_warned: set[bytes] = set()
        self._pulled = False
        self._lock = threading.Lock()

    @property
    def atr(self) -> bytes:
        return self.options.atr

    def reset(self) -> None:
        with self._lock:
            self._selected = None
            self._laser_selected = False
            self._pending = b""

    def pull(self) -> None:
        """Take the card out: every later APDU goes unanswered."""
        with self._lock:
            self._pulled = True

    def process(self, apdu: bytes) -> bytes | None:
        with self._lock:
            self.apdu_count += 1
            options = self.options
            if options.remove_after is not None and self.apdu_count > options.remove_after:
                self._pulled = True
            if self._pulled:
                return None
            if options.bad_status_at == self.apdu_count:
                response = options.bad_status.to_bytes(2, "big")
            else:
                response = self._answer(apdu)
            wire_bytes = len(apdu) + len(response)
            self.bytes_exchanged += wire_bytes
            delay = options.apdu_delay + options.byte_delay * wire_bytes
        if delay:
            time.sleep(delay)
        return response

    def _answer(self, apdu: bytes) -> bytes:
        if len(apdu) < 4:
            return SW_WRONG_LENGTH
        cla, ins = apdu[0], apdu[1]
        if (cla, ins) == (0x00, 0xA4):
            return self._select(apdu)
        if (cla, ins) == (0x80, 0xB0):
            return self._read(apdu)
        if (cla, ins) == (0x00, 0xC0):
            return self._get_response(apdu)
        if (cla, ins) == (0x80, 0x00) and self._laser_selected and self.laser is not None:
            return self._answer_data(self.laser)
        return SW_BAD_INS if cla in (0x00, 0x80) else SW_BAD_CLA

    def _select(self, apdu: bytes) -> bytes:
        aid = apdu[5 : 5 + apdu[4]] if len(apdu) > 5 else b""
        self.selected_aids.append(aid)
        applets = {layout.THAI_ID_AID: self.image, layout.NHSO_AID: self.nhso}
        self._selected = applets.get(aid)
        self._laser_selected = aid == layout.LASER_AID and self.laser is not None
        self._pending = b""
        if self._selected is None and not self._laser_selected:
            return SW_NOT_FOUND
        return SW_OK if self.options.t1_style else b"\x61\x0a"

    def _read(self, apdu: bytes) -> bytes:
        memory = self._selected
        if memory is None:
            return SW_CONDITIONS
        if len(apdu) != 7 or apdu[4] != 0x02:
            return SW_WRONG_LENGTH
        offset, length = int.from_bytes(apdu[2:4], "big"), apdu[6]
        if offset + length > len(memory):
            return SW_WRONG_OFFSET
        if self.options.wrong_length_first and apdu not in self._length_warned:
            self._length_warned.add(apdu)
            return bytes([0x6C, length])
        return self._answer_data(memory[offset : offset + length])

    def _answer_data(self, data: bytes) -> bytes:
        """Data at once with 90 00 (T=1 style), or 61 xx and the data by GET RESPONSE."""
        if self.options.t1_style:
            return data + SW_OK
        self._pending = data
        return bytes([0x61, len(data)])

    def _get_response(self, apdu: bytes) -> bytes:
        if not self._pending:
            return SW_CONDITIONS
        wanted = apdu[4] if len(apdu) > 4 else 0
        if wanted != len(self._pending):
            return bytes([0x6C, len(self._pending)])
        data, self._pending = self._pending, b""
        return data + SW_OK
