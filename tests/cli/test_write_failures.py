"""A file that cannot be written, whatever the command, is one clear TH/EN line saying why and
what to do; never "something went wrong inside"."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from kiosk.messages import user_error_for
from tests.support.cli import run_onecard


@pytest.mark.parametrize(
    ("target", "th", "en"),
    [
        ("/dev/full", "พื้นที่เก็บข้อมูลเต็ม", "no space left on the device"),
        ("{tmp}", "เป็นโฟลเดอร์", "it is a folder"),
        ("/sys/photo.jpg", "ไม่มีสิทธิ์", "permission denied"),
    ],
    ids=["disk-full", "a-folder", "read-only"],
)
def test_a_photo_that_cannot_be_written_is_one_clear_line(
    tmp_path: Path, target: str, th: str, en: str
) -> None:
    result = run_onecard("read", "--demo", "somchai", "--photo", target.format(tmp=tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert th in result.stderr and en in result.stderr
    assert "Something went wrong" not in result.stderr


@pytest.mark.parametrize(
    ("code", "en", "action"),
    [
        (errno.ENOSPC, "no space left on the device", "Free some space"),
        (errno.EDQUOT, "the disk quota is used up", "Free some space"),
        (errno.EROFS, "the place is read-only", "Choose a folder you can write to"),
        (errno.EIO, "the storage device reported an error", "Check the device"),
    ],
)
def test_a_full_or_broken_disk_is_explained_even_without_a_file_name(
    code: int, en: str, action: str
) -> None:
    error = user_error_for(OSError(code, "strerror"))
    assert error is not None
    assert en in error.what.en and error.what.th
    assert error.action.en.startswith(action) and error.action.th


def test_a_named_file_is_named() -> None:
    error = user_error_for(PermissionError(errno.EACCES, "Permission denied", "/x/form.pdf"))
    assert error is not None
    assert error.what.en == "Cannot use the file /x/form.pdf: permission denied."
    assert error.what.th == "ใช้ไฟล์ /x/form.pdf ไม่ได้ (ไม่มีสิทธิ์เขียนหรืออ่าน)"


def test_a_network_error_is_not_taken_for_a_file_error() -> None:
    assert user_error_for(ConnectionResetError(errno.ECONNRESET, "reset")) is None
