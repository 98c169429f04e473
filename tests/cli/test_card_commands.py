"""`onecard readers | watch | read` as separate processes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cardreader.cid import format_cid
from cardreader.emulator import load_profile
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
