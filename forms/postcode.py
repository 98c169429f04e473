"""The postcode of a card address, looked up with geothai. Never guessed: an address that
matches no subdistrict, or one that spans several postcodes, gives no postcode but a note."""

from __future__ import annotations

from dataclasses import dataclass

import geothai

from cardreader.model import Address
from cardreader.text import Bilingual


@dataclass(frozen=True)
class PostcodeLookup:
    postcode: str | None
    note: Bilingual | None = None


def lookup_postcode(address: Address) -> PostcodeLookup:
    if not address.subdistrict:
        return PostcodeLookup(None, _NO_MATCH)
    matches = geothai.match(
        address.subdistrict, district=address.district or None, province=address.province or None
    )
    postcodes = sorted({code for match in matches for code in match.subdistrict.postal_codes})
    if len(postcodes) == 1:
        return PostcodeLookup(postcodes[0])
    if not postcodes:
        return PostcodeLookup(None, _NO_MATCH)
    listed = ", ".join(postcodes)
    return PostcodeLookup(
        None,
        Bilingual(
            f"มีหลายรหัส ({listed}) กรุณากรอกเอง",
            f"Several postcodes ({listed}): write yours in.",
        ),
    )


_NO_MATCH = Bilingual(
    "ไม่พบรหัสไปรษณีย์ของที่อยู่นี้ กรุณากรอกเอง",
    "No postcode found for this address: write it in.",
)
