"""Dates the Thai way, the one formatter for the whole project: Buddhist Era years and Thai
month names (as printed on government forms and cards), with the English counterpart.

Every date a person reads (on a screen, a form, the terminal) is written by this module, at
the precision known: "12 มิถุนายน 2508", "มีนาคม 2482" or "พ.ศ. 2475"; "12 June 1965",
"March 1939" or "1932". Times are Thailand's (ICT, no daylight saving).
"""

from __future__ import annotations

import datetime as dt

BE_OFFSET = 543  # Buddhist Era year = Gregorian year + 543
BANGKOK = dt.timezone(dt.timedelta(hours=7), "ICT")
THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def date_text(language: str, year: int, month: int | None = None, day: int | None = None) -> str:
    """A Gregorian `year` (with month and day when known) in Thai ("th") or English."""
    if language == "th":
        if month is None:
            return f"พ.ศ. {year + BE_OFFSET}"
        text = f"{THAI_MONTHS[month - 1]} {year + BE_OFFSET}"
    else:
        if month is None:
            return str(year)
        text = f"{ENGLISH_MONTHS[month - 1]} {year}"
    return f"{day} {text}" if day is not None else text


def format_date(date: dt.date, language: str) -> str:
    """14 มีนาคม 2500 / 14 March 1957."""
    return date_text(language, date.year, date.month, date.day)


def thai_date(date: dt.date) -> str:
    return format_date(date, "th")


def thai_date_time(moment: dt.datetime) -> str:
    """5 มีนาคม 2569 เวลา 14:32 น., in Thailand's time."""
    local = moment.astimezone(BANGKOK)
    return f"{thai_date(local.date())} เวลา {local:%H:%M} น."


def english_date_time(moment: dt.datetime) -> str:
    """2026-03-05 14:32 ICT."""
    return f"{moment.astimezone(BANGKOK):%Y-%m-%d %H:%M} ICT"


def today_in_thailand() -> dt.date:
    return dt.datetime.now(BANGKOK).date()
