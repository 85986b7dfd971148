"""From a PDF's pages of lines to the document's text flow.

- The body text's size and font family: what every line's typography is measured against.
- Running headers and footers (a date or series name at the top of every page, page numbers in any
  form) are recognised by position and repetition across pages, never by a list, and kept out of the flow.
- Lines of one paragraph (each reaching the right margin before the next starts) are joined, across a
  page break too, as are the lines of a heading set in two lines; a table-of-contents entry ending in a
  dotted leader and a page number is never joined to the next.
- Lines are numbered, with a blank line where a vertical gap separates blocks.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from pipeline.config.vocabulary import layout_settings, pdf_settings
from pipeline.families.dates import DATE_LINE
from pipeline.families.marks import FOOT_NUMBER, ITEM_START, NOTE_NUMBER, PAGE_FOOT_NOTE, RAISED_NUMBER
from pipeline.families.page_numbers import LEADER_END, is_page_number
from pipeline.language.normalize import normalize_text
from pipeline.model.lines import LayoutHint, Line
from pipeline.readers.cells import cells_of
from pipeline.readers.pdf.glyphs import GlyphLine, Page


@dataclass(frozen=True)
class Body:
    """The typography of the body text: the size and font family most characters are set in."""

    size: float
    face: str | None


def body_typography(lines: list[GlyphLine]) -> Body:
    sizes: Counter = Counter()
    faces: Counter = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    size = sizes.most_common(1)[0][0] if sizes else 10.0
    for line in lines:
        if abs(line.size - size) <= 0.3:
            faces[line.face] += len(line.text)
    return Body(size, faces.most_common(1)[0][0] if faces else None)


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+|[ivxlc]+$", "#", normalize_text(text).replace(" ", ""))


def running_furniture(pages: list[Page]) -> set[tuple[int, float]]:
    """(page, top) of running headers and footers: among a page's first or last lines and inside its
    margins, the lines that repeat on many pages (digits masked), and page numbers."""
    settings = pdf_settings().furniture
    share, edge = settings.margin_share, settings.edge_lines
    edge_lines = []
    for page in pages:
        flow = [line for line in page.lines if not line.table_row]
        for index, line in enumerate(flow):
            at_edge = index < edge or index >= len(flow) - edge
            in_margin = line.bottom < page.height * share or line.top > page.height * (1 - share)
            if at_edge and in_margin:
                edge_lines.append((page.number, line))
    positions: dict[str, dict[int, float]] = {}
    for number, line in edge_lines:
        positions.setdefault(_furniture_key(line.text), {})[number] = line.top
    threshold = max(2, round(settings.repeat_share * len(pages)))
    furniture = set()
    for number, line in edge_lines:
        text = normalize_text(line.text).replace(" ", "")
        # The same text at the same place on many pages: a cover title repeated as a running header
        # elsewhere on its own page is not furniture there.
        same_place = sum(
            abs(top - line.top) <= settings.position_tolerance
            for top in positions[_furniture_key(line.text)].values()
        )
        if is_page_number(text) or (len(pages) >= 3 and same_place >= threshold):
            furniture.add((number, round(line.top, 1)))
    return furniture


def reflow(pages: list[Page], body: Body) -> None:
    """Join the lines of one paragraph (across a page break too), and a heading set over two lines."""
    flow = [line for page in pages for line in page.lines if not line.table_row]
    if not flow:
        return
    edges = sorted(line.x1 for line in flow)
    right_edge = edges[int(0.9 * (len(edges) - 1))]  # the text block's right margin, not one page's
    left_edge = min(line.x0 for line in flow)
    previous: GlyphLine | None = None
    for page in pages:
        kept = []
        for index, line in enumerate(page.lines):
            page_break = previous is not None and previous.page != line.page and index == 0
            if previous is not None and _continues(
                previous, line, right_edge, left_edge, body.size, page_break, page.width
            ):
                joiner = (
                    " "
                    if re.search(r"[A-Za-z0-9,.]$", previous.text) and re.match(r"^[A-Za-z0-9]", line.text)
                    else ""
                )
                previous.text += joiner + line.text
                previous.confidences.extend(line.confidences)
                if page_break:  # later lines of this page compare with where the paragraph now is
                    previous.top = line.top
                previous.bottom, previous.x1 = line.bottom, line.x1
                continue
            kept.append(line)
            previous = line
        page.lines = kept


def _continues(
    previous: GlyphLine,
    line: GlyphLine,
    right_edge: float,
    left_edge: float,
    body_size: float,
    page_break: bool,
    page_width: float,
) -> bool:
    if previous.table_row or line.table_row or abs(previous.size - line.size) > 0.3:
        return False
    if LEADER_END.compiled.search(previous.text) or previous.face != line.face or previous.bold != line.bold:
        return False
    if not page_break and (line.top - previous.bottom > 0.8 * line.size or line.top <= previous.top):
        return False
    indent = layout_settings().first_line_indent * line.size
    if line.x0 < previous.x0 - indent or line.x0 > previous.x0 + 3 * line.size:
        return False
    # An item's mark set out left of the line above starts the next item of a list with hanging text.
    item = ITEM_START.compiled.match(line.text)
    after = line.text[item.end() : item.end() + 1] if item else ""
    numbered_on = after.isdigit() or (after.isascii() and after.isalpha())  # '1.pdf', '３.１節': no item
    if item and line.x0 < previous.x0 - layout_settings().item_outdent * line.size and not numbered_on:
        return False
    reaches_margin = (
        previous.x1 >= (previous.column_edge or right_edge) - layout_settings().margin_chars * line.size
    )
    if page_break:
        # A note at a page's foot goes on over the page only in its own smaller type: a line in body
        # type after it is the body, going on from before the note.
        note_ends = PAGE_FOOT_NOTE.compiled.match(previous.text) and line.size >= body_size - 0.3
        return (
            reaches_margin
            and not note_ends
            and not PAGE_FOOT_NOTE.compiled.match(line.text)
            and not ITEM_START.compiled.match(line.text)
        )
    wide = previous.x1 - previous.x0 >= 0.5 * (right_edge - left_edge)
    narrow = not wide or previous.x1 - previous.x0 < layout_settings().min_run_on_share * page_width
    if narrow and previous.column_edge is None:
        return False  # short lines in a text box (a slide, a figure) are separate lines
    heading_pair = (
        wide
        and line.size >= 1.12 * body_size
        and not ITEM_START.compiled.match(line.text)
        and not DATE_LINE.recognises(line.text)
    )
    return (reaches_margin or heading_pair) and not PAGE_FOOT_NOTE.compiled.match(line.text)


_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")


def _raised_numbers(lines: list[GlyphLine]) -> set[str]:
    """Note numbers raised in the text of a page (¹, ^{※2}): the notes its foot may hold."""
    found = set()
    for line in lines:
        for match in RAISED_NUMBER.compiled.finditer(line.text):
            found.add(match.group(1) or match.group(0).translate(_SUPERSCRIPT))
    return found


def _text_left(page: Page, body: Body) -> float:
    """Where the page's body text starts: the leftmost of its lines in body type."""
    body_lines = [ln.x0 for ln in page.lines if not ln.table_row and ln.size >= 0.95 * body.size]
    return min(body_lines or [ln.x0 for ln in page.lines] or [0.0])


def _is_foot_note(
    line: GlyphLine, page: Page, body: Body, raised: set[str], in_notes: bool, left: float
) -> bool:
    """A note at the foot of the page: small type starting like a note, or a line at the foot whose
    number was raised in the page's text (Word's footnotes are often nearly body size). A note starts
    at the text's left edge and stands in no drawn box: small words scattered in a figure at the foot
    of a page ('1 データ連携' in a box of a diagram) are the figure's, not notes."""
    if line.top <= page.height * 0.6 or line.table_row or line.in_figure:
        return False
    if line.x0 > left + layout_settings().note_indent * body.size:
        return False
    if line.size < 0.92 * body.size and (
        PAGE_FOOT_NOTE.compiled.match(line.text)
        or (line.size < 0.85 * body.size and FOOT_NUMBER.compiled.match(line.text))
    ):
        return True
    number = NOTE_NUMBER.compiled.match(line.text)
    if number and page.note_rule is not None and line.top > page.note_rule and line.size <= body.size + 0.5:
        return True  # under the page's foot note separator, in no larger type (a scan loses raised marks)
    return bool(number and number.group(1) in raised and (in_notes or line.size <= body.size))


def _wraps(line: GlyphLine, previous: GlyphLine | None, page: Page, right_edge: float, gap: bool) -> bool:
    """A note's next line at the page foot: the same type, no gap, and the line above ran to the right
    margin (a heading or paragraph after a short note line starts a new block)."""
    return (
        previous is not None
        and not gap
        and line.top > page.height * 0.6
        and abs(line.size - previous.size) < 0.5
        and previous.x1 >= right_edge - 2 * previous.size
    )


def number_lines(pages: list[Page], body: Body) -> list[Line]:
    """Page-ordered lines, a blank line where a vertical gap separates blocks, numbered from 1."""
    out: list[Line] = []
    for page in pages:
        previous: GlyphLine | None = None
        raised = _raised_numbers(page.lines)
        right_edge = max((line.x1 for line in page.lines), default=0.0)
        in_notes = False
        left = _text_left(page, body)
        for line in page.lines:
            gap = previous is not None and (
                line.opens_box
                or line.top - previous.bottom > 0.9 * max(previous.size, body.size)
                and not _same_grid(previous, line)
            )
            if gap:
                out.append(Line(line=len(out) + 1, raw="", text="", page=page.number))
            in_notes = _wraps(line, previous, page, right_edge, gap) if in_notes else False
            in_notes = in_notes or _is_foot_note(line, page, body, raised, in_notes, left)
            distinct_face = line.face is not None and body.face is not None and line.face != body.face
            out.append(_line(len(out) + 1, line, page.number, body, in_notes, distinct_face))
            previous = line
        out.append(Line(line=len(out) + 1, raw="", text="", page=page.number))
    return out


def _same_grid(previous: GlyphLine, line: GlyphLine) -> bool:
    """Two rows of one table (its columns the same): the space between a grid's rows parts no blocks."""
    return (
        previous.table_row
        and line.table_row
        and previous.cell_extents is not None
        and previous.cell_extents == line.cell_extents
    )


# A space OCR put between two Japanese characters (kana, kanji, Japanese punctuation and brackets).
_JAPANESE = r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff20々〆]"
OCR_SPACE = re.compile(rf"(?<={_JAPANESE}) +(?={_JAPANESE})")


def _line(number: int, line: GlyphLine, page: int, body: Body, in_notes: bool, distinct_face: bool) -> Line:
    """The line model's line for a line of glyphs: its text, typography, geometry and cells. A line read
    by OCR loses the spaces OCR sets between Japanese characters ('マイ ナンバーカード'), which Japanese
    writing never has; its raw text keeps them."""
    text = normalize_text(line.text)
    if _confidence(line) is not None:
        text = OCR_SPACE.sub("", text)
    return Line(
        line=number,
        raw=line.text,
        text=text,
        page=page,
        size_ratio=round(line.size / body.size, 2) if body.size else None,
        bold=line.bold,
        layout_hint=LayoutHint.FOOTNOTE
        if in_notes
        else LayoutHint.TAG
        if line.tag
        else LayoutHint.FIGURE
        if line.in_figure
        else LayoutHint.BOXED
        if line.boxed
        else None,
        distinct_face=distinct_face if not line.table_row else None,
        x0=line.x0,
        x1=line.x1,
        top=line.top,
        bottom=line.bottom,
        font_size=line.size,
        font_family=line.face,
        cells=cells_of(text, line.cell_extents, line.cell_drawn),
        outline_level=line.outline_level,
        ocr_confidence=_confidence(line),
    )


def _confidence(line: GlyphLine) -> float | None:
    """OCR's mean confidence in a line's characters: those its grouping and joining gathered, or for a
    line built another way (a table's row) those it holds; None for a text layer's line."""
    read = line.confidences or [
        c.confidence for c in line.chars if c.confidence is not None and c.text.strip()
    ]
    return round(statistics.fmean(read), 1) if read else None
