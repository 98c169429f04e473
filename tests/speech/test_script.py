"""The recording script: every clip's file name with the exact words it must say."""

from __future__ import annotations

import json

import pytest

from assets import ROOT
from kiosk.speech.script import main, recording_script


def test_the_script_names_each_clip_by_key_with_the_current_words() -> None:
    thai = json.loads((ROOT / "translations" / "th.json").read_text("utf-8"))

    script = dict(recording_script("th"))

    assert script["notice.title.wav"] == thai["notice.title"]
    assert script["status.received.wav"] == thai["status.received"]
    assert all(words.strip() for words in script.values())  # nothing blank to record


def test_the_script_prints_tab_separated_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["en"]) == 0

    first = capsys.readouterr().out.splitlines()[0]
    assert first.split("\t")[0].endswith(".wav") and len(first.split("\t")) == 2


def test_an_unknown_language_is_refused() -> None:
    assert main(["fr"]) == 2
