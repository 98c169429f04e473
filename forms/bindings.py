"""Chip bindings: the card data a form field may be filled from, by name.

A form names the bindings it needs (`source: name_th.first`); `fill` reads only those, so card
data a form does not declare (the photo, the laser and request numbers, the issuing office)
never reaches a filled form. Computed bindings (age, the address line, the postcode) derive
their value from the card.

What the card layer flags is never printed as if it were sound: a date it calls impossible
prints as read with a note that the officer checks it (an age computed from it is left to the
officer), a name or address that held control characters or unreadable bytes carries a note,
and a card without any address leaves every address field to be filled by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from cardreader.cid import format_cid
from cardreader.model import CardData, PersonName, Sex
from cardreader.text import Bilingual
from forms.model import FieldType
from forms.postcode import lookup_postcode


@dataclass(frozen=True)
class ChipValue:
    """A value for a form: `value` for machines (the QR), `display` for the printed form.

    `value` None means the card cannot tell: the field is left for the citizen, with `note`.
    """

    value: str | None
    display: str
    note: Bilingual | None = None


@dataclass(frozen=True)
class Binding:
    types: frozenset[FieldType]
    computed: bool
    read: Callable[[CardData, dt.date], ChipValue]


BY_HAND = Bilingual("ให้กรอกด้วยลายมือ", "to be filled by hand")
DATE_TO_CHECK = Bilingual(
    "วันที่ในบัตรผิดปกติ เจ้าหน้าที่ตรวจสอบ", "Impossible date on the card: the officer checks it."
)
AGE_TO_CHECK = Bilingual(
    "วันเกิดในบัตรผิดปกติ เจ้าหน้าที่ตรวจสอบอายุ",
    "Impossible date of birth on the card: the officer checks the age.",
)

TEXT_TO_CHECK = Bilingual(
    "ข้อความในบัตรมีอักขระผิดปกติ เจ้าหน้าที่ตรวจสอบกับบัตรจริง",
    "Unusual characters on the card: the officer checks it against the printed card.",
)
REPLACEMENT = "\ufffd"  # what the card layer shows for a control character or unreadable byte


def _plain(text: str) -> ChipValue:
    """A card text; an empty one prints as a dash, so it is not mistaken for a box to fill.
    A text with characters the card layer replaced carries a note for the officer."""
    return ChipValue(text, text or "–", TEXT_TO_CHECK if REPLACEMENT in text else None)


def _name_part(which: str, part: str) -> Callable[[CardData, dt.date], ChipValue]:
    def read(card: CardData, today: dt.date) -> ChipValue:
        name: PersonName = getattr(card, which)
        return _plain(getattr(name, part))

    return read


def _address_part(part: str) -> Callable[[CardData, dt.date], ChipValue]:
    def read(card: CardData, today: dt.date) -> ChipValue:
        if card.address.is_empty:
            return ChipValue(None, "", BY_HAND)
        return _plain(getattr(card.address, part))

    return read


def _cid(card: CardData, today: dt.date) -> ChipValue:
    return ChipValue(card.cid, format_cid(card.cid))


def _birth_date(card: CardData, today: dt.date) -> ChipValue:
    born = card.birth_date
    unknown = (
        "" if born.is_complete else " (ไม่ทราบวันเกิด)" if born.month else " (ไม่ทราบวันและเดือนเกิด)"
    )
    note = DATE_TO_CHECK if card.date_flagged("birth_date") else None
    return ChipValue(born.to_iso(), born.to_thai() + unknown, note)


def _age(card: CardData, today: dt.date) -> ChipValue:
    if card.date_flagged("birth_date"):
        return ChipValue(None, "", AGE_TO_CHECK)
    age = card.birth_date.age_on(today)
    return ChipValue(str(age), f"{age} ปี")


def _sex(card: CardData, today: dt.date) -> ChipValue:
    thai = "ชาย" if card.sex is Sex.MALE else "หญิง"
    return ChipValue(card.sex.name.lower(), thai)


def _address_line(card: CardData, today: dt.date) -> ChipValue:
    if card.address.is_empty:
        return ChipValue(None, "", BY_HAND)
    return _plain(card.address.one_line())


def _postcode(card: CardData, today: dt.date) -> ChipValue:
    if card.address.is_empty:
        return ChipValue(None, "", BY_HAND)
    found = lookup_postcode(card.address)
    return ChipValue(found.postcode, found.postcode or "", found.note)


_TEXT = frozenset({FieldType.TEXT})
_NAME = frozenset({FieldType.TEXT, FieldType.SIGNATURE})  # a signature box prints the name


def _names(which: str) -> dict[str, Binding]:
    parts = {part: _name_part(which, part) for part in ("prefix", "first", "middle", "last")}
    bindings = {f"{which}.{part}": Binding(_TEXT, False, read) for part, read in parts.items()}
    display = "thai_display" if which == "name_th" else "english_display"

    def full(card: CardData, today: dt.date) -> ChipValue:
        return _plain(getattr(getattr(card, which), display)())

    bindings[f"{which}.full"] = Binding(_NAME, False, full)
    return bindings


_ADDRESS_PARTS = (
    "house_no",
    "village",
    "lane",
    "soi",
    "road",
    "subdistrict",
    "district",
    "province",
)

BINDINGS: dict[str, Binding] = {
    "cid": Binding(_TEXT, False, _cid),
    **_names("name_th"),
    **_names("name_en"),
    "birth_date": Binding(frozenset({FieldType.DATE}), False, _birth_date),
    "sex": Binding(_TEXT, False, _sex),
    **{f"address.{part}": Binding(_TEXT, False, _address_part(part)) for part in _ADDRESS_PARTS},
    "age": Binding(frozenset({FieldType.NUMBER}), True, _age),
    "address.line": Binding(_TEXT, True, _address_line),
    "address.postcode": Binding(_TEXT, True, _postcode),
}
