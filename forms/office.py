"""The office that receives a form: named in the printed header with its "เรียน …" line.

A kiosk is set up for one office (`[office]` in the agency config). `forms` takes anything
shaped like `Office`, so it never imports the kiosk's config; `ReceivingOffice` is the plain one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from cardreader.text import Bilingual


class Office(Protocol):
    """`name` empty (both languages): no office set, the form's own generic agency is printed.
    `addressee` empty: the form's own addressee. `applies_to(form id)`: whether this office
    receives that form (a kiosk may print forms that go elsewhere)."""

    @property
    def name(self) -> Bilingual: ...

    @property
    def addressee(self) -> Bilingual: ...

    def applies_to(self, form_id: str) -> bool: ...


NO_ADDRESSEE = Bilingual("", "")


@dataclass(frozen=True)
class ReceivingOffice:
    name: Bilingual
    addressee: Bilingual = NO_ADDRESSEE
    forms: tuple[str, ...] = ()  # the forms it receives; empty: every form

    def applies_to(self, form_id: str) -> bool:
        return bool(self.name.th) and (not self.forms or form_id in self.forms)
