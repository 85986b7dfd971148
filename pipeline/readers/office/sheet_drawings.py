"""Shapes drawn over a worksheet's cells (xl/drawings/drawingN.xml): a 工程表 made in Excel often draws
its years as arrows or bars laid over the year columns, anchored to the cells they start and end in.
Each arrow or bar (readers/office/drawn_shapes.py names them) marks the cells of its row that it covers
by at least `cover_share` of their width (configs/pdf.yaml drawing), as a bar drawn over a PDF's grid
marks them. Column widths come from the sheet's <col> elements, in Excel's character units."""

from __future__ import annotations

import posixpath
import zipfile

from pipeline.config.vocabulary import pdf_settings
from pipeline.readers.office.drawn_shapes import shape_mark
from pipeline.readers.office.package import parse_part

XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
EMU_PER_PIXEL = 9525
# Excel's default column: 8.43 characters, 64 pixels; a column of w characters is 7w + 5 pixels wide.
DEFAULT_WIDTH_CHARS = 8.43
PIXELS_PER_CHAR, PIXEL_PADDING = 7, 5


def _pixels(width_chars: float) -> float:
    return width_chars * PIXELS_PER_CHAR + PIXEL_PADDING


def _drawing_part(package: zipfile.ZipFile, sheet_part: str) -> str | None:
    """The drawing part a sheet's relationships name, if any."""
    rels = posixpath.join(posixpath.dirname(sheet_part), "_rels", posixpath.basename(sheet_part) + ".rels")
    if rels not in package.namelist():
        return None
    root = parse_part(rels, package.read(rels))
    for rel in root.iterfind(f"{PACKAGE_RELATIONSHIPS}Relationship"):
        if rel.get("Type", "").endswith("/drawing"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(sheet_part), rel.get("Target", "")))
            return target if target in package.namelist() else None
    return None


def _corner(anchor, tag: str) -> tuple[int, float, int] | None:
    """(0-based column, offset into it in pixels, 0-based row) of an anchor's from/to corner."""
    corner = anchor.find(XDR + tag)
    if corner is None:
        return None
    value = {child.tag.removeprefix(XDR): child.text or "0" for child in corner}
    return int(value.get("col", 0)), int(value.get("colOff", 0)) / EMU_PER_PIXEL, int(value.get("row", 0))


def drawn_marks(
    package: zipfile.ZipFile, sheet_part: str, widths: dict[int, float]
) -> dict[tuple[int, int], str]:
    """(1-based row, 1-based column) -> 'arrow' or 'bar' for each cell a drawn shape covers; `widths`
    are the sheet's column widths in characters by 1-based column."""
    part = _drawing_part(package, sheet_part)
    if part is None:
        return {}
    share = pdf_settings().drawing.cover_share
    marks: dict[tuple[int, int], str] = {}
    for anchor in parse_part(part, package.read(part)).iterfind(XDR + "twoCellAnchor"):
        shape = anchor.find(XDR + "sp")
        shape = shape if shape is not None else anchor.find(XDR + "cxnSp")
        mark = shape_mark(shape.find(XDR + "spPr")) if shape is not None else None
        start, end = _corner(anchor, "from"), _corner(anchor, "to")
        if mark is None or start is None or end is None:
            continue
        row = (start[2] + end[2]) // 2 + 1  # the row its middle lies in, near enough
        for column in range(start[0], end[0] + 1):
            width = _pixels(widths.get(column + 1, DEFAULT_WIDTH_CHARS))
            left = start[1] if column == start[0] else 0.0
            right = end[1] if column == end[0] else width
            if right - left >= share * width:
                marks[(row, column + 1)] = mark
    return marks
