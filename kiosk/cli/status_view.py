"""Entitlements as text for the terminal (Thai or English) and as JSON."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from cardreader.text import Bilingual
from cardreader.thaidate import format_date as date_in
from kiosk.api import AgencySource, Amount, Entitlements, ProgrammeStatus
from kiosk.apisource import SAMPLE_DATA

M = Bilingual
HEADINGS = (
    M("โครงการ", "Programme"),
    M("สถานะ", "Status"),
    M("จำนวนเงิน", "Amount"),
    M("จ่ายล่าสุด", "Last paid"),
    M("หน่วยงาน", "Agency"),
)
CURRENCY = {"THB": M("บาท", "THB")}
NO_PROGRAMMES = M("ไม่มีข้อมูลโครงการ", "No programme data.")
AS_OF = M("ข้อมูล ณ วันที่", "Data as of")
UNAVAILABLE = M(
    "ไม่สามารถติดต่อได้ในขณะนี้ จึงไม่แสดงโครงการของหน่วยงานนี้",
    "unavailable right now; its programmes are not shown",
)
REFERENCE = M("เลขอ้างอิง", "Reference")


def display_width(text: str) -> int:
    """Terminal columns: Thai vowel and tone marks sit on their base letter and take none."""
    return sum(0 if unicodedata.category(char) in ("Mn", "Me") else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def format_date(date: dt.date | None, language: str) -> str:
    return "-" if date is None else date_in(date, language)


def format_amount(amount: Amount | None, language: str) -> str:
    if amount is None:
        return "-"
    unit = CURRENCY.get(amount.currency, M(amount.currency, amount.currency))
    period = amount.period.label.in_language(language)
    text = f"{amount.value:,.2f} {unit.in_language(language)}"
    return f"{text} {period}" if period else text


def _row(programme: ProgrammeStatus, language: str) -> tuple[str, ...]:
    return (
        programme.name.in_language(language),
        programme.status.label.in_language(language),
        format_amount(programme.amount, language),
        format_date(programme.last_payment_date, language),
        programme.agency,
    )


def table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(display_width(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _source_line(source: AgencySource, language: str) -> str:
    return f"{source.agency} {source.name.in_language(language)}"


def sample_band(language: str) -> str:
    """The line above a table of the sandbox's invented entitlements, both languages."""
    other = "en" if language == "th" else "th"
    text = f"{SAMPLE_DATA.in_language(language)} / {SAMPLE_DATA.in_language(other)}"
    return f"*** {text} ***"


def render(entitlements: Entitlements, language: str) -> str:
    lines: list[str] = []
    if entitlements.programmes:
        headings = tuple(heading.in_language(language) for heading in HEADINGS)
        lines += table([headings, *(_row(p, language) for p in entitlements.programmes)])
    else:
        lines.append(NO_PROGRAMMES.in_language(language))
    lines.append("")
    available = [source for source in entitlements.sources if source.available]
    lines.append(f"{AS_OF.in_language(language)}:")
    lines += [
        f"  {_source_line(source, language)}: {format_date(source.as_of, language)}"
        for source in available
    ]
    lines += [
        f"! {_source_line(source, language)}: {UNAVAILABLE.in_language(language)}"
        for source in entitlements.unavailable_sources
    ]
    lines.append(f"{REFERENCE.in_language(language)}: {entitlements.request_id}")
    return "\n".join(lines)


def _amount_json(amount: Amount | None) -> dict[str, str] | None:
    if amount is None:
        return None
    return {"value": str(amount.value), "currency": amount.currency, "period": amount.period.value}


def _date_json(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def to_json(entitlements: Entitlements, *, sample: bool = False) -> dict[str, Any]:
    """A JSON-ready copy of the answer (no citizen ID in it); `sample_data` is true for the
    sandbox's invented entitlements."""
    return {
        "sample_data": sample,
        "request_id": entitlements.request_id,
        "generated_at": entitlements.generated_at.isoformat(),
        "partial": entitlements.is_partial,
        "sources": [
            {
                "agency": source.agency,
                "name_th": source.name.th,
                "name_en": source.name.en,
                "available": source.available,
                "as_of": _date_json(source.as_of),
            }
            for source in entitlements.sources
        ],
        "programmes": [
            {
                "code": programme.code,
                "agency": programme.agency,
                "name_th": programme.name.th,
                "name_en": programme.name.en,
                "status": programme.status.value,
                "amount": _amount_json(programme.amount),
                "last_payment_date": _date_json(programme.last_payment_date),
                "as_of": programme.as_of.isoformat(),
            }
            for programme in entitlements.programmes
        ],
    }
