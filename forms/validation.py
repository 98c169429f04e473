"""Checks a citizen's answer against its field, giving the value to print or a TH/EN problem."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from cardreader.cid import format_cid, is_valid_cid
from cardreader.text import Bilingual
from cardreader.thaidate import BE_OFFSET, thai_date
from forms.model import FieldDef, FieldType

Answer = str | int | float | bool


_THAI_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIRST_BE_YEAR = 2400  # a four-digit year from here on is Buddhist Era, below it Gregorian
_YEARS = range(1900, 2101)  # Gregorian years a date on these forms can have


def parse_date(text: str) -> dt.date | None:
    """A date as a citizen types it: DD/MM/YYYY or YYYY-MM-DD, the year Buddhist Era (2400 on)
    or Gregorian.

    None when the text is not a real date between 1900 and 2100.
    """
    text = text.strip()
    if _ISO.match(text):
        year, month, day = (int(part) for part in text.split("-"))
    elif found := _THAI_NUMERIC.match(text):
        day, month, year = (int(part) for part in found.groups())
    else:
        return None
    if year >= _FIRST_BE_YEAR:  # 2567-12-31 and 31/12/2567 are both Buddhist Era
        year -= BE_OFFSET
    if year not in _YEARS:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Accepted:
    value: str  # for machines (the QR payload)
    display: str  # for the printed form


_SEPARATORS = re.compile(r"[\s\-().]")
_MOBILE = re.compile(r"^0[689]\d{8}$", re.ASCII)
_LANDLINE = re.compile(r"^0[2-57]\d{7}$", re.ASCII)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)
MAX_DECIMALS = 2  # money and areas: satang, and rai to two places
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_TRUE = frozenset({"true", "yes", "1", "ใช่"})
_FALSE = frozenset({"false", "no", "0", "ไม่ใช่"})


def _digits_only(text: str) -> str:
    return _SEPARATORS.sub("", text)


def _is_digits(text: str, count: int) -> bool:
    return text.isascii() and text.isdigit() and len(text) == count


def _thai_phone_digits(text: str) -> str:
    """+66 81 234 5678 -> 0812345678."""
    digits = _digits_only(text).removeprefix("+")
    return "0" + digits[2:] if digits.startswith("66") else digits


def _format_phone(digits: str) -> str:
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if digits.startswith("02"):
        return f"{digits[:2]}-{digits[2:5]}-{digits[5:]}"
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def _text(field: FieldDef, text: str) -> Accepted | Bilingual:
    rules = field.validation
    if rules.max_length is not None and len(text) > rules.max_length:
        return Bilingual(
            f"ยาวเกิน {rules.max_length} ตัวอักษร", f"Longer than {rules.max_length} characters."
        )
    if rules.digits is not None and not _is_digits(text, rules.digits):
        return Bilingual(
            f"ต้องเป็นตัวเลข {rules.digits} หลัก", f"Must be exactly {rules.digits} digits."
        )
    return Accepted(text, text)


def _phone(field: FieldDef, text: str) -> Accepted | Bilingual:
    digits = _thai_phone_digits(text)
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return Accepted(digits, _format_phone(digits))
    return Bilingual(
        "หมายเลขโทรศัพท์ไม่ถูกต้อง (มือถือ 10 หลัก เช่น 081-234-5678 หรือโทรศัพท์บ้าน 9 หลัก)",
        "Not a Thai phone number (mobile: 10 digits such as 081-234-5678; landline: 9 digits).",
    )


def _bank_account(field: FieldDef, text: str) -> Accepted | Bilingual:
    digits = _digits_only(text)
    lengths = field.validation.account_lengths
    if any(_is_digits(digits, length) for length in lengths):
        display = (
            f"{digits[:3]}-{digits[3]}-{digits[4:9]}-{digits[9:]}" if len(digits) == 10 else digits
        )
        return Accepted(digits, display)
    allowed = " หรือ ".join(str(length) for length in lengths)
    allowed_en = " or ".join(str(length) for length in lengths)
    return Bilingual(
        f"เลขที่บัญชีต้องเป็นตัวเลข {allowed} หลัก",
        f"A bank account number must be {allowed_en} digits.",
    )


def _promptpay(field: FieldDef, text: str) -> Accepted | Bilingual:
    digits = _thai_phone_digits(text)
    if _MOBILE.match(digits):
        return Accepted(digits, _format_phone(digits))
    cid = _digits_only(text)
    if is_valid_cid(cid):
        return Accepted(cid, format_cid(cid))
    return Bilingual(
        "พร้อมเพย์ต้องเป็นเบอร์มือถือ 10 หลัก หรือเลขประจำตัวประชาชน 13 หลักที่ถูกต้อง",
        "A PromptPay id is a 10-digit mobile number or a valid 13-digit citizen ID.",
    )


def _number(field: FieldDef, text: str) -> Accepted | Bilingual:
    plain = text.replace(",", "")
    rules = field.validation
    if not _NUMBER.match(plain):
        return Bilingual("ต้องเป็นตัวเลข", "Must be a number.")
    number = Decimal(plain)  # exact: no float rounding of long or fractional numbers
    whole = number == number.to_integral_value()
    if rules.integer and not whole:
        return Bilingual("ต้องเป็นจำนวนเต็ม", "Must be a whole number.")
    if rules.minimum is not None and number < Decimal(str(rules.minimum)):
        return Bilingual(f"ต้องไม่น้อยกว่า {rules.minimum:g}", f"Must be at least {rules.minimum:g}.")
    if rules.maximum is not None and number > Decimal(str(rules.maximum)):
        return Bilingual(f"ต้องไม่เกิน {rules.maximum:g}", f"Must be at most {rules.maximum:g}.")
    if whole:
        return Accepted(str(int(number)), f"{int(number):,}")
    if -number.as_tuple().exponent > MAX_DECIMALS:  # type: ignore[operator]
        return Bilingual(
            f"ทศนิยมได้ไม่เกิน {MAX_DECIMALS} ตำแหน่ง", f"At most {MAX_DECIMALS} decimal places."
        )
    text = f"{number.normalize():f}"
    return Accepted(text, f"{number:,f}")


def _choice(field: FieldDef, text: str) -> Accepted | Bilingual:
    option = field.option(text)
    if option is not None:
        return Accepted(option.value, option.label.th)
    values = ", ".join(option.value for option in field.options)
    return Bilingual(f"ต้องเลือกหนึ่งใน: {values}", f"Must be one of: {values}.")


def _checkbox(field: FieldDef, text: str) -> Accepted | Bilingual:
    word = text.lower()
    if word in _TRUE:
        return Accepted("true", "")
    if word in _FALSE:
        return Accepted("false", "")
    return Bilingual("ต้องเป็น ใช่ หรือ ไม่ใช่", "Must be yes or no (true or false).")


def _date(today: dt.date) -> Callable[[FieldDef, str], Accepted | Bilingual]:
    def check(field: FieldDef, text: str) -> Accepted | Bilingual:
        date = parse_date(text)
        if date is None:
            return Bilingual(
                "วันที่ไม่ถูกต้อง ใช้รูปแบบ วว/ดด/ปปปป (พ.ศ.) เช่น 31/12/2567",
                "Not a valid date: use DD/MM/YYYY (Buddhist Era, e.g. 31/12/2567) or YYYY-MM-DD.",
            )
        if field.validation.not_in_future and date > today:
            return Bilingual("วันที่ต้องไม่เกินวันนี้", "The date cannot be in the future.")
        return Accepted(date.isoformat(), thai_date(date))

    return check


def _signature(field: FieldDef, text: str) -> Accepted | Bilingual:
    return Bilingual("ต้องลงลายมือชื่อด้วยตนเองบนแบบฟอร์ม", "Sign this box by hand on the printed form.")


def validate_answer(field: FieldDef, answer: Answer, today: dt.date) -> Accepted | Bilingual:
    """The accepted answer, or why it is not accepted (in Thai and English)."""
    if isinstance(answer, bool):
        if field.type is not FieldType.CHECKBOX:
            return Bilingual("คำตอบไม่ถูกประเภท", "This answer is not of the right kind.")
        return Accepted(str(answer).lower(), "")
    checks: dict[FieldType, Callable[[FieldDef, str], Accepted | Bilingual]] = {
        FieldType.TEXT: _text,
        FieldType.DATE: _date(today),
        FieldType.CHOICE: _choice,
        FieldType.PHONE: _phone,
        FieldType.BANK_ACCOUNT: _bank_account,
        FieldType.PROMPTPAY_ID: _promptpay,
        FieldType.NUMBER: _number,
        FieldType.CHECKBOX: _checkbox,
        FieldType.SIGNATURE: _signature,
    }
    text = str(answer).strip()
    if field.type is not FieldType.TEXT or field.validation.digits is not None:
        text = text.translate(_THAI_DIGITS)  # ๐๘๑ and 081 are the same number
    return checks[field.type](field, text)
