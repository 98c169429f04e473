"""An A4 page in the Thai government style: Sarabun (a free TH Sarabun equivalent) with Thai
text shaping, page numbers in the footer, and the drawing primitives the form needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import qrcode
from fpdf import FPDF
from fpdf.enums import TextDirection
from fpdf.fonts import TTFFont
from qrcode import util as qr_util
from qrcode.exceptions import DataOverflowError
from qrcode.util import QRData

from assets import font_path
from cardreader.text import Bilingual
from forms.pdf import fonts
from forms.pdf.shaping import ShapedFragment, script_runs

FONT = "Sarabun"
BODY_PT = 16  # the Thai government standard size
MARGIN = 15.0
TOP = 12.0
BOTTOM = 16.0
LINE_MM = 7.4  # a 16 pt line of Sarabun, marks above and below included
GRAY = (90, 90, 90)
LIGHT = (236, 236, 236)
SECTION_BAR = 8.0  # mm: the grey bar that titles a section, Thai then English
BLACK = (0, 0, 0)
SARA_AM = "\u0e33"  # ำ
SARA_AM_PARTS = "\u0e4d\u0e32"  # ํ + า: its compatibility decomposition (NFKC)


SAMPLE_BAND = "ข้อมูลตัวอย่าง ไม่ใช่ข้อมูลจริง / SAMPLE DATA — not a real application"
SAMPLE_RED = (178, 34, 34)
_LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF")  # HarfBuzz reads them from the font file itself


class FormCanvas(FPDF):
    def __init__(self, footer_text: str, *, sample: bool = False) -> None:
        """`sample`: every page carries a red band saying it is sample data, not real."""
        super().__init__(orientation="P", unit="mm", format="A4")
        fonts.add_font(self, FONT, "", font_path("Sarabun-Regular.ttf"))
        fonts.add_font(self, FONT, "B", font_path("Sarabun-Bold.ttf"))
        self.set_text_shaping(True)
        self.set_margins(MARGIN, TOP, MARGIN)
        self.set_auto_page_break(True, BOTTOM)
        self._footer_text = footer_text
        self._sample = sample
        for font in self.fonts.values():
            # Subsetting keeps each glyph's own bounding box: recomputing every one on output
            # costs more than the rest of the PDF output together.
            if isinstance(font, TTFFont):
                font.ttfont.recalcBBoxes = False

    def output(self, *args: Any, **kwargs: Any) -> Any:
        """As fpdf2 writes it, without first reading the layout tables it leaves out: fpdf2
        drops GSUB, GPOS and GDEF from the embedded subset (shaping is done by then), yet the
        font subsetter parses them all before dropping them."""
        for font in self.fonts.values():
            if isinstance(font, TTFFont):
                for tag in _LAYOUT_TABLES:
                    if tag in font.ttfont:
                        del font.ttfont[tag]
        return super().output(*args, **kwargs)

    def _preload_bidirectional_text(self, text: str, markdown: bool) -> Sequence[Any]:
        """Thai and English only, both left to right: fpdf2's bidi analysis of every string
        (a third of the layout time) is skipped. Arabic or Hebrew text would need it back."""
        if self.text_shaping:  # always: set_text_shaping(True) in __init__
            self.text_shaping["paragraph_direction"] = TextDirection.LTR
            self.text_shaping["fragment_direction"] = TextDirection.LTR
        if markdown or self._fallback_font_ids or not self.is_ttf_font or not text:
            return tuple(self._preload_font_styles(text, markdown))
        if self.str_alias_nb_pages and self.str_alias_nb_pages in text:
            return tuple(self._preload_font_styles(text, markdown))  # the page count
        return tuple(self._shaped_fragment(run) for run in script_runs(text))

    def _shaped_fragment(self, run: str) -> ShapedFragment:
        """A fragment as fpdf2's `_parse_chars` makes it, whose shaping is remembered."""
        state = self._get_current_graphics_state()
        state.font_style = ("B" if "B" in self.font_style else "") + (
            "I" if "I" in self.font_style else ""
        )
        state.strikethrough = bool(self.strikethrough)
        state.underline = bool(self.underline)
        return ShapedFragment(list(run), state, self.k)

    def _font_key(self) -> tuple[str, str, float]:
        return (self.font_family, self.font_style, self.font_size_pt)

    def get_string_width(self, s: str, normalized: bool = False, markdown: bool = False) -> float:
        """As fpdf2 measures it, remembered: a form measures the same labels again and again,
        and every form the same ones as the last."""
        key = (*self._font_key(), s, normalized, markdown)
        width = _WIDTHS.get(key)
        if width is None:
            width = float(super().get_string_width(s, normalized, markdown))
            _remember(_WIDTHS, key, width)
        return width

    def header(self) -> None:
        if not self._sample:
            return
        with self.local_context():
            self.set_fill_color(*SAMPLE_RED)
            self.rect(0, 0, self.w, 7, "F")
            self.set_font(FONT, "B", 11)
            self.set_text_color(255, 255, 255)
            self.set_xy(0, 0.6)
            self.cell(self.w, 6, SAMPLE_BAND, align="C")
        self.set_y(TOP)

    def normalize_text(self, text: str) -> str:
        """Writes SARA AM as its two parts. Shaping draws ำ as two glyphs and fpdf2 maps only
        the first back to text, so ตำบล would copy out of the PDF as "ตำ บล"; the parts draw
        the same and copy out whole (in NFKC form)."""
        return str(super().normalize_text(text.replace(SARA_AM, SARA_AM_PARTS)))

    @property
    def content_width(self) -> float:
        return float(self.epw)

    def footer(self) -> None:
        self.set_y(-11)
        self.style(9, gray=True)
        self.cell(self.content_width / 2, 5, self._footer_text)
        self.cell(self.content_width / 2, 5, f"หน้า / Page {self.page_no()} / {{nb}}", align="R")

    def style(self, size: float, *, bold: bool = False, gray: bool = False) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*(GRAY if gray else BLACK))

    def text_at(
        self, x: float, y: float, width: float, height: float, text: str, align: str = "L"
    ) -> None:
        self.set_xy(x, y)
        self.cell(width, height, text, align=align)

    def wrapped_lines(self, text: str, width: float) -> list[str]:
        """How the current font breaks `text` at `width`: the lines, nothing drawn."""
        key = (*self._font_key(), round(width, 3), text)
        known = _LINES.get(key)
        if known is None:
            lines = self.multi_cell(width, LINE_MM, text, dry_run=True, output="LINES")
            known = tuple(lines) if isinstance(lines, list) and lines else ("",)
            _remember(_LINES, key, known)
        return list(known)

    def ensure_room(self, height: float) -> None:
        """A new page unless `height` fits below the current position."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def section_bar(self, title: Bilingual) -> None:
        """A section's title on a grey bar: Thai in bold, the English after it in grey."""
        y = self.get_y() + 1
        self.set_fill_color(*LIGHT)
        self.rect(MARGIN, y, self.content_width, SECTION_BAR, "F")
        self.style(14, bold=True)
        self.text_at(MARGIN + 2, y + 0.3, self.content_width, SECTION_BAR - 0.6, title.th)
        offset = MARGIN + 4 + self.get_string_width(title.th)
        self.style(10, gray=True)
        self.text_at(offset, y + 0.8, self.content_width, SECTION_BAR - 0.6, title.en)
        self.set_y(y + SECTION_BAR + 2)

    def tick_box(
        self, x: float, y: float, size: float, *, ticked: bool = False, crossed: bool = False
    ) -> None:
        """A square to tick; drawn, since Sarabun has no ballot-box glyphs."""
        self.set_draw_color(*BLACK)
        self.set_line_width(0.3)
        self.rect(x, y, size, size)
        self.set_line_width(0.5)
        if ticked:
            self.line(x + size * 0.18, y + size * 0.55, x + size * 0.42, y + size * 0.8)
            self.line(x + size * 0.42, y + size * 0.8, x + size * 0.85, y + size * 0.15)
        if crossed:
            self.line(x + size * 0.2, y + size * 0.2, x + size * 0.8, y + size * 0.8)
            self.line(x + size * 0.2, y + size * 0.8, x + size * 0.8, y + size * 0.2)
        self.set_line_width(0.2)

    def dotted_line(self, x1: float, y: float, x2: float) -> None:
        self.set_draw_color(*GRAY)
        with self.local_context():
            self.set_dash_pattern(dash=0.4, gap=0.8)
            self.line(x1, y, x2, y)
        self.set_draw_color(*BLACK)

    def qr_code(self, x: float, y: float, matrix: QrMatrix, module: float) -> None:
        """The QR as one vector path of squares (crisp at any printer resolution), drawn in
        module units so neighbouring squares meet exactly; the quiet zone is in `matrix`."""
        ops = [
            f"q 0 g {module * self.k:.4f} 0 0 {-module * self.k:.4f} "
            f"{x * self.k:.3f} {(self.h - y) * self.k:.3f} cm"
        ]
        for row_index, row in enumerate(matrix):
            column = 0
            while column < len(row):
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < len(row) and row[column]:
                    column += 1
                ops.append(f"{start} {row_index} {column - start} 1 re")
        ops.append("f Q")
        self._out("\n".join(ops))


_CACHE_LIMIT = 20_000  # entries; a few MB at most, then it starts again
_WIDTHS: dict[tuple[Any, ...], float] = {}
_LINES: dict[tuple[Any, ...], tuple[str, ...]] = {}


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value


QrMatrix = list[list[bool]]
QR_BORDER = 4  # modules of quiet zone on each side, as the standard asks
QR_MASK = 4  # a fixed mask: choosing the best one costs eight extra encodings


def qr_matrix(text: str) -> QrMatrix:
    """The modules of `text` at error correction M (15 % of a worn print can be lost), quiet
    zone included. Base45 text fits the QR's alphanumeric mode."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER, mask_pattern=QR_MASK
    )
    code.add_data(text)
    code.version = _smallest_version(code.data_list, code.error_correction)
    code.make(fit=False)
    matrix: QrMatrix = code.get_matrix()
    return matrix


def _smallest_version(chunks: list[QRData], error_correction: int) -> int:
    """The version `QRCode.make(fit=True)` chooses, counted instead of found by encoding the
    data twice more bit by bit (two thirds of the QR's time)."""
    for version in range(1, 41):
        count_bits = qr_util.mode_sizes_for_version(version)
        needed = sum(4 + count_bits[chunk.mode] + _data_bits(chunk) for chunk in chunks)
        if needed <= qr_util.BIT_LIMIT_TABLE[error_correction][version]:
            return version
    raise DataOverflowError()


def _data_bits(chunk: QRData) -> int:
    length = len(chunk)
    if chunk.mode == qr_util.MODE_NUMBER:
        return 10 * (length // 3) + (0, 4, 7)[length % 3]
    if chunk.mode == qr_util.MODE_ALPHA_NUM:
        return 11 * (length // 2) + 6 * (length % 2)
    return 8 * length  # bytes: how QRData.write writes any other mode
