"""Eligibility hints: the rules a form declares, checked against the card data.

Hints guide the citizen and the officer; they never stop a form from being printed. A rule
that rests on a date the card layer flags as impossible is never "met": the officer checks it,
and `reason` says why.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from cardreader.model import CardData
from cardreader.text import Bilingual
from forms.model import EligibilityRule, RuleKind

DATE_FLAGGED = Bilingual("วันที่ในบัตรผิดปกติ", "the date on the card looks impossible")
DATES_OF_RULE = {
    RuleKind.MIN_AGE: ("birth_date",),
    RuleKind.MAX_AGE: ("birth_date",),
    RuleKind.CARD_VALID: ("issue_date", "expiry_date"),
}


class Outcome(enum.Enum):
    MET = "met"
    NOT_MET = "not_met"
    OFFICER_CHECKS = "officer_checks"


@dataclass(frozen=True)
class HintResult:
    rule: EligibilityRule
    outcome: Outcome
    reason: Bilingual | None = None  # why the officer checks a rule the card could answer
    age_on: dt.date | None = None  # the day an age rule counted the age on


def check_rule(rule: EligibilityRule, card: CardData, today: dt.date) -> HintResult:
    """Ages count an unknown birth day or month as 1 January, as the agencies do, on `today`
    or on the day of the fiscal year the rule declares (`age_on`)."""
    if rule.kind is RuleKind.OFFICER_CHECK:
        return HintResult(rule, Outcome.OFFICER_CHECKS)
    on = rule.age_on.in_fiscal_year_of(today) if rule.age_on is not None else None
    if card.date_flagged(*DATES_OF_RULE[rule.kind]):
        return HintResult(rule, Outcome.OFFICER_CHECKS, DATE_FLAGGED, on)
    if rule.kind is RuleKind.CARD_VALID:
        met = not card.is_expired(today)
    else:
        age = card.birth_date.age_on(on or today)
        years = rule.years if rule.years is not None else 0
        met = age >= years if rule.kind is RuleKind.MIN_AGE else age <= years
    return HintResult(rule, Outcome.MET if met else Outcome.NOT_MET, age_on=on)
