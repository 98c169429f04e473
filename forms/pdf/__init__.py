"""`render_pdf`: a filled form as an A4 PDF to print, with the signed QR on its first page.

Nothing is masked: it is the citizen's own form, handed to the agency on paper.
"""

from __future__ import annotations

from cardreader.text import Bilingual
from cardreader.thaidate import english_date_time, format_date, thai_date_time
from forms.eligibility import HintResult, Outcome
from forms.fill import FilledField, FilledForm
from forms.model import FieldType, Section
from forms.office import Office
from forms.payload import Provenance, SignedPayload
from forms.pdf import attorney, blocks, cells
from forms.pdf.canvas import LIGHT, MARGIN, SECTION_BAR, TOP, FormCanvas, qr_matrix

QR_MIN_SIZE = 38.0
QR_MODULE = 0.70  # mm: a phone or a cheap scanner reads it from a 100 dpi scan of a worn print
# (0.64 mm failed about 2 in 100 signatures blurred at 150 dpi; 0.70 mm none in 100)
GUTTER = 4.0
ROW_GAP = 2.6
HINT_LINE = 6.0

_OUTCOME_TEXT = {
    Outcome.MET: Bilingual("ตรงตามข้อมูลในบัตร", "met, per the card"),
    Outcome.NOT_MET: Bilingual("ไม่ตรงตามข้อมูลในบัตร", "not met, per the card"),
    Outcome.OFFICER_CHECKS: Bilingual("เจ้าหน้าที่ตรวจสอบ", "officer checks"),
}


# The legal basis of "no photocopy" (docs/forms.md cites the sources).
LEGAL_BASIS = Bilingual(
    "ตาม พ.ร.บ.การอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ พ.ศ. 2558 และมติคณะรัฐมนตรี"
    "เมื่อวันที่ 2 ตุลาคม 2561 ที่ให้ยกเลิกการเรียกสำเนาบัตรประจำตัวประชาชน",
    "Under the Licensing Facilitation Act B.E. 2558 (2015) and the cabinet resolution of "
    "2 October 2018 to stop asking citizens for copies of their ID card.",
)


def render_pdf(
    filled: FilledForm,
    provenance: Provenance,
    qr: SignedPayload,
    office: Office | None = None,
) -> bytes:
    """`office`: the receiving office named in the header, when it receives this form."""
    form = filled.form
    if office is not None and not office.applies_to(form.id):
        office = None
    canvas = FormCanvas(
        f"OneCard · {form.id} v{form.version} · {provenance.kiosk_id}", sample=qr.demo
    )
    canvas.set_title(form.title.th)
    canvas.set_creator("OneCard")
    canvas.set_creation_date(provenance.read_at)
    canvas.add_page()
    office_name = office.name if office is not None else form.agency
    _header(canvas, filled, qr, office_name, _addressee(filled, office))
    _statement(canvas, provenance, filled)
    signed = False
    for section in filled.sections:
        if not signed and any(f.type is FieldType.SIGNATURE for f in section.fields):
            blocks.declaration(canvas)
            signed = True
        _section(canvas, section, filled)
    if not signed:
        blocks.declaration(canvas)
    blocks.thumbprint(canvas)
    if form.bring:
        blocks.bring(canvas, form.bring)
    if filled.hints:
        _hints(canvas, filled.hints)
    blocks.officer(canvas)
    blocks.receipt(canvas, form.title, office_name, qr.reference, provenance)
    if filled.proxy is not None:  # a sheet of its own, after the form and its receipt
        attorney.power_of_attorney(canvas, filled.proxy, form.title, office_name, provenance)
    return bytes(canvas.output())


def _addressee(filled: FilledForm, office: Office | None) -> Bilingual:
    if office is not None and office.addressee.th:
        return office.addressee
    if filled.form.addressee is not None:
        return filled.form.addressee
    return Bilingual("หัวหน้าหน่วยงาน", "the head of the office")


def _header(
    canvas: FormCanvas,
    filled: FilledForm,
    qr: SignedPayload,
    office: Bilingual,
    addressee: Bilingual,
) -> None:
    form = filled.form
    matrix = qr_matrix(qr.text)
    module = max(QR_MODULE, QR_MIN_SIZE / len(matrix))
    qr_size = module * len(matrix)
    qr_x = canvas.w - MARGIN - qr_size + module * 2  # the quiet zone may reach into the margin
    canvas.qr_code(qr_x, TOP - 4, matrix, module)
    canvas.style(7, gray=True)
    key_note = f"key {qr.key_id}" + (" · กุญแจทดลอง / DEMO KEY" if qr.ephemeral_key else "")
    below = TOP - 4 + qr_size - module  # three modules of quiet zone stay clear
    canvas.text_at(qr_x, below, qr_size, 3, key_note, align="C")
    canvas.style(10, bold=True)
    reference = f"เลขที่อ้างอิง / Ref. {qr.reference}"
    canvas.text_at(qr_x, below + 3, qr_size, 4.5, reference, align="C")
    text_width = qr_x - MARGIN - GUTTER + module * 4
    if form.code:
        canvas.style(11, bold=True)
        code = f"แบบ {form.code}"
        canvas.set_line_width(0.3)
        canvas.rect(MARGIN, TOP, canvas.get_string_width(code) + 4, 6.5)
        canvas.text_at(MARGIN + 2, TOP, text_width, 6.5, code)
    lines = (
        (office.th, 14, True, False, 7.0),
        (office.en, 10, False, True, 4.8),
        (form.department.th, 11, False, True, 5.5),
        (form.title.th, 18, True, False, 9.0),
        (form.title.en, 12, False, True, 6.0),
    )
    y = TOP + 7.5
    for text, size, bold, gray, height in lines:
        fitted = _fitting_size(canvas, text, text_width - 3, size, bold)
        canvas.style(fitted, bold=bold, gray=gray)
        for line in canvas.wrapped_lines(text, text_width):
            canvas.text_at(MARGIN, y, text_width, height, line, align="C")
            y += height
    y += 1.5
    canvas.style(14, bold=True)
    for line in canvas.wrapped_lines(f"เรียน {addressee.th}", text_width):
        canvas.text_at(MARGIN, y, text_width, 7.0, line)
        y += 7.0
    canvas.style(10, gray=True)
    for line in canvas.wrapped_lines(f"To: {addressee.en}", text_width):
        canvas.text_at(MARGIN, y, text_width, 4.8, line)
        y += 4.8
    canvas.set_y(max(y, below + 8) + 2)


def _fitting_size(
    canvas: FormCanvas, text: str, width: float, size: float, bold: bool, gray: bool = False
) -> float:
    """The largest size down to 70 % at which `text` fits on one line.

    Thai is written without spaces between words, so shrinking beats a break inside a word.
    """
    smallest = size * 0.7
    while size > smallest:
        canvas.style(size, bold=bold, gray=gray)
        if canvas.get_string_width(text) <= width:
            break
        size -= 0.5
    return size


def _statement(canvas: FormCanvas, provenance: Provenance, filled: FilledForm) -> None:
    """The no-photocopy statement: why this form needs no copy of the ID card (nor of the
    representative's, whose chip was read too)."""
    th = (
        "ไม่ต้องใช้สำเนาบัตรประจำตัวประชาชน: ข้อมูลอ่านจากชิปบัตรประชาชนที่ตู้ "
        f"{provenance.kiosk_id} เมื่อ {thai_date_time(provenance.read_at)}"
    )
    en = (
        "No photocopy required: data read from the ID card chip at kiosk "
        f"{provenance.kiosk_id}, {english_date_time(provenance.read_at)}"
    )
    representative = filled.proxy.representative if filled.proxy is not None else None
    if representative is not None:
        th += " และบัตรของผู้รับมอบอำนาจ"
        en += ", and the representative's card"
        if representative.read_at is not None:
            th += f" เมื่อ {thai_date_time(representative.read_at)}"
            en += f", {english_date_time(representative.read_at)}"
    th += f" {LEGAL_BASIS.th}"
    en += f". {LEGAL_BASIS.en}"
    width = canvas.content_width - 4
    canvas.style(12, bold=True)
    th_lines = canvas.wrapped_lines(th, width)
    canvas.style(10, gray=True)
    en_lines = canvas.wrapped_lines(en, width)
    height = len(th_lines) * 6.2 + len(en_lines) * 4.8 + 1.6
    canvas.ensure_room(height)
    y = canvas.get_y()
    canvas.set_fill_color(*LIGHT)
    canvas.rect(MARGIN, y, canvas.content_width, height, "F")
    canvas.style(12, bold=True)
    for line in th_lines:
        canvas.text_at(MARGIN + 2, y + 0.8, width, 6.2, line)
        y += 6.2
    canvas.style(10, gray=True)
    for line in en_lines:
        canvas.text_at(MARGIN + 2, y + 0.6, width, 4.8, line)
        y += 4.8
    canvas.set_y(y + 1.6 + 3)


def _rows(fields: tuple[FilledField, ...]) -> list[list[FilledField]]:
    """Fields packed into rows by their declared width (full, half, third)."""
    rows: list[list[FilledField]] = []
    used = 1.0
    for filled in fields:
        share = filled.field.width.fraction
        if used + share > 1.0 + 1e-6:
            rows.append([])
            used = 0.0
        rows[-1].append(filled)
        used += share
    return rows


def _section(canvas: FormCanvas, section: Section, filled: FilledForm) -> None:
    ids = {field.id for field in section.fields}
    rows = _rows(tuple(f for f in filled.fields if f.field.id in ids))
    unit = canvas.content_width + GUTTER
    first = True
    for row in rows:
        widths = [unit * f.field.width.fraction - GUTTER for f in row]
        sizes = [cells.measure(canvas, f, w) for f, w in zip(row, widths, strict=True)]
        label = max(size.label for size in sizes)
        height = label + max(size.body for size in sizes) + ROW_GAP
        if first:  # keep the section title with its first row
            canvas.ensure_room(SECTION_BAR + 2 + height)
            canvas.section_bar(section.title)
            first = False
        canvas.ensure_room(height)
        x, y = MARGIN, canvas.get_y()
        for f, w in zip(row, widths, strict=True):
            cells.draw(canvas, f, x, y, label, w)
            x += w + GUTTER
        canvas.set_y(y + height)


def _hints(canvas: FormCanvas, hints: tuple[HintResult, ...]) -> None:
    """Eligibility hints for the officer: ticked or crossed from the card, empty to check."""
    canvas.ensure_room(SECTION_BAR + 2 + 2 * HINT_LINE)
    canvas.section_bar(
        Bilingual("ข้อสังเกตด้านคุณสมบัติ (สำหรับเจ้าหน้าที่)", "Eligibility hints (for the officer)"),
    )
    width = canvas.content_width - 7
    for hint in hints:
        lines = 2 if hint.reason is None else 3
        canvas.ensure_room(lines * HINT_LINE)
        y = canvas.get_y()
        canvas.tick_box(
            MARGIN,
            y + 1.2,
            cells.TICK,
            ticked=hint.outcome is Outcome.MET,
            crossed=hint.outcome is Outcome.NOT_MET,
        )
        outcome = _OUTCOME_TEXT[hint.outcome]
        on_th = on_en = ""
        if hint.age_on is not None:
            on_th = f" นับถึง {format_date(hint.age_on, 'th')}"
            on_en = f", counted on {format_date(hint.age_on, 'en')}"
        th = f"{hint.rule.text.th}{on_th} — {outcome.th}"
        canvas.style(_fitting_size(canvas, th, width - 3, 12, False))
        canvas.text_at(MARGIN + 7, y, width, HINT_LINE, th)
        en = f"{hint.rule.text.en}{on_en} — {outcome.en}"
        canvas.style(_fitting_size(canvas, en, width - 3, 9, False, True), gray=True)
        canvas.text_at(MARGIN + 7, y + HINT_LINE - 1, width, 4.5, en)
        if hint.reason is not None:  # why the card cannot answer, e.g. an impossible date
            canvas.style(10, bold=True)
            reason = f"! {hint.reason.th} / {hint.reason.en}"
            canvas.text_at(MARGIN + 7, y + 2 * HINT_LINE - 2.5, width, 4.5, reason)
        canvas.set_y(y + lines * HINT_LINE - 0.5)
