"""Dates the Thai way: Buddhist Era years and Thai month names, as printed on government forms."""

from __future__ import annotations

import datetime as dt
import re

from cardreader.model import BE_OFFSET, PartialDate

BANGKOK = dt.timezone(dt.timedelta(hours=7), "ICT")  # Thailand keeps no daylight saving time

MONTHS_TH = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)

_THAI_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIRST_BE_YEAR = 2400  # a four-digit year from here on is Buddhist Era, below it Gregorian


def thai_date(date: dt.date) -> str:
    """14 มีนาคม 2500."""
    return f"{date.day} {MONTHS_TH[date.month - 1]} {date.year + BE_OFFSET}"


def thai_partial_date(date: PartialDate) -> str:
    """A card date at its known precision: 14 มีนาคม 2500, มีนาคม 2482 or 2475."""
    if date.month is None:
        return str(date.year_be)
    month = MONTHS_TH[date.month - 1]
    if date.day is None:
        return f"{month} {date.year_be}"
    return f"{date.day} {month} {date.year_be}"


def thai_date_time(moment: dt.datetime) -> str:
    """5 มีนาคม 2569 เวลา 14:32 น., in Thailand's time."""
    local = moment.astimezone(BANGKOK)
    return f"{thai_date(local.date())} เวลา {local:%H:%M} น."


def english_date_time(moment: dt.datetime) -> str:
    """2026-03-05 14:32 ICT."""
    return f"{moment.astimezone(BANGKOK):%Y-%m-%d %H:%M} ICT"


def parse_date(text: str) -> dt.date | None:
    """A date as a citizen types it: DD/MM/YYYY (Buddhist Era, or Gregorian) or YYYY-MM-DD.

    None when the text is not a real date.
    """
    text = text.strip()
    try:
        if _ISO.match(text):
            return dt.date.fromisoformat(text)
        found = _THAI_NUMERIC.match(text)
        if found is None:
            return None
        day, month, year = (int(part) for part in found.groups())
        if year >= _FIRST_BE_YEAR:
            year -= BE_OFFSET
        return dt.date(year, month, day)
    except ValueError:
        return None
