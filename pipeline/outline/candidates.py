"""A heading candidate, and the typography a line brings to the heading evidence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LineStyle:
    """What a PDF's layout says about a line (text input has none)."""

    size_ratio: float | None
    bold: bool | None
    hint: str | None
    distinct_face: bool | None = None
    outline_level: int | None = None  # declared by the source (a Word heading style, a slide title)


@dataclass
class Candidate:
    line: int  # the line the heading's title is on
    number: str | None
    title: str
    family: str
    value: int | None = None
    md_level: int | None = None
    block_label: str | None = None
    enumerator_line: int | None = None
    path: tuple[int, ...] = ()
    marked: bool = False
    hashes: bool = False  # marked by markdown '#', whose level the author chose
    inline: bool = False  # a block label opening a line that runs on with the block's text ('■KPI　…')
