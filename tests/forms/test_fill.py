"""`fill`: chip-bound and computed fields from every demo citizen, answers checked, only the
card data a form declares kept, eligibility hints from the card."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest

from cardreader.emulator import demo_card_data, list_profiles
from cardreader.model import CardData, PartialDate
from cardreader.text import Bilingual
from forms import FilledField, FilledForm, FormDefinition, Origin, Outcome, fill
from forms.records import HEALTH_INSURANCE_RIGHT, UNAVAILABLE, Record
from forms.validation import Answer
from tests.forms.conftest import TODAY

PROFILES = list_profiles()


def _strings(value: object) -> Iterator[str]:
    """Every text inside a filled form, however deep."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _strings(getattr(value, item.name))
    elif isinstance(value, tuple | list | frozenset):
        for item in value:
            yield from _strings(item)


def _objects(value: object) -> Iterator[object]:
    yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _objects(getattr(value, item.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _objects(item)


@pytest.mark.parametrize("profile", PROFILES)
def test_every_form_fills_from_every_demo_citizen(
    shipped_forms: dict[str, FormDefinition], profile: str
) -> None:
    card = demo_card_data(profile, photo=True)
    for form in shipped_forms.values():
        filled = fill(form, card, today=TODAY)
        assert [f.field for f in filled.fields] == list(form.fields)
        assert filled.problems == ()
        for result in filled.fields:
            if result.field.from_chip and result.field.source != "address.postcode":
                assert result.origin in (Origin.CHIP, Origin.COMPUTED), result.field.id
            if not result.field.from_chip:
                assert result.origin is Origin.BY_HAND, result.field.id
        assert filled.field("cid").value == card.cid
        assert len(filled.hints) == len(form.eligibility)


@pytest.mark.parametrize("profile", PROFILES)
def test_only_declared_card_data_reaches_the_filled_form(
    shipped_forms: dict[str, FormDefinition], profile: str
) -> None:
    card = demo_card_data(profile, photo=True)
    undeclared = {card.photo_number, card.request_number, card.issuer_code, card.issuing_office}
    for form in shipped_forms.values():
        filled = fill(form, card, today=TODAY)
        texts = set(_strings(filled))
        assert not undeclared & texts, form.id
        assert not any(isinstance(item, CardData | bytes) for item in _objects(filled)), form.id
        if not any(source.startswith("name_en") for source in form.chip_sources()):
            assert not any(card.name_en.first in text for text in texts), form.id


def test_chip_values_are_printed_the_thai_way(shipped_forms: dict[str, FormDefinition]) -> None:
    filled = fill(shipped_forms["elderly-allowance"], demo_card_data("somchai"), today=TODAY)
    assert filled.field("first_name").display == "สมชาย"
    assert filled.field("cid").display == "3-1007-00123-45-1"
    assert filled.field("birth_date").display == "12 มิถุนายน 2508"
    assert filled.field("birth_date").value == "1965-06-12"
    assert filled.field("sex").display == "ชาย"
    assert filled.field("village").display == "หมู่ที่ 4"
    assert filled.field("road").display == "–"  # empty on the card: a dash, not a box to fill
    assert filled.field("postcode").value == "73120"
    assert filled.field("signature").display == "นายสมชาย ใจดี"


def test_age_counts_an_unknown_birth_day_and_month_as_1_january(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    card = dataclasses.replace(demo_card_data("thongdee"), birth_date=PartialDate(2506))  # 1963
    form = shipped_forms["elderly-allowance"]
    before = fill(form, card, today=dt.date(2022, 12, 31))
    after = fill(form, card, today=dt.date(2023, 1, 1))
    assert before.field("age").value == "59"
    assert after.field("age").value == "60"
    assert "ไม่ทราบวันและเดือนเกิด" in after.field("birth_date").display


@pytest.mark.parametrize(
    ("born", "today", "outcome"),
    [
        (PartialDate(2506, 9, 1), dt.date(2023, 3, 1), Outcome.MET),  # 60 on 1 September 2023
        (PartialDate(2506, 9, 2), dt.date(2023, 3, 1), Outcome.NOT_MET),  # a day too young
        (PartialDate(2506), dt.date(2022, 8, 31), Outcome.NOT_MET),  # cut-off 1 Sep 2022: 59
        (PartialDate(2506), dt.date(2022, 10, 1), Outcome.MET),  # next fiscal year: 1 Sep 2023
    ],
    ids=["born-1-september", "born-2-september", "before-the-fiscal-year-ends", "next-year"],
)
def test_the_elderly_age_rule_counts_age_on_1_september_of_the_fiscal_year(
    shipped_forms: dict[str, FormDefinition], born: PartialDate, today: dt.date, outcome: Outcome
) -> None:
    card = dataclasses.replace(demo_card_data("thongdee"), birth_date=born)
    hint = fill(shipped_forms["elderly-allowance"], card, today=today).hints[0]
    assert hint.outcome is outcome
    assert hint.age_on is not None and (hint.age_on.month, hint.age_on.day) == (9, 1)


@pytest.mark.parametrize(
    ("profile", "outcomes"),
    [
        ("thongdee", [Outcome.MET, Outcome.MET]),
        ("malee", [Outcome.NOT_MET, Outcome.MET]),
        ("suda", [Outcome.NOT_MET, Outcome.NOT_MET]),  # 56, and the card has expired
    ],
)
def test_elderly_allowance_hints(
    shipped_forms: dict[str, FormDefinition], profile: str, outcomes: list[Outcome]
) -> None:
    filled = fill(shipped_forms["elderly-allowance"], demo_card_data(profile), today=TODAY)
    assert [hint.outcome for hint in filled.hints[:2]] == outcomes
    assert filled.hints[2].outcome is Outcome.OFFICER_CHECKS


def test_unemployment_has_an_upper_age_limit(shipped_forms: dict[str, FormDefinition]) -> None:
    filled = fill(shipped_forms["unemployment-registration"], demo_card_data("boonmee"))
    assert [hint.outcome for hint in filled.hints[:2]] == [Outcome.MET, Outcome.NOT_MET]


def _postcode_form(shipped_forms: dict[str, FormDefinition]) -> FormDefinition:
    return shipped_forms["farmer-registration"]


def test_an_ambiguous_postcode_is_left_for_the_citizen_with_a_note(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    filled = fill(_postcode_form(shipped_forms), demo_card_data("boonmee"), today=TODAY)
    postcode = filled.field("postcode")
    assert postcode.origin is Origin.BY_HAND and postcode.value == ""
    assert postcode.note is not None
    assert "50290" in postcode.note.th and "50300" in postcode.note.en


def test_an_unknown_address_gets_no_guessed_postcode(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    card = demo_card_data("somchai")
    card = dataclasses.replace(
        card, address=dataclasses.replace(card.address, subdistrict="ตำบลไม่มีจริง")
    )
    filled = fill(_postcode_form(shipped_forms), card, today=TODAY)
    assert filled.field("postcode").origin is Origin.BY_HAND
    note = filled.field("postcode").note
    assert note is not None and "ไม่พบรหัสไปรษณีย์" in note.th and "No postcode" in note.en


def test_the_citizen_may_answer_a_postcode_the_card_cannot_tell(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    form = _postcode_form(shipped_forms)
    filled = fill(form, demo_card_data("boonmee"), {"postcode": "50300"}, today=TODAY)
    assert filled.field("postcode").origin is Origin.CITIZEN
    assert filled.field("postcode").value == "50300"
    wrong = fill(form, demo_card_data("boonmee"), {"postcode": "5030"}, today=TODAY)
    assert [p.field_id for p in wrong.problems] == ["postcode"]
    assert wrong.field("postcode").note is not None  # the note stays for the hand-written box


def test_answers_fill_citizen_fields_and_bad_ones_are_reported(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    answers: dict[str, Answer] = {
        "phone": "+66 81 234 5678",
        "marital_status": "married",
        "moved_in": True,
        "bank_account": "123",
        "cid": "1234567890123",
        "no_such_field": "x",
    }
    filled = fill(shipped_forms["elderly-allowance"], demo_card_data("boonmee"), answers)
    assert filled.field("phone").value == "0812345678"
    assert filled.field("phone").display == "081-234-5678"
    assert filled.field("marital_status").display == "สมรส"
    assert filled.field("moved_in").value == "true"
    assert filled.field("bank_account").origin is Origin.BY_HAND
    assert filled.field("cid").value == "3500100345671"  # the chip wins
    problems = {problem.field_id: problem.message for problem in filled.problems}
    assert set(problems) == {"bank_account", "cid", "no_such_field"}
    assert "ข้อมูลจากบัตร" in problems["cid"].th and "ID card" in problems["cid"].en


def test_missing_answers_leave_boxes_and_never_block(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    filled: FilledForm = fill(shipped_forms["state-welfare-card"], demo_card_data("malee"))
    missing = {field.id for field in filled.missing_required()}
    assert {"phone", "occupation", "annual_income"} <= missing
    assert "signature" not in missing
    assert "phone" not in filled.data()
    assert filled.data()["name"] == "นางสาวมาลี ศรีสุข"


RIGHT = "health_insurance_right"
AGENCY_RIGHT = Record("UCS-T74 10713: สิทธิผู้พิการ · โรงพยาบาลนครพิงค์", "สิทธิผู้พิการ · โรงพยาบาลนครพิงค์")
STALE = Bilingual("ข้อมูลจากบัตร อาจไม่ใช่ข้อมูลล่าสุด", "From the card, may be out of date")
CARD_RIGHT = Record.from_chip("(UCS) สิทธิหลักประกันสุขภาพแห่งชาติ", "2023-06-20", STALE)


def _right(
    shipped_forms: dict[str, FormDefinition], records: dict[str, Record | Bilingual | None]
) -> tuple[FilledForm, FilledField]:
    filled = fill(
        shipped_forms["disability-allowance"],
        demo_card_data("boonmee"),
        today=TODAY,
        records=records,
    )
    return filled, filled.field(RIGHT)


def test_an_agencys_record_fills_its_field_and_goes_into_the_qr(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    filled, right = _right(shipped_forms, {HEALTH_INSURANCE_RIGHT: AGENCY_RIGHT})
    assert right.origin is Origin.RECORD and right.display == AGENCY_RIGHT.display
    assert right.note is None
    assert filled.data()[RIGHT] == AGENCY_RIGHT.value


def test_the_chips_copy_is_from_the_card_and_says_it_may_be_out_of_date(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    filled, right = _right(shipped_forms, {HEALTH_INSURANCE_RIGHT: CARD_RIGHT})
    assert right.origin is Origin.CHIP and right.note == STALE
    assert filled.data()[RIGHT] == "card 2023-06-20: (UCS) สิทธิหลักประกันสุขภาพแห่งชาติ"


def test_a_record_that_could_not_be_had_is_left_to_the_officer_with_a_note(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    filled, right = _right(shipped_forms, {HEALTH_INSURANCE_RIGHT: None})
    assert right.origin is Origin.BY_HAND and right.note == UNAVAILABLE
    assert RIGHT not in filled.data()
    _, not_asked = _right(shipped_forms, {})
    assert not_asked.origin is Origin.BY_HAND and not_asked.note is None


def test_a_record_is_never_taken_from_an_answer(shipped_forms: dict[str, FormDefinition]) -> None:
    filled = fill(
        shipped_forms["disability-allowance"],
        demo_card_data("boonmee"),
        {RIGHT: "สิทธิข้าราชการ"},
        today=TODAY,
    )
    assert filled.field(RIGHT).origin is Origin.BY_HAND
    assert [problem.field_id for problem in filled.problems] == [RIGHT]


def test_a_record_not_had_says_why_when_the_caller_knows(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    why = Bilingual("บัตรนี้ไม่มีข้อมูลสิทธิการรักษาพยาบาล", "This card holds no health-care right.")
    filled, right = _right(shipped_forms, {HEALTH_INSURANCE_RIGHT: why})
    assert right.origin is Origin.BY_HAND and right.note == why
    assert RIGHT not in filled.data()
