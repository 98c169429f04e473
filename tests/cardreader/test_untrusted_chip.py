"""Nothing from a chip is trusted blindly: control characters never leave the parser, impossible
dates and an empty address are kept as read but flagged, in Thai and English. The crafted chips
are read in-process and through real pcscd + vpcd + the emulator."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from cardreader import pcsc
from cardreader.checks import clean_text
from cardreader.emulator import CardOptions, ThaiIdCard, chip_image, load_profile
from cardreader.model import LIFETIME, CardData, WarningKind
from cardreader.parse import parse_card
from cardreader.reader import read_card
from tests.cardreader.chips import (
    FAKE_CID,
    empty_address_image,
    forged_text_image,
    impossible_dates_image,
    patched_image,
    read_image,
)
from tests.support.cards import Slot
from tests.support.pcscd import READER_0

TODAY = dt.date(2026, 3, 5)  # 2569 BE


def parse_on(image: bytes, today: dt.date = TODAY) -> CardData:
    return parse_card({0: image}, None, today=today)


def texts(card: CardData) -> list[str]:
    def walk(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [text for item in value.values() for text in walk(item)]
        if isinstance(value, list):
            return [text for item in value for text in walk(item)]
        return []

    data = card.to_json()
    data.pop("warnings")
    return walk(data)


def has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def flagged(card: CardData, kind: WarningKind) -> set[str]:
    return {name for w in card.warnings if w.kind is kind for name in w.fields}


# Control characters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "control", ["\x00", "\x07", "\t", "\n", "\x0b", "\r", "\x1b", "\x7f", "\x85", "\x9b"]
)
def test_every_c0_c1_esc_and_del_character_becomes_a_visible_replacement(control: str) -> None:
    cleaned, found = clean_text(f"สมชาย{control}ใจดี")
    assert cleaned == "สมชาย\ufffdใจดี"
    assert found


def test_ordinary_and_no_break_spaces_are_kept() -> None:
    assert clean_text("อำเภอ เมือง\u00a0นครปฐม") == ("อำเภอ เมือง\u00a0นครปฐม", False)


def test_forged_chip_has_no_control_character_anywhere_and_says_which_fields() -> None:
    card = read_image(forged_text_image())
    assert not [text for text in texts(card) if has_control(text)]
    assert card.name_th.first == "สมชาย\ufffdเลขประจำตัวประชาชน: 1-1017-00230-70-8"
    assert "\n" not in card.name_th.thai_display() and "\x1b" not in card.name_en.english_display()
    assert card.cid == load_profile("somchai").cid  # the forged ID stays part of a name
    assert flagged(card, WarningKind.CONTROL_CHARACTERS) == {
        "name_th",
        "name_en",
        "issuing_office",
        "address",
    }
    warning = next(w for w in card.warnings if w.fields == ("name_th",))
    assert "ชื่อภาษาไทย" in warning.text.th and "Thai name" in warning.text.en
    assert not has_control(warning.text.both())


def test_a_clean_card_has_no_warning() -> None:
    assert parse_on(chip_image(load_profile("somchai"))).warnings == ()


# Impossible dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "dates"),
    [
        ({"birth_date", "issue_date"}, {"birth_date": b"25700101"}),  # born 2027, issued 2022
        ({"birth_date"}, {"birth_date": b"24380101", "issue_date": b"25650101"}),  # age 131
        ({"birth_date", "issue_date"}, {"birth_date": b"25660101"}),  # issued 2022, born 2023
        ({"issue_date"}, {"issue_date": b"25690307"}),  # issued two days from now
        ({"issue_date", "expiry_date"}, {"expiry_date": b"25640101"}),  # expires before issue
    ],
    ids=["birth-in-future", "age-over-130", "issued-before-birth", "issued-in-future", "expiry"],
)
def test_impossible_dates_are_kept_as_read_and_flagged(
    fields: set[str], dates: dict[str, bytes]
) -> None:
    image = patched_image("somchai", **dates)
    card = parse_on(image)
    assert flagged(card, WarningKind.IMPOSSIBLE_DATE) == fields
    assert card.date_flagged(*fields)
    for name, raw in dates.items():
        assert getattr(card, name).to_card() == raw.decode()  # never corrected
    for warning in card.warnings:
        assert warning.text.th and warning.text.en and warning.text.th != warning.text.en


@pytest.mark.parametrize(
    "dates",
    [
        {"issue_date": b"25690306"},  # tomorrow: a day of clock skew is allowed
        {"birth_date": b"24390305", "issue_date": b"25650101"},  # exactly 130 today
        {"birth_date": b"24390000", "issue_date": b"25650101"},  # 1896, unknown day: maybe 130
        {"birth_date": b"25650320"},  # born on the day the card was issued
        {"expiry_date": b"25650320"},  # expires the day it was issued
        {"birth_date": b"25690300", "issue_date": b"25690300"},  # this month, day unknown
    ],
)
def test_possible_dates_are_not_flagged(dates: dict[str, bytes]) -> None:
    card = parse_on(patched_image("somchai", **dates))
    assert card.warnings == ()


def test_a_lifetime_card_never_expires_before_its_issue() -> None:
    card = parse_on(patched_image("thongdee", expiry_date=b"99999999"))
    assert card.expiry_date is LIFETIME
    assert not card.date_flagged("expiry_date")


def test_a_card_read_today_is_checked_against_today() -> None:
    born_next_year = str(dt.date.today().year + 544).encode() + b"0101"
    card = read_image(patched_image(birth_date=born_next_year))
    assert card.date_flagged("birth_date")


# Empty address --------------------------------------------------------------------------------


def test_an_empty_address_is_a_warning() -> None:
    card = parse_on(empty_address_image())
    assert card.address.is_empty
    assert [w.kind for w in card.warnings] == [WarningKind.EMPTY_ADDRESS]
    assert "ลายมือ" in card.warnings[0].text.th and "by hand" in card.warnings[0].text.en


def test_an_address_with_only_a_province_is_not_empty() -> None:
    card = parse_on(patched_image(address="#######กรุงเทพมหานคร".encode("cp874")))
    assert not card.address.is_empty
    assert card.warnings == ()


# Through real pcscd + vpcd ---------------------------------------------------------------------


def read_through_pcscd(slot: Slot, image: bytes) -> CardData:
    slot.insert(ThaiIdCard(image, CardOptions()))
    with pcsc.connect(READER_0) as connection:
        return read_card(connection)


@pytest.mark.pcsc
def test_forged_chip_through_pcscd_is_cleaned_and_flagged(slot: Slot) -> None:
    card = read_through_pcscd(slot, forged_text_image())
    assert not [text for text in texts(card) if has_control(text)]
    assert FAKE_CID not in card.cid
    assert "name_th" in flagged(card, WarningKind.CONTROL_CHARACTERS)


@pytest.mark.pcsc
def test_impossible_dates_and_empty_address_through_pcscd_are_flagged(slot: Slot) -> None:
    dates = read_through_pcscd(slot, impossible_dates_image())
    assert flagged(dates, WarningKind.IMPOSSIBLE_DATE) == {
        "birth_date",
        "issue_date",
        "expiry_date",
    }
    assert dates.birth_date.to_card() == "26000101"
    empty = read_through_pcscd(slot, empty_address_image())
    assert flagged(empty, WarningKind.EMPTY_ADDRESS) == {"address"}
