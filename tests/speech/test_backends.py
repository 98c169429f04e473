"""The two backends: an agency's recorded clips, falling back to espeak-ng for text made at
run time and for any clip that is missing; and espeak-ng itself, run for real."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from kiosk.config import SpeechConfig
from kiosk.speech import (
    ClipsBackend,
    EspeakBackend,
    QueuedSpeaker,
    SilentSpeaker,
    Utterance,
    build_backend,
    build_speaker,
)
from kiosk.speech.clips import clip_path
from kiosk.speech.espeak import has_voices, installed_languages
from tests.speech.fakes import FakePlayer

APLAY = ["aplay", "-q"]


@pytest.fixture
def clips(tmp_path: Path) -> Path:
    """An agency's folder with one Thai clip."""
    (tmp_path / "th").mkdir()
    (tmp_path / "th" / "notice.title.wav").write_bytes(b"RIFF....WAVE")
    return tmp_path


def test_a_message_with_a_clip_plays_the_clip(clips: Path) -> None:
    backend = ClipsBackend(clips, EspeakBackend(), APLAY)

    command = backend.command(Utterance("ก่อนอ่านบัตร", "th", "notice.title"))

    assert command == ["aplay", "-q", str(clips / "th" / "notice.title.wav")]


@pytest.mark.parametrize(
    "utterance",
    [
        Utterance("แตะเพื่อเริ่ม", "th", "attract.insert"),  # no clip for this key
        Utterance("Before we read your card", "en", "notice.title"),  # no English clip
        Utterance("สวัสดี คุณสมชาย", "th"),  # text made at run time
    ],
    ids=["missing clip", "other language", "dynamic text"],
)
def test_without_a_clip_espeak_ng_says_it(clips: Path, utterance: Utterance) -> None:
    backend = ClipsBackend(clips, EspeakBackend(rate=150), APLAY)

    assert backend.command(utterance) == [
        "espeak-ng",
        "-v",
        utterance.language,
        "-s",
        "150",
        utterance.text,
    ]


def test_the_speaker_plays_clips_and_falls_back_in_one_screen(clips: Path) -> None:
    player = FakePlayer()
    speaker = QueuedSpeaker(ClipsBackend(clips, EspeakBackend(), APLAY), player)
    speaker.say(
        [Utterance("ก่อนอ่านบัตร", "th", "notice.title"), Utterance("ยอมรับ", "th", "notice.accept")]
    )

    first = player.next()
    first.finish()
    second = player.next()
    speaker.close()

    assert first.command[:2] == APLAY
    assert second.command[0] == "espeak-ng"
    assert second.text == "ยอมรับ"


def test_without_espeak_a_missing_clip_is_skipped(clips: Path) -> None:
    backend = ClipsBackend(clips, None, APLAY)

    assert backend.command(Utterance("ยอมรับ", "th", "notice.accept")) is None
    assert backend.command(Utterance("x", "th", "notice.title")) is not None


def test_without_a_wav_player_clips_are_not_used(clips: Path) -> None:
    backend = ClipsBackend(clips, EspeakBackend(), None)

    command = backend.command(Utterance("ก่อนอ่านบัตร", "th", "notice.title"))

    assert command is not None and command[0] == "espeak-ng"


@pytest.mark.parametrize("key", ["../secret", "notice/title", "Notice.Title", ".hidden", "a..b"])
def test_a_key_cannot_name_a_file_outside_the_clips_folder(key: str) -> None:
    with pytest.raises(ValueError, match="not a message key"):
        Utterance("x", "th", key)


def test_clip_files_are_named_by_language_and_key(tmp_path: Path) -> None:
    assert clip_path(tmp_path, "en", "idle.warning") == tmp_path / "en" / "idle.warning.wav"


def test_text_that_looks_like_an_option_is_spoken_as_text() -> None:
    command = EspeakBackend().command(Utterance("-5 baht", "en"))

    assert command is not None and command[-1] == " -5 baht"


def test_blank_text_is_not_spoken() -> None:
    assert EspeakBackend().command(Utterance("  ", "en")) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [("สิทธิสวัสดิการของท่าน", "th"), ("Your state benefits", "en")],
)
def test_real_espeak_ng_writes_a_wav_with_sound(tmp_path: Path, text: str, language: str) -> None:
    path = tmp_path / f"{language}.wav"

    EspeakBackend().write_wav(Utterance(text, language), path)

    with wave.open(str(path), "rb") as audio:
        assert audio.getnchannels() == 1
        assert audio.getnframes() > audio.getframerate() // 4  # more than a quarter second
        frames = audio.readframes(audio.getnframes())
    assert any(frames)  # not all silence


def test_espeak_ng_has_thai_and_english_voices() -> None:
    assert has_voices(installed_languages()) == {"th": True, "en": True}


def test_no_espeak_ng_program_lists_no_voices() -> None:
    assert installed_languages("/nonexistent/espeak-ng") == set()


def test_the_configured_clips_fall_back_to_espeak_at_the_configured_rate(clips: Path) -> None:
    backend = build_backend(SpeechConfig(clips_dir=clips, rate=120))

    assert isinstance(backend, ClipsBackend)
    assert isinstance(backend.fallback, EspeakBackend)
    assert backend.fallback.rate == 120


def test_without_clips_espeak_ng_speaks_everything() -> None:
    assert isinstance(build_backend(SpeechConfig()), EspeakBackend)


def test_a_machine_that_cannot_speak_gets_a_silent_speaker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("kiosk.speech.find_espeak", lambda: None)
    monkeypatch.setattr("kiosk.speech.find_player", lambda: None)

    assert isinstance(build_speaker(SpeechConfig()), SilentSpeaker)


def test_a_machine_with_espeak_gets_a_speaker_with_its_own_thread() -> None:
    speaker = build_speaker(SpeechConfig())
    try:
        assert isinstance(speaker, QueuedSpeaker)
    finally:
        speaker.close()


def test_the_thai_voice_gets_numbers_in_thai_words() -> None:
    command = EspeakBackend().command(Utterance("1,000 บาท ต่อเดือน ใน 30 วินาที", "th"))

    assert command is not None and command[-1] == "หนึ่งพัน บาท ต่อเดือน ใน สามสิบ วินาที"


def test_the_english_voice_reads_numbers_itself() -> None:
    command = EspeakBackend().command(Utterance("1,000 baht", "en"))

    assert command is not None and command[-1] == "1,000 baht"
