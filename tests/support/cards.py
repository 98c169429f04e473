"""Putting emulated cards into the vpcd readers."""

from __future__ import annotations

from cardreader import pcsc
from cardreader.emulator import CardOptions, ThaiIdCard, chip_image, load_profile
from cardreader.emulator.vpcd import VPCD_PORT, VpcdCard
from tests.support.pcscd import READER_0, READER_1

PORTS = {READER_0: VPCD_PORT, READER_1: VPCD_PORT + 1}


def make_card(profile_id: str, **options: object) -> ThaiIdCard:
    nul_padding = bool(options.pop("nul_padding", False))
    image = chip_image(load_profile(profile_id), nul_padding=nul_padding)
    return ThaiIdCard(image, CardOptions(**options))  # type: ignore[arg-type]


class Slot:
    """One vpcd reader: insert a card, wait until pcscd sees it; remove, wait until it's gone."""

    def __init__(self, reader: str = READER_0) -> None:
        self.reader = reader
        self.current: VpcdCard | None = None

    def insert(self, card: ThaiIdCard) -> VpcdCard:
        self.remove()
        self.current = VpcdCard(card, port=PORTS[self.reader])
        self.current.insert()
        if not pcsc.wait_for_card(self.reader, present=True, timeout=10):
            raise AssertionError(f"pcscd did not see the card in {self.reader}")
        return self.current

    def remove(self) -> None:
        if self.current is None:
            return
        self.current.remove()
        self.current = None
        if not pcsc.wait_for_card(self.reader, present=False, timeout=10):
            raise AssertionError(f"pcscd still sees a card in {self.reader}")
