"""The power of attorney (หนังสือมอบอำนาจ), on its own page of a form filed by a representative:
both people's names, citizen IDs and addresses from their chips, what is delegated (filing
this form), where and when, the two signature lines and two witnesses."""

from __future__ import annotations

from cardreader.cid import format_cid
from cardreader.text import Bilingual
from cardreader.thaidate import BANGKOK, english_date_time, format_date, thai_date_time
from forms.payload import Provenance
from forms.pdf.blocks import DOTS, EN_LINE, LINE
from forms.pdf.canvas import LIGHT, MARGIN, FormCanvas
from forms.proxy import Party, PowerOfAttorney

TITLE = Bilingual("หนังสือมอบอำนาจ", "Power of attorney")
BY_HAND = "(ไม่มีที่อยู่ในบัตร เขียนด้วยลายมือ) " + DOTS
BY_HAND_EN = "(no address on the card: write it by hand)"
RESPONSIBLE = Bilingual(
    "ข้าพเจ้าขอรับผิดชอบในการที่ผู้รับมอบอำนาจได้กระทำไปตามที่มอบอำนาจนี้ "
    "เสมือนหนึ่งว่าข้าพเจ้าได้กระทำด้วยตนเองทุกประการ",
    "I am answerable for what the representative does under this power as if I had done it myself.",
)


def _read_line(party: Party, role: Bilingual, kiosk_id: str) -> Bilingual:
    if party.read_at is None:
        return Bilingual(f"{role.th}: อ่านจากชิปบัตร", f"{role.en}: read from the chip")
    return Bilingual(
        f"{role.th}: อ่านจากชิปบัตรที่ตู้ {kiosk_id} เมื่อ {thai_date_time(party.read_at)}",
        f"{role.en}: chip read at kiosk {kiosk_id}, {english_date_time(party.read_at)}",
    )


CANNOT_SIGN = Bilingual(
    "ผู้มอบอำนาจที่ลงลายมือชื่อไม่ได้ ให้พิมพ์ลายนิ้วหัวแม่มือซ้ายในช่องบนหน้าแบบคำขอ และมีพยานลงชื่อ 2 คน",
    "An applicant who cannot sign presses the left thumb in the box on the form; two witnesses "
    "sign.",
)
APPLICANT = Bilingual("ผู้มอบอำนาจ", "Applicant (grantor)")
REPRESENTATIVE = Bilingual("ผู้รับมอบอำนาจ", "Representative (attorney)")


def power_of_attorney(
    canvas: FormCanvas,
    proxy: PowerOfAttorney,
    delegated: Bilingual,
    place: Bilingual,
    provenance: Provenance,
) -> None:
    """On a new page: `delegated` is the form's title, `place` where it is written (the
    receiving office), the date is the day the applicant's chip was read."""
    canvas.add_page()
    width = canvas.content_width
    y = canvas.get_y()
    canvas.style(20, bold=True)
    canvas.text_at(MARGIN, y, width, 9, TITLE.th, align="C")
    canvas.style(12, gray=True)
    canvas.text_at(MARGIN, y + 9, width, 5.5, TITLE.en, align="C")
    y += 17
    when = (proxy.applicant.read_at or provenance.read_at).astimezone(BANGKOK)
    for text in (
        f"เขียนที่ {place.th}",
        f"วันที่ {format_date(when.date(), 'th')}",
    ):
        canvas.style(14)
        for line in canvas.wrapped_lines(text, width / 2):
            canvas.text_at(MARGIN + width / 2, y, width / 2, LINE, line)
            y += LINE
    canvas.style(10, gray=True)
    english = f"Written at {place.en}, {format_date(when.date(), 'en')}"
    for line in canvas.wrapped_lines(english, width / 2):
        canvas.text_at(MARGIN + width / 2, y, width / 2, EN_LINE, line)
        y += EN_LINE
    y += 3
    applicant, representative = proxy.applicant, proxy.representative
    thai = (
        f"ข้าพเจ้า {applicant.name} เลขประจำตัวประชาชน {format_cid(applicant.cid)} "
        f"อยู่บ้านเลขที่ {applicant.address or BY_HAND} "
        f"ขอมอบอำนาจให้ {representative.name} เลขประจำตัวประชาชน "
        f"{format_cid(representative.cid)} อยู่บ้านเลขที่ {representative.address or BY_HAND} "
        f"เป็นผู้มีอำนาจยื่น{delegated.th} และดำเนินการที่เกี่ยวข้องกับคำขอนี้แทนข้าพเจ้าจนเสร็จการ "
        f"{RESPONSIBLE.th}"
    )
    english = (
        f"I, {applicant.name_en}, citizen ID {format_cid(applicant.cid)}, living at "
        f"{applicant.address or BY_HAND_EN}, give {representative.name_en}, citizen ID "
        f"{format_cid(representative.cid)}, living at "
        f"{representative.address or BY_HAND_EN}, the power to file this "
        f'"{delegated.en}" and to do what it needs on my behalf. {RESPONSIBLE.en}'
    )
    canvas.style(15)
    for line in canvas.wrapped_lines(thai, width):
        canvas.text_at(MARGIN, y, width, 7.4, line)
        y += 7.4
    y += 1
    canvas.style(10, gray=True)
    for line in canvas.wrapped_lines(english, width):
        canvas.text_at(MARGIN, y, width, EN_LINE, line)
        y += EN_LINE
    y += 3
    # What is delegated, on its own line, so nobody reads it as a general power.
    canvas.set_fill_color(*LIGHT)
    canvas.rect(MARGIN, y, width, LINE + EN_LINE + 2, "F")
    canvas.style(14, bold=True)
    canvas.text_at(MARGIN + 2, y + 0.8, width - 4, LINE, f"เรื่องที่มอบอำนาจ: {delegated.th}")
    canvas.style(10, gray=True)
    canvas.text_at(
        MARGIN + 2, y + LINE + 0.2, width - 4, EN_LINE, f"Delegated: filing {delegated.en}"
    )
    y += LINE + EN_LINE + 5
    parties = ((applicant, APPLICANT), (representative, REPRESENTATIVE))
    for party, role in parties:
        read = _read_line(party, role, provenance.kiosk_id)
        canvas.style(11)
        canvas.text_at(MARGIN, y, width, 5.5, read.th)
        canvas.style(9, gray=True)
        canvas.text_at(MARGIN, y + 5, width, 4, read.en)
        y += 10
    y += 6
    half = width / 2
    for index, (party, role) in enumerate(parties):
        x = MARGIN + index * half
        canvas.style(14)
        canvas.text_at(x, y, half - 4, LINE, f"ลงชื่อ {DOTS[:30]} {role.th}")
        canvas.text_at(x, y + LINE + 1, half - 4, LINE, f"( {party.name} )")
        canvas.style(10, gray=True)
        canvas.text_at(x, y + 2 * LINE + 1, half - 4, EN_LINE, f"{role.en}: {party.name_en}")
    y += 2 * LINE + EN_LINE + 8
    for index in range(2):
        x = MARGIN + index * half
        canvas.style(14)
        canvas.text_at(x, y, half - 4, LINE, f"ลงชื่อ {DOTS[:30]} พยาน")
        canvas.text_at(x, y + LINE + 1, half - 4, LINE, f"( {DOTS[:30]} )")
        canvas.style(10, gray=True)
        canvas.text_at(x, y + 2 * LINE + 1, half - 4, EN_LINE, f"Witness {index + 1}")
    y += 2 * LINE + EN_LINE + 6
    canvas.style(12)
    for line in canvas.wrapped_lines(CANNOT_SIGN.th, width):
        canvas.text_at(MARGIN, y, width, 6, line)
        y += 6
    canvas.style(10, gray=True)
    canvas.text_at(MARGIN, y, width, EN_LINE, CANNOT_SIGN.en)
    canvas.set_y(y + EN_LINE + 2)
