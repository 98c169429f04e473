"""The parts of the paper an officer expects around the filled fields: the declaration above
the signature, a thumbprint box with two witnesses, what to bring, the receiving officer's
section and the citizen's tear-off receipt with the form's reference number."""

from __future__ import annotations

from cardreader.text import Bilingual
from cardreader.thaidate import english_date_time, thai_date_time
from forms.payload import Provenance
from forms.pdf.canvas import GRAY, MARGIN, SECTION_BAR, FormCanvas

LINE = 6.6
EN_LINE = 4.6
THUMB = 30.0
RECEIPT_HEIGHT = 50.0
DOTS = "." * 44
DATE_DOTS = "...... / ...... / ......"

DECLARATION = Bilingual(
    "ข้าพเจ้าขอรับรองว่าข้อความข้างต้นเป็นความจริงทุกประการ",
    "I certify that everything stated above is true.",
)


def _pair(canvas: FormCanvas, x: float, y: float, width: float, text: Bilingual) -> float:
    """Thai at 14 pt with the English under it at 10 pt; returns the height used."""
    canvas.style(14)
    canvas.text_at(x, y, width, LINE, text.th)
    canvas.style(10, gray=True)
    canvas.text_at(x, y + LINE - 0.8, width, EN_LINE, text.en)
    return LINE + EN_LINE


def declaration(canvas: FormCanvas) -> None:
    """The applicant's declaration, printed just above the signature."""
    canvas.ensure_room(LINE + EN_LINE + 3 + 40)
    y = canvas.get_y() + 1
    canvas.style(14, bold=True)
    canvas.text_at(MARGIN, y, canvas.content_width, LINE, DECLARATION.th)
    canvas.style(10, gray=True)
    canvas.text_at(MARGIN, y + LINE - 0.8, canvas.content_width, EN_LINE, DECLARATION.en)
    canvas.set_y(y + LINE + EN_LINE + 1)


def thumbprint(canvas: FormCanvas) -> None:
    """For a person who cannot sign: a left-thumbprint box and two witnesses' signatures."""
    canvas.ensure_room(THUMB + LINE + EN_LINE + 6)
    y = canvas.get_y() + 1
    width = canvas.content_width
    _pair(
        canvas,
        MARGIN,
        y,
        width,
        Bilingual(
            "กรณีลงลายมือชื่อไม่ได้ ให้พิมพ์ลายนิ้วหัวแม่มือซ้าย และมีพยานลงชื่อ 2 คน",
            "If you cannot sign: press your left thumb in the box; two witnesses sign.",
        ),
    )
    top = y + LINE + EN_LINE + 1
    canvas.set_line_width(0.3)
    canvas.rect(MARGIN, top, THUMB, THUMB)
    canvas.style(9, gray=True)
    canvas.text_at(MARGIN, top + THUMB - 8, THUMB, 4, "ลายพิมพ์นิ้วมือ", align="C")
    canvas.text_at(MARGIN, top + THUMB - 4.5, THUMB, 4, "Thumbprint", align="C")
    left = MARGIN + THUMB + 6
    column = (width - THUMB - 6) / 2
    for index in range(2):
        x = left + index * column
        canvas.style(13)
        canvas.text_at(x, top + 6, column - 2, LINE, f"ลงชื่อ {DOTS[:30]} พยาน")
        canvas.text_at(x, top + 6 + LINE + 1, column - 2, LINE, f"( {DOTS[:30]} )")
        canvas.style(9, gray=True)
        canvas.text_at(x, top + 6 + 2 * LINE + 1, column - 2, 4, f"Witness {index + 1}")
    canvas.set_y(top + THUMB + 3)


def bring(canvas: FormCanvas, items: tuple[Bilingual, ...]) -> None:
    """What the citizen still brings, because the chip cannot prove it."""
    canvas.ensure_room(SECTION_BAR + 3 + (LINE + EN_LINE))
    canvas.section_bar(
        Bilingual(
            "เอกสารที่ต้องนำมาด้วย (ข้อมูลที่ชิปบัตรยืนยันไม่ได้)",
            "Also bring (what the ID card chip cannot prove)",
        ),
    )
    for item in items:
        canvas.ensure_room(LINE + EN_LINE)
        y = canvas.get_y()
        canvas.tick_box(MARGIN, y + 1.2, 4.2)
        canvas.set_y(y + _pair(canvas, MARGIN + 7, y, canvas.content_width - 7, item))


def officer(canvas: FormCanvas) -> None:
    """For the receiving officer: who received it, when, and the decision."""
    height = SECTION_BAR + 3 + 4 * (LINE + EN_LINE) + 4
    canvas.ensure_room(height)
    canvas.section_bar(Bilingual("สำหรับเจ้าหน้าที่ผู้รับคำขอ", "For the receiving officer"))
    width = canvas.content_width
    half = width / 2
    y = canvas.get_y()
    _pair(canvas, MARGIN, y, half, Bilingual(f"ผู้รับคำขอ {DOTS[:28]}", "Received by"))
    _pair(canvas, MARGIN + half, y, half, Bilingual(f"ตำแหน่ง {DOTS[:30]}", "Position"))
    y += LINE + EN_LINE
    _pair(canvas, MARGIN, y, half, Bilingual(f"วันที่รับ {DATE_DOTS}", "Date received"))
    _pair(canvas, MARGIN + half, y, half, Bilingual(f"เลขรับ {DOTS[:30]}", "Register no."))
    y += LINE + EN_LINE
    canvas.style(14, bold=True)
    canvas.text_at(MARGIN, y, width, LINE, "ผลการพิจารณา")
    offset = canvas.get_string_width("ผลการพิจารณา") + 2
    canvas.style(10, gray=True)
    canvas.text_at(MARGIN + offset, y + 0.6, width, LINE, "Decision")
    y += LINE
    decisions = (
        Bilingual("รับคำขอ เอกสารครบ", "accepted, complete"),
        Bilingual("ขอเอกสารเพิ่ม", "more documents needed"),
        Bilingual("ไม่มีสิทธิ์ เพราะ ..........", "not eligible, because"),
    )
    column = width / 3
    for index, decision in enumerate(decisions):
        x = MARGIN + index * column
        canvas.tick_box(x, y + 1.2, 4.2)
        _pair(canvas, x + 6, y, column - 6, decision)
    y += LINE + EN_LINE + 1
    signature = Bilingual(f"ลงชื่อ {DOTS[:36]} เจ้าหน้าที่", "Officer's signature")
    _pair(canvas, MARGIN + half, y, half, signature)
    canvas.set_y(y + LINE + EN_LINE + 2)


def receipt(
    canvas: FormCanvas,
    title: Bilingual,
    office: Bilingual,
    reference: str,
    provenance: Provenance,
) -> None:
    """The citizen's receipt at the foot of the last page, under a line to cut along."""
    bottom = canvas.page_break_trigger
    if canvas.get_y() + RECEIPT_HEIGHT + 8 > bottom:
        canvas.add_page()
    y = bottom - RECEIPT_HEIGHT
    width = canvas.content_width
    canvas.dotted_line(MARGIN, y - 3, MARGIN + width)
    canvas.style(8, gray=True)
    canvas.text_at(MARGIN, y - 6.5, width, 3, "ตัดตามรอยประ / Cut here", align="R")
    canvas.set_draw_color(*GRAY)
    canvas.set_line_width(0.3)
    canvas.rect(MARGIN, y, width, RECEIPT_HEIGHT - 2)
    canvas.set_draw_color(0, 0, 0)
    x = MARGIN + 3
    inner = width - 6
    canvas.style(14, bold=True)
    canvas.text_at(x, y + 1, inner, LINE, "ใบรับคำขอ (สำหรับผู้ยื่นคำขอเก็บไว้)")
    canvas.style(10, gray=True)
    canvas.text_at(x, y + LINE, inner, EN_LINE, "Receipt: the applicant keeps this part")
    canvas.style(16, bold=True)
    canvas.text_at(x, y + 1, inner, LINE + 2, f"เลขที่อ้างอิง / Ref. {reference}", align="R")
    canvas.style(13)
    row = y + LINE + EN_LINE + 1.5
    canvas.text_at(x, row, inner, LINE, title.th)
    canvas.text_at(x, row + LINE, inner, LINE, f"ยื่นที่ {office.th}")
    canvas.style(10, gray=True)
    canvas.text_at(x, row + 2 * LINE, inner, EN_LINE, f"{title.en} · filed at {office.en}")
    read = f"อ่านบัตรที่ตู้ {provenance.kiosk_id} เมื่อ {thai_date_time(provenance.read_at)}"
    canvas.text_at(x, row + 2 * LINE + EN_LINE, inner, EN_LINE, read)
    canvas.text_at(
        x,
        row + 2 * LINE + 2 * EN_LINE,
        inner,
        EN_LINE,
        f"Chip read at kiosk {provenance.kiosk_id}, {english_date_time(provenance.read_at)}",
    )
    canvas.style(13)
    signed = f"ผู้รับคำขอ {DOTS[:26]}  วันที่ {DATE_DOTS}"
    canvas.text_at(x, row + 2 * LINE + 3 * EN_LINE + 1, inner, LINE, signed, align="R")
