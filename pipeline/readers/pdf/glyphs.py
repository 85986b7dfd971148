"""What a PDF page is made of, as the PDF reader sees it: characters with their font, grouped into lines.

Font names are classified here (family and weight, configs/pdf.yaml), once per distinct name.
"""

from __future__ import annotations

import ast
import contextlib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

from pipeline.config.vocabulary import pdf_settings
from pipeline.readers.pdf.bounds import MAX_PATHS, check_streams
from pipeline.readers.pdf.drawing import Shape, page_drawing

# PDF text render modes that stroke the glyphs' outlines (ISO 32000-1, 9.3.6): stroke; fill and stroke;
# each of those adding the text to the clip.
STROKED_RENDER_MODES = frozenset({1, 2, 5, 6})


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


def to_char(raw: dict) -> Char:
    face, bold = font_style(raw.get("fontname") or "")
    return Char(
        text=raw["text"],
        x0=raw["x0"],
        x1=raw["x1"],
        top=raw["top"],
        bottom=raw["bottom"],
        size=raw.get("size") or (raw["bottom"] - raw["top"]),
        bold=bold or raw.get("stroked", False),
        face=face,
        confidence=raw.get("conf"),
        stroke=raw.get("stroke"),
    )


class PageObjects(NamedTuple):
    chars: list[dict]
    edges: list[dict]
    dropped_paths: int  # paths past MAX_PATHS, not read
    shapes: list[Shape] = []  # filled shapes: shaded cells, bars, arrows
    areas: list[Shape] = []  # filled, unstroked rectangles: a grid drawn by fills alone
    frames: list[Shape] = []  # outlined boxes with nothing filled (a slide's text box drawn round)


def page_objects(page) -> PageObjects:
    """A pdfplumber page's characters, ruling edges and filled shapes, in pdfplumber's coordinates (top from the page's
    top edge, MediaBox offsets applied), from one pass of pdfminer's interpreter over the page with a
    device that keeps only what the pipeline uses. pdfminer's LTChar objects and pdfplumber's object
    dictionaries are never built: together they cost a third of the reading time. A content stream
    that would inflate past the bound is refused first (pipeline/readers/pdf/bounds.py)."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    check_streams(page.page_obj, page.page_number)
    device = _char_reader_class()(page.pdf.rsrcmgr, page.page_number, mb_x0, height + mb_top)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    area = float(page.width) * height
    edges, shapes, areas, frames = page_drawing(device.get_result(), mb_x0, height + mb_top, area)
    return PageObjects(device.chars, edges, max(0, device.paths - MAX_PATHS), shapes, areas, frames)


def _char_box(font, cid, matrix, fontsize: float, adv: float, rise: float, apply_matrix_rect):
    """A glyph's box on the page (x0, x1, y0, y1, vertical), as pdfminer's LTChar computes it."""
    vertical = font.is_vertical()
    if vertical:
        vx, vy = font.char_disp(cid)
        vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
        vy = (1000 - vy) * fontsize * 0.001
        bbox = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
    else:
        descent = font.get_descent() * fontsize
        bbox = (0, descent + rise, adv, descent + rise + fontsize)
    x0, y0, x1, y1 = apply_matrix_rect(matrix, bbox)
    return min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1), vertical


@cache
def _char_reader_class():
    """pdfminer's page aggregator, with characters recorded as plain dictionaries instead of LTChar
    objects (paths and figures are built as usual: they are few). Defined on first use so that pdfminer
    is imported only for PDF input."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.utils import apply_matrix_rect

    class CharReader(PDFPageAggregator):
        def __init__(self, rsrcmgr, pageno: int, x_offset: float, top_edge: float) -> None:
            super().__init__(rsrcmgr, pageno=pageno, laparams=None)
            self.chars: list[dict] = []
            self.x_offset, self.top_edge = x_offset, top_edge
            self.paths = 0
            self.stroked = False

        def paint_path(self, gstate, stroke, fill, evenodd, path) -> None:
            # Only the first MAX_PATHS paths of a page become objects: a page of drawing operators
            # costs its interpretation time, not memory per path.
            self.paths += 1
            if self.paths <= MAX_PATHS:
                super().paint_path(gstate, stroke, fill, evenodd, path)

        def render_string(self, textstate, seq, ncs, graphicstate) -> None:
            # Text drawn with its outline stroked too (render modes 1, 2, 5, 6) is the bold a writer
            # or printer makes from a face that has none: Word and LibreOffice embolden so.
            self.stroked = textstate.render in STROKED_RENDER_MODES
            super().render_string(textstate, seq, ncs, graphicstate)

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
            # The geometry of pdfminer's LTChar, without the object.
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = self.handle_undefined_char(font, cid)
            adv = font.char_width(cid) * fontsize * scaling
            x0, x1, y0, y1, vertical = _char_box(font, cid, matrix, fontsize, adv, rise, apply_matrix_rect)
            a, b, c, d, _, _ = matrix
            fontname = font.fontname
            self.chars.append(
                {
                    "text": text,
                    "x0": x0 + self.x_offset,
                    "x1": x1 + self.x_offset,
                    "top": self.top_edge - y1,
                    "bottom": self.top_edge - y0,
                    "size": (x1 - x0) if vertical else (y1 - y0),
                    "fontname": fontname if isinstance(fontname, str) else str(fontname),
                    "upright": a * d * scaling > 0 and b * c <= 0,
                    "stroked": self.stroked,
                }
            )
            return adv

    return CharReader
