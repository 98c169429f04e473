"""Reading the Thai national ID card: the chip's protocol, PC/SC access, and a card emulator.

Never imports kivy or requests; only `cardreader.pcsc` imports pyscard.
"""

from cardreader.errors import CardError
from cardreader.model import CardData
from cardreader.reader import read_card, read_cid

__all__ = ["CardData", "CardError", "read_card", "read_cid"]
