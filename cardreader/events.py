"""Reader and card events, the same for a real PC/SC watcher and the demo's emulated slot."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from cardreader.readers import reader_identity


class EventKind(enum.Enum):
    READER_ADDED = "reader added"
    READER_REMOVED = "reader removed"
    CARD_INSERTED = "card inserted"
    CARD_REMOVED = "card removed"
    SERVICE_LOST = "pcscd lost"
    SERVICE_RESTORED = "pcscd back"


@dataclass(frozen=True)
class CardEvent:
    kind: EventKind
    reader: str = ""
    atr: bytes = b""

    @property
    def reader_id(self) -> str:
        """The reader's stable identity (the same after replugging); "" for pcscd events."""
        return reader_identity(self.reader) if self.reader else ""

    def describe(self) -> str:
        atr = f" ATR {self.atr.hex(' ').upper()}" if self.atr else ""
        where = f" [{self.reader}]" if self.reader else ""
        return f"{self.kind.value}{where}{atr}"
