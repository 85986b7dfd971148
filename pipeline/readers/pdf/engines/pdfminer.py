"""pdfminer (through pdfplumber) as a PDF engine: each page's glyphs, ruling edges and drawn shapes as
PageContent, from one pass of pdfminer's interpreter over the page with a device that keeps only what
the pipeline uses. pdfminer's LTChar objects and pdfplumber's object dictionaries are never built:
together they cost a third of the reading time. A content stream that would inflate past the bound is
refused first (pipeline/readers/pdf/bounds.py)."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from pipeline.errors import InputError
from pipeline.readers.pdf.bounds import MAX_PATHS, check_streams
from pipeline.readers.pdf.content import Glyph, PageContent
from pipeline.readers.pdf.drawing import page_drawing
from pipeline.readers.pdf.failures import pdf_failure

# PDF text render modes that stroke the glyphs' outlines (ISO 32000-1, 9.3.6): stroke; fill and stroke;
# each of those adding the text to the clip.
STROKED_RENDER_MODES = frozenset({1, 2, 5, 6})


def read_pages(path: Path) -> list[PageContent]:
    """Every page of the PDF at `path`. Raises InputError for a PDF pdfminer cannot read."""
    import pdfplumber

    _skip_token_logging()
    try:
        with pdfplumber.open(path) as pdf:
            return [page_content(page) for page in pdf.pages]
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged files; pdfplumber wraps them
        raise InputError(pdf_failure(exc)) from None


def page_content(page) -> PageContent:
    """A pdfplumber page's content, in pdfplumber's coordinates (top from the page's top edge, MediaBox
    offsets applied)."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    check_streams(page.page_obj, page.page_number)
    device = _glyph_reader_class()(page.pdf.rsrcmgr, page.page_number, mb_x0, height + mb_top)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    area = float(page.width) * height
    edges, shapes, areas, frames = page_drawing(device.get_result(), mb_x0, height + mb_top, area)
    return PageContent(
        page.page_number, float(page.width), height, tuple(device.glyphs), tuple(edges),
        tuple(shapes), tuple(areas), tuple(frames), max(0, device.paths - MAX_PATHS),
    )  # fmt: skip


def _skip_token_logging() -> None:
    """pdfminer logs every content-stream token at DEBUG level: millions of calls that cost an eighth of
    the reading time even when nothing is printed. Its loggers get a debug that returns at once."""
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if name.startswith("pdfminer") and isinstance(logger, logging.Logger):
            logger.debug = _ignore


def _ignore(*args: object, **kwargs: object) -> None:
    return None


def _glyph_box(font, cid, matrix, fontsize: float, adv: float, rise: float, apply_matrix_rect):
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
def _glyph_reader_class():
    """pdfminer's page aggregator, with characters recorded as Glyphs instead of LTChar objects (paths
    and figures are built as usual: they are few). Defined on first use so that pdfminer is imported
    only for PDF input."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.utils import apply_matrix_rect

    class GlyphReader(PDFPageAggregator):
        def __init__(self, rsrcmgr, pageno: int, x_offset: float, top_edge: float) -> None:
            super().__init__(rsrcmgr, pageno=pageno, laparams=None)
            self.glyphs: list[Glyph] = []
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
            x0, x1, y0, y1, vertical = _glyph_box(font, cid, matrix, fontsize, adv, rise, apply_matrix_rect)
            a, b, c, d, _, _ = matrix
            fontname = font.fontname
            self.glyphs.append(
                Glyph(
                    text,
                    x0 + self.x_offset,
                    x1 + self.x_offset,
                    self.top_edge - y1,
                    self.top_edge - y0,
                    (x1 - x0) if vertical else (y1 - y0),
                    fontname if isinstance(fontname, str) else str(fontname),
                    a * d * scaling > 0 and b * c <= 0,
                    self.stroked,
                )  # fmt: skip
            )
            return adv

    return GlyphReader
