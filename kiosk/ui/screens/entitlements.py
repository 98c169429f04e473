"""The citizen's entitlements: one row per programme, and a plain line per agency that is down."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from kiosk.api import Amount, Entitlements, ProgrammeStatus
from kiosk.flow.view import EntitlementsState
from kiosk.ui import theme
from kiosk.ui.screens.base import OneCardScreen
from kiosk.ui.widgets import Body, StatusRow


class EntitlementsScreen(OneCardScreen):
    message = StringProperty("")
    can_retry = BooleanProperty(False)

    def draw(self, state: EntitlementsState) -> None:
        """The rows are built here, when the answer arrives (even while another screen is on
        show), so opening the screen shows them at once."""
        self.ids.rows.clear_widgets()
        self.can_retry = state.can_retry
        if state.error is not None:
            self.message = state.error.describe(self.app.lang)
            return
        answer: Entitlements | None = state.entitlements
        if answer is None:
            self.message = self.app.t["entitlements.loading"]
            return
        self.message = "" if answer.programmes else self.app.t["entitlements.none"]
        agencies = {source.agency: source for source in answer.sources}
        for programme in answer.programmes:
            source = agencies.get(programme.agency)
            agency = source.name.in_language(self.app.lang) if source else programme.agency
            self.ids.rows.add_widget(self._row(programme, agency))
        for source in answer.unavailable_sources:
            agency = source.name.in_language(self.app.lang)
            line = Body(text=self.app.t.format("entitlements.unavailable", agency=agency))
            line.color = theme.WARNING
            self.ids.rows.add_widget(line)

    def _row(self, programme: ProgrammeStatus, agency: str) -> StatusRow:
        lang = self.app.lang
        details = [
            agency,
            self.app.t.format("entitlements.as_of", date=self.app.date_text(programme.as_of)),
        ]
        if programme.amount is not None:
            details.append(amount_text(programme.amount, lang))
        if programme.last_payment_date is not None:
            paid = self.app.date_text(programme.last_payment_date)
            details.append(self.app.t.format("entitlements.last_payment", date=paid))
        return StatusRow(
            status=programme.status.value,
            programme=programme.name.in_language(lang),
            status_text=programme.status.label.in_language(lang),
            detail=" · ".join(details),
        )

    def clear(self) -> None:
        super().clear()
        self.ids.rows.clear_widgets()
        self.message = ""
        self.can_retry = False


def amount_text(amount: Amount, lang: str) -> str:
    currency = "บาท" if amount.currency == "THB" and lang == "th" else amount.currency
    period = amount.period.label.in_language(lang)
    return " ".join(part for part in (f"{amount.value:,.0f}", currency, period) if part)
