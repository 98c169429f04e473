"""The citizen's entitlements: one row per programme (status and amount large, the next step),
paged with big "more" buttons and a count; an agency that did not answer is said at the top.

Nothing is hidden behind a scrollbar: a page holds what fits (fewer rows with large text)."""

from __future__ import annotations

from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.api import Entitlements, ProgrammeStatus, Status
from kiosk.flow.view import EntitlementsState, PrintStatus
from kiosk.statusslip import amount_text, next_step, status_word
from kiosk.ui.screens.paging import PagedScreen
from kiosk.ui.widgets import EntitlementRow

ROWS_PER_PAGE = 3
ROWS_PER_PAGE_LARGE = 2


class EntitlementsScreen(PagedScreen):
    box_id = "rows"
    most_per_page = ROWS_PER_PAGE
    most_per_page_large = ROWS_PER_PAGE_LARGE

    message = StringProperty("")
    count_text = StringProperty("")
    can_retry = BooleanProperty(False)
    can_print = BooleanProperty(False)
    slip_status = StringProperty("")
    slip_reference = StringProperty("")
    programmes = ListProperty([])  # (programme, agency name) of the answer on show

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._made: list[EntitlementRow] = []  # rows made so far, reused by every page drawn

    def draw(self, state: EntitlementsState) -> None:
        """The rows are built here, when the answer arrives (even while another screen is on
        show), so opening the screen shows them at once."""
        t, lang = self.app.t, self.app.lang
        same_answer = self.programmes and isinstance(self.state, EntitlementsState)
        self.can_retry = state.can_retry
        self.can_print = state.entitlements is not None and not state.can_retry
        self._draw_slip(state)
        answer: Entitlements | None = state.entitlements
        if state.error is not None:
            self.message, self.count_text, self.programmes = state.error.describe(lang), "", []
        elif answer is None:
            self.message, self.count_text, self.programmes = t["entitlements.loading"], "", []
        else:
            down = [
                t.format("entitlements.unavailable", agency=source.name.in_language(lang))
                for source in answer.unavailable_sources
            ]
            none = [] if answer.programmes else [t["entitlements.none"]]
            self.message = "\n".join(down + none)
            self.count_text = t.format("entitlements.count", count=len(answer.programmes))
            names = {source.agency: source.name.in_language(lang) for source in answer.sources}
            self.programmes = [(p, names.get(p.agency, p.agency)) for p in answer.programmes]
        if not same_answer or state.slip is PrintStatus.NONE:
            self.page = 0
        self.show_page()

    def _draw_slip(self, state: EntitlementsState) -> None:
        t = self.app.t
        self.slip_reference = ""
        if state.slip is PrintStatus.FAILED:
            self.slip_status = t["entitlements.slip_failed"]
            error = state.slip_error
            if error is not None and error.reference:
                self.slip_reference = t.format("error.reference", reference=error.reference)
        elif state.slip is PrintStatus.PRINTED:
            self.slip_status = t["entitlements.slip_printed"]
        elif state.slip is PrintStatus.PRINTING:
            self.slip_status = t["output.printing"]
        else:
            self.slip_status = ""

    def paged_items(self) -> list[ProgrammeStatus]:
        return [programme for programme, _agency in self.programmes]

    def item_widget(self, place: int, item: ProgrammeStatus) -> EntitlementRow:
        return self._row(place, item)

    def _row(self, place: int, programme: ProgrammeStatus) -> EntitlementRow:
        """The page's row at `place`, filled with `programme`. Rows are made once and reused:
        making one (its kv rules) costs more than drawing its new texts."""
        while len(self._made) <= place:
            self._made.append(EntitlementRow())
        row = self._made[place]
        lang = self.app.lang
        row.status = programme.status.value
        row.programme = programme.name.in_language(lang)
        row.status_text = status_word(programme.status, lang)
        row.amount = amount_text(programme.amount, lang) if programme.amount is not None else ""
        row.next_step = next_step(programme, lang)
        return row

    def clear(self) -> None:
        super().clear()
        self.programmes = []
        self.ids.rows.clear_widgets()
        for row in self._made:  # off screen, but they must not keep the citizen's data either
            row.programme = row.status_text = row.amount = row.next_step = ""
            row.status = Status.UNKNOWN.value
        self.message = self.count_text = self.slip_status = self.slip_reference = ""
        self.can_retry = self.can_print = False
        self.page, self.pages = 0, 1
