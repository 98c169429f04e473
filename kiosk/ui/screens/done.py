"""Thank you: take your card out."""

from __future__ import annotations

from kiosk.ui.screens.base import OneCardScreen


class DoneScreen(OneCardScreen):
    pass
