"""Status words and response chaining against hand-written APDU transcripts."""

from __future__ import annotations

import pytest

from cardreader.apdu import ResponseProcessor, get_response_p2, read_apdu, select_apdu
from cardreader.errors import ApduError, MalformedResponse, NotThaiIdCard
from cardreader.layout import THAI_ID_AID, Span
from cardreader.reader import CardSession
from tests.cardreader.transcript import Transcript

READ_CID = "80B0000402000D"
CID_HEX = b"3100700123451".hex()


def test_apdu_encodings() -> None:
    assert select_apdu(THAI_ID_AID).hex().upper() == "00A4040008A000000054480001"
    assert read_apdu(0x1579, 0xA0).hex().upper() == "80B0157902" + "00A0"


def test_61xx_is_followed_by_get_response() -> None:
    card = Transcript([(READ_CID, "610D"), ("00C000000D", CID_HEX + "9000")])
    assert ResponseProcessor(card).send(bytes.fromhex(READ_CID), "READ") == b"3100700123451"
    assert card.finished


def test_61xx_chained_twice_is_concatenated() -> None:
    card = Transcript(
        [
            (READ_CID, "6108"),
            ("00C0000008", CID_HEX[:16] + "6105"),
            ("00C0000005", CID_HEX[16:] + "9000"),
        ]
    )
    assert ResponseProcessor(card).send(bytes.fromhex(READ_CID), "READ") == b"3100700123451"


def test_9000_with_data_is_used_as_is() -> None:
    card = Transcript([(READ_CID, CID_HEX + "9000")])
    assert ResponseProcessor(card).send(bytes.fromhex(READ_CID), "READ") == b"3100700123451"


def test_6cxx_resends_with_the_right_length() -> None:
    card = Transcript([("80B0000402000E", "6C0D"), (READ_CID, CID_HEX + "9000")])
    assert ResponseProcessor(card).send(bytes.fromhex("80B0000402000E"), "READ") == b"3100700123451"


@pytest.mark.parametrize("sw", ["6A82", "6B00", "6F00", "6700", "9F10", "0000"])
def test_unknown_status_word_is_a_typed_error_carrying_it(sw: str) -> None:
    card = Transcript([(READ_CID, sw)])
    with pytest.raises(ApduError) as raised:
        ResponseProcessor(card).send(bytes.fromhex(READ_CID), "READ 0004")
    assert raised.value.sw == int(sw, 16)
    assert "READ 0004" in str(raised.value)


def test_endless_61xx_chain_stops_with_an_error() -> None:
    card = Transcript([(READ_CID, "6101")] + [("00C0000001", "006101")] * 16)
    with pytest.raises(ApduError) as raised:
        ResponseProcessor(card).send(bytes.fromhex(READ_CID), "READ")
    assert raised.value.sw == 0x6101


def test_response_without_status_word_is_malformed() -> None:
    card = Transcript([(READ_CID, "90")])
    with pytest.raises(MalformedResponse):
        ResponseProcessor(card).send(bytes.fromhex(READ_CID), "READ")


def test_get_response_p2_fallback_for_3b67_cards() -> None:
    assert get_response_p2(bytes.fromhex("3B67000000")) == 0x01
    assert get_response_p2(bytes.fromhex("3B7996")) == 0x00
    card = Transcript([(READ_CID, "610D"), ("00C000010D", CID_HEX + "9000")], atr=b"\x3b\x67")
    assert ResponseProcessor(card).send(bytes.fromhex(READ_CID), "READ") == b"3100700123451"


@pytest.mark.parametrize("answer", ["610A", "9000"])
def test_select_accepts_610a_and_9000(answer: str) -> None:
    card = Transcript([("00A4040008A000000054480001", answer)])
    CardSession(card)
    assert card.finished


@pytest.mark.parametrize("answer", ["6A82", "6D00", "6E00"])
def test_select_failure_means_not_a_thai_id_card(answer: str) -> None:
    card = Transcript([("00A4040008A000000054480001", answer)])
    with pytest.raises(NotThaiIdCard) as raised:
        CardSession(card)
    assert raised.value.sw == int(answer, 16)


def test_short_read_is_malformed_not_padded() -> None:
    card = Transcript([("00A4040008A000000054480001", "9000"), (READ_CID, CID_HEX[:20] + "9000")])
    session = CardSession(card)
    with pytest.raises(MalformedResponse):
        session.read(Span(0x0004, 13))
