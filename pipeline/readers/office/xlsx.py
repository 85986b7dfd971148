"""An Excel workbook (.xlsx, .xlsm) -> blocks, read from its XML (readers/office/sheet_xml.py: cached
values; formulas never evaluated, macros never run).

Each visible sheet is a page. Its title rows (one text alone on a row, above the grid) are paragraphs in
the type the cells set; the rest of its used range is one table. A merged cell's text stands in its
first column, and a cell merged down rows (a 基本方針 beside several measures) gives its text to each
row it spans. A cell's fill is its fill colour, so a filled year cell is a scheduled year. Hidden
sheets, hidden rows and empty rows are skipped.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from lxml import etree

from pipeline.errors import InputError
from pipeline.model.lines import Cell
from pipeline.readers.office.blocks import Block, Paragraph, TableBlock
from pipeline.readers.office.sheet_xml import Sheet, SheetCell, SheetRow, read_sheets


def _text(value: object, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d") if not isinstance(value, dt.time) else str(value)
    if isinstance(value, float):
        if "%" in number_format:
            return f"{value * 100:g}%"
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value).strip()


def _merged(sheet: Sheet) -> tuple[dict[tuple[int, int], tuple[int, int]], set[tuple[int, int]]]:
    """(row, col) of a cell inside a merged range -> the range's first cell, for cells merged down
    (their text repeats per row); and the cells that only continue a range across (left empty)."""
    down: dict[tuple[int, int], tuple[int, int]] = {}
    across: set[tuple[int, int]] = set()
    for top, left, bottom, right in sheet.merged:
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                if (row, col) == (top, left):
                    continue
                if col == left:
                    down[(row, col)] = (top, left)
                else:
                    across.add((row, col))
    return down, across


def _dense(row: SheetRow, width: int = 0) -> list[SheetCell | None]:
    """A row's cells by column from column 1 (at least `width` of them), None where the file has none."""
    cells: list[SheetCell | None] = [None] * max(width, max((c.column for c in row.cells), default=0))
    for cell in row.cells:
        cells[cell.column - 1] = cell
    return cells


def _sheet_blocks(sheet: Sheet, page: int) -> list[Block]:
    down, across = _merged(sheet)
    drawn_to: dict[int, int] = {}  # row -> the last column a drawn shape marks in it
    for row_number, column in sheet.marks:
        drawn_to[row_number] = max(column, drawn_to.get(row_number, 0))
    rows = [(row.number, _dense(row, drawn_to.get(row.number, 0))) for row in sheet.rows]
    rows = [
        (n, cells) for n, cells in rows if any(c and (c.value is not None or c.style.fill) for c in cells)
    ]
    values = {
        (number, cell.column): _text(cell.value, cell.style.number_format)
        for number, cells in rows
        for cell in cells
        if cell is not None and cell.value is not None
    }
    blocks: list[Block] = []
    grid: list[tuple[Cell, ...]] = []
    for number, row in rows:
        cells = []
        for column, cell in enumerate(row, start=1):
            key = (number, column)
            if column in sheet.hidden_columns:
                continue
            text = "" if key in across else values.get(down.get(key, key), "")
            fill = cell.style.fill if cell is not None else None
            cells.append(Cell(text, fill=fill, mark=sheet.marks.get(key)))
        while cells and not cells[-1].text and not cells[-1].fill and not cells[-1].mark:
            cells.pop()
        texts = [c for c in cells if c.text]
        if not grid and len(texts) == 1 and not any(c.fill for c in cells if not c.text):
            first = next(c for c in row if c is not None and values.get((number, c.column)))
            # A sheet's first title is a heading; on the first sheet it is the document's cover title.
            level = None if blocks or page == 1 else 1
            blocks.append(Paragraph(texts[0].text, page, level, first.style.size, first.style.bold))
            continue
        if texts:
            grid.append(tuple(cells))
    if grid:
        width = max(len(cells) for cells in grid)
        blocks.append(TableBlock(tuple(c + (Cell(""),) * (width - len(c)) for c in grid), page))
    return blocks


def read_xlsx_blocks(path: Path) -> list[Block]:
    """Every visible sheet's title rows and grid, a page per sheet."""
    try:
        with zipfile.ZipFile(path) as package:
            blocks: list[Block] = []
            for page, sheet in enumerate(read_sheets(package), start=1):
                blocks.extend(_sheet_blocks(sheet, page))
    except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise InputError(f"not an Excel workbook: {exc}") from None
    return blocks
