"""Records: form values that the chip's ID application does not hold, supplied to `fill` by name.

A form names the record a field is filled from (`source: record.health_insurance_right`); the
caller (the kiosk or desk flow) looks it up and passes what it found. Invariants:
- A record is never invented: a field whose record was not supplied is left to be written by
  hand; when the caller says it could not be had, with `UNAVAILABLE` as its note, or with the
  caller's own reason (a `Bilingual` in place of the record: e.g. "this card holds none").
- Where a record came from travels with it: `from_card` marks the chip's own copy (which may be
  out of date; its `note` says so, with the date the card was last updated), and the QR value
  carries the same mark, so an office that only scans the code is told too.
- `forms` stays free of the API: the caller turns an answer into a `Record`.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardreader.text import Bilingual
from forms.model import RECORD_PREFIX, FieldType

HEALTH_INSURANCE_RIGHT = f"{RECORD_PREFIX}health_insurance_right"

RECORDS: dict[str, frozenset[FieldType]] = {
    HEALTH_INSURANCE_RIGHT: frozenset({FieldType.TEXT}),
}
"""Record name -> the field types it may fill."""

CARD_MARK = "card"  # the QR value of a record read from the chip: "card <updated>: <text>"


@dataclass(frozen=True)
class Record:
    """A record's value: `display` as printed, `value` for the QR, `note` printed under it."""

    value: str
    display: str
    from_card: bool = False  # the chip's own copy, not the agency's record
    note: Bilingual | None = None

    @classmethod
    def from_chip(cls, display: str, updated_iso: str | None, note: Bilingual) -> Record:
        """The chip's copy: the QR value is marked "card" with the card's update date."""
        mark = f"{CARD_MARK} {updated_iso}" if updated_iso else CARD_MARK
        return cls(f"{mark}: {display}", display, True, note)


UNAVAILABLE = Bilingual(
    "ตรวจสอบสิทธิไม่ได้ในขณะนี้ เจ้าหน้าที่จะตรวจสอบให้",
    "Could not be checked just now. An officer will check it.",
)
