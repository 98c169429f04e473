"""What `onecard doctor` needs to know about this machine's audio: its sound outputs and the
agency's clips. Every function answers; none raises."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from kiosk.speech.clips import LANGUAGES, clip_path

TIMEOUT = 10.0


def _run(command: Sequence[str]) -> str | None:
    """The command's output, or None when it cannot be run or fails."""
    if shutil.which(command[0]) is None:
        return None
    try:
        done = subprocess.run(
            list(command),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def sound_cards(aplay_list: str) -> list[str]:
    """The playback cards in `aplay -l` output ("card 0: PCH [HDA Intel PCH], device 0: ...")."""
    return [line.strip() for line in aplay_list.splitlines() if line.startswith("card ")]


def audio_outputs() -> list[str] | None:
    """This machine's sound outputs: ALSA playback cards (`aplay -l`), else PulseAudio or
    PipeWire sinks (`pactl list short sinks`); None when neither tool is installed."""
    aplay = _run(["aplay", "-l"])
    cards = sound_cards(aplay or "")
    if cards:
        return cards
    pactl = _run(["pactl", "list", "short", "sinks"])
    sinks = [line.split("\t")[1] for line in (pactl or "").splitlines() if "\t" in line]
    if sinks:
        return sinks
    return None if aplay is None and pactl is None else []


def clip_counts(folder: Path, keys: Sequence[str]) -> dict[str, int]:
    """How many of `keys` have a clip in `folder`, per language."""
    return {
        language: sum(clip_path(folder, language, key).is_file() for key in keys)
        for language in LANGUAGES
    }


def folder_readable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.R_OK | os.X_OK)
