"""The printed form: real PDFs, their text read back with pdfplumber, their first page rendered
with pdftoppm and the QR decoded from the image with zbar, then verified.

The first page of each form is kept under artifacts/forms/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import io
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from fpdf import FPDF
from PIL import Image
from pyzbar import pyzbar

from assets import font_path
from cardreader.emulator import demo_card_data, list_profiles
from cardreader.text import Bilingual
from forms import (
    FilledForm,
    FormDefinition,
    Provenance,
    SigningKey,
    fill,
    make_qr_payload,
    render_pdf,
    verify_payload,
)
from forms.model import FieldType
from forms.office import ReceivingOffice
from forms.payload import payload_data
from forms.pdf.canvas import FONT, FormCanvas
from forms.validation import Answer
from tests.forms.conftest import ARTIFACTS, KIOSK, READ_AT, TODAY

RENDER_DPI = 200

# One citizen per form, with some answers, so the kept pages show ticks, notes and long text.
SHOWCASE: dict[str, tuple[str, dict[str, Answer]]] = {
    "elderly-allowance": (
        "thongdee",
        {"phone": "0812345678", "marital_status": "married", "payment_method": "promptpay_cid"},
    ),
    "disability-allowance": ("boonmee", {"disability_type": "moving", "payment_method": "cash"}),
    "farmer-registration": (
        "wichai",
        {"request_type": "update", "household_role": "head", "main_crop": "rice", "own_land": True},
    ),
    "state-welfare-card": ("malee", {"occupation": "trader", "annual_income": "84000"}),
    "unemployment-registration": (
        "somchai",
        {"employer": "บริษัท สยามการช่าง จำกัด", "reason": "dismissed", "monthly_wage": 15000},
    ),
}


def _render(filled: FilledForm, key: SigningKey) -> tuple[bytes, str]:
    provenance = Provenance(KIOSK, READ_AT)
    qr = make_qr_payload(filled, provenance, key, now=READ_AT)
    return render_pdf(filled, provenance, qr), qr.text


def _stream_text(pdf: bytes) -> list[str]:
    """Each page's characters in the order the PDF holds them (its logical reading order).

    pdfplumber's `extract_text` re-sorts characters by position, which puts a Thai tone mark
    that HarfBuzz nudged right after the next consonant; the stream order is what a reader
    copying the text gets. ำ comes out as its NFKC parts (see FormCanvas.normalize_text).
    """
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return ["".join(char["text"] for char in page.chars) for page in document.pages]


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _first_page_png(pdf: bytes, directory: Path) -> Path:
    source = directory / "form.pdf"
    source.write_bytes(pdf)
    prefix = directory / "page"
    command = ["pdftoppm", "-r", str(RENDER_DPI), "-f", "1", "-l", "1", "-singlefile", "-png"]
    subprocess.run([*command, str(source), str(prefix)], check=True, timeout=60)
    return prefix.with_suffix(".png")


@pytest.mark.parametrize("profile", list_profiles())
def test_every_form_renders_for_every_citizen(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey, profile: str
) -> None:
    card = demo_card_data(profile)
    for form in shipped_forms.values():
        pdf, _ = _render(fill(form, card, today=TODAY), kiosk_key)
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize(
    ("profile", "name"),
    [("thongdee", "นายทองดี ปุ๋ยงาม"), ("wichai", "นายวิชัย ธนากร รุ่งเรืองศรีสวัสดิ์")],
)
def test_thai_names_keep_their_marks_in_the_pdf_text(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey, profile: str, name: str
) -> None:
    for form in shipped_forms.values():
        pdf, _ = _render(fill(form, demo_card_data(profile), today=TODAY), kiosk_key)
        text = "\n".join(_stream_text(pdf))
        assert f"( {name} )" in text, form.id  # under the signature box
        for part in name.split()[1:]:
            assert part in text, (form.id, part)
        assert "(cid:" not in text


def test_the_page_says_no_photocopy_is_needed_and_is_numbered(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    filled = fill(shipped_forms["elderly-allowance"], demo_card_data("somchai"), today=TODAY)
    pdf, _ = _render(filled, kiosk_key)
    pages = _stream_text(pdf)
    assert _nfkc("ไม่ต้องใช้สำเนาบัตรประจำตัวประชาชน") in pages[0]
    assert "(cid:" not in "".join(pages)  # every glyph maps back to text
    assert f"ชิปบัตรประชาชนที่ตู้ {KIOSK} เมื่อ" in pages[0]  # the line may wrap here
    assert "5 มีนาคม 2569 เวลา 14:32 น." in pages[0]
    assert (
        "No photocopy required: data read from the ID card chip at kiosk "
        f"{KIOSK}, 2026-03-05 14:32 ICT" in pages[0]
    )
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in page
    assert "3-1007-00123-45-1" in pages[0]  # the citizen's own form: nothing masked


def test_values_are_set_in_sarabun_16_pt(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    filled = fill(shipped_forms["farmer-registration"], demo_card_data("somchai"), today=TODAY)
    pdf, _ = _render(filled, kiosk_key)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = document.pages[0].chars
    fonts = {char["fontname"].split("+")[-1] for char in chars}
    assert fonts <= {"Sarabun", "SarabunBold"}
    name_chars = [char for char in chars if char["text"] == "ส"]
    assert any(round(char["size"]) == 16 for char in name_chars)


@pytest.mark.parametrize("form_id", sorted(SHOWCASE))
def test_the_qr_on_the_first_page_decodes_and_verifies(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey, form_id: str, tmp_path: Path
) -> None:
    profile, answers = SHOWCASE[form_id]
    filled = fill(shipped_forms[form_id], demo_card_data(profile), answers, today=TODAY)
    assert filled.problems == ()
    pdf, payload = _render(filled, kiosk_key)
    png = _first_page_png(pdf, tmp_path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{form_id}.png").write_bytes(png.read_bytes())

    with Image.open(png) as image:
        decoded = pyzbar.decode(image, symbols=[pyzbar.ZBarSymbol.QRCODE])
    assert len(decoded) == 1
    text = decoded[0].data.decode("ascii")
    assert text == payload
    verified = verify_payload(text, [kiosk_key.private_key.public_key()], now=READ_AT)
    assert verified.form_id == form_id
    assert dict(verified.data) == payload_data(filled)


def test_a_sample_data_form_says_so_on_every_page(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    filled = fill(shipped_forms["farmer-registration"], demo_card_data("wichai"), today=TODAY)
    provenance = Provenance(KIOSK, READ_AT, demo=True)
    qr = make_qr_payload(filled, provenance, kiosk_key, now=READ_AT)
    pages = _stream_text(render_pdf(filled, provenance, qr))
    assert len(pages) >= 1
    for page in pages:
        assert "SAMPLE DATA" in page and _nfkc("ข้อมูลตัวอย่าง ไม่ใช่ข้อมูลจริง") in _nfkc(page)


def test_a_real_kiosks_form_has_no_sample_band(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    filled = fill(shipped_forms["farmer-registration"], demo_card_data("wichai"), today=TODAY)
    pdf, _ = _render(filled, kiosk_key)
    assert all("SAMPLE DATA" not in page for page in _stream_text(pdf))


OFFICE = ReceivingOffice(
    Bilingual("เทศบาลตำบลหน้าเมือง", "Na Mueang Subdistrict Municipality"),
    Bilingual("นายกเทศมนตรีตำบลหน้าเมือง", "the Mayor of Na Mueang"),
    forms=("elderly-allowance",),
)


def _text_of(filled: FilledForm, key: SigningKey, office: ReceivingOffice | None) -> str:
    provenance = Provenance(KIOSK, READ_AT)
    qr = make_qr_payload(filled, provenance, key, now=READ_AT)
    return _nfkc("\n".join(_stream_text(render_pdf(filled, provenance, qr, office))))


def test_the_header_names_the_configured_office_and_its_addressee(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    filled = fill(shipped_forms["elderly-allowance"], demo_card_data("thongdee"), today=TODAY)
    text = _text_of(filled, kiosk_key, OFFICE)
    assert _nfkc("เทศบาลตำบลหน้าเมือง") in text and "Na Mueang Subdistrict Municipality" in text
    assert _nfkc("เรียน นายกเทศมนตรีตำบลหน้าเมือง") in text
    assert "To: the Mayor of Na Mueang" in text
    assert _nfkc("องค์กรปกครองส่วนท้องถิ่น (เทศบาล") not in text  # not the generic office


def test_without_an_office_or_for_a_form_it_does_not_receive_the_form_names_its_own(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    card = demo_card_data("thongdee")
    farmer = _text_of(
        fill(shipped_forms["farmer-registration"], card, today=TODAY), kiosk_key, OFFICE
    )
    assert _nfkc("สำนักงานเกษตรอำเภอ") in farmer and _nfkc("เรียน เกษตรอำเภอ") in farmer
    assert _nfkc("หน้าเมือง") not in farmer
    elderly = _text_of(fill(shipped_forms["elderly-allowance"], card, today=TODAY), kiosk_key, None)
    assert _nfkc("องค์กรปกครองส่วนท้องถิ่น (เทศบาล") in elderly
    assert _nfkc("เรียน นายกเทศมนตรี / นายกองค์การบริหารส่วนตำบล") in elderly


@pytest.mark.parametrize("form_id", sorted(SHOWCASE))
def test_every_form_has_the_declaration_thumbprint_officer_section_and_receipt(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey, form_id: str
) -> None:
    filled = fill(shipped_forms[form_id], demo_card_data("wichai"), today=TODAY)
    provenance = Provenance(KIOSK, READ_AT)
    qr = make_qr_payload(filled, provenance, kiosk_key, now=READ_AT)
    pages = [_nfkc(page) for page in _stream_text(render_pdf(filled, provenance, qr, OFFICE))]
    text = "\n".join(pages)
    declaration = _nfkc("ข้าพเจ้าขอรับรองว่าข้อความข้างต้นเป็นความจริงทุกประการ")
    assert declaration in text
    signature = next(f for f in shipped_forms[form_id].fields if f.type is FieldType.SIGNATURE)
    assert text.index(declaration) < text.index(_nfkc(signature.label.th))  # above the signature
    assert _nfkc("ลายพิมพ์นิ้วมือ") in text and "Witness 1" in text and "Witness 2" in text
    assert _nfkc("สำหรับเจ้าหน้าที่ผู้รับคำขอ") in text and "Date received" in text
    assert "Decision" in text
    receipt = pages[-1][pages[-1].index(_nfkc("ใบรับคำขอ")) :]
    assert f"Ref. {qr.reference}" in receipt  # on the tear-off part of the last page
    assert f"Ref. {qr.reference}" in pages[0]  # and beside the QR
    assert _nfkc(shipped_forms[form_id].title.th) in receipt


def test_the_no_photocopy_statement_cites_its_legal_basis(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    filled = fill(shipped_forms["disability-allowance"], demo_card_data("boonmee"), today=TODAY)
    text = _text_of(filled, kiosk_key, None).replace("\n", "")
    assert _nfkc("พ.ร.บ.การอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ พ.ศ. 2558") in text
    assert _nfkc("มติคณะรัฐมนตรีเมื่อวันที่ 2 ตุลาคม 2561") in text
    assert "Licensing Facilitation Act B.E. 2558" in text


def test_the_page_lists_what_to_bring_that_the_chip_cannot_prove(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    filled = fill(shipped_forms["disability-allowance"], demo_card_data("boonmee"), today=TODAY)
    text = _text_of(filled, kiosk_key, None)
    assert _nfkc("เอกสารที่ต้องนำมาด้วย") in text
    assert _nfkc("บัตรประจำตัวคนพิการที่ยังไม่หมดอายุ") in text
    assert "The first page of the bank book" in text


def test_the_elderly_age_hint_names_the_day_the_age_is_counted_on(
    shipped_forms: dict[str, FormDefinition], kiosk_key: SigningKey
) -> None:
    filled = fill(shipped_forms["elderly-allowance"], demo_card_data("thongdee"), today=TODAY)
    text = _text_of(filled, kiosk_key, None)
    assert _nfkc("นับถึง 1 กันยายน 2569") in text and "counted on 1 September 2026" in text


NAME = "นายวิชัย ธนากร รุ่งเรืองศรีสวัสดิ์ ผู้ใหญ่บ้าน ปุ๋ยงาม"  # stacked marks
DATE_LINE = "วันที่ / Date ........ / ........ / ........ 1-2345-67890-12-1"
SHAPED_LINES = (  # (size, bold, text): the same text in other sizes and weights
    (16, False, NAME),
    (12, False, NAME),
    (16, True, NAME),
    (10, False, DATE_LINE),
    (14, True, DATE_LINE),
    (14, True, "ข้าพเจ้าขอรับรองว่าข้อความข้างต้นเป็นความจริงทุกประการ"),
)


def _drawn_chars(pdf: bytes) -> list[tuple[str, str, float, float, float]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            (
                c["text"],
                c["fontname"].split("+")[-1],
                round(c["size"], 2),
                round(c["x0"], 2),
                round(c["top"], 2),
            )
            for c in document.pages[0].chars
            if c["top"] < 200 * 72 / 25.4  # points: above FormCanvas's footer
        ]


def test_remembered_shaping_draws_what_fpdf2_draws() -> None:
    """FormCanvas remembers shaped text across renders: drawn again (from memory) and drawn by
    plain fpdf2 with the same fonts, every character has the same font, size and place."""

    def drawn(pdf: FPDF, style: Callable[[float, bool], None]) -> list[Any]:
        pdf.add_page()
        for index, (size, bold, text) in enumerate(SHAPED_LINES):
            style(size, bold)
            pdf.set_xy(20, 40 + 12 * index)
            pdf.cell(170, 8, text)
        return _drawn_chars(bytes(pdf.output()))

    def canvas() -> list[Any]:
        page = FormCanvas("footer")
        return drawn(page, lambda size, bold: page.style(size, bold=bold))

    plain = FPDF(unit="mm", format="A4")
    plain.add_font(FONT, "", str(font_path("Sarabun-Regular.ttf")))
    plain.add_font(FONT, "B", str(font_path("Sarabun-Bold.ttf")))
    plain.set_text_shaping(True)
    expected = drawn(plain, lambda size, bold: plain.set_font(FONT, "B" if bold else "", size))
    assert len(expected) > 150
    first, again = canvas(), canvas()
    assert first == expected
    assert again == expected
