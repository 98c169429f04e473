"""`onecard doctor` against real parts: the tests' pcscd with the vpcd readers, the sandbox API
on loopback (with its clock set wrong on purpose), the bundled fonts and this machine's CUPS."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from forms.signing import generate_key_files
from kiosk.cli import doctor_checks
from kiosk.cli.doctor_checks import Status
from kiosk.cli.doctor_commands import run_checks
from kiosk.sandbox import SandboxServer
from tests.build.programs import INSTALLED, run
from tests.support.pcscd import READER_0, PcscDaemon

NO_PRINTER = frozenset({"printer"})


def statuses(config: Path | None, skip: frozenset[str] = NO_PRINTER) -> dict[str, Status]:
    return {item.check: item.status for item in run_checks(config, skip)}


def config_for(tmp_path: Path, url: str, key: str = "doctor-test", secret: str = "s") -> Path:
    """A kiosk's config: the API at `url` and a signing key of its own (kiosk.key + .pub)."""
    (tmp_path / "secret").write_text(secret, "utf-8")
    if not (tmp_path / "kiosk.key").exists():
        generate_key_files(tmp_path / "kiosk.key")
    config = tmp_path / "onecard.toml"
    config.write_text(
        f'[api]\nurl = "{url}"\nconsumer_key = "{key}"\nconsumer_secret_file = "secret"\n'
        'max_retries = 0\nlookup_budget = 3\n[kiosk]\nsigning_key = "kiosk.key"\n',
        "utf-8",
    )
    return config


def kiosk_config(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "onecard.toml"
    config.write_text(text, "utf-8")
    return config


@pytest.fixture
def api_config(tmp_path: Path) -> Iterator[Path]:
    with SandboxServer(admin=False) as server:
        yield config_for(tmp_path, server.url)


def test_a_ready_machine_passes_and_exits_zero(pcscd: PcscDaemon, api_config: Path) -> None:
    finished = run(INSTALLED, "doctor", "--config", str(api_config), "--skip", "printer")

    assert finished.returncode == 0, finished.stdout
    assert READER_0 in finished.stdout
    assert "พร้อมใช้งาน / ready" in finished.stdout
    assert "[FAIL]" not in finished.stdout


def test_every_check_is_reported_in_thai_and_english(pcscd: PcscDaemon, api_config: Path) -> None:
    found = statuses(api_config)

    assert list(found) == list(doctor_checks.TITLES)
    assert found.pop("audio") in {Status.PASS, Status.WARN}  # a sound card or not; speech off
    assert found == {
        "config": Status.PASS,
        "forms": Status.PASS,
        "pcscd": Status.PASS,
        "readers": Status.PASS,
        "fonts": Status.PASS,
        "printer": Status.SKIP,
        "signing_key": Status.PASS,
        "api": Status.PASS,
        "clock": Status.PASS,
        "metrics": Status.PASS,  # 127.0.0.1:9464 free (or a running OneCard's)
    }


def test_a_clock_ten_minutes_off_the_apis_fails(pcscd: PcscDaemon, tmp_path: Path) -> None:
    ahead = SandboxServer(
        admin=False, clock=lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
    )
    with ahead:
        found = statuses(config_for(tmp_path, ahead.url))

    assert found["clock"] is Status.FAIL
    assert found["api"] is Status.PASS


def test_an_api_that_does_not_answer_fails_and_the_clock_is_skipped(
    pcscd: PcscDaemon, tmp_path: Path
) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed_port_url = f"http://127.0.0.1:{unused.getsockname()[1]}"
    found = statuses(config_for(tmp_path, closed_port_url))

    assert found["api"] is Status.FAIL
    assert found["clock"] is Status.SKIP


def test_agencies_that_are_down_only_warn_and_are_named(tmp_path: Path) -> None:
    with SandboxServer(admin=False) as server:
        server.set_faults(down_agencies=frozenset({"MOL"}))
        config = doctor_checks.load_config(config_for(tmp_path, server.url))
        api, _clock = doctor_checks.check_api(config, lambda: dt.datetime.now(dt.UTC))

    assert api.status is Status.WARN
    assert "Ministry of Labour" in api.detail.en
    assert "กระทรวงแรงงาน" in api.detail.th


def test_without_pcscd_it_says_so_and_skips_the_readers(pcscd: PcscDaemon) -> None:
    pcscd.stop()
    try:
        results = doctor_checks.check_card_readers()
    finally:
        pcscd.start()

    assert [item.status for item in results] == [Status.FAIL, Status.SKIP]
    assert "systemctl enable --now pcscd" in results[0].detail.en


def test_a_bad_config_fails_and_skips_what_needs_it(pcscd: PcscDaemon, tmp_path: Path) -> None:
    config = tmp_path / "onecard.toml"
    config.write_text("[kiosk]\nidle_timeout = -5\n", "utf-8")

    finished = run(INSTALLED, "doctor", "--config", str(config))

    assert finished.returncode == 1
    assert "kiosk.idle_timeout" in finished.stdout
    assert statuses(config)["api"] is Status.SKIP


def test_an_unknown_enabled_form_is_named(pcscd: PcscDaemon, tmp_path: Path) -> None:
    config = kiosk_config(
        tmp_path, '[kiosk]\nenabled_forms = ["elderly-allowance", "no-such-form"]\n'
    )

    result, loaded = doctor_checks.check_config(config)

    assert result.status is Status.FAIL and loaded is None
    assert "kiosk.enabled_forms" in result.detail.en
    assert "no-such-form" in result.detail.en


def test_the_sandbox_outside_demo_is_not_ready(pcscd: PcscDaemon, tmp_path: Path) -> None:
    config = config_for(tmp_path, "embedded")

    finished = run(INSTALLED, "doctor", "--config", str(config), "--skip", "printer")

    assert finished.returncode == 1
    assert "sample data, not real entitlements" in finished.stdout
    assert "พร้อมใช้งาน / ready" not in finished.stdout
    assert statuses(config)["api"] is Status.FAIL


def test_demo_only_warns_about_sample_data_and_the_demo_key(
    pcscd: PcscDaemon, tmp_path: Path
) -> None:
    config = kiosk_config(tmp_path, "")
    found = {item.check: item.status for item in run_checks(config, NO_PRINTER, demo=True)}

    assert found["api"] is Status.WARN
    assert found["signing_key"] is Status.WARN
    assert found["clock"] is Status.PASS


def test_no_api_configured_is_a_forms_only_kiosk(tmp_path: Path) -> None:
    config = doctor_checks.load_config(kiosk_config(tmp_path, ""))
    api, clock = doctor_checks.check_api(config, lambda: dt.datetime.now(dt.UTC))

    assert api.status is Status.WARN and "forms only" in api.detail.en
    assert clock.status is Status.SKIP


def test_a_demo_signing_key_outside_demo_is_not_ready(tmp_path: Path) -> None:
    config = doctor_checks.load_config(kiosk_config(tmp_path, ""))

    result = doctor_checks.check_signing_key(config, demo=False)

    assert result.status is Status.FAIL
    assert "onecard keys generate" in result.detail.en


def test_a_signing_key_readable_by_others_fails(tmp_path: Path) -> None:
    config = doctor_checks.load_config(config_for(tmp_path, "embedded"))
    (tmp_path / "kiosk.key").chmod(0o644)

    result = doctor_checks.check_signing_key(config, demo=False)

    assert result.status is Status.FAIL and "chmod 600" in result.detail.en


def test_a_public_key_of_another_kiosk_fails(tmp_path: Path) -> None:
    config = doctor_checks.load_config(config_for(tmp_path, "embedded"))
    (tmp_path / "kiosk.pub").unlink()
    other = tmp_path / "other"
    other.mkdir()
    generate_key_files(other / "other.key")
    (other / "other.pub").rename(tmp_path / "kiosk.pub")

    result = doctor_checks.check_signing_key(config, demo=False)

    assert result.status is Status.FAIL and "is not the public key of" in result.detail.en


def test_a_public_key_in_place_of_the_private_key_fails(tmp_path: Path) -> None:
    config = doctor_checks.load_config(config_for(tmp_path, "embedded"))
    private = tmp_path / "kiosk.key"
    private.unlink()
    private.write_bytes((tmp_path / "kiosk.pub").read_bytes())
    private.chmod(0o600)

    result = doctor_checks.check_signing_key(config, demo=False)

    assert result.status is Status.FAIL and "not an Ed25519 key" in result.detail.en


def test_the_bundled_fonts_load_and_cover_thai_and_latin() -> None:
    assert doctor_checks.check_fonts().status is Status.PASS


def test_a_printer_cups_does_not_know_fails_with_what_cups_said() -> None:
    result = doctor_checks.check_printer("No_Such_Queue")

    assert result.status is Status.FAIL
    assert "No_Such_Queue" in result.detail.en


@pytest.mark.parametrize(
    ("output", "status"),
    [
        ("printer Kiosk_A4 is idle.  enabled since Mon 01 Jan 2029 08:00:00\n", Status.PASS),
        ("printer Kiosk_A4 now printing Kiosk_A4-12.  enabled since Mon 01 Jan\n", Status.PASS),
        ("printer Kiosk_A4 disabled since Mon 01 Jan 2029 08:00:00 -\n\tPaused\n", Status.FAIL),
    ],
)
def test_a_disabled_queue_fails(output: str, status: Status) -> None:
    assert doctor_checks.printer_state("Kiosk_A4", output).status is status


def test_skipped_checks_are_listed_as_skipped(pcscd: PcscDaemon, api_config: Path) -> None:
    found = statuses(api_config, frozenset({"printer", "api", "clock", "fonts"}))

    assert [name for name, status in found.items() if status is Status.SKIP] == [
        "fonts",
        "printer",
        "api",
        "clock",
    ]
