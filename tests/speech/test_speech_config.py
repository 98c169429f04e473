"""The [speech] section: off by default, an agency's clips folder and a speaking rate."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "onecard.toml"
    path.write_text(text, "utf-8")
    return path


def test_speech_is_off_by_default_with_no_clips() -> None:
    speech = load_config(None, env={}).speech

    assert (speech.enabled_by_default, speech.clips_dir, speech.rate) == (False, None, 150)


def test_the_clips_folder_is_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "clips").mkdir()
    text = '[speech]\nenabled_by_default = true\nclips_dir = "clips"\nrate = 130\n'
    path = config(tmp_path, text)

    speech = load_config(path, env={}).speech

    assert (speech.enabled_by_default, speech.clips_dir, speech.rate) == (
        True,
        tmp_path / "clips",
        130,
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[speech]\nclips_dir = "nowhere"\n', "speech.clips_dir"),
        ("[speech]\nrate = 10\n", "speech.rate"),
        ("[speech]\nrate = 1.5\n", "speech.rate"),
        ('[speech]\nenabled_by_default = "maybe"\n', "speech.enabled_by_default"),
        ("[speech]\nvolume = 3\n", "speech.volume"),
    ],
)
def test_a_bad_speech_setting_is_named(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(config(tmp_path, text), env={})

    assert raised.value.key == key
