"""The memory map of the Thai ID application and the read plan built on it.

Fields are contiguous, so one READ can return several of them; the plan below reads all text
fields in three READs (the citizen ID comes with the first) instead of one READ per field.
"""

from __future__ import annotations

from dataclasses import dataclass

THAI_ID_AID = bytes.fromhex("A000000054480001")
MAX_READ = 0xFF  # the READ command's length is one byte


@dataclass(frozen=True)
class Field:
    name: str
    offset: int
    length: int

    @property
    def end(self) -> int:
        return self.offset + self.length


CID = Field("cid", 0x0004, 13)
NAME_TH = Field("name_th", 0x0011, 100)
NAME_EN = Field("name_en", 0x0075, 100)
BIRTH_DATE = Field("birth_date", 0x00D9, 8)
SEX = Field("sex", 0x00E1, 1)
REQUEST_NUMBER = Field("request_number", 0x00E2, 20)
ISSUING_OFFICE = Field("issuing_office", 0x00F6, 100)
ISSUER_CODE = Field("issuer_code", 0x015A, 13)
ISSUE_DATE = Field("issue_date", 0x0167, 8)
EXPIRY_DATE = Field("expiry_date", 0x016F, 8)
CARD_TYPE = Field("card_type", 0x0177, 2)
PHOTO = Field("photo", 0x017B, 5118)
ADDRESS = Field("address", 0x1579, 160)
PHOTO_NUMBER = Field("photo_number", 0x1619, 14)

TEXT_FIELDS = (
    CID,
    NAME_TH,
    NAME_EN,
    BIRTH_DATE,
    SEX,
    REQUEST_NUMBER,
    ISSUING_OFFICE,
    ISSUER_CODE,
    ISSUE_DATE,
    EXPIRY_DATE,
    CARD_TYPE,
    ADDRESS,
    PHOTO_NUMBER,
)
IMAGE_SIZE = PHOTO_NUMBER.end


@dataclass(frozen=True)
class Span:
    """One READ: `length` bytes from `offset`."""

    offset: int
    length: int

    @property
    def end(self) -> int:
        return self.offset + self.length


def spans(start: int, end: int) -> tuple[Span, ...]:
    """Cover [start, end) with as few READs as the one-byte length allows."""
    return tuple(
        Span(offset, min(MAX_READ, end - offset)) for offset in range(start, end, MAX_READ)
    )


# The CID is the first thing read, so a lookup can start while the rest is read.
MAIN_SPANS = spans(CID.offset, CARD_TYPE.end)
ADDRESS_SPANS = spans(ADDRESS.offset, PHOTO_NUMBER.end)
PHOTO_SPANS = spans(PHOTO.offset, PHOTO.end)
