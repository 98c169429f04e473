"""Fonts parsed once per process: fpdf2's `add_font` reads the whole font file and builds its
metrics (cmap, widths, glyph ids) for every document, the same for every form.

`add_font` gives each document its own copy of a parsed template: the metrics and the HarfBuzz
font are shared (nothing writes to them), while what one document changes is its own: the
glyph subset it embeds, its font descriptor object and a fontTools font (read lazily from the
bytes kept in memory) that fpdf2 cuts down to that subset when it writes the PDF.
"""

from __future__ import annotations

import copy
import io
import threading
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

_TEMPLATES: dict[tuple[str, str], tuple[TTFFont, bytes]] = {}
_LOCK = threading.Lock()


def add_font(pdf: FPDF, family: str, style: str, path: Path) -> None:
    """As `pdf.add_font(family, style, path)` does for a plain TrueType font."""
    fontkey = f"{family.lower()}{style}"
    template, data = _template(pdf, fontkey, style, path)
    if template.color_font is not None:  # tied to the document that parsed it
        pdf.add_font(family, style, str(path))
        return
    font = TTFFont.__new__(TTFFont)
    for name in TTFFont.__slots__:
        if hasattr(template, name):
            setattr(font, name, getattr(template, name))
    font.i = len(pdf.fonts) + 1
    font.ttfont = TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True)
    font.desc = copy.copy(template.desc)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    pdf.fonts[fontkey] = font


def _template(pdf: FPDF, fontkey: str, style: str, path: Path) -> tuple[TTFFont, bytes]:
    key = (str(path), fontkey)
    known = _TEMPLATES.get(key)
    if known is None:
        with _LOCK:
            known = _TEMPLATES.get(key)
            if known is None:
                template = TTFFont(pdf, path, fontkey, style)
                template.hbfont  # noqa: B018  (made now, shared from here on)
                known = (template, path.read_bytes())
                _TEMPLATES[key] = known
    return known
