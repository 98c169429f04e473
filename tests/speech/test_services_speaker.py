"""The composition root's speaker: built from [speech] on first use, ended with the services."""

from __future__ import annotations

from kiosk.cardslot import DemoSlot
from kiosk.config import AppConfig
from kiosk.services import build_services
from kiosk.speech import QueuedSpeaker, RecordingSpeaker


def test_a_given_speaker_is_the_services_speaker() -> None:
    recorder = RecordingSpeaker()
    services = build_services(AppConfig(), slot=DemoSlot(), speaker=recorder)

    assert services.speaker is recorder
    services.close()
    assert recorder.closed


def test_the_configured_speaker_is_built_once_and_its_thread_ends_with_the_services() -> None:
    services = build_services(AppConfig(), slot=DemoSlot())
    speaker = services.speaker

    assert isinstance(speaker, QueuedSpeaker) and services.speaker is speaker
    services.close()
    assert not speaker._thread.is_alive()


def test_services_that_never_spoke_start_no_speech_thread() -> None:
    services = build_services(AppConfig(), slot=DemoSlot())
    services.close()

    assert "speaker" not in services.__dict__
