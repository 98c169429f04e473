"""`onecard form fill FORM --demo A --representative-demo B` as a separate process: the form
carries both people, `form verify` shows the representative with IDs masked, and the same
citizen twice or a mixed source is one bilingual line."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pdfplumber
import pytest

from cardreader.cid import format_cid, mask_cid
from cardreader.emulator import load_profile
from tests.forms.test_cli import _qr_text
from tests.support.cli import run_onecard


@pytest.fixture(scope="module")
def key_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    private = tmp_path_factory.mktemp("keys") / "kiosk.key"
    assert run_onecard("keys", "generate", str(private)).returncode == 0
    return private, private.with_suffix(".pub")


def test_fill_with_a_demo_representative_signs_and_prints_both(
    key_pair: tuple[Path, Path], tmp_path: Path
) -> None:
    private, public = key_pair
    pdf = tmp_path / "proxy.pdf"
    result = run_onecard(
        "form", "fill", "elderly-allowance", "--demo", "thongdee",
        "--representative-demo", "somchai", "--pdf", str(pdf), "--key", str(private),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "filed by a representative" in result.stdout
    applicant, representative = load_profile("thongdee"), load_profile("somchai")
    with pdfplumber.open(pdf) as document:
        text = unicodedata.normalize(
            "NFKC", "".join(char["text"] for page in document.pages for char in page.chars)
        )
    assert unicodedata.normalize("NFKC", "หนังสือมอบอำนาจ") in text
    assert format_cid(applicant.cid) in text and format_cid(representative.cid) in text

    payload = _qr_text(pdf)
    verified = run_onecard("form", "verify", payload, "--pubkey", str(public), "--json")
    assert verified.returncode == 0, verified.stderr
    data = json.loads(verified.stdout)
    assert data["data"]["cid"] == mask_cid(applicant.cid)
    assert data["representative"]["rep_cid"] == mask_cid(representative.cid)
    shown = run_onecard("form", "verify", payload, "--pubkey", str(public))
    assert "representative:" in shown.stdout and mask_cid(representative.cid) in shown.stdout
    assert representative.cid not in shown.stdout


def test_the_same_citizen_as_both_is_one_bilingual_line(tmp_path: Path) -> None:
    result = run_onecard(
        "form", "fill", "elderly-allowance", "--demo", "malee",
        "--representative-demo", "malee", "--pdf", str(tmp_path / "x.pdf"),
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "ใบเดียวกับ" in result.stderr and "applicant's own card" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_representative_card_needs_a_card_read(tmp_path: Path) -> None:
    result = run_onecard(
        "form", "fill", "elderly-allowance", "--demo", "malee",
        "--representative-card", "--pdf", str(tmp_path / "x.pdf"),
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "--representative-demo" in result.stderr
