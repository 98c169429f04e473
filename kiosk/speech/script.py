"""The recording script for an agency's clips: one line per clip, its file name and the exact
words to say, from the kiosk's current translations (docs/speech.md).

    .venv/bin/python -m kiosk.speech.script th > clips-th.tsv
"""

from __future__ import annotations

import json
import sys

from assets import ROOT
from kiosk.flow.narration import spoken_keys
from kiosk.speech.clips import LANGUAGES, SUFFIX


def recording_script(language: str) -> list[tuple[str, str]]:
    """(file name inside `<clips_dir>/<language>/`, the words) for every clip there can be."""
    path = ROOT / "translations" / f"{language}.json"
    words: dict[str, str] = json.loads(path.read_text("utf-8"))
    return [(f"{key}{SUFFIX}", words[key]) for key in spoken_keys() if words.get(key, "").strip()]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in LANGUAGES:
        print(f"usage: python -m kiosk.speech.script {{{'|'.join(LANGUAGES)}}}", file=sys.stderr)
        return 2
    for name, text in recording_script(argv[0]):
        print(f"{name}\t{' '.join(text.split())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
