"""Shapes an Office file draws over a schedule's years, named as the Gantt reader names them: 'arrow'
(a block arrow, a chevron, or any line with an arrow head at an end) or 'bar' (a rectangle, a rounded
bar, a plain line thick enough to be a bar). Both PowerPoint's shapes and Word's DrawingML anchors
(wps:wsp) carry the same spPr, so one reading serves both.

Word: a shape anchored in a table cell is placed against the grid's columns (tblGrid) from the cell's
left edge and its horizontal offset, and marks each column it covers, the way the page reader marks a
cell a drawn bar lies over."""

from __future__ import annotations

import re

from pipeline.config.vocabulary import pdf_settings

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
EMU_PER_POINT = 12700
TWIPS_PER_POINT = 20
# Positions a Word anchor may take its horizontal offset from that are the cell's left edge when the
# shape lies in a cell (layoutInCell): Word lays such a shape out inside the cell.
_CELL_RELATIVE = {"column", "character", "insideMargin", "leftMargin", "margin"}


def shape_mark(sppr) -> str | None:
    """'arrow', 'bar' or None for a shape's properties (a:prstGeom, a:ln)."""
    if sppr is None:
        return None
    geometry = sppr.find(A + "prstGeom")
    preset = geometry.get("prst", "") if geometry is not None else ""
    drawing = pdf_settings().drawing
    line = sppr.find(A + "ln")
    headed = line is not None and any(
        (end := line.find(A + tag)) is not None and end.get("type", "none") != "none"
        for tag in ("headEnd", "tailEnd")
    )
    if re.search(drawing.arrow_shapes, preset, re.IGNORECASE) or (headed and _is_line(preset)):
        return "arrow"
    if re.search(drawing.bar_shapes, preset, re.IGNORECASE):
        return "bar"
    if _is_line(preset) and line is not None:
        width = int(line.get("w", "0")) / EMU_PER_POINT
        return "bar" if width >= drawing.min_bar_stroke else None
    return None


def _is_line(preset: str) -> bool:
    return bool(re.search(pdf_settings().drawing.line_shapes, preset, re.IGNORECASE))


def grid_edges(tbl, w: str) -> list[float]:
    """The left edge of each grid column and the grid's right edge, in points, from w:tblGrid."""
    edges = [0.0]
    grid = tbl.find(w + "tblGrid")
    for column in grid.findall(w + "gridCol") if grid is not None else []:
        edges.append(edges[-1] + int(column.get(w + "w", "0") or 0) / TWIPS_PER_POINT)
    return edges


def anchored_marks(tc, left: float) -> list[tuple[float, float, str]]:
    """(x0, x1, mark) in points from the grid's left edge, for each drawn shape anchored in a cell whose
    left edge is `left`."""
    out = []
    for anchor in tc.iter(WP + "anchor", WP + "inline"):
        shape = anchor.find(f".//{WPS}wsp")
        extent = anchor.find(WP + "extent")
        if shape is None or extent is None:
            continue
        mark = shape_mark(shape.find(WPS + "spPr"))
        if mark is None:
            continue
        offset = 0.0
        position = anchor.find(WP + "positionH")
        if position is not None:
            if position.get("relativeFrom") not in _CELL_RELATIVE:
                continue  # placed against the page: not known against the grid from the cell alone
            found = position.find(WP + "posOffset")
            offset = int(found.text or 0) / EMU_PER_POINT if found is not None else 0.0
        x0 = left + offset
        out.append((x0, x0 + int(extent.get("cx", "0")) / EMU_PER_POINT, mark))
    return out
