"""A Thai ID card emulator: synthetic citizen profiles -> chip memory image -> APDU answers.

The same emulator serves the tests (behind real pcscd through the vpcd driver) and the
embedded demo (an in-process connection when no pcscd is present).
"""

from cardreader.emulator.card import ATR_2016, ATR_OLD, CardOptions, ThaiIdCard
from cardreader.emulator.inprocess import EmulatedConnection, demo_card, demo_card_data
from cardreader.emulator.profile import (
    Profile,
    chip_image,
    laser_answer,
    list_profiles,
    load_profile,
    nhso_image,
)

__all__ = [
    "ATR_2016",
    "ATR_OLD",
    "CardOptions",
    "EmulatedConnection",
    "Profile",
    "ThaiIdCard",
    "chip_image",
    "demo_card",
    "demo_card_data",
    "laser_answer",
    "list_profiles",
    "load_profile",
    "nhso_image",
]
