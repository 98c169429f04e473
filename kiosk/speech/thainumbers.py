"""Numbers as Thai words for the Thai voice: espeak-ng reads "1,000" digit by digit
("หนึ่ง ศูนย์ ศูนย์ ศูนย์"), so digits in Thai text are spelt out first ("หนึ่งพัน")."""

from __future__ import annotations

import re

DIGITS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
PLACES = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
MILLION = "ล้าน"
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def thai_number(value: int) -> str:
    """A whole number >= 0 in Thai words: 21 -> ยี่สิบเอ็ด, 1000000 -> หนึ่งล้าน."""
    if value < 0:
        return f"ลบ{thai_number(-value)}"
    if value == 0:
        return DIGITS[0]
    millions, rest = divmod(value, 1_000_000)
    words = f"{thai_number(millions)}{MILLION}" if millions else ""
    digits = str(rest).zfill(6) if rest else ""
    for index, char in enumerate(digits):
        digit, place = int(char), len(digits) - 1 - index
        if digit == 0:
            continue
        if place == 1 and digit == 1:
            words += "สิบ"
        elif place == 1 and digit == 2:
            words += "ยี่สิบ"
        elif place == 0 and digit == 1 and value > 9:
            words += "เอ็ด"
        else:
            words += DIGITS[digit] + PLACES[place]
    return words


def _spelt(match: re.Match[str]) -> str:
    whole, _, fraction = match.group().replace(",", "").partition(".")
    words = thai_number(int(whole))
    if fraction:
        words += "จุด" + "".join(DIGITS[int(char)] for char in fraction)
    return f" {words} "


def numbers_in_words(text: str) -> str:
    """`text` with every number ("30", "1,000", "12.50") in Thai words."""
    return re.sub(r" {2,}", " ", NUMBER.sub(_spelt, text)).strip()
