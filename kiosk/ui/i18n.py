"""The UI's words in Thai and English, from assets/translations/<language>.json."""

from __future__ import annotations

import json
from functools import cache

from assets import ROOT

LANGUAGES = ("th", "en")


class Catalogue(dict[str, str]):
    """One language's texts; a missing key shows itself instead of crashing the screen."""

    def __missing__(self, key: str) -> str:
        return f"[{key}]"

    def format(self, key: str, **values: object) -> str:
        return self[key].format(**values)


@cache
def catalogue(language: str) -> Catalogue:
    path = ROOT / "translations" / f"{language}.json"
    return Catalogue(json.loads(path.read_text("utf-8")))


def other_language(language: str) -> str:
    return LANGUAGES[(LANGUAGES.index(language) + 1) % len(LANGUAGES)]
