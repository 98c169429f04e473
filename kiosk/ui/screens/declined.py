"""After the citizen declined the notice: nothing was read."""

from __future__ import annotations

from kiosk.ui.screens.base import OneCardScreen


class DeclinedScreen(OneCardScreen):
    pass
