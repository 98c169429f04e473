"""The speaker's thread and queue: utterances said in order off the caller's thread; a new
screen's words replace the last's; `stop` silences and drops everything (the session ended)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest

from kiosk.speech import EspeakBackend, QueuedSpeaker, Utterance
from tests.speech.fakes import FakePlayer


def th(text: str, key: str = "") -> Utterance:
    return Utterance(text, "th", key)


@pytest.fixture
def player() -> FakePlayer:
    return FakePlayer(failing=frozenset({"broken"}))


@pytest.fixture
def speaker(player: FakePlayer) -> Iterator[QueuedSpeaker]:
    speaker = QueuedSpeaker(EspeakBackend(rate=140), player)
    yield speaker
    speaker.close()


def test_utterances_are_said_in_order_on_the_speech_thread(
    speaker: QueuedSpeaker, player: FakePlayer
) -> None:
    speaker.say([th("หนึ่ง"), Utterance("two", "en")])

    first = player.next()
    assert first.command == ["espeak-ng", "-v", "th", "-s", "140", "หนึ่ง"]
    assert first.thread == "speech" != threading.current_thread().name
    first.finish()
    second = player.next()
    assert second.command == ["espeak-ng", "-v", "en", "-s", "140", "two"]


def test_say_returns_at_once_and_replaces_what_was_being_said(
    speaker: QueuedSpeaker, player: FakePlayer
) -> None:
    speaker.say([th("old screen"), th("old rows")])
    playing = player.next()  # still playing: say must not wait for it

    speaker.say([th("new screen")])

    assert playing.stopped
    assert player.next().text == "new screen"
    speaker.close()
    assert [sound.text for sound in player.started] == ["old screen", "new screen"]


def test_stop_stops_the_sound_and_drops_the_queue(
    speaker: QueuedSpeaker, player: FakePlayer
) -> None:
    speaker.say([th("a"), th("b"), th("c")])
    playing = player.next()

    speaker.stop()

    assert playing.stopped
    speaker.say([th("next citizen")])
    player.next().finish()
    speaker.close()
    assert [sound.text for sound in player.started] == ["a", "next citizen"]


def test_after_close_nothing_is_said(speaker: QueuedSpeaker, player: FakePlayer) -> None:
    speaker.close()
    speaker.say([th("too late")])
    speaker.close()  # twice is harmless

    assert player.started == []


def test_a_sound_that_cannot_start_is_logged_without_its_words_and_speech_goes_on(
    speaker: QueuedSpeaker, player: FakePlayer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="kiosk.speech"):
        speaker.say([th("broken", "notice.title"), th("สวัสดี คุณสมชาย"), th("ต่อไป")])
        player.next().finish(code=1)  # the second: played, but the device failed
        assert player.next().text == "ต่อไป"  # and speech goes on
        speaker.close()

    assert "notice.title" in caplog.text
    assert "FileNotFoundError" in caplog.text
    assert "exit code 1" in caplog.text
    assert "broken" not in caplog.text
    assert "สมชาย" not in caplog.text


def test_a_sound_stopped_on_purpose_is_not_a_failure(
    speaker: QueuedSpeaker, player: FakePlayer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="kiosk.speech"):
        speaker.say([th("a")])
        playing = player.next()
        playing.code = -15  # what a terminated process answers
        speaker.stop()
        speaker.close()

    assert "speech failed" not in caplog.text
