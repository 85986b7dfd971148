"""What a PDF page is made of, as the PDF reader sees it: characters with their font, grouped into lines.

Font names are classified here (family and weight, configs/pdf.yaml), once per distinct name.
"""

from __future__ import annotations

import ast
import contextlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.config.vocabulary import pdf_settings
from pipeline.readers.pdf.content import Glyph
from pipeline.readers.pdf.drawing import Shape


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    face: str | None = None  # gothic, mincho or None (unknown)
    confidence: float | None = None  # OCR's confidence in the character's word (0-100); None: a text layer
    stroke: float | None = None  # OCR: the width of its word's upright strokes, in points (type_weight)


@dataclass
class GlyphLine:
    page: int
    top: float
    bottom: float
    chars: list[Char] = field(default_factory=list)
    text: str = ""
    size: float = 0.0
    bold: bool = False
    face: str | None = None
    x0: float = 0.0
    x1: float = 0.0
    table_row: bool = False
    column_edge: float | None = None  # right edge of its text column on a multi-column page
    cell_extents: list[tuple[float, float]] | None = None  # a ruled table row's cells, left to right
    cell_drawn: list[tuple[str | None, str | None]] | None = None  # each cell's fill and drawn mark
    outline_level: int | None = None  # a heading level the layout declares (a slide's title)
    in_figure: bool = False  # set inside a drawn box (a diagram's shape), not in the text's flow
    boxed: bool = False  # the only words of a filled box (pipeline/readers/pdf/layout/figures.py)
    tag: bool = False  # a slide's pillar tag beside its title (pipeline/readers/pdf/layout/slides.py)
    opens_box: bool = False  # the first line of a slide's drawn box: a block of its own (the same)
    confidences: list[float] = field(default_factory=list)  # its OCR-read characters' confidences
    stroke: float | None = None  # OCR: its characters' median stroke width in points (type_weight)


@dataclass
class Page:
    number: int
    height: float
    width: float
    lines: list[GlyphLine]
    shapes: list[Shape] = field(default_factory=list)  # its filled shapes (pipeline/readers/pdf/drawing.py)
    frames: list[Shape] = field(default_factory=list)  # its outlined boxes (the same)
    note_rule: float | None = (
        None  # where a foot note separator rule stands (pipeline/readers/pdf/layout/ruled.py)
    )
    grid_header: list[list[Char]] | None = (
        None  # its last unruled grid's header (pipeline/readers/pdf/layout/grids.py)
    )


def runs_of(line: GlyphLine, gap: float) -> list[list[Char]]:
    """A line's visible characters, left to right, in runs that a space wider than `gap` character
    heights parts: the texts of separate boxes or cells set on one line."""
    runs: list[list[Char]] = []
    for char in sorted((c for c in line.chars if c.text.strip()), key=lambda c: c.x0):
        if runs and char.x0 - runs[-1][-1].x1 <= gap * line.size:
            runs[-1].append(char)
        else:
            runs.append([char])
    return runs


def font_name(raw: str) -> str:
    """A readable font name: Shift_JIS names written as bytes decoded, the subset prefix removed."""
    if raw.startswith(("b'", 'b"')):
        with contextlib.suppress(ValueError, SyntaxError):
            raw = ast.literal_eval(raw).decode("cp932", errors="replace")
    return re.sub(r"^[A-Z]{6}\+", "", raw)


@lru_cache(maxsize=256)
def font_style(raw: str) -> tuple[str | None, bool]:
    """(family, bold) of a font by its name."""
    settings = pdf_settings()
    name = font_name(raw)
    bold = bool(re.search(settings.bold_font, name, re.IGNORECASE))
    for family, pattern in settings.font_families.model_dump().items():
        if re.search(pattern, name, re.IGNORECASE):
            return family, bold
    return None, bold


def to_char(glyph: Glyph) -> Char:
    """A glyph as the layout's character: its font's name read as a family and a weight."""
    face, bold = font_style(glyph.font)
    return Char(
        text=glyph.text,
        x0=glyph.x0,
        x1=glyph.x1,
        top=glyph.top,
        bottom=glyph.bottom,
        size=glyph.size or (glyph.bottom - glyph.top),
        bold=bold or glyph.stroked,
        face=face,
        confidence=glyph.confidence,
        stroke=glyph.stroke,
    )
