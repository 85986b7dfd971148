"""The line model every reader produces and every stage reads: one `Line` per line of the source, with
its label once the structure stage has decided it, its table cells when it is a table's row, and the
page geometry and typography when it comes from a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Label(StrEnum):
    """What a line is, decided once by the structure stage (stored as its value in labelled.parquet)."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    FOOTNOTE = "footnote"
    CAPTION = "caption"
    TOC = "toc"
    COVER = "cover"
    PAGE_HEADER = "page_header"
    BLANK = "blank"


class LayoutHint(StrEnum):
    """What a page's layout alone says about a line before any text is read."""

    FOOTNOTE = "footnote"
    FIGURE = "figure"  # set inside a diagram's drawn box: the figure's words, not the text's flow
    BOXED = "boxed"  # the only words of a filled box (a block's label set in a header band: 現状, 取組)
    TAG = "tag"  # a small box by a slide's title naming its pillar (基本方針Ⅰ …): the slide's pillar, no heading


@dataclass(frozen=True)
class Cell:
    """One cell of a table row: its text and, where the source has them, its x-extent on the page, its
    fill colour (#rrggbb) and a mark drawn inside it (a bar or an arrow over a year column)."""

    text: str
    x0: float | None = None
    x1: float | None = None
    fill: str | None = None
    mark: str | None = None

    def as_row(self) -> dict:
        return {"text": self.text, "x0": self.x0, "x1": self.x1, "fill": self.fill, "mark": self.mark}


@dataclass(frozen=True)
class Line:
    """A line of the source in reading order. `line` numbers it (for text input, as `grep -n` does);
    `raw` is the text as the source has it, `text` normalised. Typography (`size_ratio` to the body
    text, `bold`, `distinct_face`: another font family than the body) and geometry (`x0`, `x1`, `top`,
    `bottom` in points from the page's top left, `font_size`, `font_family`) are set for lines from a
    page and None for plain text. `cells` is set for a table's row. `outline_level` is the heading
    level the source itself declares (a Word heading style or outline level, a slide's title); `ocr`
    marks a line read from a page image."""

    line: int
    raw: str
    text: str
    page: int | None = None
    size_ratio: float | None = None
    bold: bool | None = None
    layout_hint: LayoutHint | None = None
    distinct_face: bool | None = None
    x0: float | None = None
    x1: float | None = None
    top: float | None = None
    bottom: float | None = None
    font_size: float | None = None
    font_family: str | None = None
    cells: tuple[Cell, ...] | None = None
    outline_level: int | None = None
    ocr: bool | None = None
    ocr_confidence: float | None = None  # OCR's mean confidence in the line's characters, 0-100

    def as_row(self, doc_id: str) -> dict:
        return {
            "doc_id": doc_id,
            "page": self.page,
            "line": self.line,
            "raw": self.raw,
            "text": self.text,
            "size_ratio": self.size_ratio,
            "bold": self.bold,
            "layout_hint": self.layout_hint,
            "distinct_face": self.distinct_face,
            "x0": self.x0,
            "x1": self.x1,
            "top": self.top,
            "bottom": self.bottom,
            "font_size": self.font_size,
            "font_family": self.font_family,
            "cells": None if self.cells is None else [cell.as_row() for cell in self.cells],
            "outline_level": self.outline_level,
            "ocr": self.ocr,
            "ocr_confidence": self.ocr_confidence,
        }


def cell_texts(row: dict) -> list[str]:
    """The texts of a line row's cells (empty for a line that is not a table's row), from its cells or,
    in a labelled row read without them, from its cell_texts."""
    if "cells" not in row:
        return list(row.get("cell_texts") or ())
    return [cell["text"] for cell in row["cells"] or ()]


@dataclass(frozen=True)
class Ingested:
    """What a reader gives the pipeline: the lines, the input format and the page count."""

    input_format: str
    lines: list[Line]
    n_pages: int | None
    warnings: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)  # what the file says of itself (created)
