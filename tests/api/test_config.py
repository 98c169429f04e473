"""The typed config: TOML file, environment overrides, and errors that name the bad key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import EMBEDDED_API, AppConfig, ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "onecard.toml"
    path.write_text(text, "utf-8")
    return path


def test_by_default_no_api_is_configured_and_sample_data_is_not_used(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""), env={})
    assert config == AppConfig()
    assert config.api.url == "" and not config.api.is_configured
    assert not config.api.is_embedded
    assert config.api.lookup_budget == 15.0


def test_the_embedded_sandbox_only_when_asked_for(tmp_path: Path) -> None:
    api = load_config(write(tmp_path, "[api]\nurl = 'embedded'\n"), env={}).api
    assert api.url == EMBEDDED_API and api.is_embedded and api.is_configured


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


DURATION_KEYS = ["connect_timeout", "read_timeout", "lookup_budget", "backoff_base", "backoff_max"]
NOT_A_DURATION = ["nan", "inf", "-inf", "1e308", "0", "-1", "300.5"]


@pytest.mark.parametrize("value", NOT_A_DURATION)
@pytest.mark.parametrize("name", DURATION_KEYS)
def test_every_duration_in_the_file_is_finite_positive_and_at_most_300_s(
    tmp_path: Path, name: str, value: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, f"[api]\n{name} = {value}\n"), env={})
    assert caught.value.key == f"api.{name}"
    assert f"api.{name}" in caught.value.one_line()


@pytest.mark.parametrize("value", [*NOT_A_DURATION, "NaN", "Infinity", "  inf "])
def test_the_budget_from_the_environment_is_finite_positive_and_at_most_300_s(
    tmp_path: Path, value: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, ""), env={"ONECARD_LOOKUP_BUDGET": value})
    assert caught.value.key == "api.lookup_budget"
    assert "api.lookup_budget" in caught.value.one_line()


@pytest.mark.parametrize("value", ["0.5", "300", "15"])
def test_sensible_durations_are_accepted(tmp_path: Path, value: str) -> None:
    env = {"ONECARD_LOOKUP_BUDGET": value}
    assert load_config(write(tmp_path, ""), env=env).api.lookup_budget == float(value)


def test_the_idle_timeout_is_a_duration_too(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, "[kiosk]\nidle_timeout = nan\n"), env={})
    assert caught.value.key == "kiosk.idle_timeout"


def test_a_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_config(tmp_path / "absent.toml", env={})
