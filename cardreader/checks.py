"""What the chip says, checked before anyone sees it: control characters in text and dates
that cannot be true. Nothing here corrects a value; each finding is a bilingual `CardWarning`.

Invariants:
- `clean_text` returns text without any Unicode control character (C0, DEL, C1: category Cc);
  each one becomes U+FFFD, so a chip cannot start a new line, move the cursor or send a
  terminal escape, and the reader of the text sees where something was.
- `impossible_dates` flags only what no partial date could make true: a date with an unknown
  day or month is given the benefit of the doubt (earliest or latest day, whichever is kinder).
"""

from __future__ import annotations

import datetime as dt
import re

from cardreader.model import CardWarning, Expiry, Lifetime, PartialDate, WarningKind
from cardreader.text import Bilingual

REPLACEMENT = "\ufffd"
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
CLOCK_SKEW = dt.timedelta(days=1)  # a kiosk clock a day behind must not flag today's card
MAX_AGE = 130

FIELD_NAMES = {
    "name_th": ("ชื่อภาษาไทย", "Thai name"),
    "name_en": ("ชื่อภาษาอังกฤษ", "English name"),
    "birth_date": ("วันเกิด", "date of birth"),
    "sex": ("เพศ", "sex"),
    "request_number": ("เลขคำขอ", "request number"),
    "issuing_office": ("สถานที่ออกบัตร", "issuing office"),
    "issuer_code": ("รหัสผู้ออกบัตร", "issuer code"),
    "issue_date": ("วันออกบัตร", "date of issue"),
    "expiry_date": ("วันบัตรหมดอายุ", "date of expiry"),
    "card_type": ("ประเภทบัตร", "card type"),
    "address": ("ที่อยู่", "address"),
    "photo_number": ("เลขรูปถ่าย", "photo number"),
}


def field_name(field: str) -> tuple[str, str]:
    return FIELD_NAMES.get(field, (field, field))


def clean_text(text: str) -> tuple[str, bool]:
    """`text` with every control character replaced by U+FFFD, and whether there was one."""
    cleaned = CONTROL.sub(REPLACEMENT, text)
    return cleaned, cleaned != text


def undecodable_warning(field: str) -> CardWarning:
    th, en = field_name(field)
    return CardWarning(
        WarningKind.UNDECODABLE,
        (field,),
        Bilingual(
            f"{th}ในบัตรมีตัวอักษรที่อ่านไม่ได้ แสดงเป็น {REPLACEMENT} ให้ตรวจสอบกับบัตรจริง",
            f"The {en} on the card holds unreadable bytes, shown as {REPLACEMENT}; "
            "check it against the printed card.",
        ),
    )


def control_warning(field: str) -> CardWarning:
    th, en = field_name(field)
    return CardWarning(
        WarningKind.CONTROL_CHARACTERS,
        (field,),
        Bilingual(
            f"{th}ในบัตรมีอักขระควบคุม (เช่น ขึ้นบรรทัดใหม่) แสดงเป็น {REPLACEMENT} ให้ตรวจสอบกับบัตรจริง",
            f"The {en} on the card holds control characters (such as a line break), shown as "
            f"{REPLACEMENT}; check it against the printed card.",
        ),
    )


def empty_address_warning() -> CardWarning:
    return CardWarning(
        WarningKind.EMPTY_ADDRESS,
        ("address",),
        Bilingual(
            "ไม่มีที่อยู่ในบัตร ให้กรอกที่อยู่ด้วยลายมือ",
            "The card holds no address; the address is to be filled by hand.",
        ),
    )


def _date_warning(fields: tuple[str, ...], th: str, en: str) -> CardWarning:
    return CardWarning(
        WarningKind.IMPOSSIBLE_DATE,
        fields,
        Bilingual(
            f"{th} เจ้าหน้าที่ต้องตรวจสอบกับบัตรจริง",
            f"{en}; an officer must check it against the printed card.",
        ),
    )


def _youngest_age(birth: PartialDate, today: dt.date) -> int:
    """Completed years on `today` counting an unknown day or month as late as it can be."""
    born = birth.latest()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def impossible_dates(
    birth: PartialDate, issue: PartialDate, expiry: Expiry, today: dt.date
) -> list[CardWarning]:
    """One warning per impossibility, naming the dates involved (as on the chip)."""
    found = []
    latest_today = today + CLOCK_SKEW
    if birth.earliest() > latest_today:
        found.append(
            _date_warning(
                ("birth_date",),
                f"วันเกิดในบัตร ({birth.to_thai()}) อยู่ในอนาคต",
                f"The date of birth on the card ({birth.to_english()}) is in the future",
            )
        )
    elif _youngest_age(birth, today) > MAX_AGE:
        found.append(
            _date_warning(
                ("birth_date",),
                f"วันเกิดในบัตร ({birth.to_thai()}) ทำให้อายุเกิน {MAX_AGE} ปี",
                f"The date of birth on the card ({birth.to_english()}) makes an age over {MAX_AGE}",
            )
        )
    if issue.latest() < birth.earliest():
        found.append(
            _date_warning(
                ("issue_date", "birth_date"),
                f"วันออกบัตร ({issue.to_thai()}) อยู่ก่อนวันเกิด ({birth.to_thai()})",
                f"The card was issued ({issue.to_english()}) before the date of birth "
                f"({birth.to_english()})",
            )
        )
    if issue.earliest() > latest_today:
        found.append(
            _date_warning(
                ("issue_date",),
                f"วันออกบัตร ({issue.to_thai()}) อยู่ในอนาคต",
                f"The date of issue on the card ({issue.to_english()}) is in the future",
            )
        )
    if not isinstance(expiry, Lifetime) and expiry.latest() < issue.earliest():
        found.append(
            _date_warning(
                ("expiry_date", "issue_date"),
                f"วันบัตรหมดอายุ ({expiry.to_thai()}) อยู่ก่อนวันออกบัตร ({issue.to_thai()})",
                f"The card expires ({expiry.to_english()}) before it was issued "
                f"({issue.to_english()})",
            )
        )
    return found
