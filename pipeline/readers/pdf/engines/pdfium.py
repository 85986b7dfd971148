"""PDFium (pypdfium2's raw API) as a PDF engine: each page's glyphs from PDFium's text page, its paths
from the page's objects (Form XObjects opened), as PageContent in pdfplumber's coordinates, the
geometry pdfminer's engine gives (pipeline/readers/pdf/engines/pdfminer.py), about ten times faster.

Two things PDFium does its own way are put back as pdfminer gives them:
- PDFium's text page leaves out a text object drawn again over itself (a writer's fake bold, drawn
  several times at a fraction of a point apart); the copies are the layout's evidence of bold type,
  so each left-out object is given its first drawing's glyphs, moved by the copy's offset.
- A path is classified as pdfminer classifies it (a line, a rectangle or a curve, each subpath apart)
  and handed to the same drawing reader (pipeline/readers/pdf/drawing.py).
"""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import NamedTuple

from pipeline.errors import InputError
from pipeline.readers.pdf.bounds import MAX_PATHS
from pipeline.readers.pdf.content import UNMAPPED, Glyph, PageContent
from pipeline.readers.pdf.drawing import page_drawing
from pipeline.readers.pdf.engines.pdfminer import STROKED_RENDER_MODES

MAX_FORM_DEPTH = 12  # Form XObjects opened within each other at most (a loop of forms ends here)
MEDIABOX_DECIMALS = 4
SPACE_EXTENT = 0.01  # points: a text object the text page left out this narrow holds a space
SPACE_WIDTH = 0.25  # of the type's size: a space's width (a quarter em)
COPY_LOOKBACK = 8  # text objects drawn before one the text page left out, among which its original is sought
COPY_SLACK = 0.5  # points: a copy's box is the same size as its original's within this
SEGMENT_OPERATORS = {0: "l", 1: "c", 2: "m"}  # PDFium's segment types as a content stream's operators


class Matrix(NamedTuple):
    a: float
    b: float
    c: float
    d: float
    e: float
    f: float

    def then(self, outer: Matrix) -> Matrix:
        """This matrix followed by `outer` (an object's matrix within a form, then the form's)."""
        a, b, c, d, e, f = self
        return Matrix(a * outer.a + b * outer.c, a * outer.b + b * outer.d, c * outer.a + d * outer.c,
                      c * outer.b + d * outer.d, e * outer.a + f * outer.c + outer.e,
                      e * outer.b + f * outer.d + outer.f)  # fmt: skip

    @property
    def type_scale(self) -> float:
        """How much the matrix scales type's height: its vertical scale, turned or not."""
        return abs(self.d) if self.b == 0 else (self.c**2 + self.d**2) ** 0.5

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f


IDENTITY = Matrix(1, 0, 0, 1, 0, 0)


def read_pages(path: Path) -> list[PageContent]:
    """Every page of the PDF at `path`. Raises InputError for a PDF PDFium cannot open."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise InputError(f"unreadable PDF: {exc}") from None
    try:
        return [_page_content(document, index) for index in range(len(document))]
    finally:
        document.close()


def _page_content(document, index: int) -> PageContent:
    import pypdfium2.raw as raw

    page = document[index]
    try:
        # PDFium keeps the MediaBox in single precision: its decimals as the PDF writes them (four at most).
        left, bottom, right, top = (round(value, MEDIABOX_DECIMALS) for value in page.get_mediabox())
        width, height = right - left, top - bottom
        textpage = raw.FPDFText_LoadPage(page.raw)
        try:
            objects = list(_page_objects(page.raw))
            glyphs = _glyphs(textpage, objects, height)
        finally:
            raw.FPDFText_ClosePage(textpage)
        paths = [(obj, matrix) for obj, kind, matrix in objects if kind == raw.FPDF_PAGEOBJ_PATH]
        drawn = [lt for obj, matrix in paths[:MAX_PATHS] for lt in _drawn(obj, matrix, left, bottom)]
        edges, shapes, areas, frames = page_drawing(drawn, left, height - bottom, width * height)
        return PageContent(index + 1, width, height, tuple(glyphs), tuple(edges), tuple(shapes),
                           tuple(areas), tuple(frames), max(0, len(paths) - MAX_PATHS))  # fmt: skip
    finally:
        page.close()


def _page_objects(parent, form: bool = False, outer: Matrix = IDENTITY, depth: int = 0):
    """(object, type, matrix to the page) for each text and path object of a page, in drawing order,
    the objects of its Form XObjects among them."""
    import pypdfium2.raw as raw

    count = raw.FPDFFormObj_CountObjects(parent) if form else raw.FPDFPage_CountObjects(parent)
    for i in range(count):
        obj = raw.FPDFFormObj_GetObject(parent, i) if form else raw.FPDFPage_GetObject(parent, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            yield from _page_objects(obj, True, _matrix(obj).then(outer), depth + 1)
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            yield obj, kind, _matrix(obj).then(outer)
        elif kind == raw.FPDF_PAGEOBJ_TEXT:
            yield obj, kind, outer  # a text object's glyphs come placed from the text page


def _matrix(obj) -> Matrix:
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return Matrix(m.a, m.b, m.c, m.d, m.e, m.f)


def _address(handle) -> int:
    """The object a handle points to, as a key (each call hands back a new handle to the same object)."""
    return ctypes.addressof(handle.contents)


# --- glyphs -----------------------------------------------------------------------------------------


class _Style(NamedTuple):
    font: str
    size: float
    upright: bool
    stroked: bool


def _glyphs(textpage, objects: list, height: float) -> list[Glyph]:
    """The text page's glyphs (PDFium's own spaces and line breaks, which belong to no text object,
    left out), each text object drawn again over itself given back its copies, after the glyphs of
    the object it copies. A text object's font, size and matrix are read once, from its first glyph."""
    import pypdfium2.raw as raw

    rect = raw.FS_RECTF()
    styles: dict[int, _Style] = {}
    fonts: dict[int, str] = {}
    by_object: dict[int, list[Glyph]] = {}
    order: list[int] = []
    count = raw.FPDFText_CountChars(textpage)
    texts = _page_text(textpage, count)
    for i in range(count):
        obj = raw.FPDFText_GetTextObject(textpage, i)
        if not obj:
            continue
        key = _address(obj)
        style = styles.get(key)
        if style is None:
            style = styles[key] = _style(obj, textpage, i, fonts)
            order.append(key)
        raw.FPDFText_GetLooseCharBox(textpage, i, rect)
        code = texts[i] if texts else raw.FPDFText_GetUnicode(textpage, i)
        text = UNMAPPED if not code or raw.FPDFText_HasUnicodeMapError(textpage, i) == 1 else chr(code)
        size = style.size
        by_object.setdefault(key, []).append(
            Glyph(
                text,
                rect.left,
                rect.right,
                height - rect.bottom - size,
                height - rect.bottom,
                size,
                style.font,
                style.upright,
                style.stroked,
            )  # fmt: skip
        )
    return _with_copies(by_object, order, objects, height)


def _page_text(textpage, count: int) -> list[int] | None:
    """Each character's code, read in one call; None where the text holds a character beyond the
    Basic Multilingual Plane (two UTF-16 units: the units no longer line up with the characters)."""
    import pypdfium2.raw as raw

    buffer = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(textpage, 0, count, buffer)
    units = list(buffer[: max(0, written - 1)])
    if len(units) != count or any(0xD800 <= unit <= 0xDFFF for unit in units):
        return None
    return units


def _style(obj, textpage, index: int, fonts: dict[int, str]) -> _Style:
    """A text object's font name (as the PDF gives it; each font's name read once into `fonts`), its
    type's size on the page, whether it stands upright and whether its glyphs' outlines are stroked,
    from its glyph at `index` (a text object's glyphs share its matrix and size)."""
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(textpage, index, m)
    size = raw.FPDFText_GetFontSize(textpage, index) * Matrix(m.a, m.b, m.c, m.d, m.e, m.f).type_scale
    font = raw.FPDFTextObj_GetFont(obj)
    key = _address(font) if font else 0
    if key not in fonts:
        fonts[key] = _font_name(font)
    stroked = raw.FPDFTextObj_GetTextRenderMode(obj) in STROKED_RENDER_MODES
    return _Style(fonts[key], size, m.a * m.d > 0 and m.b * m.c <= 0, stroked)


def _font_name(font) -> str:
    import pypdfium2.raw as raw

    length = raw.FPDFFont_GetBaseFontName(font, None, 0) if font else 0
    name = ""
    if length:
        buffer = ctypes.create_string_buffer(length)
        raw.FPDFFont_GetBaseFontName(font, buffer, length)
        data = buffer.raw[: length - 1]
        try:
            name = data.decode("ascii")
        except UnicodeDecodeError:
            name = repr(data)  # as pdfminer names a font whose name is not ASCII (glyphs.font_name reads it)
    return name


def _with_copies(
    by_object: dict[int, list[Glyph]], order: list[int], objects: list, height: float
) -> list[Glyph]:
    """The glyphs in drawing order, a text object the text page left out given back: one with no
    extent is a space (a writer sets each space in a text object of its own), any other the glyphs of
    the last object drawn before it that it copies (a box of the same size, less than its height
    away), moved by its offset."""
    import pypdfium2.raw as raw

    out: list[Glyph] = []
    drawn: list[tuple[list[Glyph], object]] = []
    placed = set()
    for obj, kind, outer in objects:
        if kind != raw.FPDF_PAGEOBJ_TEXT:
            continue
        key = _address(obj)
        if key in by_object:
            out.extend(by_object[key])
            placed.add(key)
            drawn.append((by_object[key], obj))
        elif (box := _bounds(obj)) and box[2] - box[0] < SPACE_EXTENT:
            out.append(_space(obj, _matrix(obj).then(outer), box, height))
        elif box and (copied := _copied(box, drawn)):
            glyphs, (dx, dy) = copied
            out.extend(
                g._replace(x0=g.x0 + dx, x1=g.x1 + dx, top=g.top - dy, bottom=g.bottom - dy) for g in glyphs
            )
    out.extend(g for key in order if key not in placed for g in by_object[key])
    return out


def _copied(
    box: tuple[float, float, float, float], drawn: list
) -> tuple[list[Glyph], tuple[float, float]] | None:
    """The glyphs of the latest drawn text object that a box copies, and the copy's offset (x, y up)."""
    left, bottom, right, top = box
    for glyphs, obj in reversed(drawn[-COPY_LOOKBACK:]):
        other = _bounds(obj)
        if not other:
            continue
        o_left, o_bottom, o_right, o_top = other
        height = o_top - o_bottom
        same = (
            abs((right - left) - (o_right - o_left)) <= COPY_SLACK
            and abs((top - bottom) - height) <= COPY_SLACK
        )
        if same and abs(left - o_left) < height and abs(bottom - o_bottom) < height:
            return glyphs, (left - o_left, bottom - o_bottom)
    return None


def _space(obj, matrix: Matrix, box: tuple[float, float, float, float], height: float) -> Glyph:
    """A space set in a text object of its own: on its baseline, as tall as its type, SPACE_WIDTH of
    its size wide (the text page gives no advance for it)."""
    import pypdfium2.raw as raw

    font_size, descent = ctypes.c_float(), ctypes.c_float()
    raw.FPDFTextObj_GetFontSize(obj, font_size)
    scale = matrix.type_scale
    font = raw.FPDFTextObj_GetFont(obj)
    if not (font and raw.FPDFFont_GetDescent(font, font_size, descent)):
        descent.value = 0.0
    size = font_size.value * scale
    bottom = height - (box[1] + descent.value * scale)
    return Glyph(" ", box[0], box[0] + SPACE_WIDTH * size, bottom - size, bottom, size, _font_name(font))


def _bounds(obj) -> tuple[float, float, float, float] | None:
    import pypdfium2.raw as raw

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    return left.value, bottom.value, right.value, top.value


# --- paths ------------------------------------------------------------------------------------------


def _drawn(obj, matrix: Matrix, left: float, bottom: float) -> list:
    """A path object as the objects pdfminer makes of it (LTLine, LTRect or LTCurve, one per subpath),
    in pdfminer's device space (the MediaBox's corner at the origin), for the drawing reader."""
    import pypdfium2.raw as raw

    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
    fill = fill_mode.value != raw.FPDF_FILLMODE_NONE
    if not fill and not stroke.value:
        return []
    width = ctypes.c_float()
    raw.FPDFPageObj_GetStrokeWidth(obj, width)
    paint = _Paint(width.value, bool(stroke.value), fill, _colour(obj, raw.FPDFPageObj_GetStrokeColor),
                   _colour(obj, raw.FPDFPageObj_GetFillColor))  # fmt: skip
    return [item for subpath in _subpaths(obj, matrix, left, bottom) if (item := _classified(subpath, paint))]


class _Paint(NamedTuple):
    width: float
    stroke: bool
    fill: bool
    stroking: tuple[float, ...] | None
    non_stroking: tuple[float, ...] | None


def _colour(obj, getter) -> tuple[float, ...] | None:
    """A colour as RGB components 0-1 (PDFium gives every colour space's colour as RGB)."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _subpaths(obj, matrix: Matrix, left: float, bottom: float) -> list[list[tuple[str, float, float]]]:
    """The path's subpaths, each a list of (operator, x, y): m, l, c (a Bézier's end point; its control
    points left out, as pdfminer leaves them out) and h (closing, at the subpath's start)."""
    import pypdfium2.raw as raw

    subpaths: list[list[tuple[str, float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    bezier = 0
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        operator = SEGMENT_OPERATORS.get(raw.FPDFPathSegment_GetType(segment))
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = matrix.apply(x.value, y.value)
        point = (px - left, py - bottom)
        if operator == "m" or not subpaths:
            subpaths.append([("m", *point)])
            bezier = 0
        elif operator == "c":
            bezier += 1
            if bezier % 3 == 0:  # PDFium gives a Bézier as its two control points and its end
                subpaths[-1].append(("c", *point))
        elif operator == "l":
            subpaths[-1].append(("l", *point))
        if raw.FPDFPathSegment_GetClose(segment) and subpaths:
            subpaths[-1].append(("h", *subpaths[-1][0][1:]))
    return subpaths


def _classified(subpath: list[tuple[str, float, float]], paint: _Paint):
    """A subpath as pdfminer's converter classifies it (pdfminer.converter.PDFLayoutAnalyzer.paint_path)."""
    from pdfminer.layout import LTCurve, LTLine, LTRect

    shape = "".join(op for op, _, _ in subpath)
    pts = [(x, y) for _, x, y in subpath]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:  # a redundant l before closing
        shape = shape[:-2] + "h"
        pts.pop()
    style = (paint.stroke, paint.fill, False, paint.stroking, paint.non_stroking)
    if shape in {"mlh", "ml"}:
        return LTLine(paint.width, pts[0], pts[1], *style)
    if shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            return LTRect(paint.width, (*pts[0], *pts[2]), *style)
    if len(pts) < 2:
        return None
    return LTCurve(paint.width, pts, *style)
