"""Synthetic citizen profiles (JSON files shipped with the package) and their chip images."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from cardreader import layout
from cardreader.emulator.photo import synthetic_photo

PROFILES_PACKAGE = "cardreader.emulator.profiles"
TEXT_CODEC = "cp874"


@dataclass(frozen=True)
class Profile:
    """One synthetic citizen, with every value in the card's own text form."""

    id: str
    description: str
    fields: dict[str, str]  # layout field name -> card text (names as prefix#first#middle#last)
    photo_seed: int

    @property
    def cid(self) -> str:
        return self.fields["cid"]

    def photo(self) -> bytes:
        return synthetic_photo(self.photo_seed)


def _name_text(name: dict[str, str]) -> str:
    return "#".join(name[part] for part in ("prefix", "first", "middle", "last"))


def profile_from_json(data: dict[str, Any]) -> Profile:
    fields = {
        field.name: str(data[field.name])
        for field in layout.TEXT_FIELDS
        if field.name not in ("name_th", "name_en")
    }
    fields["name_th"] = _name_text(data["name_th"])
    fields["name_en"] = _name_text(data["name_en"])
    return Profile(data["id"], data["description"], fields, int(data["photo_seed"]))


def list_profiles() -> list[str]:
    """The ids of the shipped demo citizens, sorted."""
    files = resources.files(PROFILES_PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".json") for f in files if f.name.endswith(".json"))


@cache
def load_profile(profile_id: str) -> Profile:
    if profile_id not in list_profiles():
        raise KeyError(
            f"no demo citizen {profile_id!r}; choose one of {', '.join(list_profiles())}"
        )
    text = resources.files(PROFILES_PACKAGE).joinpath(f"{profile_id}.json").read_text("utf-8")
    return profile_from_json(json.loads(text))


def encode_field(field: layout.Field, text: str, padding: bytes = b" ") -> bytes:
    data = text.encode(TEXT_CODEC)
    if len(data) > field.length:
        raise ValueError(f"{field.name}: {len(data)} bytes do not fit in {field.length}")
    return data + padding * (field.length - len(data))


def chip_image(profile: Profile, *, nul_padding: bool = False, photo: bytes | None = None) -> bytes:
    """The ID application's memory as the card holds it: fields at their offsets, padded."""
    padding = b"\x00" if nul_padding else b" "
    image = bytearray(b" " * layout.IMAGE_SIZE)
    image[0:4] = b"0003"  # applet version
    for field in layout.TEXT_FIELDS:
        image[field.offset : field.end] = encode_field(field, profile.fields[field.name], padding)
    picture = profile.photo() if photo is None else photo
    if len(picture) > layout.PHOTO.length:
        raise ValueError(f"photo of {len(picture)} bytes does not fit the card")
    image[layout.PHOTO.offset : layout.PHOTO.offset + len(picture)] = picture
    return bytes(image)
