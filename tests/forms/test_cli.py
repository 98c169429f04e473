"""`onecard keys generate` and `onecard form list | fill | verify` as separate processes; the QR
is read back from the printed page with pdftoppm and zbarimg, as an agency's scanner would."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import pytest

from cardreader.cid import format_cid
from cardreader.emulator import load_profile
from tests.support.cli import run_onecard


@pytest.fixture(scope="module")
def key_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    private = tmp_path_factory.mktemp("keys") / "kiosk.key"
    result = run_onecard("keys", "generate", str(private))
    assert result.returncode == 0, result.stderr
    return private, private.with_suffix(".pub")


def _qr_text(pdf: Path) -> str:
    prefix = pdf.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "200",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "-png",
            str(pdf),
            str(prefix),
        ],
        check=True,
        timeout=60,
    )
    scan = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(prefix) + ".png"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return scan.stdout.strip()


def test_keys_generate_keeps_the_private_key_private(key_pair: tuple[Path, Path]) -> None:
    private, public = key_pair
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in private.read_bytes() and b"PUBLIC KEY" in public.read_bytes()
    again = run_onecard("keys", "generate", str(private))
    assert again.returncode == 1
    assert "ไม่เขียนทับ" in again.stderr and "not overwritten" in again.stderr


def test_form_list_json_names_the_forms_and_agencies() -> None:
    result = run_onecard("form", "list", "--json")
    assert result.returncode == 0, result.stderr
    forms = {form["id"]: form for form in json.loads(result.stdout)}
    assert "elderly-allowance" in forms
    assert forms["farmer-registration"]["agency"]["th"] == "สำนักงานเกษตรอำเภอ"


def test_fill_print_scan_verify_and_reject_a_change(
    key_pair: tuple[Path, Path], tmp_path: Path
) -> None:
    private, public = key_pair
    answers = tmp_path / "answers.yaml"
    answers.write_text("phone: 081-234-5678\nmain_crop: rice\narea_rai: abc\n", "utf-8")
    pdf = tmp_path / "form.pdf"
    result = run_onecard(
        "form", "fill", "farmer-registration", "--demo", "somchai", "--answers", str(answers),
        "--pdf", str(pdf), "--key", str(private), "--kiosk-id", "KIOSK-NP-02",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    cid = load_profile("somchai").cid
    assert cid not in result.stdout + result.stderr and format_cid(cid) not in result.stdout
    assert "area_rai" in result.stdout and "Must be a number" in result.stdout
    assert "to write by hand" in result.stdout

    payload = _qr_text(pdf)
    verified = run_onecard("form", "verify", payload, "--pubkey", str(public))
    assert verified.returncode == 0, verified.stderr
    assert "farmer-registration" in verified.stdout and "KIOSK-NP-02" in verified.stdout
    assert "3-1007-xxxxx-xx-1" in verified.stdout and cid not in verified.stdout
    full = run_onecard("form", "verify", payload, "--pubkey", str(public), "--json")
    assert json.loads(full.stdout)["data"]["main_crop"] == "rice"

    changed = payload[:-10] + ("A" if payload[-10] != "A" else "B") + payload[-9:]
    rejected = run_onecard("form", "verify", changed, "--pubkey", str(public))
    assert rejected.returncode == 1
    assert "Traceback" not in rejected.stderr
    assert len(rejected.stderr.strip().splitlines()) == 1
    assert "ถูกแก้ไข" in rejected.stderr and "changed after it was signed" in rejected.stderr


def test_without_a_key_the_form_prints_with_a_demo_key_and_says_so(tmp_path: Path) -> None:
    pdf = tmp_path / "form.pdf"
    result = run_onecard(
        "form", "fill", "elderly-allowance", "--demo", "boonmee", "--pdf", str(pdf)
    )
    assert result.returncode == 0, result.stderr
    assert "กุญแจทดลอง" in result.stderr and "temporary demo key" in result.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    other = tmp_path / "other.key"
    assert run_onecard("keys", "generate", str(other)).returncode == 0
    unknown = run_onecard(
        "form", "verify", _qr_text(pdf), "--pubkey", str(other.with_suffix(".pub"))
    )
    assert unknown.returncode == 1 and "not registered" in unknown.stderr


def test_an_unknown_form_is_one_bilingual_line() -> None:
    result = run_onecard("form", "fill", "no-such-form", "--demo", "malee", "--pdf", "/dev/null")
    assert result.returncode == 1
    assert "ไม่มีแบบฟอร์ม" in result.stderr and "There is no form" in result.stderr
    assert "Traceback" not in result.stderr
