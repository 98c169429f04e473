"""Synthetic citizen profiles (JSON files shipped with the package) and their chip images."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
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
    nhso: dict[str, str] | None = None  # NHSO field name -> card text; None: no NHSO applet
    laser_code: str | None = field(default=None, repr=False)  # None: no laser applet

    @property
    def cid(self) -> str:
        return self.fields["cid"]

    def photo(self) -> bytes:
        return synthetic_photo(self.photo_seed)


def _name_text(name: dict[str, str]) -> str:
    return "#".join(name[part] for part in ("prefix", "first", "middle", "last"))


def profile_from_json(data: dict[str, Any]) -> Profile:
    fields = {
        spec.name: str(data[spec.name])
        for spec in layout.TEXT_FIELDS
        if spec.name not in ("name_th", "name_en")
    }
    fields["name_th"] = _name_text(data["name_th"])
    fields["name_en"] = _name_text(data["name_en"])
    nhso = data.get("nhso")
    if nhso is not None:
        nhso = {item.name: str(nhso[item.name]) for item in layout.NHSO_FIELDS}
    laser = data.get("laser_code")
    return Profile(
        data["id"],
        data["description"],
        fields,
        int(data["photo_seed"]),
        nhso,
        str(laser) if laser is not None else None,
    )


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


def encode_field(spec: layout.Field, text: str, padding: bytes = b" ") -> bytes:
    data = text.encode(TEXT_CODEC)
    if len(data) > spec.length:
        raise ValueError(f"{spec.name}: {len(data)} bytes do not fit in {spec.length}")
    return data + padding * (spec.length - len(data))


def chip_image(profile: Profile, *, nul_padding: bool = False, photo: bytes | None = None) -> bytes:
    """The ID application's memory as the card holds it: fields at their offsets, padded."""
    padding = b"\x00" if nul_padding else b" "
    image = bytearray(b" " * layout.IMAGE_SIZE)
    image[0:4] = b"0003"  # applet version
    for spec in layout.TEXT_FIELDS:
        image[spec.offset : spec.end] = encode_field(spec, profile.fields[spec.name], padding)
    picture = profile.photo() if photo is None else photo
    if len(picture) > layout.PHOTO.length:
        raise ValueError(f"photo of {len(picture)} bytes does not fit the card")
    image[layout.PHOTO.offset : layout.PHOTO.offset + len(picture)] = picture
    return bytes(image)


def nhso_image(profile: Profile) -> bytes | None:
    """The NHSO application's memory for the profile, or None when its card has none."""
    if profile.nhso is None:
        return None
    image = bytearray(b" " * layout.NHSO_IMAGE_SIZE)
    image[0:4] = b"0001"
    for spec in layout.NHSO_FIELDS:
        image[spec.offset : spec.end] = encode_field(spec, profile.nhso[spec.name])
    return bytes(image)


def laser_answer(code: str | None) -> bytes | None:
    """The laser applet's 23-byte answer holding `code` (bytes 7..18, NUL-padded), or None."""
    if code is None:
        return None
    answer = bytearray(layout.LASER_ANSWER_LENGTH)
    answer[0:7] = b"\x01\x00\x17LSR1"  # a synthetic header: only bytes 7..18 are known
    answer[layout.LASER_CODE_SLICE] = code.encode("ascii").ljust(12, b"\x00")
    return bytes(answer)
