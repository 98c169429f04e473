"""The typed config: TOML file, environment overrides, and errors that name the bad key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import EMBEDDED_API, AppConfig, ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "onecard.toml"
    path.write_text(text, "utf-8")
    return path


def test_defaults_use_the_embedded_sandbox(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""), env={})
    assert config == AppConfig()
    assert config.api.url == EMBEDDED_API and config.api.lookup_budget == 15.0


def test_a_full_file(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("s3cret\n", "utf-8")
    (tmp_path / "ca.pem").write_text("-", "utf-8")
    path = write(
        tmp_path,
        """
        [api]
        url = "https://api.example.go.th"
        consumer_key = "kiosk-0042"
        consumer_secret_file = "secret"
        ca_bundle = "ca.pem"
        read_timeout = 5
        max_retries = 2

        [kiosk]
        languages = ["en", "th"]
        enabled_forms = ["elderly-allowance"]
        """,
    )
    config = load_config(path, env={})
    assert config.api.consumer_secret == "s3cret"
    assert config.api.ca_bundle == tmp_path / "ca.pem"  # relative to the file
    assert config.api.read_timeout == 5.0 and config.api.max_retries == 2
    assert config.kiosk.languages == ("en", "th")
    assert "s3cret" not in repr(config)


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[api]\nurl = "https://a.example.go.th"\nkiosk_id = "from-file"\n')
    (tmp_path / "secret").write_text("from-file-secret", "utf-8")
    env = {
        "ONECARD_API_URL": "http://127.0.0.1:9999",
        "ONECARD_API_KEY": "key",
        "ONECARD_API_SECRET_FILE": str(tmp_path / "secret"),
        "ONECARD_OFFICER_ID": "officer-7",
        "ONECARD_LOOKUP_BUDGET": "2.5",
    }
    api = load_config(path, env=env).api
    assert api.url == "http://127.0.0.1:9999"
    assert api.consumer_secret == "from-file-secret"
    assert (api.kiosk_id, api.officer_id, api.lookup_budget) == ("from-file", "officer-7", 2.5)


def test_the_config_file_can_come_from_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path, "[printer]\nname = 'counter-2'\n")
    assert load_config(env={"ONECARD_CONFIG": str(path)}).printer.name == "counter-2"


@pytest.mark.parametrize(
    ("text", "env", "key"),
    [
        ("[api]\nurll = 'x'\n", {}, "api.urll"),
        ("[apii]\n", {}, "apii"),
        ("[api]\nread_timeout = 'slow'\n", {}, "api.read_timeout"),
        ("[api]\nmax_retries = 2.5\n", {}, "api.max_retries"),
        ("[api]\nmax_retries = 50\n", {}, "api.max_retries"),
        ("[api]\nlookup_budget = 0\n", {}, "api.lookup_budget"),
        ("[api]\nconsumer_secret = 'inline'\n", {}, "api.consumer_secret"),
        ("[api]\nurl = 'ftp://x'\n", {}, "api.url"),
        ("[api]\nurl = 'http://api.example.go.th'\n", {}, "api.url"),
        ("[api]\nurl = 'https://api.example.go.th'\n", {}, "api.consumer_key"),
        ("[api]\nclient_cert = 'cert.pem'\n", {}, "api.client_key"),
        ("[api]\nca_bundle = 'missing.pem'\n", {}, "api.ca_bundle"),
        ("[kiosk]\nlanguages = ['fr']\n", {}, "kiosk.languages"),
        ("", {"ONECARD_LOOKUP_BUDGET": "soon"}, "api.lookup_budget"),
        ("", {"ONECARD_API_URL": "not a url"}, "api.url"),
        ("api = 3\n", {}, "api"),
        ("[api\n", {}, "onecard.toml"),
    ],
)
def test_bad_settings_name_their_key(
    tmp_path: Path, text: str, env: dict[str, str], key: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), env=env)
    assert key in caught.value.key
    assert key in caught.value.one_line()


def test_a_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_config(tmp_path / "absent.toml", env={})
