"""Printing hands the PDF to CUPS's `lp` on standard input (never a file on disk) and turns
every failure into a bilingual message. An `lp` stand-in on PATH records what it was given."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.errors import UserFacingError
from kiosk.printing import print_pdf

PDF = b"%PDF-1.7 synthetic test page"


def fake_lp(tmp_path: Path, script: str) -> dict[str, str]:
    lp = tmp_path / "lp"
    lp.write_text("#!/bin/sh\n" + script)
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    return {"PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}


def test_pdf_goes_to_the_named_printer_on_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    received = tmp_path / "received"
    monkeypatch.setenv(
        "PATH",
        fake_lp(
            tmp_path, f'echo "$@" > {received}.args; cat > {received}; echo "request id is q-1"\n'
        )["PATH"],
    )
    assert print_pdf(PDF, "counter-2") == "request id is q-1"
    assert received.read_bytes() == PDF
    assert received.with_suffix(".args").read_text().split() == [
        "-d",
        "counter-2",
        "-t",
        "OneCard",
        "form",
        "-",
    ]


def test_default_printer_when_none_is_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = tmp_path / "args"
    monkeypatch.setenv("PATH", fake_lp(tmp_path, f'echo "$@" > {args}; cat > /dev/null\n')["PATH"])
    print_pdf(PDF)
    assert "-d" not in args.read_text().split()


def test_lp_failure_is_a_bilingual_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "PATH",
        fake_lp(tmp_path, 'cat > /dev/null; echo "lp: scheduler not responding" >&2; exit 1\n')[
            "PATH"
        ],
    )
    with pytest.raises(UserFacingError) as raised:
        print_pdf(PDF, "kiosk")
    assert raised.value.what.th == "พิมพ์เอกสารไม่สำเร็จ"
    assert "scheduler not responding" in raised.value.reference
    assert raised.value.retryable


def test_no_lp_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(UserFacingError, match="could not be printed"):
        print_pdf(PDF)
