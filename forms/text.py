"""Bilingual text: every label, note and message on a form exists in Thai and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bilingual:
    th: str
    en: str

    def both(self) -> str:
        """Thai then English on one line, for logs and the command line."""
        return f"{self.th} / {self.en}"
