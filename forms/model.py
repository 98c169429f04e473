"""A form definition as frozen values: what `forms.loader` builds from a definition file."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from cardreader.text import Bilingual

FISCAL_YEAR_START_MONTH = 10  # the Thai government's fiscal year starts on 1 October
CITIZEN = "citizen"  # the `source` of a field the citizen fills in (or writes by hand)
RECORD_PREFIX = "record."  # the `source` of a field filled from a supplied record


class FieldType(enum.Enum):
    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"
    PHONE = "phone"
    BANK_ACCOUNT = "bank_account"
    PROMPTPAY_ID = "promptpay_id"
    NUMBER = "number"
    CHECKBOX = "checkbox"
    SIGNATURE = "signature"


class Width(enum.Enum):
    """The share of a row a field takes on the printed form."""

    FULL = "full"
    HALF = "half"
    THIRD = "third"

    @property
    def fraction(self) -> float:
        return {Width.FULL: 1.0, Width.HALF: 0.5, Width.THIRD: 1 / 3}[self]


@dataclass(frozen=True)
class Option:
    value: str
    label: Bilingual


@dataclass(frozen=True)
class Validation:
    """Limits on a citizen's answer; which ones apply depends on the field type."""

    max_length: int | None = None  # text
    digits: int | None = None  # text made only of this many digits (postcode: 5)
    minimum: float | None = None  # number
    maximum: float | None = None  # number
    integer: bool = False  # number
    account_lengths: tuple[int, ...] = (10, 12)  # bank_account
    not_in_future: bool = False  # date


@dataclass(frozen=True)
class FieldDef:
    id: str
    label: Bilingual
    type: FieldType
    source: str  # CITIZEN, a chip binding name (forms.bindings) or a record (forms.records)
    required: bool = False
    validation: Validation = Validation()
    options: tuple[Option, ...] = ()
    width: Width = Width.FULL

    @property
    def from_chip(self) -> bool:
        return self.source != CITIZEN and not self.from_record

    @property
    def from_record(self) -> bool:
        """Filled from a record the caller supplies (`forms.records`), not from the chip."""
        return self.source.startswith(RECORD_PREFIX)

    def option(self, value: str) -> Option | None:
        return next((option for option in self.options if option.value == value), None)


@dataclass(frozen=True)
class Section:
    title: Bilingual
    fields: tuple[FieldDef, ...]


class RuleKind(enum.Enum):
    MIN_AGE = "min_age"
    MAX_AGE = "max_age"
    CARD_VALID = "card_valid"
    OFFICER_CHECK = "officer_check"  # cannot be checked from the card: the officer checks it


@dataclass(frozen=True)
class EligibilityRule:
    kind: RuleKind
    text: Bilingual
    years: int | None = None  # for the age rules
    age_on: MonthDay | None = None  # age rules: count age on this day of the fiscal year


@dataclass(frozen=True)
class MonthDay:
    """A day of the Thai fiscal year (1 October to 30 September), e.g. 1 September."""

    month: int
    day: int

    def in_fiscal_year_of(self, day: dt.date) -> dt.date:
        """This month and day in the fiscal year that `day` falls in."""
        ends = day.year + 1 if day.month >= FISCAL_YEAR_START_MONTH else day.year
        year = ends - 1 if self.month >= FISCAL_YEAR_START_MONTH else ends
        return dt.date(year, self.month, self.day)


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: int
    title: Bilingual
    agency: Bilingual
    department: Bilingual
    code: str  # the agency's own form number, e.g. "ทบก.01"; empty when it has none
    sections: tuple[Section, ...]
    eligibility: tuple[EligibilityRule, ...] = ()
    addressee: Bilingual | None = None  # "เรียน …" when the kiosk names no office of its own
    bring: tuple[Bilingual, ...] = ()  # what to bring that the chip cannot prove
    short_title: Bilingual | None = None  # for buttons: a few words that tell the forms apart

    @property
    def short(self) -> Bilingual:
        return self.short_title or self.title

    @property
    def fields(self) -> tuple[FieldDef, ...]:
        return tuple(field for section in self.sections for field in section.fields)

    def chip_sources(self) -> frozenset[str]:
        """The chip bindings this form declares: the only card data `fill` may take."""
        return frozenset(field.source for field in self.fields if field.from_chip)
