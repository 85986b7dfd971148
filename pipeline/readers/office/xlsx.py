"""An Excel workbook (.xlsx, .xlsm) -> blocks, read with openpyxl (cached values; macros never run).

Each visible sheet is a page. Its title rows (one text alone on a row, above the grid) are paragraphs in
the type the cells set; the rest of its used range is one table. A merged cell's text stands in its
first column, and a cell merged down rows (a 基本方針 beside several measures) gives its text to each
row it spans. A cell's fill is its fill colour, so a filled year cell is a scheduled year. Hidden
sheets, hidden rows and empty rows are skipped.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.errors import InputError
from pipeline.model.lines import Cell
from pipeline.readers.office.blocks import Block, Paragraph, TableBlock
from pipeline.readers.office.package import hex_colour


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


def _fill(cell) -> str | None:
    from openpyxl.styles.colors import COLOR_INDEX

    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or fill.fgColor is None:
        return None
    colour = fill.fgColor
    if colour.type == "rgb":
        return hex_colour(colour.rgb)
    if colour.type == "indexed" and colour.indexed is not None and colour.indexed < len(COLOR_INDEX):
        return hex_colour(COLOR_INDEX[colour.indexed])
    if colour.type == "theme":
        return f"theme:{colour.theme}{'' if not colour.tint else f'{colour.tint:+.2f}'}"
    return None


def _merged(sheet) -> tuple[dict[tuple[int, int], tuple[int, int]], set[tuple[int, int]]]:
    """(row, col) of a cell inside a merged range -> the range's first cell, for cells merged down
    (their text repeats per row); and the cells that only continue a range across (left empty)."""
    down: dict[tuple[int, int], tuple[int, int]] = {}
    across: set[tuple[int, int]] = set()
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                if (row, col) == (top, left):
                    continue
                if col == left:
                    down[(row, col)] = (top, left)
                else:
                    across.add((row, col))
    return down, across


def _sheet_rows(sheet) -> list[tuple[int, list]]:
    """The rows of a sheet that hold anything, with their row numbers (hidden rows left out)."""
    rows = []
    for row in sheet.iter_rows():
        if not row:
            continue
        number = row[0].row
        if sheet.row_dimensions[number].hidden:
            continue
        if any(cell.value is not None for cell in row) or any(_fill(cell) for cell in row):
            rows.append((number, list(row)))
    return rows


def _sheet_blocks(sheet, page: int) -> list[Block]:
    down, across = _merged(sheet)
    values = {
        (c.row, c.column): _text(c.value, c.number_format) for _, row in _sheet_rows(sheet) for c in row
    }
    blocks: list[Block] = []
    grid: list[tuple[Cell, ...]] = []
    hidden_columns = {
        column
        for dim in sheet.column_dimensions.values()
        if dim.hidden and dim.min
        for column in range(dim.min, (dim.max or dim.min) + 1)
    }
    for number, row in _sheet_rows(sheet):
        cells = []
        for cell in row:
            key = (number, cell.column)
            if cell.column in hidden_columns:
                continue
            text = "" if key in across else values.get(down.get(key, key), "")
            cells.append(Cell(text, fill=_fill(cell)))
        while cells and not cells[-1].text and not cells[-1].fill:
            cells.pop()
        texts = [c for c in cells if c.text]
        if not grid and len(texts) == 1 and not any(c.fill for c in cells if not c.text):
            first = next(c for c in row if _text(c.value, c.number_format))
            size = first.font.sz if first.font is not None else None
            bold = bool(first.font is not None and first.font.b)
            # A sheet's first title is a heading; on the first sheet it is the document's cover title.
            level = None if blocks or page == 1 else 1
            blocks.append(Paragraph(texts[0].text, page, level, float(size) if size else None, bold))
            continue
        if texts:
            grid.append(tuple(cells))
    if grid:
        width = max(len(cells) for cells in grid)
        blocks.append(TableBlock(tuple(c + (Cell(""),) * (width - len(c)) for c in grid), page))
    return blocks


def read_xlsx_blocks(path: Path) -> list[Block]:
    """Every visible sheet's title rows and grid, a page per sheet."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, data_only=True, keep_vba=False, keep_links=False)
    except Exception as exc:  # openpyxl raises several types for a package that is not a workbook
        raise InputError(f"not an Excel workbook: {exc}") from None
    blocks: list[Block] = []
    page = 0
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        page += 1
        blocks.extend(_sheet_blocks(sheet, page))
    workbook.close()
    return blocks
