"""Hand-built chip images: a demo citizen's image with chosen fields' raw bytes replaced."""

from __future__ import annotations

from cardreader import layout
from cardreader.emulator import CardOptions, EmulatedConnection, ThaiIdCard, load_profile
from cardreader.emulator import chip_image as profile_image
from cardreader.model import CardData
from cardreader.reader import read_card


def patched_image(profile_id: str = "somchai", **fields: bytes) -> bytes:
    """The profile's image with each named field's bytes set (padded with spaces)."""
    image = bytearray(profile_image(load_profile(profile_id)))
    for name, raw in fields.items():
        field = getattr(layout, name.upper())
        assert len(raw) <= field.length, name
        image[field.offset : field.end] = raw.ljust(field.length, b" ")
    return bytes(image)


def read_image(image: bytes, *, photo: bool = False, **options: object) -> CardData:
    card = ThaiIdCard(image, CardOptions(**options))  # type: ignore[arg-type]
    return read_card(EmulatedConnection(card), photo=photo)


def thai(text: str) -> bytes:
    return text.encode("cp874")


FAKE_CID = "1101700230708"  # valid check digit: a forged second "citizen ID" line
FAKE_ID_LINE = "เลขประจำตัวประชาชน: 1-1017-00230-70-8"


def forged_text_image(profile_id: str = "somchai") -> bytes:
    """A chip whose names and office hold a line break, a forged citizen-ID line, terminal
    escapes, a carriage return, a tab and DEL: what an attacker would write to a blank card."""
    return patched_image(
        profile_id,
        name_th=thai(f"นาย#สมชาย\n{FAKE_ID_LINE}##ใจดี"),
        name_en=b"Mr.#Somchai\x1b[2J\x1b[31m#\x7f#Jaidee\r\nCID: " + FAKE_CID.encode(),
        issuing_office=thai("อำเภอนครชัยศรี\tนครปฐม\x1b]0;pwned\x07"),
        address=thai(f"37/18#หมู่ที่ 4####ตำบลวัดแค\n{FAKE_ID_LINE}#อำเภอนครชัยศรี#จังหวัดนครปฐม"),
    )


def impossible_dates_image(profile_id: str = "somchai") -> bytes:
    """Born in 2600 BE (2057, the future), the card issued before that and expiring before it
    was issued: every date flagged."""
    return patched_image(
        profile_id, birth_date=b"26000101", issue_date=b"25650320", expiry_date=b"25600101"
    )


def empty_address_image(profile_id: str = "somchai") -> bytes:
    return patched_image(profile_id, address=b"#######")
