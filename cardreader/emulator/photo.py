"""Synthetic ID photos: a plain head-and-shoulders silhouette, different per profile, encoded
as a JPEG that fits the card's photo area like a real one (about 4-5 KB)."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

PHOTO_SIZE = (148, 178)
QUALITY = 90


def synthetic_photo(seed: int) -> bytes:
    rng = random.Random(seed)
    background = (rng.randint(170, 230), rng.randint(190, 235), rng.randint(210, 250))
    skin = (rng.randint(170, 230), rng.randint(120, 180), rng.randint(90, 140))
    shirt = (rng.randint(20, 120), rng.randint(20, 120), rng.randint(40, 160))
    image = Image.new("RGB", PHOTO_SIZE, background)
    draw = ImageDraw.Draw(image)
    width, height = PHOTO_SIZE
    draw.ellipse((width * 0.05, height * 0.68, width * 0.95, height * 1.25), fill=shirt)
    draw.ellipse((width * 0.28, height * 0.18, width * 0.72, height * 0.66), fill=skin)
    draw.chord(
        (width * 0.26, height * 0.12, width * 0.74, height * 0.5), 180, 360, fill=(30, 25, 20)
    )
    for _ in range(40):  # texture, so the JPEG has a realistic amount of detail
        x, y = rng.randrange(width), rng.randrange(height)
        draw.point((x, y), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=QUALITY)
    return buffer.getvalue()
