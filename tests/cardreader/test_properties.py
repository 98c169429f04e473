"""Property tests: whatever a card answers, the reader never crashes and never returns a value
that differs from the card's bytes without saying so."""

from __future__ import annotations

import contextlib
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardreader import layout
from cardreader.apdu import split_response
from cardreader.emulator import chip_image, load_profile
from cardreader.errors import CardError
from cardreader.model import CardData
from cardreader.reader import read_card
from tests.cardreader.chips import read_image

BASE_IMAGE = chip_image(load_profile("wichai"))
TEXT_CODEC = "cp874"


class RandomCard:
    """Answers every APDU with whatever hypothesis draws."""

    def __init__(self, answers: list[bytes], atr: bytes) -> None:
        self._answers = iter(answers)
        self.atr = atr

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        return split_response(next(self._answers, b"\x6f\x00"))


status_words = st.sampled_from([b"\x90\x00", b"\x61\xff", b"\x61\x0a", b"\x6c\x05", b"\x6a\x82"])
answers = st.lists(
    st.one_of(
        st.binary(max_size=300), st.tuples(st.binary(max_size=260), status_words).map(b"".join)
    ),
    max_size=60,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(answers, st.binary(min_size=2, max_size=12))
def test_random_card_answers_only_ever_raise_card_errors(replies: list[bytes], atr: bytes) -> None:
    with contextlib.suppress(CardError):
        read_card(RandomCard(replies, atr), photo=True)


def text_of(image: bytes, field: layout.Field) -> str:
    return image[field.offset : field.end].rstrip(b" \x00").decode(TEXT_CODEC, "replace").strip()


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def assert_faithful(card: CardData, image: bytes) -> None:
    """Every text value equals what the bytes say, unless a warning names the field; no text
    holds a control character."""
    texts = _texts(card.to_json())
    assert not [text for text in texts if any(unicodedata.category(ch) == "Cc" for ch in text)]
    flagged = {name for warning in card.warnings for name in warning.fields}
    expected = {
        "issuing_office": card.issuing_office,
        "request_number": card.request_number,
        "issuer_code": card.issuer_code,
        "photo_number": card.photo_number,
        "card_type": card.card_type,
        "address": card.address.raw,
    }
    for name, value in expected.items():
        if name not in flagged:
            assert value == text_of(image, getattr(layout, name.upper())), name
    names = {"name_th": card.name_th, "name_en": card.name_en}
    for name, value in names.items():
        if name not in flagged:
            parts = (value.prefix, value.first, value.middle, value.last)
            assert "#".join(parts) == "#".join(
                part.strip() for part in text_of(image, getattr(layout, name.upper())).split("#")
            ), name
    assert card.sex.value == image[layout.SEX.offset : layout.SEX.end].decode("ascii")
    assert (
        card.issue_date.to_card()
        == image[layout.ISSUE_DATE.offset : layout.ISSUE_DATE.end].decode()
    )
    assert card.cid == image[layout.CID.offset : layout.CID.end].decode("ascii")
    assert (
        card.birth_date.to_card()
        == image[layout.BIRTH_DATE.offset : layout.BIRTH_DATE.end].decode()
    )
    assert (
        card.expiry_date.to_card()
        == image[layout.EXPIRY_DATE.offset : layout.EXPIRY_DATE.end].decode()
    )


@settings(max_examples=300)
@given(
    st.lists(
        st.tuples(st.integers(0, layout.PHOTO.offset - 1), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    ),
    st.lists(
        st.tuples(st.integers(layout.ADDRESS.offset, layout.IMAGE_SIZE - 1), st.integers(0, 255)),
        max_size=4,
    ),
)
def test_corrupted_chip_is_an_error_or_faithfully_flagged(
    text_changes: list[tuple[int, int]], address_changes: list[tuple[int, int]]
) -> None:
    image = bytearray(BASE_IMAGE)
    for position, value in text_changes + address_changes:
        image[position] = value
    try:
        card = read_image(bytes(image))
    except CardError:
        return
    assert_faithful(card, bytes(image))
