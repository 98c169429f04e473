"""Every card-layer error reaches people as one bilingual message with a next step."""

from __future__ import annotations

import pytest

from cardreader import errors as card
from kiosk.errors import UserFacingError, card_error_message, internal_error, user_error_for

CASES = [
    card.ServiceUnavailable("x", 0x8010001D),
    card.NoReader("x"),
    card.ReaderGone("x"),
    card.NoCard("x"),
    card.CardRemoved("x"),
    card.UnresponsiveCard("x"),
    card.NotThaiIdCard(0x6A82),
    card.CardDataError("birth_date", "bad"),
    card.ApduError(0x6F00, "READ 0004"),
    card.MalformedResponse("x"),
]


@pytest.mark.parametrize("error", CASES, ids=lambda e: type(e).__name__)
def test_each_card_error_has_thai_and_english_and_an_action(error: card.CardError) -> None:
    message = card_error_message(error)
    for text in (message.what.th, message.action.th):
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in text)
    assert message.what.en and message.action.en
    assert user_error_for(error) is not None


def test_messages_are_specific() -> None:
    texts = {card_error_message(error).what.en for error in CASES[:8]}
    assert len(texts) == 8


def test_references_carry_status_words_and_fields() -> None:
    assert card_error_message(card.ApduError(0x6F00, "READ")).reference == "SW 6F00"
    assert card_error_message(card.CardDataError("sex", "x")).reference == "field sex"
    assert card_error_message(card.NoCard("x", 0x8010000C)).reference == "PC/SC 8010000C"


def test_unexpected_errors_get_a_generic_message() -> None:
    assert user_error_for(ValueError("x")) is None
    assert isinstance(internal_error(ValueError("x")), UserFacingError)


def test_unexpected_errors_are_logged_without_their_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging

    from kiosk.errors import log_unexpected

    personal = "นายสมชาย ใจดี 3100700123451"
    try:
        raise ValueError(personal)
    except ValueError as error:
        log_unexpected(logging.getLogger("test"), error, "a test")
    assert "ValueError" in caplog.text
    assert "สมชาย" not in caplog.text and "3100700123451" not in caplog.text
