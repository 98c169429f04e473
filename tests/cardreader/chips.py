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
