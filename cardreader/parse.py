"""Turn the chip's bytes into values. Every problem raises `CardDataError` naming the field;
nothing is guessed and no byte is dropped silently.

Every text field passes through `FieldReader.text`, the one place where chip text is decoded:
no value leaving this module holds a control character (see `cardreader.checks`), and every
field that had one, or an undecodable byte, is named in `CardData.warnings`. Dates that cannot
be true and an empty address are kept as read and warned about too.
"""

from __future__ import annotations

import datetime as dt

from cardreader import layout
from cardreader.checks import (
    REPLACEMENT,
    clean_text,
    control_warning,
    empty_address_warning,
    impossible_dates,
    undecodable_warning,
)
from cardreader.cid import is_valid_cid
from cardreader.errors import CardDataError
from cardreader.model import (
    LIFETIME,
    Address,
    CardData,
    CardWarning,
    Expiry,
    Identity,
    PartialDate,
    PersonName,
    Sex,
)
from cardreader.thaidate import today_in_thailand

TEXT_CODEC = "cp874"  # TIS-620 plus A0 (no-break space), which the tis-620 codec rejects
ADDRESS_PARTS = 8
NAME_PARTS = 4
MIDDLE_SLOT_PREFIXES = (("lane", "ตรอก"), ("soi", "ซอย"), ("road", "ถนน"))


class FieldReader:
    """Slices fields out of the bytes read and collects decoding warnings."""

    def __init__(self, memory: dict[int, bytes]) -> None:
        self._runs = _contiguous_runs(memory)
        self.warnings: list[CardWarning] = []

    def raw(self, field: layout.Field) -> bytes:
        for start, chunk in self._runs.items():
            if start <= field.offset and field.end <= start + len(chunk):
                return chunk[field.offset - start : field.end - start]
        raise CardDataError(field.name, "was not read")

    def text(self, field: layout.Field) -> str:
        """Decode TIS-620 text, trimming the space or NUL padding at its end only; control
        characters (a NUL inside the text included) become U+FFFD, with a warning."""
        data = self.raw(field).rstrip(b" \x00")
        text = data.decode(TEXT_CODEC, errors="replace")
        if REPLACEMENT in text:
            self.warnings.append(undecodable_warning(field.name))
        text, had_control = clean_text(text)
        if had_control:
            self.warnings.append(control_warning(field.name))
        return text.strip()


def _contiguous_runs(memory: dict[int, bytes]) -> dict[int, bytes]:
    """Join spans that follow each other, so a field read across two READs is one slice."""
    runs: dict[int, bytes] = {}
    run_start, run = -1, b""
    for start in sorted(memory):
        if run and start == run_start + len(run):
            run += memory[start]
        else:
            if run:
                runs[run_start] = run
            run_start, run = start, memory[start]
    if run:
        runs[run_start] = run
    return runs


def parse_cid(data: bytes) -> str:
    text = data.decode("ascii", errors="replace")
    if not is_valid_cid(text):
        raise CardDataError("cid", "not 13 digits with a valid checksum")
    return text


def parse_name(text: str, field: str, *, required: bool) -> PersonName:
    parts = text.split("#")
    if len(parts) != NAME_PARTS:
        raise CardDataError(field, f"{len(parts)} parts, expected prefix#first#middle#last")
    prefix, first, middle, last = (part.strip() for part in parts)
    if required and not (first and last):
        raise CardDataError(field, "first or last name is empty")
    return PersonName(prefix, first, middle, last)


def parse_date(text: str, field: str) -> PartialDate:
    """YYYYMMDD in Buddhist Era; 00 month or day means unknown."""
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        raise CardDataError(field, f"{text!r} is not a YYYYMMDD date")
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    if year < 2300 or month > 12 or (month == 0 and day != 0):
        raise CardDataError(field, f"{text} is not a valid Buddhist-Era date")
    if month and day:
        try:
            dt.date(year - 543, month, day)
        except ValueError:
            raise CardDataError(field, f"{text} is not a calendar date") from None
    return PartialDate(year, month or None, day or None)


def parse_expiry(text: str) -> Expiry:
    return LIFETIME if text == LIFETIME.to_card() else parse_date(text, "expiry_date")


def parse_sex(text: str) -> Sex:
    try:
        return Sex(text)
    except ValueError:
        raise CardDataError("sex", f"{text!r} is neither 1 (male) nor 2 (female)") from None


def parse_address(text: str) -> Address:
    parts = [part.strip() for part in text.split("#")]
    if len(parts) != ADDRESS_PARTS:
        raise CardDataError("address", f"{len(parts)} parts, expected {ADDRESS_PARTS}")
    house_no, village, *middle, subdistrict, district, province = parts
    slots = _map_middle_slots(middle)
    return Address(
        house_no=house_no,
        village=village,
        lane=slots["lane"],
        soi=slots["soi"],
        road=slots["road"],
        subdistrict=subdistrict,
        district=district,
        province=province,
        raw=text,
    )


def _map_middle_slots(middle: list[str]) -> dict[str, str]:
    """Place each non-empty middle part by its Thai prefix; unprefixed parts keep their slot."""
    slots = dict.fromkeys(("lane", "soi", "road"), "")
    unplaced = []
    for index, part in enumerate(middle):
        if not part:
            continue
        slot = next(
            (name for name, prefix in MIDDLE_SLOT_PREFIXES if part.startswith(prefix)), None
        )
        if slot is None or slots[slot]:
            unplaced.append((index, part))
        else:
            slots[slot] = part
    for index, part in unplaced:
        free = [name for name, _ in MIDDLE_SLOT_PREFIXES if not slots[name]]
        preferred = MIDDLE_SLOT_PREFIXES[index][0]
        slots[preferred if preferred in free else free[0]] = part
    return slots


def parse_identity(memory: dict[int, bytes]) -> Identity:
    """Only who the card belongs to: the citizen ID and the two names."""
    fields = FieldReader(memory)
    return Identity(
        cid=parse_cid(fields.raw(layout.CID)),
        name_th=parse_name(fields.text(layout.NAME_TH), "name_th", required=True),
        name_en=parse_name(fields.text(layout.NAME_EN), "name_en", required=False),
    )


def parse_card(
    memory: dict[int, bytes], photo: bytes | None, *, today: dt.date | None = None
) -> CardData:
    """Build `CardData` from the spans read (start offset -> bytes); dates are checked against
    `today` (default: today in Thailand)."""
    fields = FieldReader(memory)
    cid = parse_cid(fields.raw(layout.CID))
    name_th = parse_name(fields.text(layout.NAME_TH), "name_th", required=True)
    name_en = parse_name(fields.text(layout.NAME_EN), "name_en", required=False)
    birth_date = parse_date(fields.text(layout.BIRTH_DATE), "birth_date")
    sex = parse_sex(fields.text(layout.SEX))
    request_number = fields.text(layout.REQUEST_NUMBER)
    issuing_office = fields.text(layout.ISSUING_OFFICE)
    issuer_code = fields.text(layout.ISSUER_CODE)
    issue_date = parse_date(fields.text(layout.ISSUE_DATE), "issue_date")
    expiry_date = parse_expiry(fields.text(layout.EXPIRY_DATE))
    card_type = fields.text(layout.CARD_TYPE)
    photo_number = fields.text(layout.PHOTO_NUMBER)
    address = parse_address(fields.text(layout.ADDRESS))
    warnings = fields.warnings
    warnings += impossible_dates(birth_date, issue_date, expiry_date, today or today_in_thailand())
    if address.is_empty:
        warnings.append(empty_address_warning())
    return CardData(
        cid=cid,
        name_th=name_th,
        name_en=name_en,
        birth_date=birth_date,
        sex=sex,
        request_number=request_number,
        issuing_office=issuing_office,
        issuer_code=issuer_code,
        issue_date=issue_date,
        expiry_date=expiry_date,
        card_type=card_type,
        photo_number=photo_number,
        address=address,
        photo=photo,
        warnings=tuple(warnings),
    )
