"""The QR as a phone or a cheap scanner sees a worn printout: every form, filled from every demo
citizen and from hand-built chips with the longest and oddest data, decodes with zbarimg from a
100 dpi render of the first page, and from a 150 dpi render blurred and saved as a JPEG at
quality 40 (the disability form with the longest health-insurance right the chip can hold, and
forms filed by a representative, both people in the one QR);
what it decodes to verifies."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from cardreader.emulator import demo_card_data, list_profiles
from cardreader.model import CardData
from cardreader.text import Bilingual
from forms import (
    FormDefinition,
    Provenance,
    SigningKey,
    fill,
    make_qr_payload,
    render_pdf,
    verify_payload,
)
from forms.pdf import QR_MODULE
from forms.records import HEALTH_INSURANCE_RIGHT, Record
from tests.cardreader.chips import (
    empty_address_image,
    forged_text_image,
    impossible_dates_image,
    patched_image,
    read_image,
    thai,
)
from tests.forms.conftest import READ_AT, TODAY

LONG_KIOSK = "nakhonpathom-dla-kiosk-03"  # as long as the example config's
ANSWERS = {
    "phone": "0812345678",
    "payment_method": "own_account",
    "bank_name": "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร",
    "bank_account": "020012345678",
    "main_crop": "rice",
    "carer_name": "นางสาวประภัสสรวรรณวิไลลักษณ์ เกษมสุขสวัสดิ์มงคล",
    "employer": "บริษัท สยามการช่างอุตสาหกรรมและวิศวกรรมโยธา จำกัด (มหาชน)",
}
# The chip's copy of the health-insurance right at its longest (main right 60 bytes, main
# hospital 80), as the disability form prints it when the API's resource is down.
LONGEST_RIGHT = Record.from_chip(
    f"{'(UCS) สิทธิหลักประกันสุขภาพแห่งชาติ':ก<60} · {'โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านหนองบัวแดง':ข<80}",
    "2024-01-05",
    Bilingual("ข้อมูลจากบัตร อาจไม่ใช่ข้อมูลล่าสุด", "From the card, may be out of date"),
)
BLUR_RADIUS = 1.0  # pixels at 150 dpi: about 0.17 mm of smear, a tired laser printer
JPEG_QUALITY = 40


def longest_chip() -> CardData:
    """Every text field at its full length on the chip: 100-byte names, a 160-byte address."""
    name_th = "นางสาว#ประภัสสรวรรณวิไลลักษณ์#เกษมสุขสวัสดิ์มงคล#ศรีสุวรรณภูมิพัฒนาวงศ์ตระกูลรุ่งเรืองยิ่งยวดดีมากมา"
    name_en = (
        b"Miss#Praphatsonwanwilailak#Kasemsuksawatmongkhon"
        b"#Srisuwannaphumiphatthanawongtrakunrungruangyingyaya"
    )
    address = (
        "1234/5678#หมู่ที่ 12#ตรอกวัดโพธิ์ทองพัฒนารามวรวิหาร#ซอยเทศบาลสามัคคีพัฒนาร่วมใจ 145"
        "#ถนนเพชรเกษมสายเก่าฝั่งตะวันตก#ตำบลหน้าเมือง#อำเภอเมืองราชบุรี#จังหวัดราชบุรี"
    )
    assert len(thai(name_th)) == len(name_en) == 100 and len(thai(address)) == 160
    return read_image(
        patched_image("wichai", name_th=thai(name_th), name_en=name_en, address=thai(address))
    )


CRAFTED = {
    "longest": longest_chip,
    "forged-text": lambda: read_image(forged_text_image()),
    "impossible-dates": lambda: read_image(impossible_dates_image()),
    "empty-address": lambda: read_image(empty_address_image()),
}
CITIZENS = [*list_profiles(), *CRAFTED]


def card_of(citizen: str) -> CardData:
    return CRAFTED[citizen]() if citizen in CRAFTED else demo_card_data(citizen)


def first_page(pdf: bytes, directory: Path, dpi: int) -> Path:
    source = directory / "form.pdf"
    source.write_bytes(pdf)
    prefix = directory / f"page-{dpi}"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-png", "-gray",
         str(source), str(prefix)],
        check=True,
        timeout=60,
    )  # fmt: skip
    return prefix.with_suffix(".png")


def worn(png: Path) -> Path:
    """The page blurred and saved as a rough JPEG, as a phone photo of a tired print."""
    target = png.with_suffix(".jpg")
    with Image.open(png) as image:
        blurred = image.convert("L").filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
        blurred.save(target, "JPEG", quality=JPEG_QUALITY)
    return target


def zbarimg(image: Path) -> str:
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(image)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.stdout.strip()


@pytest.mark.parametrize("citizen", CITIZENS)
def test_every_forms_qr_decodes_at_100_dpi_and_after_blur_and_jpeg(
    shipped_forms: dict[str, FormDefinition],
    kiosk_key: SigningKey,
    citizen: str,
    tmp_path: Path,
) -> None:
    card = card_of(citizen)
    public = [kiosk_key.private_key.public_key()]
    for form in shipped_forms.values():
        records = {HEALTH_INSURANCE_RIGHT: LONGEST_RIGHT}
        filled = fill(form, card, ANSWERS, today=TODAY, records=records)
        provenance = Provenance(LONG_KIOSK, READ_AT)
        qr = make_qr_payload(filled, provenance, kiosk_key, now=READ_AT)
        pdf = render_pdf(filled, provenance, qr)
        plain = zbarimg(first_page(pdf, tmp_path, 100))
        assert plain == qr.text, (form.id, "100 dpi")
        rough = zbarimg(worn(first_page(pdf, tmp_path, 150)))
        assert rough == qr.text, (form.id, "150 dpi, blur and JPEG")
        assert verify_payload(rough, public, now=READ_AT).form_id == form.id


def test_the_modules_are_at_least_0_6_mm() -> None:
    assert QR_MODULE >= 0.6


@pytest.mark.parametrize("representative", ["somchai", "longest"])
def test_a_proxy_forms_qr_with_both_people_decodes_worn(
    shipped_forms: dict[str, FormDefinition],
    kiosk_key: SigningKey,
    representative: str,
    tmp_path: Path,
) -> None:
    """The largest payloads: the longest chip applying through a representative (or the longest
    chip representing a demo citizen), both people signed into the one QR."""
    applicant = card_of("somchai" if representative == "longest" else "longest")
    proxy = card_of(representative)
    public = [kiosk_key.private_key.public_key()]
    answers = {**ANSWERS, "rep_relation": "บุตรสาวคนโตที่ดูแลอยู่ประจำ", "rep_phone": "0898765432"}
    records = {HEALTH_INSURANCE_RIGHT: LONGEST_RIGHT}
    for form in shipped_forms.values():
        filled = fill(form, applicant, answers, today=TODAY, representative=proxy, records=records)
        provenance = Provenance(LONG_KIOSK, READ_AT)
        qr = make_qr_payload(filled, provenance, kiosk_key, now=READ_AT)
        pdf = render_pdf(filled, provenance, qr)
        assert zbarimg(first_page(pdf, tmp_path, 100)) == qr.text, (form.id, "100 dpi")
        rough = zbarimg(worn(first_page(pdf, tmp_path, 150)))
        assert rough == qr.text, (form.id, "150 dpi, blur and JPEG")
        verified = verify_payload(rough, public, now=READ_AT)
        assert verified.representative is not None and verified.representative["rep_cid"]
