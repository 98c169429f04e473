"""Applying for someone else: the representative's section and the power of attorney, filled
from a second chip.

Every form can be filed through a representative (ผู้รับมอบอำนาจ): `fill(..., representative=
card)` adds the standard representative section below (its fields bind to the second chip with
the `representative.` prefix, or are answered like any field) and a `PowerOfAttorney` naming
both people, which the PDF prints as the power of attorney (หนังสือมอบอำนาจ). The
representative section's values are signed into the QR under "p", never mixed with the
applicant's "d".

Invariants: the representative is never the applicant (the same citizen ID is refused with
`SamePerson`); a form without a representative has neither the section nor the power of
attorney; only the name, citizen ID and address of each person reach the power of attorney.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cardreader.model import CardData
from cardreader.text import Bilingual
from forms.model import FieldDef, FieldType, Section, Width

REPRESENTATIVE_PREFIX = "representative."


class SamePerson(ValueError):
    """The representative's card is the applicant's own card."""


def _field(
    field_id: str,
    th: str,
    en: str,
    kind: FieldType,
    source: str,
    width: Width = Width.FULL,
    required: bool = False,
) -> FieldDef:
    return FieldDef(field_id, Bilingual(th, en), kind, source, required=required, width=width)


# The standard representative section, appended to any form filed through a representative.
REPRESENTATIVE_SECTION = Section(
    Bilingual("ผู้ยื่นคำขอแทน (ผู้รับมอบอำนาจ)", "Filed by a representative (attorney)"),
    (
        _field(
            "rep_name",
            "ชื่อ-นามสกุลผู้รับมอบอำนาจ",
            "Representative's name",
            FieldType.TEXT,
            "representative.name_th.full",
            Width.HALF,
        ),
        _field(
            "rep_cid",
            "เลขประจำตัวประชาชนผู้รับมอบอำนาจ",
            "Representative's citizen ID",
            FieldType.TEXT,
            "representative.cid",
            Width.HALF,
        ),
        _field(
            "rep_address",
            "ที่อยู่ผู้รับมอบอำนาจ",
            "Representative's address",
            FieldType.TEXT,
            "representative.address.line",
        ),
        _field(
            "rep_relation",
            "เกี่ยวข้องเป็น (ของผู้ยื่นคำขอ)",
            "Relationship to the applicant",
            FieldType.TEXT,
            "citizen",
            Width.HALF,
        ),
        _field(
            "rep_phone",
            "โทรศัพท์ผู้รับมอบอำนาจ",
            "Representative's phone",
            FieldType.PHONE,
            "citizen",
            Width.HALF,
        ),
        _field(
            "rep_signature",
            "ลงชื่อผู้ยื่นคำขอแทน",
            "Representative's signature",
            FieldType.SIGNATURE,
            "representative.name_th.full",
            required=True,
        ),
    ),
)
REPRESENTATIVE_FIELD_IDS = frozenset(field.id for field in REPRESENTATIVE_SECTION.fields)


@dataclass(frozen=True)
class Party:
    """One person on the power of attorney, as the chip says: name, ID and address only."""

    name: str  # Thai display name
    name_en: str
    cid: str
    address: str  # one line; empty when the card holds none (written by hand)
    read_at: dt.datetime | None = None  # when the chip was read

    @classmethod
    def from_card(cls, card: CardData, read_at: dt.datetime | None = None) -> Party:
        return cls(
            card.name_th.thai_display(),
            card.name_en.english_display(),
            card.cid,
            card.address.one_line(),
            read_at,
        )

    def __repr__(self) -> str:
        return "Party(…)"  # nothing personal in logs or tracebacks


@dataclass(frozen=True)
class PowerOfAttorney:
    """The applicant (ผู้มอบอำนาจ) gives the representative (ผู้รับมอบอำนาจ) the power to file
    the form; what is delegated is the form's title."""

    applicant: Party
    representative: Party


def power_of_attorney(
    applicant: CardData,
    representative: CardData,
    *,
    applicant_read_at: dt.datetime | None = None,
    representative_read_at: dt.datetime | None = None,
) -> PowerOfAttorney:
    """Both people from their chips; raises `SamePerson` for the same card twice."""
    if applicant.cid == representative.cid:
        raise SamePerson("the representative's card is the applicant's own card")
    return PowerOfAttorney(
        Party.from_card(applicant, applicant_read_at),
        Party.from_card(representative, representative_read_at),
    )
