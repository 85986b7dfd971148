"""Tables drawn with ruling lines: grids of connected horizontal and vertical edges, read as one line per
row with a cell's wrapped text kept in its cell (a cell spanning columns keeps its text in its first)."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.families.marks import ITEM_START
from pipeline.readers.pdf.glyphs import Char, GlyphLine

EDGE_TOLERANCE = 1.5
GroupLines = Callable[[int, list[Char]], list[GlyphLine]]


@dataclass
class RuledTable:
    x0: float
    x1: float
    top: float
    bottom: float
    xs: list[float]
    ys: list[float]
    verticals: list[tuple[float, float, float]]  # x, top, bottom

    def _has_rule(self, x: float, top: float, bottom: float) -> bool:
        return any(
            abs(vx - x) <= EDGE_TOLERANCE and vt <= top + EDGE_TOLERANCE and vb >= bottom - EDGE_TOLERANCE
            for vx, vt, vb in self.verticals
        )

    def rows(self, page_number: int, chars: list[Char], group_lines: GroupLines) -> list[GlyphLine]:
        """One line per table row: cells joined by tabs, each cell's wrapped lines joined."""
        out = []
        for top, bottom in zip(self.ys, self.ys[1:], strict=False):
            row_chars = [c for c in chars if top <= (c.top + c.bottom) / 2 <= bottom]
            if not row_chars:
                continue
            cells: list[str] = []
            extents: list[tuple[float, float]] = []
            start = 0
            for column in range(1, len(self.xs)):
                if column < len(self.xs) - 1 and not self._has_rule(self.xs[column], top, bottom):
                    continue  # merged with the next column
                left, right = self.xs[start], self.xs[column]
                inside = [c for c in row_chars if left <= (c.x0 + c.x1) / 2 <= right]
                cells.append(join_wrapped([line.text for line in group_lines(page_number, inside)]))
                cells.extend([""] * (column - start - 1))
                extents.append((left, right))
                extents.extend((self.xs[c], self.xs[c + 1]) for c in range(start + 1, column))
                start = column
            line = GlyphLine(page_number, top, bottom, row_chars, "\t".join(cells), table_row=True)
            line.size = statistics.median(c.size for c in row_chars)
            line.x0, line.x1 = self.x0, self.x1
            line.cell_extents = extents
            out.append(line)
        return out


def ruled_tables(edges: list[dict]) -> list[RuledTable]:
    """Grids of ruling lines: connected horizontal and vertical edges with at least 2 rows and columns."""
    horizontals = [
        (e["x0"], e["x1"], e["top"]) for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 5
    ]
    verticals = [
        (e["x0"], e["top"], e["bottom"])
        for e in edges
        if e["orientation"] == "v" and e["bottom"] - e["top"] > 3
    ]
    groups: list[tuple[list, list]] = []
    for h in horizontals:
        touching = [
            g
            for g in groups
            if any(
                v[0] - EDGE_TOLERANCE <= h[0] <= v[0] + EDGE_TOLERANCE
                or h[0] - EDGE_TOLERANCE <= v[0] <= h[1] + EDGE_TOLERANCE
                for v in g[1]
                if v[1] - EDGE_TOLERANCE <= h[2] <= v[2] + EDGE_TOLERANCE
            )
            or any(
                abs(other[2] - h[2]) < EDGE_TOLERANCE and other[0] < h[1] and h[0] < other[1]
                for other in g[0]
            )
        ]
        merged = (
            [h],
            [
                v
                for v in verticals
                if h[0] - EDGE_TOLERANCE <= v[0] <= h[1] + EDGE_TOLERANCE
                and v[1] - EDGE_TOLERANCE <= h[2] <= v[2] + EDGE_TOLERANCE
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
            tables.append(RuledTable(min(xs), max(xs), min(ys), max(ys), xs, ys, vs))
    return tables


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in values:
        if not out or value - out[-1] > EDGE_TOLERANCE:
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
