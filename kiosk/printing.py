"""Printing through CUPS: the PDF goes to `lp` on standard input, so it never touches disk."""

from __future__ import annotations

import shutil
import subprocess

from cardreader.text import Bilingual
from kiosk.errors import UserFacingError

PRINT_TIMEOUT = 30.0


def print_failed(detail: str) -> UserFacingError:
    return UserFacingError(
        Bilingual("พิมพ์เอกสารไม่สำเร็จ", "The form could not be printed."),
        Bilingual(
            "กรุณาแจ้งเจ้าหน้าที่ หรือใช้ QR บนหน้าจอแทน",
            "Please tell a staff member, or use the QR code on the screen instead.",
        ),
        reference=detail,
        retryable=True,
    )


def print_pdf(pdf: bytes, printer: str = "") -> str:
    """Send `pdf` to `printer` (the CUPS default when empty); returns lp's job line."""
    lp = shutil.which("lp")
    if lp is None:
        raise print_failed("lp not installed")
    command = [lp, *(["-d", printer] if printer else []), "-t", "OneCard form", "-"]
    try:
        result = subprocess.run(
            command, input=pdf, capture_output=True, timeout=PRINT_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise print_failed("lp timed out") from None
    if result.returncode != 0:
        raise print_failed(result.stderr.decode("utf-8", "replace").strip()[:120] or "lp failed")
    return result.stdout.decode("utf-8", "replace").strip()


def test_page() -> bytes:
    """A one-line page for the administrator's test print."""
    from fpdf import FPDF

    page = FPDF()
    page.add_page()
    page.set_font("helvetica", size=24)
    page.cell(text="OneCard test print")
    return bytes(page.output())
