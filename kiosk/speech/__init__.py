"""Voice guidance: the kiosk says each screen's title, instructions, entitlement rows, errors
and the idle warning in the session's language (what to say: kiosk.flow.narration).

Two backends make the sound: an agency's recorded clips per message key (`clips`), and
espeak-ng (`espeak`) for text made at run time and wherever a clip is missing. A `Speaker`
says utterances on its own thread (`QueuedSpeaker`); `RecordingSpeaker` records them for
tests; `SilentSpeaker` stands in when this machine cannot speak. No Kivy here.
"""

from __future__ import annotations

import logging

from kiosk.config import SpeechConfig
from kiosk.speech.base import RecordingSpeaker, SilentSpeaker, Speaker, SpeechBackend, Utterance
from kiosk.speech.clips import ClipsBackend, find_player
from kiosk.speech.espeak import EspeakBackend, find_espeak
from kiosk.speech.queued import QueuedSpeaker

__all__ = [
    "ClipsBackend",
    "EspeakBackend",
    "QueuedSpeaker",
    "RecordingSpeaker",
    "SilentSpeaker",
    "Speaker",
    "SpeechBackend",
    "Utterance",
    "build_backend",
    "build_speaker",
]

log = logging.getLogger(__name__)


def build_backend(config: SpeechConfig) -> SpeechBackend | None:
    """The clips (when `clips_dir` is set) falling back to espeak-ng, or espeak-ng alone;
    None when neither can make a sound on this machine."""
    espeak_program = find_espeak()
    espeak = EspeakBackend(config.rate, espeak_program) if espeak_program else None
    player = find_player()
    if config.clips_dir is not None and player is not None:
        return ClipsBackend(config.clips_dir, espeak, player)
    return espeak


def build_speaker(config: SpeechConfig) -> Speaker:
    """The kiosk's speaker (its thread starts now), or a silent one when nothing can speak."""
    backend = build_backend(config)
    if backend is None:
        log.warning("voice guidance unavailable: install espeak-ng (and alsa-utils for clips)")
        return SilentSpeaker()
    return QueuedSpeaker(backend)
