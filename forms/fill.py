"""`fill`: a form definition + the card data + the citizen's answers -> a `FilledForm`.

The filled form carries only what its fields declare (data minimisation): no photo, no card
numbers it does not print, not even the rest of the card data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass

from cardreader.model import CardData
from cardreader.text import Bilingual
from cardreader.thaidate import today_in_thailand
from forms.bindings import BINDINGS
from forms.eligibility import HintResult, check_rule
from forms.model import FieldDef, FieldType, FormDefinition, Section
from forms.proxy import (
    REPRESENTATIVE_FIELD_IDS,
    REPRESENTATIVE_PREFIX,
    REPRESENTATIVE_SECTION,
    PowerOfAttorney,
    power_of_attorney,
)
from forms.records import UNAVAILABLE, Record
from forms.validation import Accepted, Answer, validate_answer


class Origin(enum.Enum):
    CHIP = "chip"  # read from the card
    COMPUTED = "computed"  # derived from the card (age, address line, postcode)
    RECORD = "record"  # from an agency's record looked up for this form (forms.records)
    CITIZEN = "citizen"  # answered by the citizen before printing
    BY_HAND = "by_hand"  # left empty: the citizen writes it on the paper


@dataclass(frozen=True)
class FilledField:
    field: FieldDef
    origin: Origin
    value: str = ""  # for machines (the QR payload); empty when written by hand
    display: str = ""  # as printed
    note: Bilingual | None = None  # why a card field was left empty, or what to check in it


@dataclass(frozen=True)
class Problem:
    field_id: str
    message: Bilingual


@dataclass(frozen=True)
class FilledForm:
    form: FormDefinition
    fields: tuple[FilledField, ...]
    problems: tuple[Problem, ...]
    hints: tuple[HintResult, ...]
    filled_on: dt.date
    proxy: PowerOfAttorney | None = None  # filed by a representative (forms.proxy)

    @property
    def sections(self) -> tuple[Section, ...]:
        """The form's sections, and the representative's when one files it."""
        extra = (REPRESENTATIVE_SECTION,) if self.proxy is not None else ()
        return self.form.sections + extra

    def field(self, field_id: str) -> FilledField:
        return next(filled for filled in self.fields if filled.field.id == field_id)

    def data(self) -> dict[str, str]:
        """The applicant's filled values by field id, for the QR payload (signatures are on
        paper only; the representative's values are `representative_data`)."""
        return {
            filled.field.id: filled.value
            for filled in self._signed_fields()
            if filled.field.id not in REPRESENTATIVE_FIELD_IDS
        }

    def representative_data(self) -> dict[str, str]:
        """The representative's filled values by field id ("p" in the QR); empty without one."""
        return {
            filled.field.id: filled.value
            for filled in self._signed_fields()
            if filled.field.id in REPRESENTATIVE_FIELD_IDS
        }

    def _signed_fields(self) -> list[FilledField]:
        return [
            filled
            for filled in self.fields
            if filled.origin is not Origin.BY_HAND and filled.field.type is not FieldType.SIGNATURE
        ]

    def missing_required(self) -> tuple[FieldDef, ...]:
        return tuple(
            filled.field
            for filled in self.fields
            if filled.field.required
            and filled.origin is Origin.BY_HAND
            and filled.field.type is not FieldType.SIGNATURE
        )


_NOT_ON_FORM = Bilingual("แบบฟอร์มนี้ไม่มีช่องนี้", "This form has no such field.")
_FROM_RECORD = Bilingual(
    "ช่องนี้กรอกให้โดยอัตโนมัติ แก้ไขไม่ได้",
    "This field is filled in automatically and cannot be changed.",
)
_FROM_CARD = Bilingual(
    "ช่องนี้ใช้ข้อมูลจากบัตรประชาชน แก้ไขไม่ได้", "This field is read from the ID card and cannot be changed."
)


def fill(
    form: FormDefinition,
    card: CardData,
    answers: Mapping[str, Answer] | None = None,
    *,
    today: dt.date | None = None,
    representative: CardData | None = None,
    read_at: dt.datetime | None = None,
    representative_read_at: dt.datetime | None = None,
    records: Mapping[str, Record | Bilingual | None] | None = None,
) -> FilledForm:
    """Missing or invalid answers leave the field to be written by hand; they never block.

    `records`: the records the caller looked up for the form's record fields, by name
    (`forms.records`); None for one means it could not be had (the field is left to the officer,
    with a note saying so), a `Bilingual` says why it could not be had, and a name not given
    leaves its field to be written by hand.

    `representative`: the card of the person filing on the applicant's behalf; the form then
    has the representative's section, filled from that card, and a power of attorney naming
    both (`read_at` and `representative_read_at`: when each chip was read). The same card
    for both raises `forms.proxy.SamePerson`."""
    answers = {key: value for key, value in (answers or {}).items() if value != ""}
    day = today or today_in_thailand()
    proxy = None
    fields = form.fields
    if representative is not None:
        proxy = power_of_attorney(
            card,
            representative,
            applicant_read_at=read_at,
            representative_read_at=representative_read_at,
        )
        fields += REPRESENTATIVE_SECTION.fields
    known = {field.id for field in fields}
    problems = [Problem(key, _NOT_ON_FORM) for key in answers if key not in known]
    filled: list[FilledField] = []
    for field in fields:
        source_card = card
        if field.source.startswith(REPRESENTATIVE_PREFIX) and representative is not None:
            source_card = representative
            field = dataclasses.replace(field, source=field.source[len(REPRESENTATIVE_PREFIX) :])
            result, problem = _fill_field(field, source_card, answers.get(field.id), day)
            result = dataclasses.replace(result, field=_original(field))
        elif field.from_record:
            result, problem = _fill_record(field, records or {}, answers.get(field.id))
        else:
            result, problem = _fill_field(field, source_card, answers.get(field.id), day)
        filled.append(result)
        if problem is not None:
            problems.append(problem)
    hints = tuple(check_rule(rule, card, day) for rule in form.eligibility)
    return FilledForm(form, tuple(filled), tuple(problems), hints, day, proxy)


def _original(field: FieldDef) -> FieldDef:
    """A representative field with its declared source back (it was read from the second
    card under the plain binding name)."""
    return next(f for f in REPRESENTATIVE_SECTION.fields if f.id == field.id)


def _fill_record(
    field: FieldDef, records: Mapping[str, Record | Bilingual | None], answer: Answer | None
) -> tuple[FilledField, Problem | None]:
    """A record as supplied (the chip's copy counts as from the card); never from an answer."""
    record = records.get(field.source)
    problem = None if answer is None else Problem(field.id, _FROM_RECORD)
    if isinstance(record, Bilingual):  # not had, and why
        return FilledField(field, Origin.BY_HAND, note=record), problem
    if record is None:
        note = UNAVAILABLE if field.source in records else None
        return FilledField(field, Origin.BY_HAND, note=note), problem
    origin = Origin.CHIP if record.from_card else Origin.RECORD
    return FilledField(field, origin, record.value, record.display, record.note), problem


def _fill_field(
    field: FieldDef, card: CardData, answer: Answer | None, today: dt.date
) -> tuple[FilledField, Problem | None]:
    note = None
    if field.from_chip:
        binding = BINDINGS[field.source]
        chip = binding.read(card, today)
        if chip.value is not None:
            origin = Origin.COMPUTED if binding.computed else Origin.CHIP
            filled = FilledField(field, origin, chip.value, chip.display, chip.note)
            return filled, None if answer is None else Problem(field.id, _FROM_CARD)
        note = chip.note  # the card cannot tell: the citizen may answer, as for any field
    if answer is None:
        return FilledField(field, Origin.BY_HAND, note=note), None
    checked = validate_answer(field, answer, today)
    if isinstance(checked, Accepted):
        return FilledField(field, Origin.CITIZEN, checked.value, checked.display), None
    return FilledField(field, Origin.BY_HAND, note=note), Problem(field.id, checked)
