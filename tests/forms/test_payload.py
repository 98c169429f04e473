"""The signed QR payload: it round-trips, and any change, a stranger's key or age rejects it."""

from __future__ import annotations

import base64
import datetime as dt
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardreader.emulator import demo_card_data
from forms import (
    FormDefinition,
    PayloadRejected,
    Provenance,
    Rejection,
    SignedPayload,
    SigningKey,
    ephemeral_key,
    fill,
    make_qr_payload,
    verify_payload,
)
from tests.forms.conftest import READ_AT, TODAY

ISSUED = READ_AT
BASE64URL = string.ascii_letters + string.digits + "-_"


@pytest.fixture(scope="module")
def signed(shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey) -> SignedPayload:
    answers = {"phone": "0812345678", "main_crop": "rice", "area_rai": "12.5"}
    filled = fill(
        shipped_forms["farmer-registration"], demo_card_data("wichai"), answers, today=TODAY
    )
    return make_qr_payload(filled, Provenance("KIOSK-RB-03", READ_AT), kiosk_key, now=ISSUED)


def test_a_payload_verifies_and_carries_the_filled_data(
    signed: SignedPayload, kiosk_key: SigningKey
) -> None:
    verified = verify_payload(signed.text, [kiosk_key.private_key.public_key()], now=ISSUED)
    assert verified.form_id == "farmer-registration"
    assert verified.kiosk_id == "KIOSK-RB-03"
    assert verified.key_id == kiosk_key.key_id == signed.key_id
    assert verified.read_at == READ_AT
    assert verified.expires_at == ISSUED + dt.timedelta(days=30)
    assert verified.data["name"] == "นายวิชัย ธนากร รุ่งเรืองศรีสวัสดิ์"
    assert verified.data["cid"] == "3700100456781"
    assert verified.data["area_rai"] == "12.5"
    assert "signature" not in verified.data
    assert signed.text.isascii() and " " not in signed.text


def test_the_key_id_travels_in_clear(signed: SignedPayload, kiosk_key: SigningKey) -> None:
    assert signed.text.split(".")[:2] == ["OC1", kiosk_key.key_id]
    assert not signed.ephemeral_key


def test_every_one_character_change_is_rejected(
    signed: SignedPayload, kiosk_key: SigningKey
) -> None:
    keys = [kiosk_key.private_key.public_key()]
    text = signed.text
    for index, char in enumerate(text):
        replacement = "A" if char != "A" else "B"
        changed = text[:index] + replacement + text[index + 1 :]
        with pytest.raises(PayloadRejected) as caught:
            verify_payload(changed, keys, now=ISSUED)
        assert caught.value.reason is not None


@given(position=st.integers(min_value=0), replacement=st.sampled_from(BASE64URL + "."))
def test_any_change_of_a_byte_is_rejected(
    signed: SignedPayload, kiosk_key: SigningKey, position: int, replacement: str
) -> None:
    text = signed.text
    index = position % len(text)
    if text[index] == replacement:
        return
    changed = text[:index] + replacement + text[index + 1 :]
    with pytest.raises(PayloadRejected):
        verify_payload(changed, [kiosk_key.private_key.public_key()], now=ISSUED)


def test_a_changed_body_is_reported_as_tampered(
    signed: SignedPayload, kiosk_key: SigningKey
) -> None:
    prefix, key, body, signature = signed.text.split(".")
    flipped = body[:10] + ("A" if body[10] != "A" else "B") + body[11:]
    with pytest.raises(PayloadRejected) as caught:
        verify_payload(
            f"{prefix}.{key}.{flipped}.{signature}", [kiosk_key.private_key.public_key()]
        )
    assert caught.value.reason is Rejection.TAMPERED
    assert "แก้ไข" in caught.value.what.th and "changed after it was signed" in caught.value.what.en


def test_an_unregistered_key_is_rejected(signed: SignedPayload) -> None:
    stranger = ephemeral_key().private_key.public_key()
    with pytest.raises(PayloadRejected) as caught:
        verify_payload(signed.text, [stranger], now=ISSUED)
    assert caught.value.reason is Rejection.UNKNOWN_KEY
    assert "ไม่ได้ลงทะเบียน" in caught.value.what.th and "not registered" in caught.value.what.en


def test_the_right_key_is_picked_among_several(
    signed: SignedPayload, kiosk_key: SigningKey
) -> None:
    keys = [ephemeral_key().private_key.public_key(), kiosk_key.private_key.public_key()]
    assert verify_payload(signed.text, keys, now=ISSUED).form_id == "farmer-registration"


def test_an_expired_payload_is_rejected(signed: SignedPayload, kiosk_key: SigningKey) -> None:
    keys = [kiosk_key.private_key.public_key()]
    verify_payload(signed.text, keys, now=signed.expires_at)
    with pytest.raises(PayloadRejected) as caught:
        verify_payload(signed.text, keys, now=signed.expires_at + dt.timedelta(seconds=1))
    assert caught.value.reason is Rejection.EXPIRED
    assert "หมดอายุ" in caught.value.what.th and "expired" in caught.value.what.en


@pytest.mark.parametrize("text", ["", "hello", "OC1.a.b", "OC2.a.b.c", "OC1.x.y.z.w"])
def test_garbage_is_malformed(text: str, kiosk_key: SigningKey) -> None:
    with pytest.raises(PayloadRejected) as caught:
        verify_payload(text, [kiosk_key.private_key.public_key()])
    assert caught.value.reason in (Rejection.MALFORMED, Rejection.UNKNOWN_KEY)


def test_a_signed_but_unreadable_body_is_malformed(kiosk_key: SigningKey) -> None:
    signed_part = f"OC1.{kiosk_key.key_id}.bm90LWRlZmxhdGU"
    signature = kiosk_key.sign(signed_part.encode("ascii"))
    text = f"{signed_part}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"
    with pytest.raises(PayloadRejected) as caught:
        verify_payload(text, [kiosk_key.private_key.public_key()])
    assert caught.value.reason is Rejection.MALFORMED


def test_a_real_kiosks_payload_is_not_marked_as_sample_data(
    signed: SignedPayload, kiosk_key: SigningKey
) -> None:
    verified = verify_payload(signed.text, [kiosk_key.private_key.public_key()], now=ISSUED)
    assert not signed.demo and not verified.demo


@pytest.mark.parametrize("marked_by", ["provenance", "demo key"])
def test_sample_data_is_marked_in_the_signed_payload_and_the_verifier_reports_it(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey, marked_by: str
) -> None:
    key = ephemeral_key() if marked_by == "demo key" else kiosk_key
    filled = fill(shipped_forms["elderly-allowance"], demo_card_data("thongdee"), today=TODAY)
    provenance = Provenance("KIOSK-RB-03", READ_AT, demo=marked_by == "provenance")
    signed = make_qr_payload(filled, provenance, key, now=ISSUED)
    verified = verify_payload(signed.text, [key.private_key.public_key()], now=ISSUED)
    assert signed.demo and verified.demo
