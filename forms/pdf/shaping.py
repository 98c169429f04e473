"""Shaped text remembered across renders: every form prints the same labels and boilerplate, and
HarfBuzz shaping plus fpdf2's per-glyph arithmetic was most of a form's drawing time.

`ShapedFragment` is an fpdf2 text fragment whose width and drawing come from a process-wide
cache keyed by (font file, style, size, text). What is cached never depends on one document:
the shaped glyphs and their offsets in mm, not the subset codes (those are picked from the
document's own font subset on every draw, so each PDF embeds exactly the glyphs it shows).
The PDF operators written are the ones fpdf2 writes for the same fragment, byte for byte.

Only plain left-to-right text at 100 % stretching with no character or word spacing takes
this path; anything else is left to fpdf2.
"""

from __future__ import annotations

from typing import Any

from fpdf.fonts import Glyph, TTFFont
from fpdf.line_break import Fragment
from fpdf.unicode_script import UnicodeScript, get_unicode_script
from fpdf.util import escape_parens

# One glyph as fpdf2 draws it: the glyph, its (x, y) offset from the pen in mm (None when
# zero), the pen's x and y advance in mm, and whether the pen position is written after it.
_Step = tuple[Glyph, tuple[float, float] | None, float, float, bool]

# Each cache starts again when full. The shipped forms' labels and boilerplate are about 700
# strings and each citizen adds a few dozen: the limits keep them in about 15 MB at most.
_STEPS_LIMIT = 2_000  # shaped strings, about 5 KB each
_WIDTHS_LIMIT = 20_000  # measured strings, parts of lines and characters, 0.25 KB each
_WIDTHS: dict[tuple[Any, ...], tuple[int, float]] = {}
_STEPS: dict[tuple[Any, ...], tuple[_Step, ...]] = {}
_RUNS: dict[str, tuple[str, ...]] = {}
_ESCAPED: dict[int, str] = {}  # at most one entry per subset code
_GLYPHS: dict[Glyph, Glyph] = {}  # one of each: at most the fonts' glyphs and their clusters


def _remember(cache: dict[Any, Any], limit: int, key: Any, value: Any) -> None:
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value


def script_runs(text: str) -> tuple[str, ...]:
    """`text` split where its script changes, as fpdf2 splits it for shaping (characters
    common to all scripts stay with the run before them)."""
    runs = _RUNS.get(text)
    if runs is None:
        pieces: list[str] = []
        start = 0
        current: UnicodeScript | None = None
        for index, char in enumerate(text):
            script = get_unicode_script(char)
            if script in (UnicodeScript.COMMON, UnicodeScript.UNKNOWN, current):
                continue
            if current is not None and index > start:
                pieces.append(text[start:index])
                start = index
            current = script
        pieces.append(text[start:])
        runs = tuple(pieces)
        _remember(_RUNS, _STEPS_LIMIT, text, runs)
    return runs


def _escaped(code: int) -> str:
    """A subset code as fpdf2 writes it inside a PDF string (two bytes, parentheses escaped)."""
    text = _ESCAPED.get(code)
    if text is None:
        text = escape_parens(chr(code).encode("utf-16-be").decode("latin-1"))
        _ESCAPED[code] = text
    return text


class ShapedFragment(Fragment):
    """A fragment of one font, size and script whose shaping is remembered (see the module)."""

    def _cache_key(self) -> tuple[Any, ...] | None:
        font = self.font
        if (
            not isinstance(font, TTFFont)
            or font.color_font
            or font.is_symbol
            or self.font_stretching != 100
            or self.char_spacing != 0
        ):
            return None
        params = self.text_shaping_parameters
        if not params:
            return None
        direction = params.get("fragment_direction")
        return (
            str(font.ttffile),
            font.fontkey,
            self.font_size_pt,
            self.k,
            direction.value if direction is not None else None,
            params.get("script"),
            params.get("language"),
            tuple(sorted((params.get("features") or {}).items())),
        )

    def get_width(
        self,
        start: int = 0,
        end: int | None = None,
        chars: str | None = None,
        initial_cs: bool = True,
    ) -> float:
        key = self._cache_key()
        if key is None:
            return float(super().get_width(start, end, chars, initial_cs))
        if chars is None:
            chars = "".join(self.characters[start:end])
        key = (*key, chars)
        measured = _WIDTHS.get(key)
        font = self.font
        assert isinstance(font, TTFFont)  # _cache_key checked it
        size = self.font_size_pt
        if measured is None:
            measured = font.get_text_width(chars, size, self.text_shaping_parameters)
            _remember(_WIDTHS, _WIDTHS_LIMIT, key, measured)
        elif size > font.biggest_size_pt:  # as get_text_width records it
            font.biggest_size_pt = size
        return measured[1] / self.k

    def _steps(self, key: tuple[Any, ...]) -> tuple[_Step, ...]:
        key = (*key, self.string)
        steps = _STEPS.get(key)
        if steps is None:
            steps = self._shape()
            _remember(_STEPS, _STEPS_LIMIT, key, steps)
        return steps

    def _shape(self) -> tuple[_Step, ...]:
        """fpdf2's shaping of this fragment with the positions in mm, the arithmetic exactly
        as `Fragment.render_with_text_shaping` does it (100 %, no character spacing)."""
        font = self.font
        assert isinstance(font, TTFFont)
        size = self.font_size_pt
        k = self.k

        def mm(units: float) -> float:  # fpdf2's adjust_pos
            return units * font.scale * size * (100 / 100) / 1000 / k

        shaped = font.shape_text(self.string, size, self.text_shaping_parameters)
        glyphs = {
            code: _GLYPHS.setdefault(glyph, glyph)
            for glyph, code in font.subset.items()
            if glyph is not None
        }
        steps: list[_Step] = []
        for info in shaped:
            code = info["mapped_char"]
            if code is None:  # a missing glyph: fpdf2 draws nothing
                continue
            offset = None
            if info["x_offset"] != 0 or info["y_offset"] != 0:
                offset = (mm(info["x_offset"]), mm(info["y_offset"]))
            advance_x = mm(info["x_advance"]) + 0.0  # + character spacing, none here
            force = bool(info["force_positioning"])
            steps.append((glyphs[code], offset, advance_x, mm(info["y_advance"]), force))
        return tuple(steps)

    def render_with_text_shaping(
        self, pos_x: float, pos_y: float, h: float, word_spacing: float
    ) -> str:
        key = self._cache_key()
        if key is None or word_spacing:
            return str(super().render_with_text_shaping(pos_x, pos_y, h, word_spacing))
        font = self.font
        assert isinstance(font, TTFFont)
        pick = font.subset.pick_glyph
        font.subset.pick(ord(" "))  # as fpdf2 does first: the space gets its code
        k = self.k
        ret = ""
        text = ""
        for glyph, offset, advance_x, advance_y, force in self._steps(key):
            char = _escaped(pick(glyph))  # type: ignore[arg-type]
            if offset is not None:
                if text:
                    ret += f"({text}) Tj "
                    text = ""
                offset_x = pos_x + offset[0]
                offset_y = pos_y - offset[1]
                ret += f"1 0 0 1 {(offset_x) * k:.2f} {(h - offset_y) * k:.2f} Tm "
            text += char
            pos_x += advance_x
            pos_y += advance_y
            if force:
                if text:
                    ret += f"({text}) Tj "
                    text = ""
                ret += f"1 0 0 1 {(pos_x) * k:.2f} {(h - pos_y) * k:.2f} Tm "
        if text:
            ret += f"({text}) Tj"
        return ret
