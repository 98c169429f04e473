"""The data read from a Thai ID card, as frozen values that cross layers (forms, kiosk, CLI)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from cardreader.cid import mask_cid
from cardreader.text import Bilingual
from cardreader.thaidate import BE_OFFSET, date_text


@dataclass(frozen=True)
class PartialDate:
    """A Buddhist-Era date whose month or day may be unknown (stored as 00 on the card)."""

    year_be: int
    month: int | None = None
    day: int | None = None

    @property
    def year(self) -> int:
        """The Gregorian year."""
        return self.year_be - BE_OFFSET

    @property
    def is_complete(self) -> bool:
        return self.month is not None and self.day is not None

    def latest(self) -> dt.date:
        """The last day the date can be: an unknown month counts as December, an unknown day
        as the month's last (a card valid until "2570-03" is valid through 31 March)."""
        month = self.month or 12
        if self.day is not None:
            return dt.date(self.year, month, self.day)
        next_month = dt.date(self.year + month // 12, month % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)

    def earliest(self) -> dt.date:
        """The date agencies use for age rules: an unknown month or day counts as 1 (1 January)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def to_card(self) -> str:
        """The card's own form, YYYYMMDD in Buddhist Era with 00 for unknown parts."""
        return f"{self.year_be:04d}{self.month or 0:02d}{self.day or 0:02d}"

    def to_iso(self) -> str:
        """Gregorian ISO 8601 at the known precision: 1957-03-14, 1957-03 or 1957."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def to_thai(self) -> str:
        """Thai display at the known precision: 12 มิถุนายน 2508, มีนาคม 2482 or พ.ศ. 2475."""
        return date_text("th", self.year, self.month, self.day)

    def to_english(self) -> str:
        """English display at the known precision: 12 June 1965, March 1939 or 1932."""
        return date_text("en", self.year, self.month, self.day)

    def in_language(self, language: str) -> str:
        return date_text(language, self.year, self.month, self.day)

    def age_on(self, today: dt.date) -> int:
        """Completed years on `today`, counting an unknown day or month as 1 January."""
        born = self.earliest()
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass(frozen=True)
class Lifetime:
    """The expiry of a card that never expires (99999999 on the card: elderly citizens)."""

    def to_card(self) -> str:
        return "99999999"

    def to_iso(self) -> str:
        return "lifetime"

    def to_thai(self) -> str:
        return "ตลอดชีพ"

    def to_english(self) -> str:
        return "lifetime"

    def in_language(self, language: str) -> str:
        return self.to_thai() if language == "th" else self.to_english()


LIFETIME = Lifetime()
Expiry = PartialDate | Lifetime


class Sex(enum.Enum):
    MALE = "1"
    FEMALE = "2"


@dataclass(frozen=True)
class PersonName:
    prefix: str
    first: str
    middle: str
    last: str

    def thai_display(self) -> str:
        """Thai convention: prefix and first name written together, e.g. นายสมชาย ใจดี."""
        return " ".join(part for part in (self.prefix + self.first, self.middle, self.last) if part)

    def english_display(self) -> str:
        """English convention: every part separated, e.g. Mr. Somchai Jaidee."""
        parts = (self.prefix, self.first, self.middle, self.last)
        return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class Identity:
    """Who a card belongs to, and nothing more (an officer signing in at the desk)."""

    cid: str
    name_th: PersonName
    name_en: PersonName

    def __repr__(self) -> str:
        return f"Identity({mask_cid(self.cid)})"


@dataclass(frozen=True)
class Address:
    """The registered address, split into its parts. Empty strings for parts not given.

    The card's three middle slots (lane, soi, road) are mapped by their Thai prefix where present,
    because sources disagree on the slot order.
    """

    house_no: str
    village: str  # หมู่ที่ 4
    lane: str  # ตรอก…
    soi: str  # ซอย…
    road: str  # ถนน…
    subdistrict: str  # ตำบล… / แขวง…
    district: str  # อำเภอ… / เขต…
    province: str  # จังหวัด… / กรุงเทพมหานคร
    raw: str = field(repr=False)

    @property
    def is_empty(self) -> bool:
        """No part given at all: the address must be written by hand."""
        return not self.one_line()

    def one_line(self) -> str:
        parts = (self.house_no, self.village, self.lane, self.soi, self.road)
        places = (self.subdistrict, self.district, self.province)
        return " ".join(part for part in (*parts, *places) if part)


class WarningKind(enum.Enum):
    UNDECODABLE = "undecodable"  # bytes that are not TIS-620: shown as U+FFFD
    CONTROL_CHARACTERS = "control_characters"  # C0, C1, ESC, newline, DEL: shown as U+FFFD
    IMPOSSIBLE_DATE = "impossible_date"  # kept as on the chip, never to be taken as valid
    EMPTY_ADDRESS = "empty_address"  # the address is written on forms by hand


@dataclass(frozen=True)
class CardWarning:
    """Something on the chip a person must not take at face value, in Thai and in English.

    `fields` names the card fields concerned (an impossible pair of dates names both).
    """

    kind: WarningKind
    fields: tuple[str, ...]
    text: Bilingual

    def in_language(self, language: str) -> str:
        return self.text.in_language(language)

    def to_json(self) -> dict[str, Any]:
        text = self.text
        return {"kind": self.kind.value, "fields": list(self.fields), "th": text.th, "en": text.en}


@dataclass(frozen=True)
class CardData:
    """Everything OneCard reads from the ID application. `photo` is None unless asked for.

    Every value is what the chip holds, with two exceptions that `warnings` always names: bytes
    that cannot be decoded and control characters show as U+FFFD, so no text from a chip can
    start a new line or send a terminal sequence, and the problem stays visible. Dates are
    never corrected: an impossible one (born in the future, issued before birth...) is kept and
    flagged, and whoever relies on it checks `date_flagged` first.
    """

    cid: str
    name_th: PersonName
    name_en: PersonName
    birth_date: PartialDate
    sex: Sex
    request_number: str
    issuing_office: str
    issuer_code: str
    issue_date: PartialDate
    expiry_date: Expiry
    card_type: str
    photo_number: str
    address: Address
    photo: bytes | None = field(default=None, repr=False)
    warnings: tuple[CardWarning, ...] = ()

    def __repr__(self) -> str:
        return f"CardData(cid={mask_cid(self.cid)}, …)"

    def is_expired(self, today: dt.date) -> bool:
        if isinstance(self.expiry_date, Lifetime):
            return False
        return self.expiry_date.latest() < today

    def date_flagged(self, *names: str) -> bool:
        """True when a warning says one of the named dates is impossible."""
        return any(
            warning.kind is WarningKind.IMPOSSIBLE_DATE and set(names) & set(warning.fields)
            for warning in self.warnings
        )

    def to_json(self) -> dict[str, Any]:
        """A complete, JSON-ready description (photo excluded: it is bytes)."""
        return {
            "cid": self.cid,
            "name_th": _name_json(self.name_th),
            "name_en": _name_json(self.name_en),
            "birth_date": self.birth_date.to_iso(),
            "birth_date_be": self.birth_date.to_card(),
            "sex": self.sex.name.lower(),
            "request_number": self.request_number,
            "issuing_office": self.issuing_office,
            "issuer_code": self.issuer_code,
            "issue_date": self.issue_date.to_iso(),
            "expiry_date": self.expiry_date.to_iso(),
            "card_type": self.card_type,
            "photo_number": self.photo_number,
            "address": {
                "house_no": self.address.house_no,
                "village": self.address.village,
                "lane": self.address.lane,
                "soi": self.address.soi,
                "road": self.address.road,
                "subdistrict": self.address.subdistrict,
                "district": self.address.district,
                "province": self.address.province,
                "one_line": self.address.one_line(),
            },
            "photo_bytes": len(self.photo) if self.photo is not None else None,
            "warnings": [warning.to_json() for warning in self.warnings],
        }


def _name_json(name: PersonName) -> dict[str, str]:
    return {"prefix": name.prefix, "first": name.first, "middle": name.middle, "last": name.last}
