"""Reading only who a card belongs to (an officer signing in at the desk): the ID and the names,
in one READ that stops before the date of birth."""

from __future__ import annotations

from cardreader import layout
from cardreader.apdu import Connection
from cardreader.emulator import EmulatedConnection
from cardreader.emulator.inprocess import demo_card
from cardreader.emulator.profile import load_profile
from cardreader.reader import read_identity


class Recording:
    """A connection that keeps every command it passes on."""

    def __init__(self, inner: Connection) -> None:
        self.inner = inner
        self.commands: list[bytes] = []

    @property
    def atr(self) -> bytes:
        return self.inner.atr

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.commands.append(apdu)
        return self.inner.transmit(apdu)


def test_the_identity_is_the_id_and_the_names_only() -> None:
    connection = Recording(EmulatedConnection(demo_card("wichai")))
    identity = read_identity(connection)
    assert identity.cid == load_profile("wichai").cid
    assert identity.name_th.thai_display() == "นายวิชัย ธนากร รุ่งเรืองศรีสวัสดิ์"
    assert identity.name_en.english_display() == "Mr. Wichai Thanakorn Rungruangsrisawat"
    reads = [command for command in connection.commands if command[1] == 0xB0]
    assert len(reads) == 1
    offset, length = int.from_bytes(reads[0][2:4], "big"), reads[0][-1]
    assert offset == layout.CID.offset and offset + length <= layout.BIRTH_DATE.offset
    assert identity.cid not in repr(identity)  # masked if it ever reaches a log
