"""An agency's recorded clips: `<clips_dir>/<language>/<message key>.wav` (docs/speech.md
says how to record them). A fixed message with a clip is played from it (aplay, else paplay);
text made at run time, and any message whose clip is missing, goes to the fallback (espeak-ng).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.speech.base import SpeechBackend, Utterance

LANGUAGES = ("th", "en")
SUFFIX = ".wav"
PLAYERS = (["aplay", "-q"], ["paplay"])  # alsa-utils first, then PulseAudio's


def clip_path(folder: Path, language: str, key: str) -> Path:
    """Where the clip saying `key` in `language` is looked for."""
    return folder / language / f"{key}{SUFFIX}"


def find_player() -> list[str] | None:
    """The command that plays a WAV file given after it, or None when neither is installed."""
    for player in PLAYERS:
        if shutil.which(player[0]):
            return list(player)
    return None


class ClipsBackend:
    """Plays the clip of an utterance's key when there is one, else asks `fallback`.

    Clips are looked up on each utterance, so clips an agency adds are used without a restart.
    Invariant: only keyed utterances in a known language are ever played from a file, and the
    file lies inside `folder` (keys are dotted lowercase words, checked by `Utterance`)."""

    def __init__(
        self, folder: Path, fallback: SpeechBackend | None, player: list[str] | None
    ) -> None:
        self.folder = folder
        self.fallback = fallback
        self.player = player

    def clip(self, utterance: Utterance) -> Path | None:
        """The clip for `utterance`, or None (no key, no such file, or nothing to play it)."""
        if not utterance.key or utterance.language not in LANGUAGES or self.player is None:
            return None
        path = clip_path(self.folder, utterance.language, utterance.key)
        return path if path.is_file() else None

    def command(self, utterance: Utterance) -> list[str] | None:
        path = self.clip(utterance)
        if path is not None and self.player is not None:
            return [*self.player, str(path)]
        return self.fallback.command(utterance) if self.fallback is not None else None
