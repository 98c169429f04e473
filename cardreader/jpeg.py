"""Find where a JPEG ends inside the card's space-padded photo area.

The end marker FF D9 is searched by walking the JPEG's segments, so bytes FF D9 that happen to
sit inside a table never cut the photo short, and nothing inside the image is ever trimmed.
"""

from __future__ import annotations

SOI = b"\xff\xd8"
MARKER_EOI = 0xD9
MARKER_SOS = 0xDA
STANDALONE_MARKERS = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RST0-7


def jpeg_end(data: bytes) -> int | None:
    """The length of the JPEG at the start of `data`, or None when its end is not in `data`.

    Raises ValueError when `data` does not start like a JPEG.
    """
    if not data.startswith(SOI):
        raise ValueError("does not start with the JPEG marker FF D8")
    position = len(SOI)
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise ValueError(f"expected a JPEG marker at byte {position}")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == MARKER_EOI:
            return position + 2
        if marker in STANDALONE_MARKERS:
            position += 2
            continue
        segment_length = int.from_bytes(data[position + 2 : position + 4], "big")
        position += 2 + segment_length
        if marker == MARKER_SOS:
            return _entropy_end(data, position)
    return None


def _entropy_end(data: bytes, position: int) -> int | None:
    """Scan entropy-coded data (where FF is always followed by 00 or a marker) for FF D9."""
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return None
        follower = data[position + 1]
        if follower == MARKER_EOI:
            return position + 2
        position += 2 if follower == 0x00 or follower in STANDALONE_MARKERS else 1
