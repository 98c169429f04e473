"""The health-insurance (NHSO) application on the chip: the citizen's health-insurance right as
the card last recorded it.

Invariants:
- Optional: a card without the applet (old or foreign cards answer SELECT with 6A 82 or
  similar), or one whose applet refuses a READ, gives None, never an error: the main read
  never depends on it. A card pulled out during the read still raises `CardRemoved`.
- Two READs cover every field (the fields are contiguous), plus the SELECT: 5 transmits on a
  T=0 card, against ~19 for one READ per field.
- Text is decoded by the same `FieldReader` as the ID application (TIS-620, no control
  characters); a date that is blank is None, one that cannot be a date is None with a warning.
- The data can be stale: whoever shows it says so (`stale_note`), with the update date.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

from cardreader import layout
from cardreader.apdu import SW1_MORE_DATA, SW_OK, Connection, ResponseProcessor, read_apdu
from cardreader.errors import ApduError, CardDataError, MalformedResponse
from cardreader.model import LIFETIME, CardWarning, Expiry, PartialDate, WarningKind
from cardreader.parse import FieldReader, parse_date
from cardreader.text import Bilingual

log = logging.getLogger(__name__)

BLANK_DATES = ("", "00000000")
DATE_NAMES = {
    "issue_date": ("วันออกสิทธิ", "date of issue"),
    "expiry_date": ("วันสิ้นสุดสิทธิ", "date of expiry"),
    "update_date": ("วันปรับปรุงข้อมูล", "date of update"),
}


@dataclass(frozen=True)
class HealthInsuranceCard:
    """What the NHSO applet holds. Text fields are as on the chip ("" when blank)."""

    main_right: str  # e.g. "(UCS) สิทธิหลักประกันสุขภาพแห่งชาติ"
    sub_right: str
    main_hospital: str
    sub_hospital: str
    payment_type: str
    issue_date: PartialDate | None
    expiry_date: Expiry | None
    update_date: PartialDate | None
    hospital_changes: int | None  # None when the byte is not a digit
    warnings: tuple[CardWarning, ...] = ()

    def stale_note(self) -> Bilingual:
        """What a screen shows beside the right: it is from the card and may be out of date."""
        if self.update_date is None:
            return Bilingual("ข้อมูลจากบัตร อาจไม่ใช่ข้อมูลล่าสุด", "From the card, may be out of date")
        return Bilingual(
            f"ข้อมูลจากบัตร อาจไม่ใช่ข้อมูลล่าสุด (ปรับปรุงเมื่อ {self.update_date.to_thai()})",
            f"From the card, may be out of date (updated {self.update_date.to_english()})",
        )

    def to_json(self) -> dict[str, Any]:
        def iso(date: Expiry | None) -> str | None:
            return None if date is None else date.to_iso()

        return {
            "main_right": self.main_right,
            "sub_right": self.sub_right,
            "main_hospital": self.main_hospital,
            "sub_hospital": self.sub_hospital,
            "payment_type": self.payment_type,
            "issue_date": iso(self.issue_date),
            "expiry_date": iso(self.expiry_date),
            "update_date": iso(self.update_date),
            "hospital_changes": self.hospital_changes,
            "warnings": [warning.to_json() for warning in self.warnings],
        }


def read_health_insurance(connection: Connection) -> HealthInsuranceCard | None:
    """SELECT the NHSO applet and read it; None when the card has none (see module doc)."""
    _, sw = connection.transmit(_select())
    if sw != SW_OK and sw >> 8 != SW1_MORE_DATA:
        log.info("no NHSO applet (SELECT answered %04X)", sw)
        return None
    processor = ResponseProcessor(connection)
    memory: dict[int, bytes] = {}
    try:
        for span in layout.NHSO_SPANS:
            data = processor.send(
                read_apdu(span.offset, span.length), f"NHSO READ {span.offset:04X}"
            )
            if len(data) != span.length:
                raise MalformedResponse(f"NHSO READ asked {span.length} bytes, got {len(data)}")
            memory[span.offset] = data
    except (ApduError, MalformedResponse) as error:
        log.info("NHSO applet unreadable: %s", error)
        return None
    return parse_health_insurance(memory)


def _select() -> bytes:
    aid = layout.NHSO_AID
    return bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + aid


def parse_health_insurance(memory: dict[int, bytes]) -> HealthInsuranceCard:
    """Build the NHSO data from its spans (start offset -> bytes); never raises for a value."""
    fields = FieldReader(memory)
    warnings: list[CardWarning] = []

    def date(field: layout.Field) -> PartialDate | None:
        text = fields.text(field)
        if text in BLANK_DATES:
            return None
        try:
            return parse_date(text, field.name)
        except CardDataError:
            warnings.append(_unreadable_date(field.name))
            return None

    expiry_text = fields.text(layout.NHSO_EXPIRY_DATE)
    expiry: Expiry | None = (
        LIFETIME if expiry_text == LIFETIME.to_card() else date(layout.NHSO_EXPIRY_DATE)
    )
    changes = fields.text(layout.NHSO_HOSPITAL_CHANGES)
    result = HealthInsuranceCard(
        main_right=fields.text(layout.NHSO_MAIN_RIGHT),
        sub_right=fields.text(layout.NHSO_SUB_RIGHT),
        main_hospital=fields.text(layout.NHSO_MAIN_HOSPITAL),
        sub_hospital=fields.text(layout.NHSO_SUB_HOSPITAL),
        payment_type=fields.text(layout.NHSO_PAYMENT_TYPE),
        issue_date=date(layout.NHSO_ISSUE_DATE),
        expiry_date=expiry,
        update_date=date(layout.NHSO_UPDATE_DATE),
        hospital_changes=int(changes) if changes.isascii() and changes.isdigit() else None,
        warnings=(),
    )
    return _with_warnings(result, (*fields.warnings, *warnings))


def _with_warnings(
    card: HealthInsuranceCard, warnings: tuple[CardWarning, ...]
) -> HealthInsuranceCard:
    return replace(card, warnings=warnings)


def _unreadable_date(field: str) -> CardWarning:
    th, en = DATE_NAMES.get(field, (field, field))
    return CardWarning(
        WarningKind.IMPOSSIBLE_DATE,
        (field,),
        Bilingual(
            f"{th}ในข้อมูลสิทธิในบัตรไม่ใช่วันที่ที่อ่านได้",
            f"The health-insurance {en} on the card is not a readable date.",
        ),
    )
