"""The frozen program behaves like the installed one. Builds the PyInstaller bundle once
(build/build.sh), unpacks the release archive into a temporary directory far from the source
tree, and runs the commands an agency runs. Slow (a build): skip locally with -m "not frozen"."""

from __future__ import annotations

import os
import subprocess
import tarfile
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageChops

from kiosk import __version__
from tests.build.programs import INSTALLED, run
from tests.support.cli import ROOT
from tests.support.pcscd import PcscDaemon

pytestmark = [pytest.mark.frozen, pytest.mark.timeout(900)]

BUILD_TIMEOUT = 840
MOST_PIXELS_DIFFER = 0.01  # share of the screen that may differ from the installed program's


@pytest.fixture(scope="session")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, ...]:
    """The `onecard` of the release archive, unpacked where no source file is near."""
    build = subprocess.run(
        [str(ROOT / "build" / "build.sh")],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    if build.returncode != 0:
        pytest.fail(f"build/build.sh failed:\n{build.stdout[-2000:]}\n{build.stderr[-4000:]}")
    archive = ROOT / "build" / "dist" / f"onecard-{__version__}-linux-{os.uname().machine}.tar.gz"
    unpacked = tmp_path_factory.mktemp("release")
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="tar")
    return (str(unpacked / "onecard" / "onecard"),)


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working directory with no source tree and no config in it."""
    return tmp_path


def frozen_env() -> dict[str, str]:
    """No path back into the repository or the venv."""
    return {"PYTHONPATH": "", "PYTHONHOME": "", "ONECARD_CONFIG": ""}


def test_version(frozen: tuple[str, ...], elsewhere: Path) -> None:
    finished = run(frozen, "--version", cwd=elsewhere, env=frozen_env())

    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == f"onecard {__version__}"


def test_read_a_demo_card_like_the_installed_program(
    frozen: tuple[str, ...], elsewhere: Path
) -> None:
    finished = run(frozen, "read", "--demo", "somchai", cwd=elsewhere, env=frozen_env())
    installed = run(INSTALLED, "read", "--demo", "somchai")

    assert finished.returncode == 0, finished.stderr
    assert "นายสมชาย ใจดี" in finished.stdout
    assert "3-1007-xxxxx-xx-1" in finished.stdout
    assert finished.stdout == installed.stdout


def test_fill_a_form_as_a_thai_pdf(frozen: tuple[str, ...], elsewhere: Path) -> None:
    pdf = elsewhere / "elderly.pdf"
    finished = run(
        frozen,
        "form", "fill", "elderly-allowance", "--demo", "somchai", "--pdf", str(pdf),
        cwd=elsewhere,
        env=frozen_env(),
    )  # fmt: skip

    assert finished.returncode == 0, finished.stderr
    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert "สมชาย" in text
    assert "ใจดี" in text


def test_doctor_finds_the_bundled_fonts_and_forms(
    frozen: tuple[str, ...], elsewhere: Path, pcscd: PcscDaemon
) -> None:
    demo_kiosk = ("doctor", "--demo", "--skip", "printer")  # the sandbox and a demo key warn
    finished = run(frozen, *demo_kiosk, cwd=elsewhere, env=frozen_env())

    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "[PASS]  แบบอักษร / Fonts" in finished.stdout
    assert "[PASS]  แบบฟอร์ม / Forms" in finished.stdout


@pytest.mark.gui
def test_kiosk_demo_shows_the_attract_screen_like_the_installed_program(
    frozen: tuple[str, ...], elsewhere: Path
) -> None:
    if not os.environ.get("DISPLAY"):
        pytest.skip("needs a display: scripts/test.sh starts Xvfb and sets DISPLAY")
    shots = {}
    for name, program in (("frozen", frozen), ("installed", INSTALLED)):
        shots[name] = elsewhere / f"attract-{name}.png"
        args = ("kiosk", "--demo", "--windowed", "--screenshot", str(shots[name]))
        finished = run(program, *args, cwd=elsewhere if name == "frozen" else ROOT, timeout=90)
        assert finished.returncode == 0, f"{name}: {finished.stderr[-3000:]}"

    frozen_shot = Image.open(shots["frozen"]).convert("RGB")
    installed_shot = Image.open(shots["installed"]).convert("RGB")
    assert frozen_shot.size == installed_shot.size
    assert len(frozen_shot.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 50  # not a blank frame
    assert share_differing(frozen_shot, installed_shot) < MOST_PIXELS_DIFFER


def share_differing(first: Image.Image, second: Image.Image) -> float:
    mask = ImageChops.difference(first, second).convert("L").point(lambda level: 255 * (level > 0))
    histogram = mask.histogram()
    return histogram[255] / (first.width * first.height)
