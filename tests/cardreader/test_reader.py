"""Whole reads through the emulator's in-process front end: round trips, callbacks, faults."""

from __future__ import annotations

import datetime as dt

import pytest

from cardreader.emulator import (
    ATR_OLD,
    CardOptions,
    EmulatedConnection,
    ThaiIdCard,
    chip_image,
    demo_card_data,
    list_profiles,
    load_profile,
)
from cardreader.errors import ApduError, CardRemoved, NotThaiIdCard
from cardreader.reader import read_card, read_cid

MAX_TEXT_TRANSMITS = 8
MAX_CID_TRANSMITS = 3
MAX_FULL_TRANSMITS = 48


def card_for(profile_id: str, **options: object) -> ThaiIdCard:
    return ThaiIdCard(chip_image(load_profile(profile_id)), CardOptions(**options))  # type: ignore[arg-type]


def test_at_least_six_demo_citizens_cover_the_required_cases() -> None:
    cards = {profile_id: demo_card_data(profile_id) for profile_id in list_profiles()}
    assert len(cards) >= 6
    assert any(
        c.address.village and c.address.subdistrict.startswith("ตำบล") for c in cards.values()
    )
    assert any(
        c.address.subdistrict.startswith("แขวง") and c.address.province == "กรุงเทพมหานคร"
        for c in cards.values()
    )
    assert any(
        c.expiry_date.to_card() == "99999999" and not c.birth_date.is_complete
        for c in cards.values()
    )
    assert any(
        c.name_th.middle and len(c.address.raw.encode("cp874")) == 160 for c in cards.values()
    )
    assert any(c.is_expired(dt.date.today()) for c in cards.values())
    assert any("-" in c.name_en.first or "'" in c.name_en.last for c in cards.values())


@pytest.mark.parametrize("profile_id", list_profiles())
def test_every_profile_reads_back_as_its_json(profile_id: str) -> None:
    profile = load_profile(profile_id)
    card = demo_card_data(profile_id, photo=True)
    assert card.cid == profile.cid
    assert card.birth_date.to_card() == profile.fields["birth_date"]
    assert card.expiry_date.to_card() == profile.fields["expiry_date"]
    assert card.address.raw == profile.fields["address"]
    assert (
        "#".join((card.name_th.prefix, card.name_th.first, card.name_th.middle, card.name_th.last))
        == profile.fields["name_th"]
    )
    assert card.photo == profile.photo()
    assert card.warnings == ()


def test_text_fields_take_at_most_8_transmits_and_the_cid_comes_after_3() -> None:
    card = card_for("somchai")
    seen_at: list[int] = []
    read_card(EmulatedConnection(card), on_cid=lambda cid: seen_at.append(card.apdu_count))
    assert card.apdu_count <= MAX_TEXT_TRANSMITS
    assert seen_at == [MAX_CID_TRANSMITS]


def test_full_read_with_photo_takes_at_most_48_transmits() -> None:
    for profile_id in list_profiles():
        card = card_for(profile_id)
        read_card(EmulatedConnection(card), photo=True)
        assert card.apdu_count <= MAX_FULL_TRANSMITS, profile_id


def test_cid_only_read() -> None:
    card = card_for("malee")
    assert read_cid(EmulatedConnection(card)) == load_profile("malee").cid
    assert card.apdu_count == MAX_CID_TRANSMITS


def test_photo_progress_reaches_the_end() -> None:
    progress: list[tuple[int, int]] = []
    read_card(
        EmulatedConnection(card_for("john")),
        photo=True,
        on_photo_progress=lambda d, t: progress.append((d, t)),
    )
    assert progress[-1][0] == progress[-1][1]
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)


def test_photo_is_not_read_unless_asked() -> None:
    card = card_for("somchai")
    assert read_card(EmulatedConnection(card)).photo is None


@pytest.mark.parametrize(
    "options",
    [
        {"t1_style": True},
        {"wrong_length_first": True},
        {"atr": ATR_OLD},
        {"t1_style": True, "wrong_length_first": True},
    ],
)
def test_protocol_variants_read_the_same(options: dict[str, object]) -> None:
    card = read_card(EmulatedConnection(card_for("thongdee", **options)), photo=True)
    assert card == demo_card_data("thongdee", photo=True)


def test_removed_at_every_apdu_index_is_card_removed() -> None:
    probe = card_for("wichai")
    read_card(EmulatedConnection(probe), photo=True)
    for answered in range(probe.apdu_count):
        with pytest.raises(CardRemoved):
            read_card(EmulatedConnection(card_for("wichai", remove_after=answered)), photo=True)


def test_bad_status_word_at_every_apdu_index_is_a_typed_error() -> None:
    probe = card_for("suda")
    read_card(EmulatedConnection(probe), photo=True)
    for index in range(2, probe.apdu_count + 1):
        with pytest.raises(ApduError) as raised:
            read_card(
                EmulatedConnection(card_for("suda", bad_status_at=index, bad_status=0x6581)),
                photo=True,
            )
        assert raised.value.sw == 0x6581
    with pytest.raises(NotThaiIdCard):
        read_card(EmulatedConnection(card_for("suda", bad_status_at=1)))


def test_cid_callback_is_not_called_when_the_first_read_fails() -> None:
    seen: list[str] = []
    with pytest.raises(CardRemoved):
        read_card(EmulatedConnection(card_for("malee", remove_after=2)), on_cid=seen.append)
    assert seen == []
