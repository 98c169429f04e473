"""espeak-ng (Debian package `espeak-ng`): speaks any text in Thai (`-v th`) and English
(`-v en`); used for text made at run time and wherever no recorded clip exists. It plays
through the machine's default audio output itself. Numbers in Thai text are spelt out in
Thai words first (its Thai voice reads digits one by one)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from kiosk.speech.base import Utterance
from kiosk.speech.thainumbers import numbers_in_words

PROGRAM = "espeak-ng"
VOICES = {"th": "th", "en": "en"}  # session language -> espeak-ng voice
DEFAULT_RATE = 150  # words per minute; espeak-ng's own default (175) is fast for many listeners
TIMEOUT = 30.0  # seconds for a command that writes a file or lists voices


class EspeakBackend:
    """Says each utterance with espeak-ng at `rate` words per minute."""

    def __init__(self, rate: int = DEFAULT_RATE, program: str = PROGRAM) -> None:
        self.rate = rate
        self.program = program

    def command(self, utterance: Utterance) -> list[str] | None:
        voice = VOICES.get(utterance.language, VOICES["en"])
        text = utterance.text.replace("\x00", " ").strip()
        if utterance.language == "th":  # the Thai voice reads digits one by one
            text = numbers_in_words(text)
        if not text:
            return None
        if text.startswith("-"):  # text, not an option
            text = f" {text}"
        return [self.program, "-v", voice, "-s", str(self.rate), text]

    def write_wav(self, utterance: Utterance, path: Path) -> None:
        """Write `utterance` as a WAV file instead of playing it (`espeak-ng -w`); raises
        OSError or subprocess.CalledProcessError when espeak-ng cannot."""
        command = self.command(utterance)
        if command is None:
            raise ValueError("nothing to say")
        program, *arguments = command
        subprocess.run(
            [program, "-w", str(path), *arguments],
            check=True,
            capture_output=True,
            timeout=TIMEOUT,
        )


def find_espeak() -> str | None:
    """The espeak-ng program's path, or None when it is not installed."""
    return shutil.which(PROGRAM)


def installed_languages(program: str = PROGRAM) -> set[str]:
    """The languages espeak-ng has voices for ("th", "en-gb", "en-us", ...), from
    `espeak-ng --voices`; empty when it cannot be run."""
    try:
        listing = subprocess.run(
            [program, "--voices"], capture_output=True, text=True, timeout=TIMEOUT, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    languages = set()
    for line in listing.splitlines()[1:]:  # the first line is the header
        columns = line.split()
        if len(columns) >= 2:
            languages.add(columns[1])
    return languages


def has_voices(languages: set[str]) -> dict[str, bool]:
    """For each session language, whether espeak-ng has a voice for it."""
    return {
        language: any(found == voice or found.startswith(f"{voice}-") for found in languages)
        for language, voice in VOICES.items()
    }
