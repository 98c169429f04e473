"""The signed QR payload (CBOR, COSE_Sign1 with Ed25519, zlib, Base45): it round-trips, and any
change, a stranger's key or age rejects it."""

from __future__ import annotations

import datetime as dt
import zlib

import base45
import cbor2
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
from forms.payload import (
    CLAIM_EXP,
    CLAIM_FORM,
    CLAIM_IAT,
    CLAIM_ISS,
    PREFIX,
    payload_data,
    reference_number,
    seal,
)
from tests.forms.conftest import READ_AT, TODAY

ISSUED = READ_AT
BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


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
    assert verified.reference == signed.reference
    assert verified.representative is None


def test_the_text_is_base45_after_the_prefix_so_the_qr_uses_its_alphanumeric_mode(
    signed: SignedPayload,
) -> None:
    assert signed.text.startswith(PREFIX)
    assert set(signed.text) <= set(BASE45)


def _cose(text: str) -> cbor2.CBORTag:
    item = cbor2.loads(zlib.decompress(base45.b45decode(text[len(PREFIX) :])))
    assert isinstance(item, cbor2.CBORTag)
    return item


def test_the_payload_is_a_cose_sign1_with_eddsa_and_the_key_id_in_the_signed_header(
    signed: SignedPayload, kiosk_key: SigningKey
) -> None:
    cose = _cose(signed.text)
    assert cose.tag == 18
    protected, _, payload, signature = cose.value
    assert cbor2.loads(protected) == {1: -8, 4: bytes.fromhex(kiosk_key.key_id)}
    claims = cbor2.loads(payload)
    assert claims[CLAIM_ISS] == "KIOSK-RB-03"
    assert claims[CLAIM_EXP] - claims[CLAIM_IAT] == 30 * 24 * 3600
    assert claims[CLAIM_FORM]["f"] == "farmer-registration"
    assert len(signature) == 64
    assert signed.reference == reference_number(signature)
    assert not signed.ephemeral_key


def test_thai_text_travels_as_tis620_and_the_rest_as_text(signed: SignedPayload) -> None:
    data = cbor2.loads(_cose(signed.text).value[2])[CLAIM_FORM]["d"]
    assert data["name"] == "นายวิชัย ธนากร รุ่งเรืองศรีสวัสดิ์".encode("tis_620")
    assert data["cid"] == "3700100456781"


def test_the_age_is_left_out_when_the_birth_date_travels(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    filled = fill(shipped_forms["elderly-allowance"], demo_card_data("thongdee"), today=TODAY)
    assert "age" in filled.data() and "age" not in payload_data(filled)
    assert payload_data(filled)["birth_date"] == filled.data()["birth_date"]


def test_the_reference_number_is_short_and_differs_between_payloads(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey, signed: SignedPayload
) -> None:
    filled = fill(shipped_forms["farmer-registration"], demo_card_data("malee"), today=TODAY)
    other = make_qr_payload(filled, Provenance("KIOSK-RB-03", READ_AT), kiosk_key, now=ISSUED)
    assert len(signed.reference) == 9 and signed.reference[4] == "-"
    assert other.reference != signed.reference


def test_a_representatives_data_is_signed_beside_the_citizens(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    filled = fill(shipped_forms["elderly-allowance"], demo_card_data("thongdee"), today=TODAY)
    proxy = {"cid": "1101700230708", "name": "นางสาวมาลี ใจดี"}
    signed = make_qr_payload(
        filled, Provenance("K", READ_AT), kiosk_key, now=ISSUED, representative=proxy
    )
    verified = verify_payload(signed.text, [kiosk_key.private_key.public_key()], now=ISSUED)
    assert verified.representative == proxy
    assert verified.data["cid"] != proxy["cid"]


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


@given(position=st.integers(min_value=0), replacement=st.sampled_from(BASE45))
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


def _resealed_with_old_signature(text: str, change: dict[str, str]) -> str:
    """What a forger does: change the data, keep the signature, re-encode it all."""
    cose = _cose(text)
    protected, unprotected, payload, signature = cose.value
    claims = dict(cbor2.loads(payload))
    form = dict(claims[CLAIM_FORM])
    form["d"] = {**form["d"], **change}
    claims[CLAIM_FORM] = form
    forged = cbor2.dumps(
        cbor2.CBORTag(18, [protected, dict(unprotected), cbor2.dumps(claims), signature])
    )
    return PREFIX + base45.b45encode(zlib.compress(forged)).decode("ascii")


def test_changed_data_under_the_old_signature_is_reported_as_tampered(
    signed: SignedPayload, kiosk_key: SigningKey
) -> None:
    forged = _resealed_with_old_signature(signed.text, {"cid": "1101700230708"})
    with pytest.raises(PayloadRejected) as caught:
        verify_payload(forged, [kiosk_key.private_key.public_key()], now=ISSUED)
    assert caught.value.reason is Rejection.TAMPERED
    assert "แก้ไข" in caught.value.what.th and "changed after it was signed" in caught.value.what.en


def test_a_changed_character_that_breaks_the_zlib_checksum_is_reported_as_tampered(
    signed: SignedPayload, kiosk_key: SigningKey
) -> None:
    text = signed.text
    index = len(text) - 10
    changed = text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1 :]
    with pytest.raises(PayloadRejected) as caught:
        verify_payload(changed, [kiosk_key.private_key.public_key()], now=ISSUED)
    assert caught.value.reason in (Rejection.TAMPERED, Rejection.MALFORMED)


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


@pytest.mark.parametrize(
    "text", ["", "hello", "OC1.a.b", "OC2.a.b.c", "OC2:", "OC2:ABC", "OC2:a lower case", "OC2:::"]
)
def test_garbage_is_malformed(text: str, kiosk_key: SigningKey) -> None:
    with pytest.raises(PayloadRejected) as caught:
        verify_payload(text, [kiosk_key.private_key.public_key()])
    assert caught.value.reason in (Rejection.MALFORMED, Rejection.UNKNOWN_KEY)


@pytest.mark.parametrize(
    "claims",
    [{}, {1: "K"}, {1: 5, 4: 1, 6: 1, -65537: {}}, "not a map"],
    ids=["empty", "no-form", "wrong-types", "not-a-map"],
)
def test_a_signed_but_unreadable_body_is_malformed(kiosk_key: SigningKey, claims: object) -> None:
    text, _ = seal(claims if isinstance(claims, dict) else {0: claims}, kiosk_key)
    with pytest.raises(PayloadRejected) as caught:
        verify_payload(text, [kiosk_key.private_key.public_key()])
    assert caught.value.reason is Rejection.MALFORMED


def test_bytes_after_the_zlib_stream_are_refused(
    signed: SignedPayload, kiosk_key: SigningKey
) -> None:
    raw = base45.b45decode(signed.text[len(PREFIX) :]) + b"\x00"
    longer = PREFIX + base45.b45encode(raw).decode("ascii")
    with pytest.raises(PayloadRejected):
        verify_payload(longer, [kiosk_key.private_key.public_key()], now=ISSUED)


def test_a_thai_value_that_is_not_tis620_is_malformed(kiosk_key: SigningKey) -> None:
    now = int(ISSUED.timestamp())
    form = {"f": "x", "v": 1, "r": now, "d": {"name": b"\xff\xfe"}}
    text, _ = seal({1: "K", 4: now + 60, 6: now, -65537: form}, kiosk_key)
    with pytest.raises(PayloadRejected) as caught:
        verify_payload(text, [kiosk_key.private_key.public_key()], now=ISSUED)
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
