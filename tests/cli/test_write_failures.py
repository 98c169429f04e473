"""A file that cannot be written, whatever the command, is one clear TH/EN line saying why and
what to do; never "something went wrong inside"."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from kiosk.errors import user_error_for
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
    path = target.format(tmp=tmp_path)
    result = run_onecard("read", "--demo", "somchai", "--photo", path)
    assert result.returncode == 1
    assert path in result.stderr  # the file is named, even where the system did not name it
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


def test_a_photo_half_written_to_a_full_disk_is_not_left_behind(tmp_path: Path) -> None:
    from kiosk.errors import UserFacingError
    from kiosk.files import write_output

    class FullDisk:
        def __init__(self, path: Path) -> None:
            self.path = path

        def open(self, mode: str) -> object:
            handle = self.path.open(mode)
            handle.write(b"\xff\xd8 half a photo")

            def write(_data: bytes) -> int:
                raise OSError(errno.ENOSPC, "No space left on device")

            handle.write = write  # type: ignore[method-assign]
            return handle

        def is_file(self) -> bool:
            return self.path.is_file()

        def unlink(self, missing_ok: bool = False) -> None:
            self.path.unlink(missing_ok=missing_ok)

        def __str__(self) -> str:
            return str(self.path)

    target = tmp_path / "photo.jpg"
    with pytest.raises(UserFacingError) as caught:
        write_output(FullDisk(target), b"photo")  # type: ignore[arg-type]
    assert not target.exists()
    assert "no space left" in caught.value.one_line() and str(target) in caught.value.one_line()
