"""The agency config: the commented example in deploy/ loads and validates, and each kind of
mistake an agency could make stops start-up with an error naming the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from forms import load_forms
from kiosk.config import ConfigError, load_config
from kiosk.pin import check_pin
from tests.build.programs import INSTALLED, run
from tests.support.cli import ROOT

EXAMPLE = ROOT / "deploy" / "onecard.example.toml"
FILES_THE_EXAMPLE_NAMES = ("consumer-secret", "ca-bundle.pem", "kiosk.crt", "kiosk.key", "logo.png")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example, installed as an agency would: next to the files it names."""
    for name in FILES_THE_EXAMPLE_NAMES:
        (tmp_path / name).write_text("synthetic test content\n", "utf-8")
    return Path(shutil.copy(EXAMPLE, tmp_path / "onecard.toml"))


def with_line(config: Path, section: str, line: str) -> Path:
    """The config with `line` added at the top of `[section]`."""
    text = config.read_text("utf-8").replace(f"[{section}]\n", f"[{section}]\n{line}\n", 1)
    config.write_text(text, "utf-8")
    return config


def secret_from_systemd(example: Path) -> dict[str, str]:
    """The environment the kiosk service gives: the secret as a credential file."""
    return {"ONECARD_API_SECRET_FILE": str(example.parent / "consumer-secret")}


def test_the_example_loads_and_every_setting_is_read(example: Path) -> None:
    config = load_config(example, env=secret_from_systemd(example))

    assert config.api.url == "https://subsidy-api.example.go.th"
    assert config.api.consumer_secret == "synthetic test content"
    assert config.api.client_cert == example.parent / "kiosk.crt"
    assert config.api.ca_bundle == example.parent / "ca-bundle.pem"
    assert config.kiosk.languages == ("th", "en")
    assert config.kiosk.idle_timeout == 60.0
    assert config.printer.name == "Kiosk_A4"
    assert config.branding.logo == example.parent / "logo.png"
    assert config.branding.primary_colour == "#134CC7"
    assert config.branding.agency_name_en.startswith("Nakhon Pathom")


def test_the_example_enables_only_forms_that_exist(example: Path) -> None:
    enabled = load_config(example, env=secret_from_systemd(example)).kiosk.enabled_forms

    assert enabled
    assert set(enabled) <= set(load_forms())


def test_the_secret_may_instead_come_from_the_file_named_in_the_config(example: Path) -> None:
    text = example.read_text("utf-8").replace("# consumer_secret_file =", "consumer_secret_file =")
    example.write_text(text, "utf-8")

    assert load_config(example, env={}).api.consumer_secret == "synthetic test content"


def test_without_a_secret_the_example_is_refused_naming_the_key(example: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(example, env={})

    assert caught.value.key == "api.consumer_key"


@pytest.mark.parametrize(
    ("section", "line", "key"),
    [
        ("kiosk", "idle_timout = 30", "kiosk.idle_timout"),
        ("branding", 'primary_colour = "blue"', "branding.primary_colour"),
        ("branding", 'header_colour = "#12345"', "branding.header_colour"),
        ("branding", 'logo = "missing.png"', "branding.logo"),
        ("kiosk", 'admin_pin_hash = "5f4dcc3b5aa765d61d8327deb882cf99"', "kiosk.admin_pin_hash"),
        ("kiosk", 'languages = ["th", "fr"]', "kiosk.languages"),
        ("api", 'consumer_secret = "inline"', "api.consumer_secret"),
        ("kiosk", 'admin_pin_hash = "pbkdf2_sha256$many$x$y"', "kiosk.admin_pin_hash"),
        ("kiosk", 'enabled_forms = ["elderly-allowance", "lottery"]', "kiosk.enabled_forms"),
        ("kiosk", 'signing_key = "/nonexistent/kiosk.key"', "kiosk.signing_key"),
    ],
)
def test_a_bad_setting_is_named(example: Path, section: str, line: str, key: str) -> None:
    text = example.read_text("utf-8")
    names = ("logo", "languages", "primary_colour", "header_colour", "admin_pin_hash")
    for name in (*names, "enabled_forms", "signing_key"):
        if line.startswith(f"{name} ="):  # replace the example's own line, not add a duplicate
            text = "\n".join(row for row in text.splitlines() if not row.startswith(f"{name} ="))
    example.write_text(text + "\n", "utf-8")

    with pytest.raises(ConfigError) as caught:
        load_config(with_line(example, section, line), env=secret_from_systemd(example))

    assert caught.value.key == key
    assert key in caught.value.one_line()


def test_onecard_names_the_bad_key_at_start(example: Path) -> None:
    with_line(example, "kiosk", "idle_timout = 30")

    finished = run(INSTALLED, "doctor", "--config", str(example), "--skip", "printer")

    assert finished.returncode == 1
    assert "kiosk.idle_timout" in finished.stdout
    assert "unknown setting" in finished.stdout


def test_the_hash_printed_by_admin_pin_hash_is_accepted_and_checks_the_pin(example: Path) -> None:
    finished = run(INSTALLED, "admin-pin-hash", stdin="24681357\n")
    stored = finished.stdout.strip()
    text = example.read_text("utf-8").replace('admin_pin_hash = ""', f'admin_pin_hash = "{stored}"')
    example.write_text(text, "utf-8")

    config = load_config(example, env=secret_from_systemd(example))

    assert finished.returncode == 0
    assert "24681357" not in finished.stdout
    assert check_pin("24681357", config.kiosk.admin_pin_hash)
    assert not check_pin("24681358", config.kiosk.admin_pin_hash)


def test_admin_pin_hash_refuses_a_short_pin() -> None:
    finished = run(INSTALLED, "admin-pin-hash", stdin="123\n")

    assert finished.returncode == 1
    assert finished.stdout == ""
    assert "at least 6" in finished.stderr
