"""Grids with no ruling at all: a spreadsheet printed as it is (Excel or Calc exported to PDF without
borders). Its header row names the columns; each column runs from where its header sits to where the
next begins, parted where no character of the grid crosses; a cell's wrapped lines (each but the last
reaching the column's right edge) stay one cell; a row is the cells whose lines overlap in height, as
a row of cells centred or aligned in one band does. The rows become table rows with each cell's extent
and its fill, so that a filled year is a scheduled year as in a ruled grid.

A cell merged down rows prints its text once; in a grid without rules the rows it spans are not
drawn, so an empty cell of a sparse first column takes the text of its nearest row that has one (the
text is printed in the middle of the rows it covers)."""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from pipeline.config.vocabulary import layout_settings
from pipeline.model.geometry import centre_x, holds_middle, middle_y
from pipeline.readers.pdf.drawing import Shape
from pipeline.readers.pdf.glyphs import Char, GlyphLine, runs_of
from pipeline.readers.pdf.layout.bars import cell_drawing


@dataclass
class _Block:
    """A cell's text in one column: its lines (a wrapped cell's), top to bottom."""

    column: int
    chars: list[Char] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0
    reaches_edge: bool = False


def _is_header(line: GlyphLine) -> bool:
    runs = runs_of(line, layout_settings().grid_header_gap)
    return len(runs) >= layout_settings().grid_min_columns and all(
        len(run) <= layout_settings().grid_max_header_chars for run in runs
    )


def _boundaries(header: list[list[Char]], chars: list[Char]) -> list[float]:
    """Where each column ends and the next begins: in the space between two header cells, the middle
    of the last stretch that no character of the grid crosses (each stretch between two character
    edges, so that a gap a few points wide is found): a cell's text starts where its header does, while
    the text before it may run on up to it, with gaps of its own between words. Where every stretch is
    crossed (a scan's words boxed loosely, a speck read as a character), the column starts where its
    header does."""
    out = []
    starts, ends = sorted(c.x0 for c in chars), sorted(c.x1 for c in chars)
    for left, right in zip(header, header[1:], strict=False):
        start, stop = left[-1].x1, right[0].x0
        edges = sorted({start, stop, *(x for c in chars for x in (c.x0, c.x1) if start < x < stop)})
        stretches: list[list[float]] = []  # runs of adjacent pieces no character crosses: [first, last]
        for a, b in zip(edges, edges[1:], strict=False):
            middle = (a + b) / 2
            # Characters begun before the middle less those ended by it: those that cross it.
            if bisect_left(starts, middle) - bisect_right(ends, middle) > 0:
                continue
            if stretches and stretches[-1][1] == a:
                stretches[-1][1] = b
            else:
                stretches.append([a, b])
        if stretches:
            out.append((stretches[-1][0] + stretches[-1][1]) / 2)
        else:
            out.append(stop - layout_settings().grid_header_slack * right[0].size)
    return out


def _grid_lines(lines: list[GlyphLine], start: int) -> list[GlyphLine]:
    """The lines of the grid whose header is lines[start]: those after it, close below one another in
    type of about its size, up to a line of prose across several columns."""
    header = lines[start]
    out = [header]
    for line in lines[start + 1 :]:
        if (
            line.top - out[-1].bottom > layout_settings().grid_max_row_gap * header.size
            or abs(line.size - header.size) > 0.3 * header.size
        ):
            break
        runs = runs_of(line, layout_settings().fragment_gap)
        longest = max((run[-1].x1 - run[0].x0 for run in runs), default=0)
        if len(runs) == 1 and longest > 0.6 * (header.x1 - header.x0):
            break
        out.append(line)
    return out


def _baselines(chars: list[Char]) -> list[GlyphLine]:
    """The grid's characters in lines by their own tops: the page's lines join a row's cells that
    overlap in height (a centred cell beside a wrapped one) into one line, which a grid must not."""
    lines: list[GlyphLine] = []
    for char in sorted(chars, key=lambda c: (c.top, c.x0)):
        line = next((ln for ln in reversed(lines[-6:]) if abs(ln.top - char.top) < 0.3 * char.size), None)
        if line is None:
            lines.append(GlyphLine(0, char.top, char.bottom, [char], size=char.size))
        else:
            line.chars.append(char)
            line.bottom = max(line.bottom, char.bottom)
    return lines


def _blocks(lines: list[GlyphLine], cuts: list[float], edges: list[float]) -> list[_Block]:
    """Each column's cell texts: its pieces of the lines, a wrapped piece joined to the next."""
    pieces: dict[int, list[_Block]] = {}
    for line in lines:
        by_column: dict[int, list[Char]] = {}
        for char in line.chars:
            if char.text.strip():
                column = sum(centre_x(char) > cut for cut in cuts)
                by_column.setdefault(column, []).append(char)
        for column, chars in by_column.items():
            chars.sort(key=lambda c: c.x0)
            top, bottom = min(c.top for c in chars), max(c.bottom for c in chars)
            reaches = chars[-1].x1 >= edges[column] - layout_settings().grid_wrap_edge * line.size
            column_pieces = pieces.setdefault(column, [])
            last = column_pieces[-1] if column_pieces else None
            if last is not None and last.reaches_edge and top - last.bottom < line.size:
                last.chars.extend(chars)
                last.bottom, last.reaches_edge = bottom, reaches
            else:
                column_pieces.append(_Block(column, chars, top, bottom, reaches))
    return [block for column in sorted(pieces) for block in pieces[column]]


def _rows(blocks: list[_Block]) -> list[list[_Block]]:
    """Cells whose heights overlap, as one row each, top to bottom."""
    rows: list[list[_Block]] = []
    for block in sorted(blocks, key=lambda b: b.top):
        row = next((r for r in rows if any(b.top < block.bottom and block.top < b.bottom for b in r)), None)
        if row is None:
            rows.append([block])
        else:
            row.append(block)
    return sorted(rows, key=lambda r: min(b.top for b in r))


def _text(block: _Block | None) -> str:
    if block is None:
        return ""
    lines: dict[float, list[Char]] = {}
    for char in block.chars:
        key = next((top for top in lines if abs(top - char.top) < 0.5 * char.size), char.top)
        lines.setdefault(key, []).append(char)
    parts = []
    for top in sorted(lines):
        previous = None
        for char in sorted(lines[top], key=lambda c: c.x0):
            if previous is not None and char.x0 - previous.x1 > 0.5 * char.size:
                parts.append(" ")
            parts.append(char.text)
            previous = char
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _fill_merged(table: list[list[str]]) -> None:
    """A sparse first column's empty cells take the text of their nearest row that has one."""
    named = [index for index, row in enumerate(table) if row[0]]
    if not named or len(named) > len(table) / 2:
        return
    for index, row in enumerate(table):
        if not row[0]:
            row[0] = table[min(named, key=lambda n: (abs(n - index), n))][0]


def page_grids(
    page_number: int, lines: list[GlyphLine], shapes: list[Shape], previous: list[list[Char]] | None = None
) -> tuple[list[GlyphLine], list[GlyphLine], list[list[Char]] | None]:
    """The unruled grids among a page's lines as table rows, the lines they did not use, and the
    header cells of its last grid (or `previous`, an earlier page's): a grid's header printed again on
    a later page is the same header, however a scan damaged it there."""
    out: list[GlyphLine] = []
    used: set[int] = set()
    header = previous
    index = 0
    while index < len(lines):
        repeated = previous is not None and _repeats(lines[index], previous)
        if not (repeated or _is_header(lines[index])):
            index += 1
            continue
        grid = _grid_lines(lines, index)
        # The page reader may part a header row into lines side by side, one sorted before the header.
        beside = [line for line in lines[:index] if id(line) not in used and holds_middle(grid[0], line)]
        grid = [grid[0], *beside, *grid[1:]]
        cells = (
            previous
            if repeated and previous is not None
            else runs_of(grid[0], layout_settings().grid_header_gap)
        )
        rows = _grid_rows(page_number, grid, shapes, cells, repeated)
        if len(rows) >= 3:
            out.extend(rows)
            used.update(id(line) for line in grid)
            header = cells
            index += len(grid)
        else:
            index += 1
    return out, [line for line in lines if id(line) not in used], header


def _label(cell: list[Char]) -> str:
    return re.sub(r"\s+", "", "".join(c.text for c in cell))


def _repeats(line: GlyphLine, header: list[list[Char]]) -> bool:
    """Whether a line is `header` printed again (a spreadsheet's print titles, on each page): REPEATED
    of its cells or more, and MIN_COLUMNS at least, found with the same text at the same place."""
    runs = runs_of(line, layout_settings().grid_header_gap)
    found = sum(
        any(_label(run) == _label(cell) and abs(run[0].x0 - cell[0].x0) <= cell[0].size for run in runs)
        for cell in header
    )
    return found >= max(
        layout_settings().grid_min_columns, layout_settings().grid_header_repeat_share * len(header)
    )


def _runs_across(grid: list[GlyphLine], cuts: list[float]) -> bool:
    """Whether the lines below the header run on across its column boundaries, as prose does: a line
    of prose whose word gaps (loose boxes of OCR'd words, spaced type) part it like a header's cells
    is followed by prose that crosses the boundaries those gaps give, where a grid's cells stop short."""
    below = [line for line in grid if middle_y(line) > grid[0].bottom]
    spanned = crossed = 0
    for line in below:
        runs = runs_of(line, layout_settings().grid_header_gap)
        for cut in cuts:
            if runs and runs[0][0].x0 < cut < runs[-1][-1].x1:
                spanned += 1
                crossed += any(run[0].x0 < cut < run[-1].x1 for run in runs)
    return spanned > 0 and crossed > layout_settings().grid_max_crossed_share * spanned


def _grid_rows(
    page_number: int, grid: list[GlyphLine], shapes: list[Shape], header: list[list[Char]], repeated: bool
) -> list[GlyphLine]:
    chars = [c for line in grid for c in line.chars]
    cuts = _boundaries(header, chars)
    if _runs_across(grid, cuts):
        return []
    left, right = min(c.x0 for c in chars) - 2, max(c.x1 for c in chars) + 2
    extents = list(zip([left, *cuts], [*cuts, right], strict=True))
    rows = _rows(_blocks(_baselines(chars), cuts, [x1 for _, x1 in extents]))
    table = [
        [_text(next((b for b in row if b.column == c), None)) for c in range(len(extents))] for row in rows
    ]
    if repeated:
        table[0] = [_label(cell) for cell in header]
    _fill_merged(table[1:])
    out = []
    for row, cells in zip(rows, table, strict=True):
        if sum(bool(cell) for cell in cells) < 2 and row is not rows[0]:
            continue
        top, bottom = min(b.top for b in row), max(b.bottom for b in row)
        line = GlyphLine(page_number, top, bottom, [c for b in row for c in b.chars], "\t".join(cells))
        line.table_row = True
        line.size = statistics.median(c.size for b in row for c in b.chars)
        line.x0, line.x1 = left, right
        line.cell_extents = extents
        line.cell_drawn = cell_drawing(shapes, top, bottom, extents)
        out.append(line)
    return out
