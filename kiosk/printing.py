"""Printing through CUPS: the PDF goes to `lp` on standard input, so it never touches disk."""

from __future__ import annotations

import shutil
import subprocess

from cardreader.text import Bilingual
from kiosk.errors import UserFacingError

PRINT_TIMEOUT = 30.0
LPSTAT_TIMEOUT = 10.0


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


def lpstat(*args: str) -> subprocess.CompletedProcess[str]:
    """CUPS's `lpstat`, in the C locale; a CUPS that does not answer is a failed run."""
    try:
        return subprocess.run(
            ["lpstat", *args],
            capture_output=True,
            text=True,
            timeout=LPSTAT_TIMEOUT,
            check=False,
            env={"LC_ALL": "C", "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"},
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(["lpstat", *args], 1, "", "CUPS did not answer")
    except OSError as error:
        return subprocess.CompletedProcess(["lpstat", *args], 1, "", str(error))


def default_queue() -> str:
    """The system default queue from `lpstat -d`; empty when there is none."""
    prefix = "system default destination:"
    for line in lpstat("-d").stdout.splitlines():
        if line.startswith(prefix):
            return line.removeprefix(prefix).strip()
    return ""


def printer_ready(queue: str) -> bool:
    """The CUPS queue (or the default one) exists and is not disabled (`lpstat -p`)."""
    if shutil.which("lpstat") is None:
        return False
    queue = queue or default_queue()
    if not queue:
        return False
    answer = lpstat("-p", queue)
    return answer.returncode == 0 and " disabled" not in answer.stdout
