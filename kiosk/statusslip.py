"""What each entitlement means for the citizen, and the printed status slip (Kivy-free).

`status_word`, `next_step` and `amount_text` are the words the kiosk's entitlement rows show;
the slip prints the same words, so screen and paper never disagree. The words come from
assets/translations/<language>.json: `status.<status>` and `next.<programme>.<status>`
(falling back to `next.<status>`), so an agency can reword them without code.

The slip (`status_slip_pdf`) is an A4 page in Sarabun with Thai shaping on: every programme with
its status, amount and next step, the agencies that did not answer, and the lookups made for
this citizen in this visit (reference, when, by which kiosk, why), so the citizen can see who
asked about them. The ID is masked; no name is printed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache

from assets import ROOT
from cardreader.cid import mask_cid
from cardreader.thaidate import english_date_time, format_date, thai_date_time
from forms.pdf.canvas import LINE_MM, FormCanvas
from kiosk.api import Amount, Entitlements, ProgrammeStatus, Status


@dataclass(frozen=True)
class Lookup:
    """One question asked about the citizen: its request reference, when, and why."""

    reference: str
    asked_at: dt.datetime
    purpose: str  # the X-Road-Issue the API was told, e.g. "kiosk-entitlements"
    answered: bool = True


@cache
def texts(language: str) -> dict[str, str]:
    path = ROOT / "translations" / f"{language}.json"
    loaded: dict[str, str] = json.loads(path.read_text("utf-8"))
    return loaded


def _text(language: str, key: str, **values: object) -> str:
    template = texts(language).get(key, f"[{key}]")
    return template.format(**values) if values else template


def status_word(status: Status, language: str) -> str:
    """ "ได้รับแล้ว", "ยังไม่ได้รับ", "ยังไม่มีสิทธิ" (the seed's words) ..."""
    return _text(language, f"status.{status.value}")


def next_step(programme: ProgrammeStatus, language: str) -> str:
    """What to do next about `programme`: who pays and whom to ask, or why not and where to
    apply. Empty for a programme received with nothing more to do."""
    table = texts(language)
    key = f"next.{programme.code}.{programme.status.value}"
    return table.get(key) or table.get(f"next.{programme.status.value}", "")


def amount_text(amount: Amount, language: str) -> str:
    currency = "บาท" if amount.currency == "THB" and language == "th" else amount.currency
    period = amount.period.label.in_language(language)
    return " ".join(part for part in (f"{amount.value:,.0f}", currency, period) if part)


def purpose_text(purpose: str, language: str) -> str:
    return texts(language).get(f"slip.purpose.{purpose}", purpose)


def status_slip_pdf(
    entitlements: Entitlements,
    lookups: tuple[Lookup, ...],
    *,
    cid: str,
    language: str,
    kiosk_id: str,
    printed_at: dt.datetime,
    sample: bool = False,
) -> bytes:
    """The slip as PDF bytes (see the module's docstring)."""
    when = thai_date_time if language == "th" else english_date_time
    page = FormCanvas(_text(language, "slip.footer", kiosk=kiosk_id or "-"), sample=sample)
    page.alias_nb_pages()
    page.add_page()
    width = page.content_width
    page.style(22, bold=True)
    page.multi_cell(width, 11, _text(language, "slip.title"), new_x="LMARGIN", new_y="NEXT")
    page.style(14)
    page.multi_cell(
        width,
        LINE_MM,
        _text(language, "slip.for", cid=mask_cid(cid), time=when(printed_at)),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    sources = {source.agency: source for source in entitlements.sources}
    for down in entitlements.unavailable_sources:
        page.style(14, bold=True)
        line = _text(language, "entitlements.unavailable", agency=down.name.in_language(language))
        page.multi_cell(width, LINE_MM, line, new_x="LMARGIN", new_y="NEXT")
    page.ln(2)
    for programme in entitlements.programmes:
        known = sources.get(programme.agency)
        agency = known.name.in_language(language) if known else programme.agency
        page.ensure_room(4 * LINE_MM)
        page.set_draw_color(160, 160, 160)
        page.line(page.l_margin, page.get_y(), page.l_margin + width, page.get_y())
        page.ln(1)
        page.style(16, bold=True)
        head = f"{programme.name.in_language(language)} — {status_word(programme.status, language)}"
        if programme.amount is not None:
            head += f" — {amount_text(programme.amount, language)}"
        page.multi_cell(width, LINE_MM, head, new_x="LMARGIN", new_y="NEXT")
        page.style(14)
        step = next_step(programme, language)
        if step:
            page.multi_cell(width, LINE_MM, step, new_x="LMARGIN", new_y="NEXT")
        page.style(12, gray=True)
        as_of = _text(language, "entitlements.as_of", date=format_date(programme.as_of, language))
        page.multi_cell(width, 6, f"{agency} · {as_of}", new_x="LMARGIN", new_y="NEXT")
    page.ln(4)
    page.ensure_room(3 * LINE_MM)
    page.style(16, bold=True)
    page.multi_cell(width, LINE_MM, _text(language, "slip.lookups"), new_x="LMARGIN", new_y="NEXT")
    page.style(13)
    for lookup in lookups:
        line = _text(
            language,
            "slip.lookup" if lookup.answered else "slip.lookup_failed",
            time=when(lookup.asked_at),
            kiosk=kiosk_id or "-",
            purpose=purpose_text(lookup.purpose, language),
            reference=lookup.reference or "-",
        )
        page.multi_cell(width, 6.5, line, new_x="LMARGIN", new_y="NEXT")
    page.ln(2)
    page.style(12, gray=True)
    page.multi_cell(width, 6, _text(language, "slip.note"), new_x="LMARGIN", new_y="NEXT")
    return bytes(page.output())
