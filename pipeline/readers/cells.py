"""A table row's cells, split once where the line is read: tab-separated text (a ruled PDF table's row,
or wide gaps that normalisation turned into tabs) or a markdown pipe row. Every later stage reads the
cells from the line model."""

from __future__ import annotations

import re

from pipeline.model.lines import Cell

_PIPE_ROW = re.compile(r"^(?:-\s*)?\|.*\|\s*$")

Extents = list[tuple[float, float]]
Drawn = list[tuple[str | None, str | None]]


def is_table_row(text: str) -> bool:
    return bool(text.strip()) and ("\t" in text or bool(_PIPE_ROW.match(text)))


def split_cells(text: str) -> list[str]:
    if _PIPE_ROW.match(text):
        return [cell.strip() for cell in text.strip().lstrip("-").strip().strip("|").split("|")]
    return [cell.strip() for cell in text.split("\t")]


def cells_of(
    text: str, extents: Extents | None = None, drawn: Drawn | None = None
) -> tuple[Cell, ...] | None:
    """The cells of a table row's text (None for a line that is not one), each with its x-extent on the
    page, and its fill and drawn mark, where the reader measured them per cell."""
    if not is_table_row(text):
        return None
    texts = split_cells(text)
    if extents is None or len(extents) != len(texts):
        extents = [(None, None)] * len(texts)
    if drawn is None or len(drawn) != len(texts):
        drawn = [(None, None)] * len(texts)
    return tuple(
        Cell(cell, x0, x1, fill, mark)
        for cell, (x0, x1), (fill, mark) in zip(texts, extents, drawn, strict=True)
    )
