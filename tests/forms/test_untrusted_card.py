"""Forms from crafted chips: no control character and no forged line reaches a filled form, its
PDF or its signed QR; an impossible date is never taken as valid; a card without an address
leaves the address to be filled by hand."""

from __future__ import annotations

import io
import unicodedata

import pdfplumber
import pytest

from cardreader.model import CardData
from forms import FilledForm, FormDefinition, Origin, Outcome, SigningKey, fill, produce
from forms.model import RuleKind
from forms.payload import verify_payload
from tests.cardreader.chips import (
    FAKE_ID_LINE,
    empty_address_image,
    forged_text_image,
    impossible_dates_image,
    read_image,
)
from tests.forms.conftest import KIOSK, READ_AT, TODAY


def _controls(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) == "Cc"]


def _pdf_lines(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [line for page in document.pages for line in (page.extract_text() or "").split("\n")]


def _pdf_chars(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "".join(char["text"] for page in document.pages for char in page.chars)


def _signed_data(filled: FilledForm, key: SigningKey) -> tuple[bytes, dict[str, str]]:
    output = produce(filled, KIOSK, key, read_at=READ_AT)
    verified = verify_payload(output.qr.text, [key.private_key.public_key()], now=READ_AT)
    return output.pdf, dict(verified.data)


@pytest.fixture(scope="module")
def forged() -> CardData:
    return read_image(forged_text_image())


def test_a_forged_chip_reaches_no_form_pdf_or_qr_with_a_control_character(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey, forged: CardData
) -> None:
    for form in shipped_forms.values():
        filled = fill(form, forged, today=TODAY)
        for result in filled.fields:
            assert not _controls(result.value + result.display), (form.id, result.field.id)
        pdf, data = _signed_data(filled, kiosk_key)
        assert not [value for value in data.values() if _controls(value)], form.id
        assert not _controls(_pdf_chars(pdf)), form.id
        assert FAKE_ID_LINE not in [line.strip() for line in _pdf_lines(pdf)], form.id
        if "first_name" in data:
            assert data["first_name"] == "สมชาย\ufffdเลขประจำตัวประชาชน: 1-1017-00230-70-8"
            assert data["cid"] == forged.cid  # the forged ID is no ID: part of a name
            note = filled.field("first_name").note
            assert note is not None and "Unusual characters on the card" in note.en
            assert "Unusual characters on the card" in " ".join(_pdf_lines(pdf))


def test_a_rule_on_an_impossible_date_is_for_the_officer_never_met(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    card = read_image(impossible_dates_image())
    checked = 0
    for form in shipped_forms.values():
        filled = fill(form, card, today=TODAY)
        for hint in filled.hints:
            assert hint.outcome is not Outcome.MET, (form.id, hint.rule.kind)
            if hint.rule.kind is not RuleKind.OFFICER_CHECK:
                assert hint.outcome is Outcome.OFFICER_CHECKS
                assert hint.reason is not None and hint.reason.th and hint.reason.en
                checked += 1
        if any(field.source == "birth_date" for field in form.fields):
            born = filled.field(next(f.id for f in form.fields if f.source == "birth_date"))
            assert born.display.startswith("1 มกราคม 2600")  # as on the chip
            assert born.note is not None and "เจ้าหน้าที่ตรวจสอบ" in born.note.th
            assert "officer checks" in born.note.en
        for field in form.fields:
            if field.source == "age":
                assert filled.field(field.id).origin is Origin.BY_HAND
                assert filled.field(field.id).value == ""
        pdf, data = _signed_data(filled, kiosk_key)
        if any(field.source == "birth_date" for field in form.fields):
            assert "Impossible date on the card" in " ".join(_pdf_lines(pdf)), form.id
        assert not [field.id for field in form.fields if field.source == "age"] & data.keys()
    assert checked  # the shipped forms have age and card-validity rules


def test_the_same_rules_are_met_from_a_sound_card(
    shipped_forms: dict[str, FormDefinition],
) -> None:
    filled = fill(shipped_forms["elderly-allowance"], read_image(_sound_elder()), today=TODAY)
    assert [hint.outcome for hint in filled.hints[:2]] == [Outcome.MET, Outcome.MET]
    assert all(hint.reason is None for hint in filled.hints)


def _sound_elder() -> bytes:
    from cardreader.emulator import chip_image, load_profile

    return chip_image(load_profile("thongdee"))


def test_an_empty_address_is_to_be_filled_by_hand_not_dashes(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    card = read_image(empty_address_image())
    for form in shipped_forms.values():
        filled = fill(form, card, today=TODAY)
        address = [f for f in filled.fields if f.field.source.startswith("address.")]
        for result in address:
            assert result.origin is Origin.BY_HAND, (form.id, result.field.id)
            assert result.display == "" and result.display != "–"
            assert result.note is not None
            assert (result.note.th, result.note.en) == ("ให้กรอกด้วยลายมือ", "to be filled by hand")
        pdf, data = _signed_data(filled, kiosk_key)
        assert not {result.field.id for result in address} & data.keys()
        if address:
            text = "".join(_pdf_lines(pdf))
            assert "to be filled by hand" in text, form.id
            assert "–" not in text, form.id


def test_the_printed_hints_say_why_the_officer_checks_an_impossible_date(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    card = read_image(impossible_dates_image())
    filled = fill(shipped_forms["elderly-allowance"], card, today=TODAY)
    pdf, _ = _signed_data(filled, kiosk_key)
    text = unicodedata.normalize("NFKC", _pdf_chars(pdf))
    assert "the date on the card looks impossible" in text
    assert unicodedata.normalize("NFKC", "วันที่ในบัตรผิดปกติ") in text
