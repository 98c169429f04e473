"""A form filed by a representative: two chips, no copies. Both people travel in the signed QR
(the applicant under "d", the representative under "p"), the PDF names both on the form's
representative section and on the power of attorney, and one person's data never lands in the
other's place."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pdfplumber
import pytest

from cardreader.cid import format_cid
from cardreader.emulator import demo_card_data
from forms import FilledForm, FormDefinition, SigningKey, fill, produce, verify_payload
from forms.proxy import REPRESENTATIVE_FIELD_IDS, SamePerson
from tests.forms.conftest import ARTIFACTS, KIOSK, READ_AT, TODAY

REP_READ_AT = READ_AT + dt.timedelta(minutes=2)
ANSWERS = {"phone": "0812345678", "rep_relation": "บุตร", "rep_phone": "0898765432"}


def _text(pdf: bytes) -> list[str]:
    """Each page's characters in stream order, NFKC (ำ is written as its two parts)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            unicodedata.normalize("NFKC", "".join(char["text"] for char in page.chars))
            for page in document.pages
        ]


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@pytest.fixture
def proxy_form(shipped_forms: dict[str, FormDefinition]) -> FilledForm:
    applicant, representative = demo_card_data("thongdee"), demo_card_data("somchai")
    return fill(
        shipped_forms["elderly-allowance"],
        applicant,
        ANSWERS,
        today=TODAY,
        representative=representative,
        read_at=READ_AT,
        representative_read_at=REP_READ_AT,
    )


def test_a_proxy_form_carries_both_people_in_the_signed_qr(
    proxy_form: FilledForm, kiosk_key: SigningKey
) -> None:
    applicant, representative = demo_card_data("thongdee"), demo_card_data("somchai")
    output = produce(proxy_form, KIOSK, kiosk_key, read_at=READ_AT)
    verified = verify_payload(output.qr.text, [kiosk_key.private_key.public_key()])
    assert verified.data["cid"] == applicant.cid
    assert verified.data["first_name"] == applicant.name_th.first
    assert verified.representative is not None
    assert verified.representative["rep_cid"] == representative.cid
    assert verified.representative["rep_name"] == representative.name_th.thai_display()
    assert verified.representative["rep_address"] == representative.address.one_line()
    assert verified.representative["rep_relation"] == "บุตร"
    assert verified.representative["rep_phone"] == "0898765432"
    # Neither person in the other's place.
    assert not REPRESENTATIVE_FIELD_IDS & set(verified.data)
    assert representative.cid not in verified.data.values()
    assert applicant.cid not in verified.representative.values()


def test_the_pdf_names_both_people_and_holds_the_power_of_attorney(
    proxy_form: FilledForm, kiosk_key: SigningKey
) -> None:
    applicant, representative = demo_card_data("thongdee"), demo_card_data("somchai")
    output = produce(proxy_form, KIOSK, kiosk_key, read_at=READ_AT)
    pages = _text(output.pdf)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "proxy-elderly-allowance.pdf").write_bytes(output.pdf)
    whole = "\n".join(pages)
    attorney = pages[-1]
    assert _nfkc("หนังสือมอบอำนาจ") in attorney and "Power of attorney" in attorney
    for person in (applicant, representative):
        assert person.name_th.thai_display() in attorney
        assert format_cid(person.cid) in attorney
    assert representative.name_th.thai_display() in "\n".join(pages[:-1])  # its section
    assert _nfkc("ผู้มอบอำนาจ") in attorney and _nfkc("ผู้รับมอบอำนาจ") in attorney
    assert attorney.count("พยาน") >= 2  # two witnesses
    assert _nfkc("เรื่องที่มอบอำนาจ: แบบคำขอลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ") in attorney
    assert _nfkc("ผู้ยื่นคำขอแทน (ผู้รับมอบอำนาจ)") in whole  # the representative's section
    assert _nfkc("และบัตรของผู้รับมอบอำนาจ") in pages[0]  # both chips named in the statement
    assert _nfkc("ใบรับคำขอ") in whole  # the receipt is still there


def test_the_representative_section_is_filled_from_the_second_chip(proxy_form: FilledForm) -> None:
    representative = demo_card_data("somchai")
    assert proxy_form.field("rep_cid").value == representative.cid
    name = proxy_form.field("rep_name")
    assert name.display == representative.name_th.thai_display()
    assert proxy_form.field("cid").value == demo_card_data("thongdee").cid


def test_the_same_card_twice_is_refused(shipped_forms: dict[str, FormDefinition]) -> None:
    card = demo_card_data("thongdee")
    with pytest.raises(SamePerson):
        fill(shipped_forms["elderly-allowance"], card, representative=card)


def test_a_form_without_a_representative_has_no_proxy_parts(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    filled = fill(shipped_forms["elderly-allowance"], demo_card_data("thongdee"), today=TODAY)
    assert filled.proxy is None and filled.representative_data() == {}
    assert not {f.field.id for f in filled.fields} & REPRESENTATIVE_FIELD_IDS
    output = produce(filled, KIOSK, kiosk_key, read_at=READ_AT)
    verified = verify_payload(output.qr.text, [kiosk_key.private_key.public_key()])
    assert verified.representative is None
    text = "\n".join(_text(output.pdf))
    assert "Power of attorney" not in text and _nfkc("เรื่องที่มอบอำนาจ") not in text
