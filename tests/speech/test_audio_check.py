"""`onecard doctor`'s audio check: espeak-ng's Thai and English voices, a sound output, the
agency's clips; a problem warns while speech is off by default and fails when it is on."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import doctor_checks
from kiosk.cli.doctor_checks import (
    Status,
    audio_result,
    check_audio,
    clips_part,
    espeak_part,
    output_part,
)
from kiosk.cli.doctor_commands import run_checks
from kiosk.config import AppConfig, SpeechConfig
from kiosk.speech.devices import clip_counts, sound_cards

APLAY_LIST = """**** List of PLAYBACK Hardware Devices ****
card 0: PCH [HDA Intel PCH], device 0: ALC3246 Analog [ALC3246 Analog]
  Subdevices: 1/1
  Subdevice #0: subdevice #0
card 0: PCH [HDA Intel PCH], device 3: HDMI 0 [HDMI 0]
"""
GOOD = [espeak_part({"th", "en-gb", "en-us"}), output_part(sound_cards(APLAY_LIST))]


def test_a_machine_that_can_speak_passes_and_names_its_sound_card() -> None:
    found = audio_result(SpeechConfig(), GOOD)

    assert found.status is Status.PASS
    assert "HDA Intel PCH" in found.detail.en and "Thai and English" in found.detail.en


@pytest.mark.parametrize(
    ("part", "said"),
    [
        (espeak_part(None), "apt-get install espeak-ng"),
        (espeak_part({"en-gb"}), "no th voice"),
        (output_part([]), "no sound output device"),
        (output_part(None), "apt-get install alsa-utils"),
    ],
)
def test_a_problem_warns_while_speech_is_off_by_default_and_fails_when_on(
    part: tuple[bool, doctor_checks.M], said: str
) -> None:
    off = audio_result(SpeechConfig(), [*GOOD, part])
    on = audio_result(SpeechConfig(enabled_by_default=True), [*GOOD, part])

    assert (off.status, on.status) == (Status.WARN, Status.FAIL)
    assert said in off.detail.en
    assert off.detail.th  # Thai first in the report


def test_the_clips_folder_is_counted_per_language(tmp_path: Path) -> None:
    (tmp_path / "th").mkdir()
    (tmp_path / "th" / "notice.title.wav").write_bytes(b"RIFF")
    counts = clip_counts(tmp_path, ["notice.title", "notice.what"])

    fine, detail = clips_part(tmp_path, True, counts, 2, ["aplay", "-q"])

    assert fine and "Thai 1/2, English 0/2" in detail.en


def test_an_unreadable_clips_folder_or_no_player_is_a_problem(tmp_path: Path) -> None:
    assert not clips_part(tmp_path, False, {}, 2, ["aplay"])[0]
    assert not clips_part(tmp_path, True, {}, 2, None)[0]


def test_aplay_lists_only_cards() -> None:
    assert sound_cards("aplay: device_list:274: no soundcards found...\n") == []
    assert len(sound_cards(APLAY_LIST)) == 2


def test_this_machine_has_espeak_ng_with_both_voices(tmp_path: Path) -> None:
    """The real check on this machine: espeak-ng is installed by scripts/setup.sh."""
    (tmp_path / "en").mkdir()
    config = AppConfig(speech=SpeechConfig(clips_dir=tmp_path))

    found = check_audio(config)

    assert "espeak-ng with Thai and English voices" in found.detail.en
    assert f"clips in {tmp_path}" in found.detail.en
    assert found.status in {Status.PASS, Status.WARN}  # a sound card or not; speech off


def test_doctor_reports_the_audio_check_last_and_can_skip_it() -> None:
    skip = frozenset(set(doctor_checks.TITLES) - {"config", "audio"} | {"pcscd", "readers"})
    results = run_checks(None, skip)

    assert results[-1].check == "audio" and results[-1].status is not Status.SKIP
    skipped = run_checks(None, skip | {"audio"})
    assert skipped[-1].status is Status.SKIP
