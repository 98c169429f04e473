"""Shared pieces for the forms tests: the shipped forms, a fixed day, a kiosk key, and the
folder (git-ignored) where the rendered first pages are kept for a person to look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from forms import FormDefinition, Provenance, SigningKey, load_forms

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "forms"
TODAY = dt.date(2026, 3, 5)
READ_AT = dt.datetime(2026, 3, 5, 7, 32, tzinfo=dt.UTC)  # 14:32 in Bangkok
KIOSK = "KIOSK-TEST-01"


@pytest.fixture(scope="session")
def shipped_forms() -> dict[str, FormDefinition]:
    return load_forms()


@pytest.fixture(scope="session")
def kiosk_key() -> SigningKey:
    return SigningKey(Ed25519PrivateKey.generate())


@pytest.fixture
def provenance() -> Provenance:
    return Provenance(KIOSK, READ_AT)
