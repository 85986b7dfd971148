"""Tables drawn with ruling lines: grids of connected horizontal and vertical edges, read as one line per
row with a cell's wrapped text kept in its cell (a cell spanning columns keeps its text in its first)."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from pipeline.config.vocabulary import layout_settings
from pipeline.families.marks import ITEM_START
from pipeline.model.geometry import centre_x, middle_y
from pipeline.readers.pdf.drawing import Ruling, Shape, rect_edges
from pipeline.readers.pdf.glyphs import Char, GlyphLine
from pipeline.readers.pdf.layout.bars import cell_drawing
from pipeline.readers.pdf.layout.lines import group_lines


@dataclass
class RuledTable:
    x0: float
    x1: float
    top: float
    bottom: float
    xs: list[float]
    ys: list[float]
    verticals: list[tuple[float, float, float]]  # x, top, bottom
    horizontals: list[tuple[float, float, float]]  # x0, x1, y

    def _has_rule(self, x: float, top: float, bottom: float) -> bool:
        return any(
            abs(vx - x) <= layout_settings().ruling_tolerance
            and vt <= top + layout_settings().ruling_tolerance
            and vb >= bottom - layout_settings().ruling_tolerance
            for vx, vt, vb in self.verticals
        )

    def _has_floor(self, y: float, left: float, right: float) -> bool:
        """Whether a rule runs along `y` under the whole cell from `left` to `right` (drawn in pieces or
        in one)."""
        reach = left + layout_settings().ruling_tolerance
        for x0, x1, _ in sorted(
            h for h in self.horizontals if abs(h[2] - y) <= layout_settings().ruling_tolerance
        ):
            if x0 > reach + layout_settings().ruling_tolerance:
                break
            reach = max(reach, x1)
        return reach >= right - layout_settings().ruling_tolerance

    def _span(self, row: int, left: float, right: float) -> tuple[float, float]:
        """The top and bottom of the cell at `row` between `left` and `right`, merged down or up into the
        rows no rule separates it from: a 基本方針 printed once, centred across the rows it covers."""
        first, last = row, row + 1
        while first > 0 and not self._has_floor(self.ys[first], left, right):
            first -= 1
        while last < len(self.ys) - 1 and not self._has_floor(self.ys[last], left, right):
            last += 1
        return self.ys[first], self.ys[last]

    def rows(self, page_number: int, chars: list[Char], shapes: list[Shape]) -> list[GlyphLine]:
        """One line per table row: cells joined by tabs, each cell's wrapped lines joined, each cell's
        fill and drawn mark from the shapes lying in it."""
        out = []
        for row, (top, bottom) in enumerate(zip(self.ys, self.ys[1:], strict=False)):
            row_chars = [c for c in chars if top <= middle_y(c) <= bottom]
            if not row_chars:
                continue
            cells: list[str] = []
            extents: list[tuple[float, float]] = []
            start = 0
            for column in range(1, len(self.xs)):
                if column < len(self.xs) - 1 and not self._has_rule(self.xs[column], top, bottom):
                    continue  # merged with the next column
                left, right = self.xs[start], self.xs[column]
                span_top, span_bottom = self._span(row, left, right)
                inside = [
                    c
                    for c in chars
                    if left <= centre_x(c) <= right and span_top <= middle_y(c) <= span_bottom
                ]
                cells.append(join_wrapped([line.text for line in group_lines(page_number, inside)]))
                cells.extend([""] * (column - start - 1))
                extents.append((left, right))
                extents.extend((self.xs[c], self.xs[c + 1]) for c in range(start + 1, column))
                start = column
            line = GlyphLine(page_number, top, bottom, row_chars, "\t".join(cells), table_row=True)
            line.size = statistics.median(c.size for c in row_chars)
            line.x0, line.x1 = self.x0, self.x1
            line.cell_extents = extents
            line.cell_drawn = cell_drawing(shapes, top, bottom, extents)
            out.append(line)
        return out


def page_tables(edges: list[Ruling], areas: list[Shape]) -> list[RuledTable]:
    """The page's ruled tables, and the tables drawn by filled cells alone (two rows at least) where no
    ruled table lies: bars and shaded cells inside a ruled grid do not split its columns."""
    ruled = ruled_tables(edges)
    filled = [
        table
        for table in ruled_tables([edge for a in areas for edge in rect_edges(a.x0, a.x1, a.top, a.bottom)])
        if len(table.ys) >= 3 and not any(_overlap(table, other) for other in ruled) and _tiled(table, areas)
    ]
    return ruled + filled


def _tiled(table: RuledTable, areas: list[Shape]) -> bool:
    """Whether fills cover nearly every cell of the grid they outline: a table drawn by its cells'
    grounds, not a sheet's few shaded cells (a header band, some filled years) that touch."""
    cells = [
        ((left + right) / 2, (top + bottom) / 2)
        for top, bottom in zip(table.ys, table.ys[1:], strict=False)
        for left, right in zip(table.xs, table.xs[1:], strict=False)
    ]
    covered = sum(any(a.x0 <= x <= a.x1 and a.top <= y <= a.bottom for a in areas) for x, y in cells)
    return covered >= layout_settings().tiled_share * len(cells)


def _overlap(a: RuledTable, b: RuledTable) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


def ruled_tables(edges: list[Ruling]) -> list[RuledTable]:
    """Grids of ruling lines: connected horizontal and vertical edges with at least 2 rows and columns."""
    horizontals = [(e.x0, e.x1, e.top) for e in edges if e.orientation == "h" and e.x1 - e.x0 > 5]
    verticals = [(e.x0, e.top, e.bottom) for e in edges if e.orientation == "v" and e.bottom - e.top > 3]
    groups: list[tuple[list, list]] = []
    for h in horizontals:
        touching = [
            g
            for g in groups
            if any(
                v[0] - layout_settings().ruling_tolerance <= h[0] <= v[0] + layout_settings().ruling_tolerance
                or h[0] - layout_settings().ruling_tolerance
                <= v[0]
                <= h[1] + layout_settings().ruling_tolerance
                for v in g[1]
                if v[1] - layout_settings().ruling_tolerance
                <= h[2]
                <= v[2] + layout_settings().ruling_tolerance
            )
            or any(
                abs(other[2] - h[2]) < layout_settings().ruling_tolerance
                and other[0] < h[1]
                and h[0] < other[1]
                for other in g[0]
            )
        ]
        merged = (
            [h],
            [
                v
                for v in verticals
                if h[0] - layout_settings().ruling_tolerance
                <= v[0]
                <= h[1] + layout_settings().ruling_tolerance
                and v[1] - layout_settings().ruling_tolerance
                <= h[2]
                <= v[2] + layout_settings().ruling_tolerance
            ],
        )
        for g in touching:
            groups.remove(g)
            merged = (merged[0] + g[0], merged[1] + g[1])
        groups.append(merged)
    tables = []
    for hs, vs in groups:
        vs = list({(round(v[0], 1), round(v[1], 1), round(v[2], 1)) for v in vs})
        xs = _cluster(sorted(v[0] for v in vs))
        ys = _cluster(sorted(h[2] for h in hs))
        # One cell is a frame around text (a boxed heading or note), read as ordinary lines.
        if len(xs) >= 2 and len(ys) >= 2 and len(xs) + len(ys) > 4:
            tables.append(RuledTable(min(xs), max(xs), min(ys), max(ys), xs, ys, vs, hs))
    return tables


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in values:
        if not out or value - out[-1] > layout_settings().ruling_tolerance:
            out.append(value)
    return out


def join_wrapped(parts: list[str]) -> str:
    text = ""
    for part in parts:
        if text and (
            re.search(r"[A-Za-z0-9]$", text)
            and re.match(r"^[A-Za-z0-9]", part)
            or ITEM_START.compiled.match(part)
        ):
            text += " "
        text += part
    return text


# A foot note separator: a short rule across the left of the page's lower part, in no table (Word and
# LibreOffice draw one over a page's foot notes, a fifth to a third of the text's width).


def note_rule(edges: list[Ruling], tables: list[RuledTable], width: float, height: float) -> float | None:
    """Where a foot note separator rule stands on the page (its y), or None."""
    for edge in sorted(edges, key=lambda e: e.top):
        length = edge.x1 - edge.x0
        if (
            edge.orientation == "h"
            and edge.top > layout_settings().note_rule_zone * height
            and layout_settings().note_rule_width[0] * width
            <= length
            <= layout_settings().note_rule_width[1] * width
            and edge.x0 < 0.3 * width
            and not any(
                t.x0 - 2 <= edge.x0 and edge.x1 <= t.x1 + 2 and t.top - 2 <= edge.top <= t.bottom + 2
                for t in tables
            )
        ):
            return edge.top
    return None
