"""The emulator's in-process front end: a `Connection` without PC/SC, for the embedded demo."""

from __future__ import annotations

from cardreader.apdu import split_response
from cardreader.emulator.card import CardOptions, ThaiIdCard
from cardreader.emulator.profile import chip_image, laser_answer, load_profile, nhso_image
from cardreader.errors import CardRemoved
from cardreader.model import CardData
from cardreader.reader import read_card


class EmulatedConnection:
    """Talks to a `ThaiIdCard` directly; a pulled card raises `CardRemoved` like PC/SC does."""

    def __init__(self, card: ThaiIdCard) -> None:
        self._card = card

    @property
    def atr(self) -> bytes:
        return self._card.atr

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        response = self._card.process(apdu)
        if response is None:
            raise CardRemoved("the emulated card was removed")
        return split_response(response)


def demo_card(profile_id: str, options: CardOptions | None = None) -> ThaiIdCard:
    """A demo citizen's card with every applet the profile has (ID, NHSO, laser)."""
    profile = load_profile(profile_id)
    return ThaiIdCard(
        chip_image(profile),
        options,
        nhso=nhso_image(profile),
        laser=laser_answer(profile.laser_code),
    )


def demo_card_data(profile_id: str, *, photo: bool = False) -> CardData:
    """A demo citizen's `CardData`, read through the real protocol code from the emulator."""
    return read_card(EmulatedConnection(demo_card(profile_id)), photo=photo)
