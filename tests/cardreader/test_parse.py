"""Parsing hand-built chip images, including every failure mode listed in the protocol notes."""

from __future__ import annotations

import datetime as dt

import pytest

from cardreader import layout
from cardreader.emulator import chip_image as profile_image
from cardreader.emulator import load_profile
from cardreader.errors import CardDataError
from cardreader.model import LIFETIME, PartialDate, Sex, WarningKind
from cardreader.parse import parse_address, parse_date
from tests.cardreader.chips import patched_image, read_image, thai


def test_lifetime_card_does_not_crash_and_never_expires() -> None:
    card = read_image(patched_image(expiry_date=b"99999999"))
    assert card.expiry_date is LIFETIME
    assert not card.is_expired(dt.date(2600, 1, 1))
    assert card.expiry_date.to_thai() == "ตลอดชีพ"


@pytest.mark.parametrize(
    ("raw", "expected", "iso", "age_2026_01_01"),
    [
        ("25080612", PartialDate(2508, 6, 12), "1965-06-12", 60),
        ("24820300", PartialDate(2482, 3, None), "1939-03", 86),
        ("24750000", PartialDate(2475, None, None), "1932", 94),
    ],
)
def test_unknown_month_or_day_stays_partial(
    raw: str, expected: PartialDate, iso: str, age_2026_01_01: int
) -> None:
    card = read_image(patched_image(birth_date=raw.encode()))
    assert card.birth_date == expected
    assert card.birth_date.to_iso() == iso
    assert card.birth_date.age_on(dt.date(2026, 1, 1)) == age_2026_01_01


def test_unknown_day_counts_as_first_for_age_rules() -> None:
    born = PartialDate(2506, None, None)  # 1963, month and day unknown: counts as 1 January
    assert born.age_on(dt.date(2023, 1, 1)) == 60
    assert born.age_on(dt.date(2022, 12, 31)) == 59


@pytest.mark.parametrize(
    "raw", ["2508061", "25081312", "25080230", "2508X612", "00000000", "25080012"]
)
def test_invalid_dates_are_errors_naming_the_field(raw: str) -> None:
    with pytest.raises(CardDataError) as raised:
        parse_date(raw, "birth_date")
    assert raised.value.field == "birth_date"


def test_photo_with_spaces_at_chunk_edges_is_not_trimmed() -> None:
    body = bytes(range(256)) * 4
    jpeg = b"\xff\xd8\xff\xe0\x00\x04\x00\x00\xff\xda\x00\x02" + body.replace(b"\xff", b"\x20")
    jpeg += b"\x20" * (255 * 3 - len(jpeg) % 255) + b"\x20\x20\xff\xd9"
    image = bytearray(patched_image())
    image[layout.PHOTO.offset : layout.PHOTO.offset + len(jpeg)] = jpeg
    card = read_image(bytes(image), photo=True)
    assert card.photo == jpeg


def test_photo_is_cut_at_its_end_marker_not_at_padding() -> None:
    photo = load_profile("wichai").photo()
    card = read_image(profile_image(load_profile("wichai")), photo=True)
    assert card.photo == photo


def test_photo_without_end_marker_is_an_error() -> None:
    image = bytearray(patched_image())
    image[layout.PHOTO.offset : layout.PHOTO.end] = b"\xff\xd8\xff\xda\x00\x02" + b"\x11" * (
        layout.PHOTO.length - 6
    )
    with pytest.raises(CardDataError) as raised:
        read_image(bytes(image), photo=True)
    assert raised.value.field == "photo"


def test_photo_that_is_not_a_jpeg_is_an_error() -> None:
    image = bytearray(patched_image())
    image[layout.PHOTO.offset : layout.PHOTO.offset + 4] = b"GIF8"
    with pytest.raises(CardDataError, match="photo"):
        read_image(bytes(image), photo=True)


def test_address_is_read_at_its_full_160_bytes() -> None:
    card = read_image(profile_image(load_profile("wichai")))
    assert len(card.address.raw.encode("cp874")) == 160
    assert card.address.province == "จังหวัดราชบุรี"
    assert card.address.road == "ถนนเพชรเกษมสายเก่าฝั่งตะวันตก"


def test_text_is_tis620_including_byte_a0() -> None:
    office = thai("อำเภอเมือง") + b"\xa0" + thai("นครปฐม")
    card = read_image(patched_image(issuing_office=office))
    assert card.issuing_office == "อำเภอเมือง\u00a0นครปฐม"
    assert card.warnings == ()


def test_undecodable_byte_is_visible_and_flagged_not_dropped() -> None:
    card = read_image(patched_image(issuing_office=thai("อำเภอ") + b"\xdb" + thai("เมือง")))
    assert card.issuing_office == "อำเภอ\ufffdเมือง"
    assert [(w.kind, w.fields) for w in card.warnings] == [
        (WarningKind.UNDECODABLE, ("issuing_office",))
    ]


def test_nul_padding_is_trimmed_like_spaces() -> None:
    card = read_image(profile_image(load_profile("malee"), nul_padding=True))
    assert card.name_th.last == "ศรีสุข"
    assert card.warnings == ()


def test_nul_inside_text_is_flagged() -> None:
    card = read_image(patched_image(request_number=b"1234\x005678"))
    assert card.request_number == "1234\ufffd5678"
    assert [(w.kind, w.fields) for w in card.warnings] == [
        (WarningKind.CONTROL_CHARACTERS, ("request_number",))
    ]


def test_empty_name_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(CardDataError) as raised:
        read_image(patched_image(name_th=b""))
    assert raised.value.field == "name_th"


def test_name_with_wrong_number_of_parts_is_an_error() -> None:
    with pytest.raises(CardDataError, match="name_en"):
        read_image(patched_image(name_en=b"Mr.#Somchai#Jaidee"))


def test_names_split_into_prefix_first_middle_last() -> None:
    card = read_image(profile_image(load_profile("wichai")))
    assert (card.name_th.prefix, card.name_th.first) == ("นาย", "วิชัย")
    assert (card.name_th.middle, card.name_th.last) == ("ธนากร", "รุ่งเรืองศรีสวัสดิ์")
    assert card.name_th.thai_display() == "นายวิชัย ธนากร รุ่งเรืองศรีสวัสดิ์"
    assert card.name_en.english_display() == "Mr. Wichai Thanakorn Rungruangsrisawat"


def test_invalid_cid_checksum_is_an_error() -> None:
    with pytest.raises(CardDataError, match="cid"):
        read_image(patched_image(cid=b"3100700123452"))


@pytest.mark.parametrize("raw", [b"0", b"3", b" "])
def test_unknown_sex_is_an_error(raw: bytes) -> None:
    with pytest.raises(CardDataError, match="sex"):
        read_image(patched_image(sex=raw))


def test_sex_values() -> None:
    assert read_image(patched_image(sex=b"2")).sex is Sex.FEMALE


def test_address_with_wrong_part_count_is_an_error() -> None:
    with pytest.raises(CardDataError, match="address"):
        parse_address("1#2#3")


def test_address_middle_slots_are_mapped_by_prefix() -> None:
    address = parse_address("9#หมู่ที่ 1#ถนนพหลโยธิน#ตรอกวัด#ซอย 5#แขวงลาดยาว#เขตจตุจักร#กรุงเทพมหานคร")
    assert (address.lane, address.soi, address.road) == ("ตรอกวัด", "ซอย 5", "ถนนพหลโยธิน")
    assert address.province == "กรุงเทพมหานคร"


def test_unprefixed_middle_parts_keep_their_slot() -> None:
    address = parse_address("9##วัดแค#สุขใจ#เพชรเกษม#ตำบลวัดแค#อำเภอนครชัยศรี#จังหวัดนครปฐม")
    assert (address.lane, address.soi, address.road) == ("วัดแค", "สุขใจ", "เพชรเกษม")


def test_a_card_expiring_in_a_month_with_unknown_day_is_valid_through_its_end() -> None:
    card = read_image(patched_image(expiry_date=b"25700300"))  # March 2027, day unknown
    assert not card.is_expired(dt.date(2027, 3, 31))
    assert card.is_expired(dt.date(2027, 4, 1))
    assert PartialDate(2570, None, None).latest() == dt.date(2027, 12, 31)
    assert PartialDate(2567, 2, None).latest() == dt.date(2024, 2, 29)
