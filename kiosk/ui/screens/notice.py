"""The privacy notice (PDPA): what will be read and why, before anything is read."""

from __future__ import annotations

from kiosk.ui.screens.base import OneCardScreen


class NoticeScreen(OneCardScreen):
    pass
