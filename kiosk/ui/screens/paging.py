"""Paging instead of a thin scrollbar.

`PagedScreen`: a screen whose list is paged: a page holds as many items as fit, at most a few
(fewer with large text), turned with big "more" and "previous" buttons. Used by the
entitlements and the forms screens. Invariant: the items on show are
`paged_items()[page * per_page : (page + 1) * per_page]`; when they turn out taller than their
box, a page holds one fewer (never none).

`ScrollPages`: big "previous" / "more n/m" buttons for a column that scrolls (the review's
two columns, whose fields are typed into and must stay made): each turn moves about one view's
height, so what is below is reached with a tap, never only with the bar."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.ui.screens.base import OneCardScreen
from kiosk.ui.theme import LOOK


class PagedScreen(OneCardScreen):
    page = NumericProperty(0)
    pages = NumericProperty(1)
    page_text = StringProperty("")  # "2/3" on the "more" button while there is more
    box_id = ""  # the id of the layout the page's items go in
    most_per_page = 3
    most_per_page_large = 2

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._fits = 0  # items that fit in the box, once measured (0: not yet)
        LOOK.bind(large_text=lambda *_: self._refit())
        self.box.bind(minimum_height=self._check_fit, height=lambda *_: self._refit())

    @property
    def box(self) -> Any:
        return self.ids[self.box_id]

    def paged_items(self) -> Sequence[Any]:
        """All the items, in order."""
        raise NotImplementedError

    def item_widget(self, place: int, item: Any) -> Widget:
        """The widget showing `item` at `place` (0-based) on the page."""
        raise NotImplementedError

    @property
    def per_page(self) -> int:
        most = self.most_per_page_large if LOOK.large_text else self.most_per_page
        return min(most, self._fits) if self._fits else most

    def turn(self, pages: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + pages))
        self.show_page()

    def show_page(self) -> None:
        items, per_page = self.paged_items(), self.per_page
        self.box.clear_widgets()
        self.pages = max(1, -(-len(items) // per_page))
        self.page = min(self.page, self.pages - 1)
        self.page_text = f"{self.page + 2}/{self.pages}" if self.page + 1 < self.pages else ""
        start = self.page * per_page
        for place, item in enumerate(items[start : start + per_page]):
            self.box.add_widget(self.item_widget(place, item))

    def _refit(self) -> None:
        self._fits = 0
        self.show_page()

    def _check_fit(self, _box: object, needed: float) -> None:
        shown = len(self.box.children)
        if needed > self.box.height + 1 and shown > 1:
            self._fits = shown - 1
            # -1: before this frame is drawn, so a page that does not fit is never on show
            Clock.schedule_once(lambda _dt: self.show_page(), -1)


class ScrollPages(BoxLayout):
    """The turning buttons of `view` (a ScrollView): shown only while there is more than fits."""

    view = ObjectProperty(None, allownone=True)
    more = BooleanProperty(False)  # something is below what is on show
    back = BooleanProperty(False)  # something is above
    page_text = StringProperty("")  # "2/3": the page "more" turns to, of how many
    typing = BooleanProperty(False)  # the keyboard is open: the buttons make way for it

    def on_view(self, _pager: object, view: Any) -> None:
        if view is not None:
            view.bind(scroll_y=self._update, height=self._update, children=self._watch)
            self._watch()

    def _watch(self, *_args: object) -> None:
        for content in self.view.children:
            content.bind(height=self._update)
        self._update()

    def _update(self, *_args: object) -> None:
        view = self.view
        if view is None or not view.children or view.height < 1:
            return
        spare = self._spare()
        if spare <= 1:
            self.more = self.back = False
            self.page_text = ""
            return
        step = self._step()
        pages = 1 + math.ceil(spare / step - 0.01)  # as many as the turns take
        page = min(pages - 1, math.ceil((1 - view.scroll_y) * spare / step - 0.01))
        self.more, self.back = view.scroll_y > 0.001, view.scroll_y < 0.999
        self.page_text = f"{page + 2}/{pages}" if self.more else ""

    def _spare(self) -> float:
        """How much of the column is out of sight (px); 0 without one."""
        view = self.view
        return float(view.children[0].height - view.height) if view and view.children else 0.0

    def _step(self) -> float:
        """How far one turn moves (px): a view's height, a line and a half kept in sight."""
        height = self.view.height
        return float(max(height - LOOK.body * 1.5, height / 2, 1))

    def turn(self, direction: int) -> None:
        """About one view's height down (1) or up (-1), a line's worth kept in sight."""
        view, spare = self.view, self._spare()
        if spare <= 0:
            return
        view.scroll_y = min(1.0, max(0.0, view.scroll_y - direction * self._step() / spare))
