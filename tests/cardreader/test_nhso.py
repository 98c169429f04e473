"""The health-insurance (NHSO) applet: APDU transcripts, parsing, the emulator's demo citizens,
and a card without the applet that never breaks the main read."""

from __future__ import annotations

import pytest

from cardreader import layout
from cardreader.emulator import (
    CardOptions,
    EmulatedConnection,
    ThaiIdCard,
    chip_image,
    demo_card,
    list_profiles,
    load_profile,
    nhso_image,
)
from cardreader.errors import CardRemoved
from cardreader.model import LIFETIME, PartialDate, WarningKind
from cardreader.nhso import parse_health_insurance, read_health_insurance
from cardreader.reader import read_card
from tests.cardreader.transcript import Transcript

SELECT_NHSO = "00A4040008A000000054480083"
PEERS_NHSO_TRANSMITS = 19  # SELECT + one READ and one GET RESPONSE per field
NHSO_TRANSMITS = 5  # SELECT + two READs, each with its GET RESPONSE


def somchai_nhso() -> bytes:
    image = nhso_image(load_profile("somchai"))
    assert image is not None
    return image


def test_reads_the_applet_in_two_reads_as_the_transcript_shows() -> None:
    image = somchai_nhso()
    first, second = layout.NHSO_SPANS
    transcript = Transcript(
        [
            (SELECT_NHSO, "610A"),
            ("80B0000402" + "00FF", "61FF"),
            ("00C00000FF", image[first.offset : first.end].hex() + "9000"),
            (f"80B0{second.offset:04X}0200{second.length:02X}", f"61{second.length:02X}"),
            (f"00C00000{second.length:02X}", image[second.offset : second.end].hex() + "9000"),
        ]
    )
    health = read_health_insurance(transcript)
    assert transcript.finished
    assert health is not None
    assert health.main_right == "(UCS) สิทธิหลักประกันสุขภาพแห่งชาติ"
    assert health.sub_right == "(89) ช่วงอายุ 12-59 ปี"
    assert health.main_hospital == "โรงพยาบาลนครชัยศรี"
    assert health.sub_hospital == "โรงพยาบาลส่งเสริมสุขภาพตำบลวัดแค"
    assert health.payment_type == "1"
    assert health.issue_date == PartialDate(2565, 4, 1)
    assert health.expiry_date is LIFETIME
    assert health.update_date == PartialDate(2567, 1, 15)
    assert health.hospital_changes == 1
    assert health.warnings == ()


@pytest.mark.parametrize("sw", ["6A82", "6A86", "6D00", "6E00", "6999"])
def test_a_card_without_the_applet_gives_none(sw: str) -> None:
    transcript = Transcript([(SELECT_NHSO, sw)])
    assert read_health_insurance(transcript) is None
    assert transcript.finished


def test_an_applet_refusing_its_read_gives_none() -> None:
    transcript = Transcript([(SELECT_NHSO, "9000"), ("80B00004020 0FF".replace(" ", ""), "6982")])
    assert read_health_insurance(transcript) is None


def test_a_short_answer_gives_none() -> None:
    transcript = Transcript([(SELECT_NHSO, "9000"), ("80B0000402" + "00FF", "0102039000")])
    assert read_health_insurance(transcript) is None


@pytest.mark.parametrize("profile_id", list_profiles())
def test_every_demo_citizen_reads_or_says_no_applet(profile_id: str) -> None:
    card = demo_card(profile_id)
    connection = EmulatedConnection(card)
    health = read_health_insurance(connection)
    profile = load_profile(profile_id)
    if profile.nhso is None:
        assert health is None
        assert card.apdu_count == 1
    else:
        assert health is not None
        assert health.main_right == profile.nhso["main_right"]
        assert card.apdu_count == NHSO_TRANSMITS < PEERS_NHSO_TRANSMITS
    # the main read is unaffected, before or after
    assert read_card(connection).cid == profile.cid


def test_some_demo_citizens_have_no_applet() -> None:
    without = [p for p in list_profiles() if load_profile(p).nhso is None]
    assert without and len(without) < len(list_profiles())


def test_t1_style_and_wrong_length_cards_read_the_same() -> None:
    expected = read_health_insurance(EmulatedConnection(demo_card("wichai")))
    for options in (CardOptions(t1_style=True), CardOptions(wrong_length_first=True)):
        card = ThaiIdCard(
            chip_image(load_profile("wichai")), options, nhso=nhso_image(load_profile("wichai"))
        )
        assert read_health_insurance(EmulatedConnection(card)) == expected


def test_a_card_pulled_during_the_nhso_read_is_card_removed() -> None:
    card = demo_card("somchai", CardOptions(remove_after=2))
    with pytest.raises(CardRemoved):
        read_health_insurance(EmulatedConnection(card))


def _memory(**fields: bytes) -> dict[int, bytes]:
    image = bytearray(somchai_nhso())
    for name, raw in fields.items():
        spec = next(f for f in layout.NHSO_FIELDS if f.name == name)
        image[spec.offset : spec.end] = raw.ljust(spec.length, b" ")
    return {span.offset: bytes(image[span.offset : span.end]) for span in layout.NHSO_SPANS}


def test_blank_dates_are_none_without_warning() -> None:
    health = parse_health_insurance(
        _memory(issue_date=b"", expiry_date=b"00000000", update_date=b"\x00" * 8)
    )
    assert (health.issue_date, health.expiry_date, health.update_date) == (None, None, None)
    assert health.warnings == ()
    assert health.stale_note().en == "From the card, may be out of date"


def test_an_impossible_date_is_none_with_a_warning_never_an_error() -> None:
    health = parse_health_insurance(_memory(update_date=b"25671341"))
    assert health.update_date is None
    assert [w.fields for w in health.warnings] == [("update_date",)]
    assert health.warnings[0].kind is WarningKind.IMPOSSIBLE_DATE


def test_control_characters_are_replaced_and_warned() -> None:
    health = parse_health_insurance(_memory(main_hospital=b"\x1b[2J" + "รพ.".encode("cp874")))
    assert "\x1b" not in health.main_hospital
    assert any(w.kind is WarningKind.CONTROL_CHARACTERS for w in health.warnings)


def test_a_non_digit_change_count_is_none() -> None:
    assert parse_health_insurance(_memory(hospital_changes=b"x")).hospital_changes is None


def test_stale_note_names_the_update_date_in_both_languages() -> None:
    health = parse_health_insurance(_memory())
    note = health.stale_note()
    assert note.th == "ข้อมูลจากบัตร อาจไม่ใช่ข้อมูลล่าสุด (ปรับปรุงเมื่อ 15 มกราคม 2567)"
    assert note.en == "From the card, may be out of date (updated 15 January 2024)"


def test_json_has_every_field() -> None:
    answer = parse_health_insurance(_memory()).to_json()
    assert answer["expiry_date"] == "lifetime"
    assert answer["update_date"] == "2024-01-15"
    assert set(answer) == {f.name for f in layout.NHSO_FIELDS} | {"warnings"}
