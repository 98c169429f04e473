"""The optional applets through the real stack: pyscard -> pcscd -> vpcd -> the emulator."""

from __future__ import annotations

import pytest

from cardreader import pcsc
from cardreader.emulator import demo_card, list_profiles, load_profile
from cardreader.emulator.inprocess import EmulatedConnection
from cardreader.laser import read_laser_code
from cardreader.nhso import read_health_insurance
from cardreader.reader import read_card
from tests.support.cards import Slot
from tests.support.pcscd import READER_0, READER_1

pytestmark = pytest.mark.pcsc


@pytest.mark.parametrize("profile_id", list_profiles())
def test_nhso_laser_and_main_read_on_one_connection(slot: Slot, profile_id: str) -> None:
    card = demo_card(profile_id)
    slot.insert(card)
    with pcsc.connect(READER_0) as connection:
        health = read_health_insurance(connection)
        laser = read_laser_code(connection)
        data = read_card(connection)
    offline = EmulatedConnection(demo_card(profile_id))
    assert health == read_health_insurance(offline)
    assert (health is None) == (load_profile(profile_id).nhso is None)
    expected_laser = load_profile(profile_id).laser_code
    assert (laser.reveal() if laser else None) == expected_laser
    assert data.cid == load_profile(profile_id).cid


def test_nhso_read_costs_five_transmits_over_pcsc(slot: Slot) -> None:
    card = demo_card("wichai")
    slot.insert(card)
    with pcsc.connect(READER_0) as connection:
        before = card.apdu_count
        assert read_health_insurance(connection) is not None
        assert card.apdu_count - before == 5


def test_two_readers_at_once_chosen_by_stable_identity(slot: Slot, second_slot: Slot) -> None:
    slot.insert(demo_card("somchai"))
    second_slot.insert(demo_card("malee"))
    with pcsc.connect("Virtual PCD/01") as connection:
        assert connection.reader == READER_1
        assert read_card(connection).cid == load_profile("malee").cid
    with pcsc.connect("Virtual PCD") as connection:
        assert connection.reader == READER_0
        assert read_card(connection).cid == load_profile("somchai").cid
