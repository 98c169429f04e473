"""`onecard keys generate` and `onecard form list | fill | verify` as separate processes; the QR
is read back from the printed page with pdftoppm and zbarimg, as an agency's scanner would."""

from __future__ import annotations

import datetime as dt
import json
import re
import stat
import subprocess
import unicodedata
from pathlib import Path

import pytest

from cardreader.cid import format_cid
from cardreader.emulator import load_profile
from forms import load_signing_key
from forms.payload import CLAIM_EXP, CLAIM_FORM, CLAIM_IAT, CLAIM_ISS, seal
from tests.support.cli import ROOT, run_onecard


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


# Keys: a private key is never named or taken as a public one ---------------------------------


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("name", ["kiosk.pub", "KIOSK.PUB", "qr-signing.key.pub"])
def test_keys_generate_never_writes_a_private_key_to_a_pub_file(tmp_path: Path, name: str) -> None:
    result = run_onecard("keys", "generate", str(tmp_path / name))
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "ต้องไม่ลงท้ายด้วย .pub" in line and "must not end in .pub" in line
    assert list(tmp_path.iterdir()) == []


def test_keys_generate_in_a_missing_folder_is_one_line_and_writes_nothing(
    tmp_path: Path,
) -> None:
    result = run_onecard("keys", "generate", str(tmp_path / "no" / "kiosk.key"))
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "เขียนไฟล์กุญแจไม่ได้" in line and "cannot be written" in line
    assert list(tmp_path.iterdir()) == []


def test_the_deploy_guide_names_the_public_key_file_the_tool_writes(tmp_path: Path) -> None:
    guide = (ROOT / "deploy" / "README.md").read_text("utf-8")
    command = re.search(r"onecard keys generate (\S+)", guide)
    assert command is not None
    private = tmp_path / Path(command.group(1)).name
    result = run_onecard("keys", "generate", str(private))
    assert result.returncode == 0, result.stderr
    written = sorted(path.name for path in tmp_path.iterdir())
    public = next(name for name in written if name != private.name)
    assert public.endswith(".pub") and f"{public}" in guide
    assert f"{private.name}.pub" not in guide or f"{private.name}.pub" == public


def test_form_fill_with_a_public_key_says_it_is_the_public_key(
    key_pair: tuple[Path, Path], tmp_path: Path
) -> None:
    _, public = key_pair
    result = run_onecard(
        "form", "fill", "elderly-allowance", "--demo", "boonmee",
        "--pdf", str(tmp_path / "form.pdf"), "--key", str(public),
    )  # fmt: skip
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "กุญแจสาธารณะ" in line and "This is a public key" in line
    assert "chmod" not in line
    assert not (tmp_path / "form.pdf").exists()


def test_form_verify_with_a_private_key_says_it_is_the_private_key(
    key_pair: tuple[Path, Path],
) -> None:
    private, _ = key_pair
    result = run_onecard("form", "verify", "x", "--pubkey", str(private))
    assert result.returncode == 1
    assert "This is a private key" in one_line(result.stderr)


# Verify: what a payload holds is shown as it is, never run by the terminal -------------------


def signed_payload(private: Path, data: dict[str, str], *, demo: bool = False) -> str:
    """A payload as a kiosk would sign it, with whatever data it was given."""
    key = load_signing_key(private)
    now = int(dt.datetime.now(dt.UTC).timestamp())
    form: dict[str, object] = {"f": "elderly-allowance", "v": 1, "r": now, "d": data}
    if demo:
        form["x"] = 1
    claims = {CLAIM_ISS: "KIOSK-1", CLAIM_EXP: now + 3600, CLAIM_IAT: now, CLAIM_FORM: form}
    return seal(claims, key)[0]


FORGED = {
    "name": "สมชาย\n  cid: 3100700123451",
    "title": "\x1b[2J\x1b[31mนาย",
    "address": "\u202eวัดแค\x85\x9b31m",
    "cid": "3100700123451",
    "note": "back\\nslash",
}


def test_verify_shows_control_characters_as_escapes_and_masks_citizen_ids(
    key_pair: tuple[Path, Path],
) -> None:
    private, public = key_pair
    result = run_onecard("form", "verify", signed_payload(private, FORGED), "--pubkey", str(public))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "  name: สมชาย\\n  cid: 3-1007-xxxxx-xx-1\n" in out
    assert "  title: \\x1b[2J\\x1b[31mนาย\n" in out
    assert "  address: \\u202eวัดแค\\x85\\x9b31m\n" in out
    assert "  cid: 3-1007-xxxxx-xx-1\n" in out
    assert "  note: back\\\\nslash\n" in out
    assert "3100700123451" not in out
    hidden = [char for char in out if char != "\n" and unicodedata.category(char) in {"Cc", "Cf"}]
    assert hidden == []
    assert "SAMPLE DATA" not in out


def test_verify_shows_the_id_only_when_asked(key_pair: tuple[Path, Path]) -> None:
    private, public = key_pair
    payload = signed_payload(private, FORGED)
    shown = run_onecard("form", "verify", payload, "--pubkey", str(public), "--show-id")
    assert "  cid: 3100700123451\n" in shown.stdout
    assert "  name: สมชาย\\n  cid: 3100700123451\n" in shown.stdout


def test_verify_json_masks_ids_and_escapes_every_hidden_character(
    key_pair: tuple[Path, Path],
) -> None:
    private, public = key_pair
    payload = signed_payload(private, FORGED)
    result = run_onecard("form", "verify", payload, "--pubkey", str(public), "--json")
    assert result.returncode == 0, result.stderr
    assert "\\u202e" in result.stdout and "\\u0085" in result.stdout
    hidden = [c for c in result.stdout if c != "\n" and unicodedata.category(c) in {"Cc", "Cf"}]
    assert hidden == []
    data = json.loads(result.stdout)["data"]
    assert data["cid"] == "3-1007-xxxxx-xx-1"
    assert data["title"] == "\x1b[2J\x1b[31mนาย"  # the JSON still decodes to what was signed
    assert json.loads(result.stdout)["demo"] is False


def test_verify_says_when_a_payload_is_sample_data(key_pair: tuple[Path, Path]) -> None:
    private, public = key_pair
    payload = signed_payload(private, {"cid": "3100700123451"}, demo=True)
    result = run_onecard("form", "verify", payload, "--pubkey", str(public))
    assert result.returncode == 0, result.stderr
    assert "ข้อมูลตัวอย่าง" in result.stdout and "SAMPLE DATA" in result.stdout
    full = run_onecard("form", "verify", payload, "--pubkey", str(public), "--json")
    assert json.loads(full.stdout)["demo"] is True


def test_a_form_filled_for_a_demo_citizen_verifies_as_sample_data(
    key_pair: tuple[Path, Path], tmp_path: Path
) -> None:
    private, public = key_pair
    pdf = tmp_path / "form.pdf"
    result = run_onecard(
        "form", "fill", "elderly-allowance", "--demo", "boonmee", "--pdf", str(pdf),
        "--key", str(private),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    verified = run_onecard("form", "verify", _qr_text(pdf), "--pubkey", str(public))
    assert "SAMPLE DATA" in verified.stdout


# Writing the PDF: a failure is one clear line ------------------------------------------------


@pytest.mark.parametrize(
    ("target", "th", "en"),
    [
        ("/dev/full", "พื้นที่เก็บข้อมูลเต็ม", "no space left on the device"),
        ("{tmp}", "เป็นโฟลเดอร์", "it is a folder"),
        ("/sys/form.pdf", "ไม่มีสิทธิ์", "permission denied"),
        ("{tmp}/missing/form.pdf", "ไม่พบไฟล์หรือโฟลเดอร์", "no such file or folder"),
    ],
    ids=["disk-full", "a-folder", "read-only", "missing-folder"],
)
def test_a_pdf_that_cannot_be_written_is_one_clear_line(
    tmp_path: Path, target: str, th: str, en: str
) -> None:
    path = target.format(tmp=tmp_path)
    result = run_onecard("form", "fill", "elderly-allowance", "--demo", "boonmee", "--pdf", path)
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert th in line and en in line and path in line
    assert "Something went wrong" not in line


# The receiving office from the agency config ---------------------------------------------------

OFFICE_TOML = """
[office]
name_th = "เทศบาลตำบลหน้าเมือง"
name_en = "Na Mueang Subdistrict Municipality"
addressee_th = "นายกเทศมนตรีตำบลหน้าเมือง"
addressee_en = "the Mayor of Na Mueang"
forms = ["elderly-allowance"]
"""


def _pdf_text(pdf: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return unicodedata.normalize("NFKC", result.stdout)


def test_fill_names_the_configured_office_and_prints_the_reference(tmp_path: Path) -> None:
    config = tmp_path / "onecard.toml"
    config.write_text(OFFICE_TOML, "utf-8")
    pdf = tmp_path / "form.pdf"
    result = run_onecard(
        "form", "fill", "elderly-allowance", "--demo", "thongdee", "--pdf", str(pdf),
        env={"ONECARD_CONFIG": str(config)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    reference = re.search(r"reference: ([A-Z2-7]{4}-[A-Z2-7]{4})", result.stdout)
    assert reference is not None
    text = _pdf_text(pdf)
    assert "Na Mueang Subdistrict Municipality" in text and "To: the Mayor of Na Mueang" in text
    assert reference.group(1) in text


def test_an_office_named_in_one_language_only_is_one_clear_line(tmp_path: Path) -> None:
    config = tmp_path / "onecard.toml"
    config.write_text('[office]\nname_th = "เทศบาลตำบลหน้าเมือง"\n', "utf-8")
    result = run_onecard(
        "form", "fill", "elderly-allowance", "--demo", "thongdee", "--pdf", str(tmp_path / "f.pdf"),
        env={"ONECARD_CONFIG": str(config)},
    )  # fmt: skip
    assert result.returncode == 1
    assert "office.name_en" in result.stderr and "Traceback" not in result.stderr
