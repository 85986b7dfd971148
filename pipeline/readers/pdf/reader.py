"""PDF -> lines in reading order, built from one pass over each page's characters and ruling edges.

- Lines are clusters of characters sharing a baseline, laid out left to right; a raised, smaller run is
  a footnote marker, written as text input writes it (`^{※1}`, or `³` for a bare number).
- Tables drawn with ruling lines become one tab-separated line per row; a cell's wrapped text stays in
  its cell, and a cell spanning columns (no ruling between them) keeps its text in its first column.
- Lines of one paragraph (each reaching the right margin before the next starts) are joined, as are the
  lines of a heading set in two lines, so later stages see the same logical lines as text input has.
- Running headers and footers (the plan title on every page, '- 12 -', 'P.12') are recognised by
  repetition and position and kept out of the flow. Small lines at the foot of a page that start with a
  note marker are hinted as footnotes.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.config.vocabulary import layout_settings
from pipeline.errors import InputError
from pipeline.families.titles import names_pillar
from pipeline.model.geometry import centre_x, middle_y
from pipeline.model.lines import Line
from pipeline.readers.pdf import engines
from pipeline.readers.pdf.bounds import MAX_PATHS
from pipeline.readers.pdf.content import Glyph, PageContent
from pipeline.readers.pdf.failures import is_empty
from pipeline.readers.pdf.glyphs import Char, GlyphLine, Page, to_char
from pipeline.readers.pdf.layout.bars import page_gantt, year_strips
from pipeline.readers.pdf.layout.figures import mark_boxed_labels, mark_figure_text
from pipeline.readers.pdf.layout.flow import body_typography, number_lines, reflow, running_furniture
from pipeline.readers.pdf.layout.grids import page_grids
from pipeline.readers.pdf.layout.lines import group_lines
from pipeline.readers.pdf.layout.overprint import merge_overprints
from pipeline.readers.pdf.layout.ruled import note_rule, page_tables
from pipeline.readers.pdf.layout.slides import (
    deck_body_size,
    is_deck,
    mark_slide_titles,
    mark_tags,
    order_boxes,
)
from pipeline.readers.scan import ocr
from pipeline.readers.scan.ocr_words import snap_sizes
from pipeline.readers.scan.type_weight import mark_heavy_type

OnPage = Callable[[int], None]


def read_pdf_lines(path: Path, on_ocr_page: OnPage | None = None) -> tuple[list[Line], int, list[str]]:
    """All text lines of a PDF with page numbers. Raises InputError for unusable PDFs. `on_ocr_page`
    hears each page (0-based) OCR starts to read."""
    if is_empty(path):
        raise InputError("empty file")
    contents = engines.read_pages(path)
    if not contents:
        raise InputError("unreadable PDF: it has no pages")
    contents, scanned, ocr_warnings = _read_scanned_pages(path, contents, on_ocr_page)
    total = sum(len(content.glyphs) for content in contents)
    unmapped = sum(glyph.unmapped for content in contents for glyph in content.glyphs)
    if unmapped > 0.3 * total:
        share = unmapped * 100 // total
        raise InputError(
            f"no usable text layer: {share}% of characters have no Unicode mapping in their fonts (run OCR)"
        )

    pages, warnings = _read_pages(contents, scanned)
    warnings = ocr_warnings + warnings
    if not any(page.lines for page in pages):
        raise InputError("no readable page: every page's text is rotated")
    scanned_lines = [line for page in pages if page.number in scanned for line in page.lines]
    snap_sizes(scanned_lines)
    mark_heavy_type(scanned_lines)
    body = body_typography([line for page in pages for line in page.lines if not line.table_row])
    for page in pages:
        mark_figure_text(page.lines, page.shapes, body.size)
    furniture = running_furniture(pages)
    deck = is_deck(pages)
    for page in pages:
        # A deck's pillar repeated at the top of each of its slides is their pillar tag, not furniture.
        page.lines = [
            line
            for line in page.lines
            if (page.number, round(line.top, 1)) not in furniture or (deck and names_pillar(line.text))
        ]
    if deck:
        for page in pages:
            order_boxes(page)
            mark_tags(page)
        mark_slide_titles(pages, deck_body_size(pages, body.size))
    for page in pages:  # after a slide's lines are parted at its boxes
        mark_boxed_labels(page.lines, page.shapes)
    reflow(pages, body)
    # A line read by OCR is marked so (its misreadings of plan vocabulary were set right in its words).
    lines = [replace(line, ocr=True) if line.page in scanned else line for line in number_lines(pages, body)]
    return lines, len(pages), warnings


def _read_pages(contents: list[PageContent], scanned: set[int]) -> tuple[list[Page], list[str]]:
    """Each page's lines by its layout (rotated pages left unread, vertical ones read by column), an
    earlier page's unruled grid header handed on; and what was worth a warning."""
    pages: list[Page] = []
    warnings: list[str] = []
    for content in contents:
        number, height, width = content.number, content.height, content.width
        if content.dropped_paths:
            warnings.append(
                f"page {number}: {content.dropped_paths} drawn paths past the first {MAX_PATHS} were not read"
            )
        layout = page_layout(content.glyphs)
        if layout == "rotated":
            warnings.append(f"page {number}: its text is rotated; the page was not read")
            pages.append(Page(number, height, width, []))
        elif layout == "vertical":
            warnings.append(f"page {number}: vertical writing (縦書き), read column by column from the right")
            pages.append(Page(number, height, width, _vertical_lines(number, content.glyphs)))
        else:
            header = next((page.grid_header for page in reversed(pages) if page.grid_header), None)
            pages.append(_page(content, number in scanned, header))
    return pages, warnings


def _read_scanned_pages(
    path: Path, contents: list[PageContent], on_page: OnPage | None
) -> tuple[list[PageContent], set[int], list[str]]:
    """Pages without characters read by OCR where Tesseract is installed; without it, a scan gets one
    clear line and a scanned page inside a digital PDF a warning."""
    scanned = {content.number for content in contents if not content.glyphs}
    if not scanned:
        return contents, set(), []
    if not ocr.available():
        if len(scanned) == len(contents):
            raise InputError(
                f"no text layer: {len(contents)} page(s) without characters (a scan); reading it needs "
                f"Tesseract's Japanese OCR: {ocr.INSTALL}"
            )
        shown = ", ".join(map(str, sorted(scanned)[:5]))
        return (
            contents,
            set(),
            [f"pages {shown}: no text layer and no OCR installed; not read ({ocr.INSTALL})"],
        )
    read = []
    for content in contents:
        if content.number in scanned:
            glyphs, rulings, shapes = ocr.ocr_page(path, content.number - 1, on_page)
            content = content._replace(glyphs=tuple(glyphs), rulings=tuple(rulings), shapes=tuple(shapes))
        read.append(content)
    if not any(content.glyphs for content in read):
        raise InputError(
            f"no text layer, and OCR found no text on its {len(scanned)} page(s) (a blank or picture-only scan)"
        )
    return read, scanned, [f"{len(scanned)} page(s) read by OCR (no text layer)"]


_PDF_DATE = re.compile(r"^(?:D:)?((?:19|20)\d{2})(0[1-9]|1[0-2])")


def read_pdf_properties(path: Path) -> dict[str, str]:
    """What the PDF says of itself: its creation month ('created': 'YYYY-MM'), from the document
    information dictionary, where it gives one. An unreadable dictionary gives nothing."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            info = pdf.metadata or {}
    except Exception:  # the lines were read; a damaged information dictionary only loses the date
        return {}
    for key in ("CreationDate", "ModDate"):
        value = info.get(key)
        value = value.decode("latin-1", "replace") if isinstance(value, bytes) else str(value or "")
        if match := _PDF_DATE.match(value.strip()):
            return {"created": f"{match.group(1)}-{match.group(2)}"}
    return {}


# --- one page ---------------------------------------------------------------------------------------


def page_layout(glyphs: Sequence[Glyph]) -> str:
    """'horizontal', 'vertical' (縦書き: characters stacked in columns) or 'rotated' (a page turned on its
    side), from the glyphs' matrices and positions."""
    visible = [g for g in glyphs if g.text.strip()]
    if len(visible) < layout_settings().min_layout_chars:
        return "horizontal"
    if sum(not g.upright for g in visible) > 0.5 * len(visible):
        return "rotated"
    # In vertical writing, a character's neighbour in the text is below it, not beside it.
    below = beside = 0
    for a, b in zip(visible, visible[1:], strict=False):
        size = max(a.size or 1, 1)
        if abs(a.x0 - b.x0) < 0.3 * size and 0 < b.top - a.top < 2 * size:
            below += 1
        elif abs(a.top - b.top) < 0.3 * size and 0 < b.x0 - a.x0 < 2 * size:
            beside += 1
    return "vertical" if below > 2 * beside and below > 0.5 * len(visible) else "horizontal"


def _vertical_lines(page_number: int, glyphs: Sequence[Glyph]) -> list[GlyphLine]:
    """Columns of vertical writing, read right to left, each top to bottom, as lines of text."""
    chars = sorted((to_char(g) for g in glyphs if g.text.strip()), key=lambda c: -centre_x(c))
    columns: list[list[Char]] = []
    for char in chars:
        center = centre_x(char)
        if columns and abs(centre_x(columns[-1][0]) - center) < 0.5 * char.size:
            columns[-1].append(char)
        else:
            columns.append([char])
    lines = []
    for column in columns:
        column.sort(key=lambda c: c.top)
        line = GlyphLine(
            page_number, column[0].top, column[-1].bottom, column, "".join(c.text for c in column)
        )
        line.size = statistics.median(c.size for c in column)
        line.x0, line.x1 = min(c.x0 for c in column), max(c.x1 for c in column)
        lines.append(line)
    return lines


def _page(content: PageContent, scanned: bool = False, grid_header: list[list[Char]] | None = None) -> Page:
    """The page's lines, table rows and shapes. A scanned page's foot note separator rule is kept: its
    notes' raised marks above are lost to OCR (a digital page's marks tell its notes). `grid_header` is
    the header of an earlier page's grid without ruling, which this page may print again."""
    number, height, width = content.number, content.height, content.width
    chars = merge_overprints([to_char(g) for g in content.glyphs if g.text.strip() or g.text == " "])
    tables = page_tables(list(content.rulings), list(content.areas))
    in_table: dict[int, list[Char]] = {i: [] for i in range(len(tables))}
    flow = []
    for char in chars:
        cx, cy = centre_x(char), middle_y(char)
        index = next(
            (i for i, t in enumerate(tables) if t.x0 <= cx <= t.x1 and t.top <= cy <= t.bottom), None
        )
        (in_table[index] if index is not None else flow).append(char)
    for index in year_strips(number, tables, in_table):
        flow += in_table.pop(index)  # a Gantt's years set in a ruled strip: read with the bars under it
    tables = [t for i, t in enumerate(tables) if i in in_table]
    in_table = dict(enumerate(in_table[i] for i in sorted(in_table)))
    shapes = list(content.shapes)
    rows, flow = page_gantt(number, flow, shapes)
    grid_rows, lines, header = page_grids(number, group_lines(number, flow), shapes, grid_header)
    rows += grid_rows
    gutter = _column_gutter(lines, width)
    rows += [row for index, table in enumerate(tables) for row in table.rows(number, in_table[index], shapes)]
    if gutter is None:
        lines = sorted(lines + rows, key=lambda line: (line.top, line.x0))
    else:
        lines = _read_columns(number, lines + rows, gutter)
    rule = note_rule(list(content.rulings), tables, width, height) if scanned else None
    return Page(number, height, width, lines, shapes, list(content.frames), rule, header)


def _column_gutter(lines: list[GlyphLine], width: float) -> float | None:
    """The x of a gutter between two text columns: where most lines with text on both sides break."""
    gaps = []
    for line in lines:
        chars = sorted((c for c in line.chars if c.text.strip()), key=lambda c: c.x0)
        breaks = [
            (a.x1, b.x0)
            for a, b in zip(chars, chars[1:], strict=False)
            if b.x0 - a.x1 > 1.2 * line.size and 0.25 * width < (a.x1 + b.x0) / 2 < 0.75 * width
        ]
        if breaks:
            gap = max(breaks, key=lambda g: g[1] - g[0])
            left = sum(c.x1 <= gap[0] for c in chars)
            if left >= 8 and len(chars) - left >= 8:
                gaps.append(gap)
    if len(gaps) < layout_settings().min_column_lines:
        return None
    center = statistics.median((a + b) / 2 for a, b in gaps)
    agreeing = sum(a <= center <= b for a, b in gaps)
    return center if agreeing >= 0.6 * len(gaps) else None


def _read_columns(page_number: int, lines: list[GlyphLine], gutter: float) -> list[GlyphLine]:
    """Reading order on a two-column page: blocks spanning the gutter stay in place; between them, the
    left column is read before the right one."""
    spanning = sorted(
        (line for line in lines if line.table_row or _crosses(line, gutter)), key=lambda line: line.top
    )
    tops = [line.top for line in spanning]
    sides: dict[tuple[int, str], list[Char]] = {}
    for line in lines:
        if line in spanning:
            continue
        for char in line.chars:
            segment = sum(top <= char.top for top in tops)
            side = "left" if centre_x(char) < gutter else "right"
            sides.setdefault((segment, side), []).append(char)
    out: list[GlyphLine] = []
    for segment in range(len(spanning) + 1):
        if segment:
            out.append(spanning[segment - 1])
        left = group_lines(page_number, sides.get((segment, "left"), []))
        edge = max((line.x1 for line in left), default=gutter)
        for line in left:
            line.column_edge = edge
        out.extend(left)
        right = group_lines(page_number, sides.get((segment, "right"), []))
        edge = max((line.x1 for line in right), default=gutter)
        for line in right:
            line.column_edge = edge
        out.extend(right)
    return out


def _crosses(line: GlyphLine, gutter: float) -> bool:
    return any(c.x0 < gutter < c.x1 for c in line.chars if c.text.strip())
