"""A schedule's years as a PDF draws them, read into the cells of the line model:
- in a ruled table, a shape as tall as the row is the cell's fill (a shaded year), and a lower shape
  inside the row is a mark drawn in the cells it mostly covers (a bar or an arrow over years);
- with no ruling at all, a Gantt of year boxes with bars under them (a slide or a drawing exported to
  PDF) is handed to pipeline/readers/gantt.py, as the slide reader hands it a deck's shapes.
Every later stage then sees the drawing as a cell's content, as it sees a ● written in a cell."""

from __future__ import annotations

import statistics

from pipeline.config.vocabulary import layout_settings, pdf_settings
from pipeline.families.dates import cell_years
from pipeline.model.geometry import holds_middle, middle_y
from pipeline.readers.gantt import Box, gantt_rows
from pipeline.readers.pdf.drawing import Shape
from pipeline.readers.pdf.glyphs import Char, GlyphLine, runs_of
from pipeline.readers.pdf.layout.lines import group_lines

CellDrawing = list[tuple[str | None, str | None]]


def cell_drawing(
    shapes: list[Shape], top: float, bottom: float, extents: list[tuple[float, float]]
) -> CellDrawing | None:
    """Each cell's (fill, mark) in a table row spanning `top`..`bottom`; None when nothing is drawn."""
    settings = pdf_settings().drawing
    height = bottom - top
    in_row = [
        s
        for s in shapes
        if s.top < bottom - layout_settings().row_edge_tolerance
        and s.bottom > top + layout_settings().row_edge_tolerance
    ]
    if not in_row or height <= 0:
        return None
    out: CellDrawing = []
    for left, right in extents:
        fill = mark = None
        for shape in in_row:
            overlap = min(shape.x1, right) - max(shape.x0, left)
            if right <= left or overlap < settings.cover_share * (right - left):
                continue
            if min(shape.bottom, bottom) - max(shape.top, top) >= settings.fill_height_share * height:
                fill, mark = (shape.fill, mark) if shape.fill else (fill, shape.kind)
            elif top <= middle_y(shape) <= bottom:
                mark = shape.kind  # a mark taller than the row, or set low in it, belongs where its middle is
        out.append((fill, mark))
    return out if any(fill or mark for fill, mark in out) else None


def _text_box(run: list[Char]) -> Box:
    return Box(
        min(c.x0 for c in run), max(c.x1 for c in run), min(c.top for c in run), max(c.bottom for c in run),
        "".join(c.text for c in run),
    )  # fmt: skip


def _boxes(runs: list[list[Char]], shapes: list[Shape]) -> tuple[list[Box], list[list[Char]]]:
    """Boxes for a Gantt: horizontal shapes (with the one line of text written on them, if any) and the
    runs of text not on a shape; and each box's characters. A shape holding several lines is a panel
    behind other things, not a bar."""
    boxes: list[Box] = []
    chars: list[list[Char]] = []
    taken: set[int] = set()
    for shape in shapes:
        if shape.x1 - shape.x0 <= shape.height:
            continue
        inside = [
            i
            for i, run in enumerate(runs)
            if shape.x0 <= (run[0].x0 + run[-1].x1) / 2 <= shape.x1 and holds_middle(shape, run[0])
        ]
        if inside and max(runs[i][0].top for i in inside) - min(runs[i][0].top for i in inside) > 2:
            continue
        text = "".join(_text_box(runs[i]).text for i in sorted(inside, key=lambda i: runs[i][0].x0))
        boxes.append(Box(shape.x0, shape.x1, shape.top, shape.bottom, text, shape.kind))
        chars.append([c for i in inside for c in runs[i]])
        taken.update(inside)
    for index, run in enumerate(runs):
        if index not in taken:
            boxes.append(_text_box(run))
            chars.append(run)
    return boxes, chars


def page_gantt(
    page_number: int, chars: list[Char], shapes: list[Shape]
) -> tuple[list[GlyphLine], list[Char]]:
    """The Gantt drawn among a page's text and shapes as table rows (header of years, a row per bar
    with the years it covers marked), and the characters it did not use."""
    if not shapes or len(cell_years("".join(c.text for c in chars))) < 2:
        return [], chars
    runs = [
        run
        for line in group_lines(page_number, chars)
        for run in runs_of(line, layout_settings().fragment_gap)
    ]
    boxes, box_chars = _boxes(runs, shapes)
    rows, used = gantt_rows(boxes)
    if not rows:
        return [], chars
    used_chars = [c for index in sorted(used) for c in box_chars[index]]
    top = min(boxes[index].top for index in used)
    size = statistics.median(c.size for c in used_chars) if used_chars else 0.0
    lines = []
    for offset, cells in enumerate(rows):
        line = GlyphLine(
            page_number, top + offset / 100, top + offset / 100, [], "\t".join(c.text for c in cells)
        )
        line.table_row = True
        line.size = size
        line.x0 = min(boxes[index].x0 for index in used)
        line.x1 = max(boxes[index].x1 for index in used)
        line.cell_drawn = [(c.fill, c.mark) for c in cells]
        lines.append(line)
    kept = {id(c) for c in used_chars}
    return lines, [c for c in chars if id(c) not in kept]


def year_strips(number: int, tables: list, chars: dict[int, list[Char]]) -> list[int]:
    """The indexes of ruled tables of one row holding only fiscal years (令和7年度 | 令和8年度 | …): a
    Gantt's years set in a ruled strip, whose bars are drawn under it, outside the strip."""
    found = []
    for index, table in enumerate(tables):
        if len(table.ys) != 2 or not chars.get(index):
            continue
        cells = [cell for row in table.rows(number, chars[index], []) for cell in row.text.split("\t")]
        if len(cells) >= 2 and all(len(cell_years(cell)) == 1 for cell in cells):
            found.append(index)
    return found
