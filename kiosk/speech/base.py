"""What voice guidance says and who says it: an `Utterance` (the words, their language and,
for fixed text, the message key an agency's recorded clip is named by), a `Speaker` (says
utterances off the caller's thread), and a `SpeechBackend` (how one utterance becomes sound:
the command that plays it)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

KEY = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)*")  # a message key, safe as a file name


@dataclass(frozen=True)
class Utterance:
    """`text` in `language` ("th" or "en"). `key` names fixed text (a translation key such as
    "notice.title", or a status word such as "status.received") that a recorded clip may say
    instead; it is "" for text made at run time (a name, an amount, an error's words).
    Invariant: a key is only given when `text` is exactly what the key's clip says."""

    text: str
    language: str
    key: str = ""

    def __post_init__(self) -> None:
        if self.key and not KEY.fullmatch(self.key):
            raise ValueError(f"not a message key: {self.key!r}")

    def __repr__(self) -> str:  # the text may hold a name: keep it out of logs
        return f"Utterance({self.key or '<dynamic>'}, {self.language})"


class Speaker(Protocol):
    """Says utterances in order on a thread of its own; every method returns at once and may
    be called from any thread."""

    def say(self, utterances: Sequence[Utterance]) -> None:
        """Stop what is being said, drop what is queued, then say these (a new screen's words
        replace the last screen's)."""

    def stop(self) -> None:
        """Stop what is being said and drop what is queued (the session ended)."""

    def close(self) -> None:
        """Stop, and end the speaker's thread; `say` does nothing afterwards."""


class SpeechBackend(Protocol):
    """How an utterance becomes sound."""

    def command(self, utterance: Utterance) -> list[str] | None:
        """The program and arguments that say `utterance` and exit; None: it cannot be said
        (no clip and no synthesiser)."""


class SilentSpeaker:
    """A speaker that says nothing: no speech program on this machine."""

    def say(self, utterances: Sequence[Utterance]) -> None:
        return None

    def stop(self) -> None:
        return None

    def close(self) -> None:
        return None


class RecordingSpeaker:
    """For tests: records what would be said. `said` holds each `say` call's utterances in
    order; `stops` counts `stop` calls. Nothing is played and no thread is started."""

    def __init__(self) -> None:
        self.said: list[list[Utterance]] = []
        self.stops = 0
        self.closed = False

    def say(self, utterances: Sequence[Utterance]) -> None:
        if not self.closed:
            self.said.append(list(utterances))

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        self.closed = True

    @property
    def texts(self) -> list[str]:
        """Every utterance's words, in the order they would be said."""
        return [utterance.text for batch in self.said for utterance in batch]

    @property
    def keys(self) -> list[str]:
        return [utterance.key for batch in self.said for utterance in batch if utterance.key]
