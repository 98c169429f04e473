"""The health-insurance right a disability form prints and the desk's panel shows.

One order everywhere: the API's record (`/v1/disability/health-insurance-right`) when it
answered; the chip's own copy (the NHSO applet) when the API's resource is down or not set up,
marked "From the card, may be out of date (updated …)"; otherwise nothing, which the form
leaves to the officer with a note. Only a form that has a `record.health_insurance_right`
field asks for it (`needs_health_right`): the NHSO applet is read for no other form.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cardreader.text import Bilingual
from cardreader.thaidate import format_date, today_in_thailand
from forms.records import HEALTH_INSURANCE_RIGHT, Record
from kiosk.errors import UserFacingError

if TYPE_CHECKING:
    from cardreader.nhso import HealthInsuranceCard
    from forms.model import FormDefinition
    from kiosk.api import HealthInsuranceRight

NO_RIGHT = Bilingual(
    "ไม่พบสิทธิการรักษาพยาบาลสำหรับคนพิการ",
    "No health-care right for persons with disabilities on record",
)
NO_APPLET = Bilingual("บัตรนี้ไม่มีข้อมูลสิทธิการรักษาพยาบาล", "This card holds no health-care right.")
NO_APPLET_ON_FORM = Bilingual(
    f"{NO_APPLET.th} เจ้าหน้าที่จะตรวจสอบให้", f"{NO_APPLET.en} An officer will check it."
)


def needs_health_right(form: FormDefinition) -> bool:
    return any(field.source == HEALTH_INSURANCE_RIGHT for field in form.fields)


def records_for(
    form: FormDefinition,
    api: HealthInsuranceRight | UserFacingError | None,
    chip: HealthInsuranceCard | None,
    chip_read: bool = False,
) -> dict[str, Record | Bilingual | None]:
    """What `forms.fill` gets as `records` for this form (nothing for a form without the field).
    `chip_read`: the applicant's own card was read and `chip` is what its applet held."""
    if not needs_health_right(form):
        return {}
    record = health_right(api, chip)
    if record is None and chip_read:
        return {HEALTH_INSURANCE_RIGHT: NO_APPLET_ON_FORM}  # the card says so
    return {HEALTH_INSURANCE_RIGHT: record}


def from_api(answer: HealthInsuranceRight, today: dt.date | None = None) -> Record:
    """The agency's record, in Thai as the form prints, with whose record it is (and, for a
    right that has ended, when); the QR carries the codes too."""
    agency = answer.source.name
    note = Bilingual(f"ข้อมูลจาก {agency.th}", f"From the {agency.en}")
    right = answer.right
    if right is None:
        return Record("none", NO_RIGHT.th, note=note)
    scheme, hospital = right.scheme, right.main_hospital
    display = f"{scheme.name.th} · {hospital.name.th}"
    value = f"{scheme.code} {hospital.code}: {display}"
    ended = right.valid_until
    if ended is not None and ended < (today or today_in_thailand()):
        note = Bilingual(
            f"{note.th} สิทธินี้สิ้นสุดแล้วเมื่อ {format_date(ended, 'th')}",
            f"{note.en}. This right ended on {format_date(ended, 'en')}.",
        )
        value = f"{value} (ended {ended.isoformat()})"
    return Record(value, display, note=note)


def from_chip(card: HealthInsuranceCard) -> Record | None:
    """The chip's copy, marked as possibly out of date; None if the applet holds no right."""
    display = " · ".join(part for part in (card.main_right, card.main_hospital) if part)
    if not display:
        return None
    updated = card.update_date.to_iso() if card.update_date is not None else None
    return Record.from_chip(display, updated, card.stale_note())


def health_right(
    api: HealthInsuranceRight | UserFacingError | None, chip: HealthInsuranceCard | None
) -> Record | None:
    """The record the form prints: the API's answer, else the chip's copy, else None."""
    if api is not None and not isinstance(api, UserFacingError):
        return from_api(api)
    return from_chip(chip) if chip is not None else None
