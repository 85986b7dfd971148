"""Shapes an Office file draws over a schedule's years, named as the Gantt reader names them: 'arrow'
(a block arrow, a chevron, or any line with an arrow head at an end) or 'bar' (a rectangle, a rounded
bar, a plain line thick enough to be a bar). Both PowerPoint's shapes and Word's DrawingML anchors
(wps:wsp) carry the same spPr, so one reading serves both.

Word: a shape anchored in a table cell is placed against the grid's columns (tblGrid) from the cell's
left edge and its horizontal offset, and marks each column it covers, the way the page reader marks a
cell a drawn bar lies over. A shape floating over a table, anchored to a paragraph just above it and
placed from the margin across and from that paragraph down, is placed against the grid's columns and
the rows' heights (exact where the row sets one, a line per paragraph otherwise): Word lays a document
out only when it prints, so the lines above the table are estimated, not measured."""

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


def floating_marks(tbl, w: str, line: float, reach: int) -> list[tuple[int, float, float, str]]:
    """(row, x0, x1, mark), x in points from the grid's left edge, for each drawn shape anchored to one
    of the `reach` paragraphs right above the table, placed from the margin (or column) across and from
    its paragraph down; `line` is a line's height in points."""
    above, sibling = [], tbl.getprevious()
    while sibling is not None and sibling.tag == w + "p" and len(above) < reach:
        above.append(sibling)
        sibling = sibling.getprevious()
    tops = _row_tops(tbl, w, line)
    indent = (
        _twips(tbl.find(f"{w}tblPr/{w}tblInd"), w) if tbl.find(f"{w}tblPr/{w}tblInd") is not None else 0.0
    )
    out = []
    for distance, paragraph in enumerate(above, start=1):
        for anchor in paragraph.iter(WP + "anchor"):
            shape, extent = anchor.find(f".//{WPS}wsp"), anchor.find(WP + "extent")
            across, down = _offset(anchor, "positionH"), _offset(anchor, "positionV")
            if shape is None or extent is None or across is None or down is None:
                continue
            if across[0] not in ("margin", "column") or down[0] != "paragraph":
                continue  # placed against the page: its place against the grid is not known
            mark = shape_mark(shape.find(WPS + "spPr"))
            middle = down[1] + int(extent.get("cy", "0")) / EMU_PER_POINT / 2 - distance * line
            row = next((r for r in range(len(tops) - 1) if tops[r] <= middle < tops[r + 1]), None)
            if mark is not None and row is not None:
                x0 = across[1] - indent
                out.append((row, x0, x0 + int(extent.get("cx", "0")) / EMU_PER_POINT, mark))
    return out


def _offset(anchor, axis: str) -> tuple[str, float] | None:
    position = anchor.find(WP + axis)
    found = position.find(WP + "posOffset") if position is not None else None
    if found is None:
        return None
    return position.get("relativeFrom", ""), int(found.text or 0) / EMU_PER_POINT


def _twips(element, w: str) -> float:
    value = element.get(w + "w") or element.get(w + "val") or "0"
    return int(value) / TWIPS_PER_POINT if value.lstrip("-").isdigit() else 0.0


def _row_tops(tbl, w: str, line: float) -> list[float]:
    """Each row's top and the table's bottom, in points from the table's top: a row's set height, or a
    line per paragraph in its fullest cell."""
    tops = [0.0]
    for tr in tbl.findall(w + "tr"):
        height = tr.find(f"{w}trPr/{w}trHeight")
        lines = max((len(tc.findall(w + "p")) for tc in tr.findall(w + "tc")), default=1)
        tops.append(tops[-1] + (_twips(height, w) if height is not None else max(lines, 1) * line))
    return tops
