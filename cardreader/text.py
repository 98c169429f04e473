"""Bilingual text: OneCard says everything in Thai and in English, Thai first.

The one bilingual text type of the whole project (card warnings, form labels, API statuses,
user-facing errors). It lives in the lowest layer so every layer can use it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bilingual:
    th: str
    en: str

    def in_language(self, language: str) -> str:
        """The Thai text for "th", the English one for any other language."""
        return self.th if language == "th" else self.en

    def both(self) -> str:
        """Thai then English on one line, for logs and the command line."""
        return f"{self.th} / {self.en}"
