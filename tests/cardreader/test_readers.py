"""Choosing a reader by a name that survives replugging."""

from __future__ import annotations

import pytest

from cardreader.events import CardEvent, EventKind
from cardreader.readers import match_reader, reader_identity

TWIN = "Gemalto PC Twin Reader (645D1F3B) 00 00"
TWIN_REPLUGGED = "Gemalto PC Twin Reader (645D1F3B) 01 00"
OTHER = "Gemalto PC Twin Reader (99AA0011) 00 00"
VPCD = ["Virtual PCD 00 00", "Virtual PCD 00 01"]


def test_identity_drops_only_the_index_pcscd_gave() -> None:
    assert reader_identity(TWIN) == reader_identity(TWIN_REPLUGGED)
    assert reader_identity(TWIN) == "Gemalto PC Twin Reader (645D1F3B)/00"
    assert reader_identity(TWIN) != reader_identity(OTHER)
    assert reader_identity("Virtual PCD 00 01") == "Virtual PCD/01"
    assert reader_identity("Some Windows Reader 0") == "Some Windows Reader 0"


def test_a_renamed_reader_is_the_same_reader() -> None:
    assert match_reader(TWIN, [OTHER, TWIN_REPLUGGED]) == TWIN_REPLUGGED


def test_an_exact_name_wins() -> None:
    assert match_reader(TWIN, [TWIN_REPLUGGED, TWIN]) == TWIN


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("Virtual PCD/01", "Virtual PCD 00 01"),
        ("Virtual PCD/00", "Virtual PCD 00 00"),
        ("Virtual PCD", "Virtual PCD 00 00"),  # the product: its first slot
        ("virtual pcd 00 01", "Virtual PCD 00 01"),  # a part of the name, any case
        ("Virtual PCD 07 01", "Virtual PCD 00 01"),  # another index, same slot
    ],
)
def test_ways_of_naming_a_reader(wanted: str, expected: str) -> None:
    assert match_reader(wanted, VPCD) == expected


def test_no_match_is_none() -> None:
    assert match_reader("Omnikey", VPCD) is None
    assert match_reader("Virtual PCD/02", VPCD) is None


def test_events_carry_the_stable_identity() -> None:
    assert CardEvent(EventKind.CARD_INSERTED, TWIN_REPLUGGED).reader_id == reader_identity(TWIN)
    assert CardEvent(EventKind.SERVICE_LOST).reader_id == ""
