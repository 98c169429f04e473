"""Thai number words, as a Thai speaker reads an amount or a count of seconds."""

from __future__ import annotations

import pytest

from kiosk.speech.thainumbers import numbers_in_words, thai_number


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "ศูนย์"),
        (1, "หนึ่ง"),
        (10, "สิบ"),
        (11, "สิบเอ็ด"),
        (20, "ยี่สิบ"),
        (21, "ยี่สิบเอ็ด"),
        (30, "สามสิบ"),
        (101, "หนึ่งร้อยเอ็ด"),
        (600, "หกร้อย"),
        (1000, "หนึ่งพัน"),
        (3500, "สามพันห้าร้อย"),
        (1_000_000, "หนึ่งล้าน"),
        (2_500_021, "สองล้านห้าแสนยี่สิบเอ็ด"),
        (11_000_000, "สิบเอ็ดล้าน"),
    ],
)
def test_a_whole_number_in_thai_words(value: int, words: str) -> None:
    assert thai_number(value) == words


def test_every_number_in_a_text_is_spelt_out() -> None:
    assert numbers_in_words("ใน 30 วินาที") == "ใน สามสิบ วินาที"
    assert numbers_in_words("3,000 บาท") == "สามพัน บาท"
    assert numbers_in_words("12.50 บาท") == "สิบสองจุดห้าศูนย์ บาท"
    assert numbers_in_words("ไม่มีตัวเลข") == "ไม่มีตัวเลข"
