"""Receiving kiosk forms: verified against the agency's trusted kiosk keys, every refusal with
its reason, a form scanned twice the same day flagged (by a salted hash only), stable exports,
and the CLI twin reading payloads from stdin."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cardreader.emulator import demo_card_data, load_profile
from forms import fill, load_forms, produce
from forms.signing import SigningKey, generate_key_files
from kiosk.errors import UserFacingError
from kiosk.receive import (
    META_COLUMNS,
    Received,
    Refused,
    SeenToday,
    export_columns,
    export_row,
    load_trusted_keys,
    receive,
    to_csv,
    to_json,
)

KIOSK = "KIOSK-RB-07"
SOMCHAI = load_profile("somchai").cid
UNEMPLOYMENT = {"employer": "บริษัท สยามการช่าง จำกัด", "reason": "dismissed", "monthly_wage": "15000"}


@pytest.fixture(scope="module")
def kiosk_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[SigningKey, Path]:
    """A kiosk's key pair, and the agency's folder of trusted keys holding its public half."""
    folder = tmp_path_factory.mktemp("kiosk")
    key = generate_key_files(folder / "qr-signing.key")
    trusted = tmp_path_factory.mktemp("trusted")
    shutil.copy(folder / "qr-signing.pub", trusted / f"{KIOSK}.pub")
    return key, trusted


def payload(key: SigningKey, *, kiosk: str = KIOSK, demo: bool = False) -> str:
    form = load_forms()["unemployment-registration"]
    filled = fill(form, demo_card_data("somchai"), UNEMPLOYMENT)
    return produce(filled, kiosk, key, demo=demo).qr.text


def test_a_kiosk_form_is_received_with_its_fields(kiosk_key: tuple[SigningKey, Path]) -> None:
    key, trusted = kiosk_key
    result = receive(payload(key), load_trusted_keys(trusted), SeenToday())
    assert isinstance(result, Received) and not result.seen_before
    assert result.payload.kiosk_id == KIOSK and result.payload.data["cid"] == SOMCHAI
    assert result.payload.reference


def test_a_form_scanned_twice_the_same_day_is_flagged_and_only_a_hash_is_kept(
    kiosk_key: tuple[SigningKey, Path], tmp_path: Path
) -> None:
    key, trusted = kiosk_key
    text, state = payload(key), tmp_path / "received-forms.json"
    keys = load_trusted_keys(trusted)
    first = receive(text, keys, SeenToday(state))
    again = receive(text, keys, SeenToday(state))  # a restart in between
    assert isinstance(first, Received) and isinstance(again, Received)
    assert not first.seen_before and again.seen_before
    kept = state.read_text("utf-8")
    assert first.payload.reference not in kept and SOMCHAI not in kept and "สมชาย" not in kept
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    later = receive(text, keys, SeenToday(state), now=tomorrow)
    assert isinstance(later, Received) and not later.seen_before  # a new day, a new salt


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("unknown key", "unknown_key"),
        ("tampered", "tampered"),
        ("expired", "expired"),
        ("demo", "demo"),
        ("malformed", "malformed"),
        ("another kiosk's name", "wrong_kiosk"),
    ],
)
def test_every_refusal_says_why(
    kiosk_key: tuple[SigningKey, Path], tmp_path: Path, case: str, reason: str
) -> None:
    key, trusted = kiosk_key
    now = None
    if case == "unknown key":
        text = payload(generate_key_files(tmp_path / "stranger.key"))
    elif case == "tampered":
        good = payload(key)
        middle = len(good) // 2
        text = good[:middle] + ("A" if good[middle] != "A" else "B") + good[middle + 1 :]
    elif case == "expired":
        text, now = payload(key), dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
    elif case == "demo":
        text = payload(key, demo=True)
    elif case == "malformed":
        text = "OC1.not-a-payload"
    else:
        text = payload(key, kiosk="KIOSK-SOMEWHERE-ELSE")
    result = receive(text, load_trusted_keys(trusted), SeenToday(), now=now)
    assert isinstance(result, Refused) and result.reason == reason
    assert result.what.th and result.what.en and result.action.en


def test_exports_have_stable_columns_one_row_a_form(kiosk_key: tuple[SigningKey, Path]) -> None:
    key, trusted = kiosk_key
    keys = load_trusted_keys(trusted)
    rows = [export_row(receive(payload(key), keys, SeenToday())) for _ in range(2)]  # type: ignore[arg-type]
    fields = [field.id for form in load_forms().values() for field in form.fields]
    columns = export_columns(fields)
    assert tuple(columns[: len(META_COLUMNS)]) == META_COLUMNS
    table = list(csv.DictReader(io.StringIO(to_csv(rows, columns))))
    assert len(table) == 2 and table[0]["cid"] == SOMCHAI and table[0]["form_id"]
    assert json.loads(to_json(rows))[1]["kiosk_id"] == KIOSK


def test_no_trusted_key_in_the_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserFacingError) as caught:
        load_trusted_keys(tmp_path)
    assert "*.pub" in caught.value.what.en


def test_the_cli_reads_payloads_from_stdin_and_exports_csv(
    kiosk_key: tuple[SigningKey, Path], tmp_path: Path
) -> None:
    key, trusted = kiosk_key
    good = payload(key)
    lines = "\n".join([good, "garbage", payload(key)]) + "\n"
    env = {"ONECARD_ADMIN_LOCK_FILE": str(tmp_path / "admin-lock.json"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "form", "receive", "--keys", str(trusted), "--csv"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 1  # one line was refused
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(table) == 2 and all(row["cid"] == SOMCHAI for row in table)
    refusals = [line for line in done.stderr.splitlines() if line.startswith("2:")]
    assert len(refusals) == 1 and " / " in refusals[0]
    assert "Traceback" not in done.stderr
