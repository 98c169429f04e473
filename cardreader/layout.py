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

# The health-insurance (NHSO) application: a separate applet, same READ command. Its fields
# are contiguous too, so two READs cover them all (peers spend one READ per field).
NHSO_AID = bytes.fromhex("A000000054480083")
NHSO_MAIN_RIGHT = Field("main_right", 0x0004, 60)
NHSO_SUB_RIGHT = Field("sub_right", 0x0040, 100)
NHSO_MAIN_HOSPITAL = Field("main_hospital", 0x00A4, 80)
NHSO_SUB_HOSPITAL = Field("sub_hospital", 0x00F4, 80)
NHSO_PAYMENT_TYPE = Field("payment_type", 0x0144, 1)
NHSO_ISSUE_DATE = Field("issue_date", 0x0145, 8)
NHSO_EXPIRY_DATE = Field("expiry_date", 0x014D, 8)
NHSO_UPDATE_DATE = Field("update_date", 0x0155, 8)
NHSO_HOSPITAL_CHANGES = Field("hospital_changes", 0x015D, 1)
NHSO_FIELDS = (
    NHSO_MAIN_RIGHT,
    NHSO_SUB_RIGHT,
    NHSO_MAIN_HOSPITAL,
    NHSO_SUB_HOSPITAL,
    NHSO_PAYMENT_TYPE,
    NHSO_ISSUE_DATE,
    NHSO_EXPIRY_DATE,
    NHSO_UPDATE_DATE,
    NHSO_HOSPITAL_CHANGES,
)
NHSO_IMAGE_SIZE = NHSO_HOSPITAL_CHANGES.end
NHSO_SPANS = spans(NHSO_MAIN_RIGHT.offset, NHSO_HOSPITAL_CHANGES.end)

# The laser ID application (the code on the back of the card): one proprietary command.
LASER_AID = bytes.fromhex("A000000084060002")
LASER_COMMAND = bytes.fromhex("8000000017")
LASER_ANSWER_LENGTH = 0x17
LASER_CODE_SLICE = slice(7, 19)  # 12 characters: 2 letters + 10 digits, NUL-padded
