"""Each input type: what is accepted (and as printed), what is refused, in Thai and English."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardreader.cid import cid_check_digit
from cardreader.text import Bilingual
from forms import FieldDef, FieldType
from forms.model import CITIZEN, Option, Validation
from forms.validation import Accepted, Answer, validate_answer
from tests.forms.conftest import TODAY

THAI = re.compile(r"[\u0e00-\u0e7f]")


def _field(
    kind: FieldType, validation: Validation | None = None, options: tuple[Option, ...] = ()
) -> FieldDef:
    label = Bilingual("ช่อง", "Field")
    return FieldDef(
        "f", label, kind, CITIZEN, validation=validation or Validation(), options=options
    )


CHOICE = _field(
    FieldType.CHOICE,
    options=(
        Option("rice", Bilingual("ข้าว", "Rice")),
        Option("maize", Bilingual("ข้าวโพด", "Maize")),
    ),
)

ACCEPTED: list[tuple[FieldDef, Answer, str, str]] = [
    (_field(FieldType.TEXT), " สวนมะม่วง ", "สวนมะม่วง", "สวนมะม่วง"),
    (_field(FieldType.TEXT, Validation(digits=5)), "73120", "73120", "73120"),
    (_field(FieldType.TEXT, Validation(digits=5)), "๗๓๑๒๐", "73120", "73120"),
    (_field(FieldType.PHONE), "๐๘๑ ๒๓๔ ๕๖๗๘", "0812345678", "081-234-5678"),
    (_field(FieldType.PHONE), "081-234-5678", "0812345678", "081-234-5678"),
    (_field(FieldType.PHONE), "+66 91 234 5678", "0912345678", "091-234-5678"),
    (_field(FieldType.PHONE), "02 123 4567", "021234567", "02-123-4567"),
    (_field(FieldType.PHONE), "034-123456", "034123456", "034-123-456"),
    (_field(FieldType.BANK_ACCOUNT), "123-4-56789-0", "1234567890", "123-4-56789-0"),
    (_field(FieldType.BANK_ACCOUNT), "0201 2345 6789", "020123456789", "020123456789"),
    (_field(FieldType.PROMPTPAY_ID), "0812345678", "0812345678", "081-234-5678"),
    (_field(FieldType.PROMPTPAY_ID), "3-1007-00123-45-1", "3100700123451", "3-1007-00123-45-1"),
    (_field(FieldType.NUMBER), "100,000", "100000", "100,000"),
    (_field(FieldType.NUMBER), 12.5, "12.5", "12.5"),
    (
        _field(FieldType.NUMBER),
        "12345678901234567890",
        "12345678901234567890",
        "12,345,678,901,234,567,890",
    ),
    (_field(FieldType.NUMBER), "1234.05", "1234.05", "1,234.05"),
    (_field(FieldType.DATE), "31/12/2567", "2024-12-31", "31 ธันวาคม 2567"),
    (_field(FieldType.DATE), "2024-02-29", "2024-02-29", "29 กุมภาพันธ์ 2567"),
    (_field(FieldType.DATE), "2567-12-31", "2024-12-31", "31 ธันวาคม 2567"),  # ISO, BE year
    (CHOICE, "maize", "maize", "ข้าวโพด"),
    (_field(FieldType.CHECKBOX), True, "true", ""),
    (_field(FieldType.CHECKBOX), "no", "false", ""),
]

REFUSED: list[tuple[FieldDef, Answer, str]] = [
    (_field(FieldType.TEXT, Validation(max_length=3)), "ยาวเกินไป", "Longer than 3"),
    (_field(FieldType.TEXT, Validation(digits=5)), "7312", "exactly 5 digits"),
    (_field(FieldType.PHONE), "081234567", "Not a Thai phone number"),
    (_field(FieldType.PHONE), "0112345678", "Not a Thai phone number"),
    (_field(FieldType.PHONE), "call me", "Not a Thai phone number"),
    (_field(FieldType.PHONE), "٠٨١٢٣٤٥٦٧٨", "Not a Thai phone number"),  # Arabic-Indic digits
    (_field(FieldType.BANK_ACCOUNT), "12345", "10 or 12 digits"),
    (_field(FieldType.BANK_ACCOUNT), "12345678AB", "10 or 12 digits"),
    (_field(FieldType.BANK_ACCOUNT, Validation(account_lengths=(12,))), "1234567890", "12 digits"),
    (_field(FieldType.PROMPTPAY_ID), "3100700123452", "PromptPay"),  # wrong check digit
    (_field(FieldType.PROMPTPAY_ID), "021234567", "PromptPay"),  # a landline has no PromptPay
    (_field(FieldType.NUMBER), "twelve", "Must be a number"),
    (_field(FieldType.NUMBER, Validation(integer=True)), "2.5", "whole number"),
    (_field(FieldType.NUMBER, Validation(minimum=0)), "-1", "at least 0"),
    (_field(FieldType.NUMBER, Validation(maximum=50)), "51", "at most 50"),
    (_field(FieldType.NUMBER), "1.005", "decimal places"),  # never rounded silently
    (_field(FieldType.DATE), "31/02/2567", "Not a valid date"),
    (_field(FieldType.DATE), "1/1/0100", "Not a valid date"),
    (_field(FieldType.DATE), "yesterday", "Not a valid date"),
    (_field(FieldType.DATE, Validation(not_in_future=True)), "01/01/2600", "in the future"),
    (CHOICE, "wheat", "Must be one of: rice, maize"),
    (_field(FieldType.CHECKBOX), "maybe", "yes or no"),
    (_field(FieldType.TEXT), True, "not of the right kind"),
    (_field(FieldType.SIGNATURE), "Somchai", "by hand"),
]


@pytest.mark.parametrize(("field", "answer", "value", "display"), ACCEPTED)
def test_accepted_answers(field: FieldDef, answer: Answer, value: str, display: str) -> None:
    assert validate_answer(field, answer, TODAY) == Accepted(value, display)


@pytest.mark.parametrize(("field", "answer", "english"), REFUSED)
def test_refused_answers_say_why_in_thai_and_english(
    field: FieldDef, answer: Answer, english: str
) -> None:
    problem = validate_answer(field, answer, TODAY)
    assert isinstance(problem, Bilingual)
    assert english in problem.en
    assert THAI.search(problem.th), problem.th


def test_every_type_is_covered() -> None:
    kinds = {field.type for field, *_ in ACCEPTED} | {field.type for field, *_ in REFUSED}
    assert kinds == set(FieldType)


@given(st.from_regex(r"[1-8][0-9]{11}", fullmatch=True))
def test_any_valid_citizen_id_is_a_promptpay_id(first12: str) -> None:
    cid = first12 + str(cid_check_digit(first12))
    assert validate_answer(_field(FieldType.PROMPTPAY_ID), cid, TODAY) == Accepted(
        cid, f"{cid[0]}-{cid[1:5]}-{cid[5:10]}-{cid[10:12]}-{cid[12]}"
    )


@given(st.text(max_size=30))
def test_no_text_crashes_any_validator(text: str) -> None:
    for kind in FieldType:
        field = CHOICE if kind is FieldType.CHOICE else _field(kind)
        result = validate_answer(field, text, TODAY)
        assert isinstance(result, Accepted | Bilingual)
        if isinstance(result, Accepted) and kind is not FieldType.TEXT:
            assert result.value.isascii(), (kind, result.value)
