"""One field on the page: its bilingual label, then a box with the value (or empty, to write in
by hand), a row of options to tick, a checkbox, or a signature box."""

from __future__ import annotations

from dataclasses import dataclass

from cardreader.text import Bilingual
from forms.fill import FilledField
from forms.model import FieldType, Option
from forms.pdf.canvas import BODY_PT, LINE_MM, FormCanvas

LABEL_PT = 13
LABEL_EN_PT = 10
LABEL_LINE = 6.0
LABEL_EN_LINE = 4.6
NOTE_PT = 10
NOTE_LINE = 4.6
PAD = 1.6
TICK = 4.2
OPTION_PT = 14
OPTION_EN_PT = 9
OPTION_LINE = 7.6
OPTION_GAP = 6.0
SIGNATURE_HEIGHT = 30.0


@dataclass(frozen=True)
class CellSize:
    label: float  # cells in a row share the tallest label, so their boxes line up
    body: float


def _label_on_one_line(canvas: FormCanvas, label: Bilingual, width: float, th_pt: float) -> bool:
    canvas.style(th_pt, bold=True)
    th_width = canvas.get_string_width(label.th)
    canvas.style(LABEL_EN_PT, gray=True)
    return bool(th_width + 2 + canvas.get_string_width(label.en) <= width)


def _label_height(canvas: FormCanvas, label: Bilingual, width: float, th_pt: float) -> float:
    if _label_on_one_line(canvas, label, width, th_pt):
        return LABEL_LINE
    return LABEL_LINE + LABEL_EN_LINE


def _draw_label(
    canvas: FormCanvas, label: Bilingual, x: float, y: float, width: float, th_pt: float = LABEL_PT
) -> None:
    one_line = _label_on_one_line(canvas, label, width, th_pt)
    canvas.style(th_pt, bold=True)
    canvas.text_at(x, y, width, LABEL_LINE, label.th)
    th_width = canvas.get_string_width(label.th) + 2
    canvas.style(LABEL_EN_PT, gray=True)
    if one_line:
        canvas.text_at(x + th_width, y + 0.6, width - th_width, LABEL_LINE, label.en)
    else:
        canvas.text_at(x, y + LABEL_LINE - 0.8, width, LABEL_EN_LINE, label.en)


def _note_lines(canvas: FormCanvas, filled: FilledField, width: float) -> list[str]:
    if filled.note is None:
        return []
    canvas.style(NOTE_PT, gray=True)
    return canvas.wrapped_lines(filled.note.both(), width)


def _value_lines(canvas: FormCanvas, filled: FilledField, width: float) -> list[str]:
    canvas.style(BODY_PT)
    return canvas.wrapped_lines(filled.display, width - 2 * PAD)


def _option_width(canvas: FormCanvas, option: Option) -> float:
    canvas.style(OPTION_PT)
    th_width = canvas.get_string_width(option.label.th)
    canvas.style(OPTION_EN_PT, gray=True)
    return float(TICK + 1.5 + th_width + 1.5 + canvas.get_string_width(option.label.en))


def _option_rows(
    canvas: FormCanvas, options: tuple[Option, ...], width: float
) -> list[list[Option]]:
    rows: list[list[Option]] = [[]]
    used = 0.0
    for option in options:
        needed = _option_width(canvas, option)
        if rows[-1] and used + needed > width:
            rows.append([])
            used = 0.0
        rows[-1].append(option)
        used += needed + OPTION_GAP
    return rows


def measure(canvas: FormCanvas, filled: FilledField, width: float) -> CellSize:
    field = filled.field
    if field.type is FieldType.CHECKBOX:
        return CellSize(
            0.0, 2 * PAD + _label_height(canvas, field.label, width - TICK - 2, OPTION_PT)
        )
    label = _label_height(canvas, field.label, width, LABEL_PT)
    if field.type is FieldType.CHOICE:
        return CellSize(label, len(_option_rows(canvas, field.options, width)) * OPTION_LINE)
    if field.type is FieldType.SIGNATURE:
        return CellSize(label, SIGNATURE_HEIGHT)
    lines = _value_lines(canvas, filled, width)
    notes = _note_lines(canvas, filled, width)
    return CellSize(label, len(lines) * LINE_MM + 2 * PAD + len(notes) * NOTE_LINE)


def draw(
    canvas: FormCanvas, filled: FilledField, x: float, y: float, label: float, width: float
) -> None:
    """Draws the cell with its body starting `label` mm below `y`, aligned with its row."""
    field = filled.field
    if field.type is FieldType.CHECKBOX:
        _draw_checkbox(canvas, filled, x, y + label, width)
        return
    _draw_label(canvas, field.label, x, y, width)
    body_y = y + label
    if field.type is FieldType.CHOICE:
        _draw_choice(canvas, filled, x, body_y, width)
    elif field.type is FieldType.SIGNATURE:
        _draw_signature(canvas, filled, x, body_y, width)
    else:
        _draw_value_box(canvas, filled, x, body_y, width)


def _draw_value_box(
    canvas: FormCanvas, filled: FilledField, x: float, y: float, width: float
) -> None:
    lines = _value_lines(canvas, filled, width)
    height = len(lines) * LINE_MM + 2 * PAD
    canvas.set_line_width(0.3)
    canvas.rect(x, y, width, height)
    canvas.style(BODY_PT)
    for index, line in enumerate(lines):
        canvas.text_at(x + PAD, y + PAD + index * LINE_MM, width - 2 * PAD, LINE_MM, line)
    canvas.style(NOTE_PT, gray=True)
    for index, line in enumerate(_note_lines(canvas, filled, width)):
        canvas.text_at(x, y + height + index * NOTE_LINE, width, NOTE_LINE, line)


def _draw_choice(canvas: FormCanvas, filled: FilledField, x: float, y: float, width: float) -> None:
    for row_index, row in enumerate(_option_rows(canvas, filled.field.options, width)):
        left = x
        top = y + row_index * OPTION_LINE
        for option in row:
            canvas.tick_box(
                left, top + (OPTION_LINE - TICK) / 2, TICK, ticked=option.value == filled.value
            )
            canvas.style(OPTION_PT)
            th_width = canvas.get_string_width(option.label.th)
            canvas.text_at(left + TICK + 1.5, top, th_width + 1, OPTION_LINE, option.label.th)
            canvas.style(OPTION_EN_PT, gray=True)
            en_x = left + TICK + 3 + th_width
            canvas.text_at(en_x, top + 0.5, width, OPTION_LINE, option.label.en)
            left += _option_width(canvas, option) + OPTION_GAP


def _draw_checkbox(
    canvas: FormCanvas, filled: FilledField, x: float, y: float, width: float
) -> None:
    canvas.tick_box(x, y + PAD + (LABEL_LINE - TICK) / 2, TICK, ticked=filled.value == "true")
    _draw_label(canvas, filled.field.label, x + TICK + 2, y + PAD, width - TICK - 2, OPTION_PT)


def _draw_signature(
    canvas: FormCanvas, filled: FilledField, x: float, y: float, width: float
) -> None:
    """An empty space to sign above a dotted line, the printed name under it, a date to fill."""
    canvas.set_line_width(0.3)
    canvas.rect(x, y, width, SIGNATURE_HEIGHT)
    line_y = y + 15
    canvas.dotted_line(x + width * 0.2, line_y, x + width * 0.8)
    canvas.style(BODY_PT)
    name = f"( {filled.display} )" if filled.display else "( " + "." * 40 + " )"
    canvas.text_at(x, line_y + 0.5, width, LINE_MM, name, align="C")
    canvas.style(LABEL_EN_PT, gray=True)
    date_line = "วันที่ / Date ........ / ........ / ........"
    canvas.text_at(x, line_y + LINE_MM + 0.5, width, NOTE_LINE + 1, date_line, align="C")
