"""`onecard readers | watch | read` as separate processes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from cardreader.cid import format_cid
from cardreader.emulator import CardOptions, ThaiIdCard, load_profile
from tests.cardreader.chips import (
    FAKE_ID_LINE,
    empty_address_image,
    forged_text_image,
    impossible_dates_image,
)
from tests.support.cards import Slot, make_card
from tests.support.cli import ROOT, run_onecard
from tests.support.pcscd import READER_0, PcscDaemon


def test_read_demo_prints_thai_with_the_id_masked() -> None:
    result = run_onecard("read", "--demo", "thongdee")
    assert result.returncode == 0, result.stderr
    assert "นายทองดี ปุ๋ยงาม" in result.stdout
    assert "3-3005-xxxxx-xx-2" in result.stdout
    assert load_profile("thongdee").cid not in result.stdout
    assert "ตลอดชีพ" in result.stdout and "พ.ศ. 2475" in result.stdout


def test_read_demo_show_id() -> None:
    result = run_onecard("read", "--demo", "somchai", "--show-id")
    assert format_cid(load_profile("somchai").cid) in result.stdout


def test_read_demo_json_is_complete_and_photo_is_written(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    result = run_onecard("read", "--demo", "wichai", "--json", "--photo", str(photo))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["cid"] == load_profile("wichai").cid
    assert data["name_th"]["middle"] == "ธนากร"
    assert data["address"]["road"] == "ถนนเพชรเกษมสายเก่าฝั่งตะวันตก"
    assert data["expiry_date"] == "2034-08-07"
    assert photo.read_bytes() == load_profile("wichai").photo()
    assert data["photo_bytes"] == photo.stat().st_size


def test_unknown_demo_is_one_bilingual_line_and_nonzero_exit() -> None:
    result = run_onecard("read", "--demo", "nobody")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "ไม่มีบัตรตัวอย่าง" in result.stderr and "no demo card" in result.stderr


@pytest.mark.pcsc
def test_readers_and_read_from_a_real_reader(slot: Slot) -> None:
    assert READER_0 in run_onecard("readers").stdout
    slot.insert(make_card("malee"))
    result = run_onecard("read", "--reader", READER_0, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name_en"]["first"] == "Malee"


@pytest.mark.pcsc
def test_read_without_a_card_says_so(pcscd: PcscDaemon) -> None:
    result = run_onecard("read")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "ไม่พบบัตรในเครื่องอ่าน" in result.stderr and "no card in the reader" in result.stderr


@pytest.mark.pcsc
def test_watch_prints_events_as_they_happen(slot: Slot) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        assert "reader added" in process.stdout.readline()
        slot.insert(make_card("john"))
        lines = [process.stdout.readline() for _ in range(2)]
        assert any(line.startswith("card inserted [Virtual PCD 00 00]") for line in lines), lines
        slot.remove()
        assert process.stdout.readline().startswith("card removed [Virtual PCD 00 00]")
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0


def test_a_file_that_cannot_be_written_is_one_clear_line(tmp_path: Path) -> None:
    result = run_onecard("read", "--demo", "somchai", "--photo", str(tmp_path / "no" / "x.jpg"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "Cannot use the file" in result.stderr and "ใช้ไฟล์" in result.stderr


# Crafted chips through pcscd + vpcd: nothing from the chip is trusted blindly ----------------


def _controls(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) == "Cc" and ch != "\n"]


def _json_texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _json_texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _json_texts(item)]
    return []


@pytest.mark.pcsc
def test_read_of_a_forged_chip_prints_no_control_character_and_no_second_id_line(
    slot: Slot,
) -> None:
    slot.insert(ThaiIdCard(forged_text_image(), CardOptions()))
    result = run_onecard("read", "--reader", READER_0, "--show-id")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 10  # one line a field, whatever the chip holds
    assert not _controls(result.stdout) and not _controls(result.stderr)
    assert [line for line in lines if "เลขประจำตัวประชาชน" in line.split(":")[0]] == [
        f"เลขประจำตัวประชาชน: {format_cid(load_profile('somchai').cid)}"
    ]
    assert not any(line.startswith(FAKE_ID_LINE) for line in lines)
    assert "ชื่อ-สกุล: นายสมชาย\ufffdเลขประจำตัวประชาชน" in result.stdout
    warnings = result.stderr.splitlines()
    assert len(warnings) == 4  # Thai name, English name, issuing office, address
    assert all(line.startswith("คำเตือน: ") and " / Warning: " in line for line in warnings)
    assert "ชื่อภาษาไทย" in result.stderr and "Thai name" in result.stderr


@pytest.mark.pcsc
def test_read_json_of_a_forged_chip_holds_no_control_character(slot: Slot) -> None:
    slot.insert(ThaiIdCard(forged_text_image(), CardOptions()))
    result = run_onecard("read", "--reader", READER_0, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert not [text for text in _json_texts(data) if _controls(text) or "\n" in text]
    assert "\\n" not in result.stdout and "\\u001b" not in result.stdout
    assert data["cid"] == load_profile("somchai").cid
    assert {tuple(w["fields"]) for w in data["warnings"]} == {
        ("name_th",),
        ("name_en",),
        ("issuing_office",),
        ("address",),
    }
    assert all(w["kind"] == "control_characters" and w["th"] and w["en"] for w in data["warnings"])
    assert len(result.stderr.splitlines()) == 4


@pytest.mark.pcsc
def test_read_of_impossible_dates_warns_on_stderr_and_marks_the_dates(slot: Slot) -> None:
    slot.insert(ThaiIdCard(impossible_dates_image(), CardOptions()))
    result = run_onecard("read", "--reader", READER_0)
    assert result.returncode == 0, result.stderr
    assert "เกิดวันที่: 1 มกราคม 2600 (วันที่ผิดปกติ" in result.stdout  # as on the chip, marked
    assert "วันบัตรหมดอายุ: 1 มกราคม 2560 (วันที่ผิดปกติ" in result.stdout
    assert "Traceback" not in result.stderr
    assert "อยู่ในอนาคต" in result.stderr and "is in the future" in result.stderr
    assert "before it was issued" in result.stderr
    json_result = run_onecard("read", "--reader", READER_0, "--json")
    data = json.loads(json_result.stdout)
    assert data["birth_date_be"] == "26000101"
    assert {w["kind"] for w in data["warnings"]} == {"impossible_date"}
    assert json_result.stderr == result.stderr


@pytest.mark.pcsc
def test_read_of_a_card_without_address_says_to_fill_it_by_hand(slot: Slot) -> None:
    slot.insert(ThaiIdCard(empty_address_image(), CardOptions()))
    result = run_onecard("read", "--reader", READER_0)
    assert result.returncode == 0, result.stderr
    assert "ที่อยู่: (ไม่มีในบัตร ให้กรอกด้วยลายมือ" in result.stdout
    assert "ไม่มีที่อยู่ในบัตร" in result.stderr and "no address" in result.stderr


def test_a_clean_demo_card_prints_no_warning() -> None:
    result = run_onecard("read", "--demo", "somchai")
    assert result.returncode == 0 and result.stderr == ""
    assert "ผิดปกติ" not in result.stdout


@pytest.mark.pcsc
def test_status_from_a_card_with_impossible_dates_warns_the_officer(slot: Slot) -> None:
    slot.insert(ThaiIdCard(impossible_dates_image(), CardOptions()))
    result = run_onecard("status", "--card", "--reader", READER_0, "--demo", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "SAMPLE DATA" in result.stdout
    assert "is in the future" in result.stderr and "Traceback" not in result.stderr
