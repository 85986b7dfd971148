"""What a page holds, as every reader of a page hands it to the layout: the one typed boundary between
reading a page (a PDF's text layer through a PDF engine, or a scan through OCR) and laying it out.
Nothing after it looks at an engine's own objects."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from pipeline.readers.pdf.drawing import Ruling, Shape

UNMAPPED = "\ufffd"  # the text of a glyph whose font maps it to no Unicode character


class Origin(Enum):
    """Where a glyph was read from."""

    TEXT_LAYER = "text layer"  # the PDF's own characters
    OCR = "ocr"  # recognised in the page's image


class Glyph(NamedTuple):
    """One character placed on the page, in points with y from the page's top edge (pdfplumber's
    coordinates). A tuple rather than a dataclass: a page makes thousands, and a tuple is made fastest."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the type's size in points (its box's height across the writing direction)
    font: str = ""  # the font's name as the PDF gives it (a subset prefix, Shift_JIS bytes and all)
    upright: bool = True  # set upright, not turned on its side
    stroked: bool = False  # drawn with its outline stroked too: the bold a writer makes from a plain face
    origin: Origin = Origin.TEXT_LAYER
    confidence: float | None = None  # OCR's confidence in the glyph's word, 0-100
    stroke: float | None = None  # OCR: the width of its word's upright strokes, in points

    @property
    def unmapped(self) -> bool:
        """Its font maps it to no character: pdfminer writes '(cid:N)', PDFium U+FFFD."""
        return self.text == UNMAPPED or self.text.startswith("(cid:")


class PageContent(NamedTuple):
    """A page as read: its number (1-based) and size in points, its glyphs in the order drawn, the
    ruling lines, filled shapes (shaded cells, bars,
    arrows), filled unstroked areas (a grid drawn by fills alone), outlined frames (a box drawn round
    text), and how many drawn paths past the bound were not read (pipeline/readers/pdf/bounds.py)."""

    number: int
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    rulings: tuple[Ruling, ...] = ()
    shapes: tuple[Shape, ...] = ()
    areas: tuple[Shape, ...] = ()
    frames: tuple[Shape, ...] = ()
    dropped_paths: int = 0
