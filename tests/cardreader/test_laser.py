"""The laser code: read from newer cards, None for every other card, never shown."""

from __future__ import annotations

import json
import logging
import pickle

import pytest

from cardreader.emulator import CardOptions, EmulatedConnection, ThaiIdCard, demo_card, laser_answer
from cardreader.errors import CardRemoved
from cardreader.laser import LaserCode, parse_laser_answer, read_laser_code
from tests.cardreader.transcript import Transcript

SELECT_LASER = "00A4040008A000000084060002"
CODE = "ME0000012345"


def test_reads_the_code_through_get_response() -> None:
    answer = laser_answer(CODE)
    assert answer is not None and len(answer) == 0x17
    transcript = Transcript(
        [(SELECT_LASER, "610A"), ("8000000017", "6117"), ("00C0000017", answer.hex() + "9000")]
    )
    code = read_laser_code(transcript)
    assert transcript.finished
    assert code is not None and code.reveal() == CODE


@pytest.mark.parametrize("sw", ["6A82", "6D00", "6E00"])
def test_no_applet_gives_none(sw: str) -> None:
    assert read_laser_code(Transcript([(SELECT_LASER, sw)])) is None


@pytest.mark.parametrize(
    "answer",
    [
        "6D00",  # the command unknown
        "6A86",
        CODE.encode().hex() + "9000",  # the older format: the code alone
        "00" * 23 + "9000",  # no code in it
        (b"\x00" * 7 + b"me00000123" + b"\x00" * 6).hex() + "9000",  # not the pattern
    ],
)
def test_an_answer_in_another_format_gives_none(answer: str) -> None:
    transcript = Transcript([(SELECT_LASER, "9000"), ("8000000017", answer)])
    assert read_laser_code(transcript) is None


def test_demo_cards_with_and_without_the_applet() -> None:
    code = read_laser_code(EmulatedConnection(demo_card("somchai")))
    assert code is not None and code.reveal() == CODE
    assert read_laser_code(EmulatedConnection(demo_card("thongdee"))) is None


def test_an_older_format_card_gives_none() -> None:
    card = demo_card("thongdee")
    older = ThaiIdCard(card.image, laser=CODE.encode())  # 12 bytes, not the 23-byte answer
    assert read_laser_code(EmulatedConnection(older)) is None


def test_a_card_pulled_during_the_laser_read_is_card_removed() -> None:
    with pytest.raises(CardRemoved):
        read_laser_code(EmulatedConnection(demo_card("somchai", CardOptions(remove_after=1))))


def test_the_code_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    code = LaserCode(CODE)
    logging.getLogger("test").info("code %s %r", code, code)
    shown = [str(code), repr(code), f"{code}", f"{code!r}", str([code]), caplog.text]
    assert all(CODE not in text for text in shown)
    with pytest.raises(TypeError):
        json.dumps({"laser": code})
    with pytest.raises(TypeError):
        pickle.dumps(code)


def test_equality_without_showing() -> None:
    assert LaserCode(CODE) == LaserCode(CODE) != LaserCode("ME0000012346")


def test_a_bad_value_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValueError) as raised:
        LaserCode("xx123")
    assert "xx123" not in str(raised.value)


def test_parse_ignores_a_wrong_length() -> None:
    assert parse_laser_answer(b"\x00" * 22) is None
