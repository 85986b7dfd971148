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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .ingest import Line
from .normalize import normalize_text

_BOLD_FONT = re.compile(r"bold|black|heavy|[-_]w[6-9]\b|demi|semibold", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^(?:[-‐－―–—]\s*)?(?:P\s*\.?\s*)?\d{1,4}(?:\s*[-‐－―–—])?$|^\d{1,4}\s*/\s*\d{1,4}$"
)
_NOTE_START = re.compile(r"^(?:※|\^\{|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\(?注)")
_ENUMERATOR_START = re.compile(r"^(?:[(（]?\d{1,2}[)）.]|[①-⑳]|第\d|[・●■◆\-]|※)")
_DATE_LINE = re.compile(r"^(?:令和|平成|\d{4}).{0,12}[年月]")
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MARGIN_SHARE = 0.08  # top and bottom share of a page where running headers and footers live
EDGE_TOLERANCE = 1.5


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    chars: list[_Char] = field(default_factory=list)
    text: str = ""
    size: float = 0.0
    bold: bool = False
    x0: float = 0.0
    x1: float = 0.0
    table_row: bool = False
    column_edge: float | None = None  # right edge of its text column on a multi-column page


@dataclass
class _Page:
    number: int
    height: float
    width: float
    lines: list[_Line]


def read_pdf_lines(path: Path) -> tuple[list[Line], int, list[str]]:
    """All text lines of a PDF with page numbers. Raises InputError for unusable PDFs."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            raw_pages = [
                (page.page_number, page.height, page.width, page.chars, page.edges) for page in pdf.pages
            ]
    except Exception as exc:  # pdfminer raises many types for damaged files; pdfplumber wraps them
        raise InputError(_pdf_failure(exc)) from None
    if not raw_pages:
        raise InputError("unreadable PDF: it has no pages")
    if not any(chars for _, _, _, chars, _ in raw_pages):
        raise InputError(
            f"no text layer: {len(raw_pages)} page(s) without characters (a scan? run OCR first)"
        )
    total = sum(len(chars) for _, _, _, chars, _ in raw_pages)
    unmapped = sum(c["text"].startswith("(cid:") for _, _, _, chars, _ in raw_pages for c in chars)
    if unmapped > 0.3 * total:
        share = unmapped * 100 // total
        raise InputError(
            f"no usable text layer: {share}% of characters have no Unicode mapping in their fonts (run OCR)"
        )

    pages, warnings = [], []
    for number, height, width, chars, edges in raw_pages:
        layout = page_layout(chars)
        if layout == "rotated":
            warnings.append(f"page {number}: its text is rotated; the page was not read")
            pages.append(_Page(number, height, width, []))
        elif layout == "vertical":
            warnings.append(f"page {number}: vertical writing (縦書き), read column by column from the right")
            pages.append(_Page(number, height, width, _vertical_lines(number, chars)))
        else:
            pages.append(_page(number, height, width, chars, edges))
    if not any(page.lines for page in pages):
        raise InputError("no readable page: every page's text is rotated")
    body_size = _body_size(line for page in pages for line in page.lines if not line.table_row)
    furniture = _running_furniture(pages)
    for page in pages:
        page.lines = [line for line in page.lines if (page.number, round(line.top, 1)) not in furniture]
    _reflow(pages, body_size)
    return _number_lines(pages, body_size), len(pages), warnings


def _pdf_failure(exc: Exception) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    causes = [exc, *exc.args, exc.__cause__, exc.__context__]
    if any(isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError) for cause in causes):
        return "encrypted PDF: a password is required to read it"
    detail = next((str(cause) for cause in causes if isinstance(cause, Exception) and str(cause)), "")
    return f"unreadable PDF: {detail or type(exc).__name__}"


def _to_char(raw: dict) -> _Char:
    return _Char(
        text=raw["text"],
        x0=raw["x0"],
        x1=raw["x1"],
        top=raw["top"],
        bottom=raw["bottom"],
        size=raw.get("size") or (raw["bottom"] - raw["top"]),
        bold=bool(_BOLD_FONT.search(raw.get("fontname") or "")),
    )


# --- one page ---------------------------------------------------------------------------------------

MIN_LAYOUT_CHARS = 20


def page_layout(raw_chars: list[dict]) -> str:
    """'horizontal', 'vertical' (縦書き: characters stacked in columns) or 'rotated' (a page turned on its
    side), from the characters' matrices and positions."""
    visible = [c for c in raw_chars if c["text"].strip()]
    if len(visible) < MIN_LAYOUT_CHARS:
        return "horizontal"
    if sum(not c.get("upright", True) for c in visible) > 0.5 * len(visible):
        return "rotated"
    # In vertical writing, a character's neighbour in the text is below it, not beside it.
    below = beside = 0
    for a, b in zip(visible, visible[1:], strict=False):
        size = max(a.get("size") or 1, 1)
        if abs(a["x0"] - b["x0"]) < 0.3 * size and 0 < b["top"] - a["top"] < 2 * size:
            below += 1
        elif abs(a["top"] - b["top"]) < 0.3 * size and 0 < b["x0"] - a["x0"] < 2 * size:
            beside += 1
    return "vertical" if below > 2 * beside and below > 0.5 * len(visible) else "horizontal"


def _vertical_lines(page_number: int, raw_chars: list[dict]) -> list[_Line]:
    """Columns of vertical writing, read right to left, each top to bottom, as lines of text."""
    chars = sorted((_to_char(c) for c in raw_chars if c["text"].strip()), key=lambda c: -(c.x0 + c.x1) / 2)
    columns: list[list[_Char]] = []
    for char in chars:
        center = (char.x0 + char.x1) / 2
        if columns and abs((columns[-1][0].x0 + columns[-1][0].x1) / 2 - center) < 0.5 * char.size:
            columns[-1].append(char)
        else:
            columns.append([char])
    lines = []
    for column in columns:
        column.sort(key=lambda c: c.top)
        line = _Line(page_number, column[0].top, column[-1].bottom, column, "".join(c.text for c in column))
        line.size = statistics.median(c.size for c in column)
        line.x0, line.x1 = min(c.x0 for c in column), max(c.x1 for c in column)
        lines.append(line)
    return lines


def _page(number: int, height: float, width: float, raw_chars: list[dict], edges: list[dict]) -> _Page:
    chars = [_to_char(c) for c in raw_chars if c["text"].strip() or c["text"] == " "]
    tables = _ruled_tables(edges)
    in_table: dict[int, list[_Char]] = {i: [] for i in range(len(tables))}
    flow = []
    for char in chars:
        cx, cy = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        index = next(
            (i for i, t in enumerate(tables) if t.x0 <= cx <= t.x1 and t.top <= cy <= t.bottom), None
        )
        (in_table[index] if index is not None else flow).append(char)
    lines = _group_lines(number, flow)
    gutter = _column_gutter(lines, width)
    rows = [row for index, table in enumerate(tables) for row in table.rows(number, in_table[index])]
    if gutter is None:
        lines = sorted(lines + rows, key=lambda line: (line.top, line.x0))
    else:
        lines = _read_columns(number, lines + rows, gutter)
    return _Page(number, height, width, lines)


MIN_COLUMN_LINES = 6


def _column_gutter(lines: list[_Line], width: float) -> float | None:
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
    if len(gaps) < MIN_COLUMN_LINES:
        return None
    center = statistics.median((a + b) / 2 for a, b in gaps)
    agreeing = sum(a <= center <= b for a, b in gaps)
    return center if agreeing >= 0.6 * len(gaps) else None


def _read_columns(page_number: int, lines: list[_Line], gutter: float) -> list[_Line]:
    """Reading order on a two-column page: blocks spanning the gutter stay in place; between them, the
    left column is read before the right one."""
    spanning = sorted(
        (line for line in lines if line.table_row or _crosses(line, gutter)), key=lambda line: line.top
    )
    tops = [line.top for line in spanning]
    sides: dict[tuple[int, str], list[_Char]] = {}
    for line in lines:
        if line in spanning:
            continue
        for char in line.chars:
            segment = sum(top <= char.top for top in tops)
            side = "left" if (char.x0 + char.x1) / 2 < gutter else "right"
            sides.setdefault((segment, side), []).append(char)
    out: list[_Line] = []
    for segment in range(len(spanning) + 1):
        if segment:
            out.append(spanning[segment - 1])
        left = _group_lines(page_number, sides.get((segment, "left"), []))
        edge = max((line.x1 for line in left), default=gutter)
        for line in left:
            line.column_edge = edge
        out.extend(left)
        out.extend(_group_lines(page_number, sides.get((segment, "right"), [])))
    return out


def _crosses(line: _Line, gutter: float) -> bool:
    return any(c.x0 < gutter < c.x1 for c in line.chars if c.text.strip())


def _group_lines(page_number: int, chars: list[_Char]) -> list[_Line]:
    """Cluster characters into lines by vertical overlap, then lay each line out left to right."""
    lines: list[_Line] = []
    for char in sorted(chars, key=lambda c: (c.top, c.x0)):
        target = None
        for line in reversed(lines[-4:]):
            overlap = min(line.bottom, char.bottom) - max(line.top, char.top)
            if overlap >= 0.5 * min(char.bottom - char.top, line.bottom - line.top):
                target = line
                break
        if target is None:
            lines.append(_Line(page_number, char.top, char.bottom, [char]))
        else:
            target.chars.append(char)
            target.top, target.bottom = min(target.top, char.top), max(target.bottom, char.bottom)
    for line in lines:
        _layout(line)
    return [line for line in lines if line.text.strip()]


def _layout(line: _Line) -> None:
    chars = sorted(line.chars, key=lambda c: c.x0)
    visible = [c for c in chars if c.text.strip()] or chars
    line.size = statistics.median(c.size for c in visible)
    line.x0, line.x1 = visible[0].x0, visible[-1].x1
    full = [c for c in chars if c.size >= 0.9 * line.size]
    baseline = statistics.median(c.bottom for c in full)
    line.bold = sum(c.bold for c in full) > len(full) / 2
    parts: list[str] = []
    raised: list[str] = []
    previous: _Char | None = None
    for char in chars:
        if not char.text.strip():
            if parts and parts[-1] not in (" ", "\t") and not raised:
                parts.append(" ")
            continue
        is_raised = char.size <= 0.85 * line.size and char.bottom < baseline - 0.2 * line.size
        if previous is not None and not (is_raised and raised):
            gap = char.x0 - previous.x1
            if gap > 2.5 * line.size:
                _flush(parts, raised)
                parts.append("\t")
            elif gap > 0.3 * line.size and not is_raised and parts and parts[-1] != " ":
                _flush(parts, raised)
                parts.append(" ")
        if is_raised:
            raised.append(char.text)
        else:
            _flush(parts, raised)
            parts.append(char.text)
        previous = char
    _flush(parts, raised)
    line.text = re.sub(r" *\t *", "\t", "".join(parts)).strip(" ")


def _flush(parts: list[str], raised: list[str]) -> None:
    """A raised run as text input writes it: '^{※1}', or '³' for a bare number (also leading a note)."""
    if not raised:
        return
    marker = "".join(raised).strip()
    parts.append(marker.translate(_SUPERSCRIPT_DIGITS) if marker.isdigit() else "^{" + marker + "}")
    raised.clear()


# --- ruled tables -----------------------------------------------------------------------------------


@dataclass
class _Table:
    x0: float
    x1: float
    top: float
    bottom: float
    xs: list[float]
    ys: list[float]
    verticals: list[tuple[float, float, float]]  # x, top, bottom

    def _has_rule(self, x: float, top: float, bottom: float) -> bool:
        return any(
            abs(vx - x) <= EDGE_TOLERANCE and vt <= top + EDGE_TOLERANCE and vb >= bottom - EDGE_TOLERANCE
            for vx, vt, vb in self.verticals
        )

    def rows(self, page_number: int, chars: list[_Char]) -> list[_Line]:
        """One line per table row: cells joined by tabs, each cell's wrapped lines joined."""
        out = []
        for top, bottom in zip(self.ys, self.ys[1:], strict=False):
            row_chars = [c for c in chars if top <= (c.top + c.bottom) / 2 <= bottom]
            if not row_chars:
                continue
            cells: list[str] = []
            start = 0
            for column in range(1, len(self.xs)):
                if column < len(self.xs) - 1 and not self._has_rule(self.xs[column], top, bottom):
                    continue  # merged with the next column
                left, right = self.xs[start], self.xs[column]
                inside = [c for c in row_chars if left <= (c.x0 + c.x1) / 2 <= right]
                cells.append(_join_wrapped([line.text for line in _group_lines(page_number, inside)]))
                cells.extend([""] * (column - start - 1))
                start = column
            line = _Line(page_number, top, bottom, row_chars, "\t".join(cells), table_row=True)
            line.size = statistics.median(c.size for c in row_chars)
            line.x0, line.x1 = self.x0, self.x1
            out.append(line)
        return out


def _ruled_tables(edges: list[dict]) -> list[_Table]:
    """Grids of ruling lines: connected horizontal and vertical edges with at least 2 rows and columns."""
    horizontals = [
        (e["x0"], e["x1"], e["top"]) for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 5
    ]
    verticals = [
        (e["x0"], e["top"], e["bottom"])
        for e in edges
        if e["orientation"] == "v" and e["bottom"] - e["top"] > 3
    ]
    groups: list[tuple[list, list]] = []
    for h in horizontals:
        touching = [
            g
            for g in groups
            if any(
                v[0] - EDGE_TOLERANCE <= h[0] <= v[0] + EDGE_TOLERANCE
                or h[0] - EDGE_TOLERANCE <= v[0] <= h[1] + EDGE_TOLERANCE
                for v in g[1]
                if v[1] - EDGE_TOLERANCE <= h[2] <= v[2] + EDGE_TOLERANCE
            )
            or any(
                abs(other[2] - h[2]) < EDGE_TOLERANCE and other[0] < h[1] and h[0] < other[1]
                for other in g[0]
            )
        ]
        merged = (
            [h],
            [
                v
                for v in verticals
                if h[0] - EDGE_TOLERANCE <= v[0] <= h[1] + EDGE_TOLERANCE
                and v[1] - EDGE_TOLERANCE <= h[2] <= v[2] + EDGE_TOLERANCE
            ],
        )
        for g in touching:
            groups.remove(g)
            merged = (merged[0] + g[0], merged[1] + g[1])
        groups.append(merged)
    tables = []
    for hs, vs in groups:
        vs = list({(round(v[0], 1), round(v[1], 1), round(v[2], 1)) for v in vs})
        xs = _cluster(sorted(v[0] for v in vs))
        ys = _cluster(sorted(h[2] for h in hs))
        if len(xs) >= 2 and len(ys) >= 2:
            tables.append(_Table(min(xs), max(xs), min(ys), max(ys), xs, ys, vs))
    return tables


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in values:
        if not out or value - out[-1] > EDGE_TOLERANCE:
            out.append(value)
    return out


def _join_wrapped(parts: list[str]) -> str:
    text = ""
    for part in parts:
        if text and (
            re.search(r"[A-Za-z0-9]$", text)
            and re.match(r"^[A-Za-z0-9]", part)
            or _ENUMERATOR_START.match(part)
        ):
            text += " "
        text += part
    return text


# --- the document ------------------------------------------------------------------------------------


def _body_size(lines) -> float:
    counts: Counter = Counter()
    for line in lines:
        counts[round(line.size, 1)] += len(line.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", normalize_text(text).replace(" ", ""))


def _running_furniture(pages: list[_Page]) -> set[tuple[int, float]]:
    """(page, top) of lines in the page margins that repeat on many pages, and bare page numbers."""
    margin_lines = []
    for page in pages:
        for line in page.lines:
            if not line.table_row and (
                line.bottom < page.height * MARGIN_SHARE or line.top > page.height * (1 - MARGIN_SHARE)
            ):
                margin_lines.append((page.number, line))
    repeats = Counter(
        key for _, key in {(number, _furniture_key(line.text)) for number, line in margin_lines}
    )
    threshold = max(2, len(pages) // 3)
    furniture = set()
    for number, line in margin_lines:
        text = normalize_text(line.text).replace(" ", "")
        if _PAGE_NUMBER.match(text) or (len(pages) >= 3 and repeats[_furniture_key(line.text)] >= threshold):
            furniture.add((number, round(line.top, 1)))
    return furniture


def _reflow(pages: list[_Page], body_size: float) -> None:
    """Join the lines of one paragraph (across a page break too), and a heading set over two lines."""
    flow = [line for page in pages for line in page.lines if not line.table_row]
    if not flow:
        return
    edges = sorted(line.x1 for line in flow)
    right_edge = edges[int(0.9 * (len(edges) - 1))]  # the text block's right margin, not one page's
    left_edge = min(line.x0 for line in flow)
    previous: _Line | None = None
    for page in pages:
        kept = []
        for index, line in enumerate(page.lines):
            page_break = previous is not None and previous.page != line.page and index == 0
            if previous is not None and _continues(
                previous, line, right_edge, left_edge, body_size, page_break
            ):
                joiner = (
                    " "
                    if re.search(r"[A-Za-z0-9,.]$", previous.text) and re.match(r"^[A-Za-z0-9]", line.text)
                    else ""
                )
                previous.text += joiner + line.text
                if page_break:  # later lines of this page compare with where the paragraph now is
                    previous.top = line.top
                previous.bottom, previous.x1 = line.bottom, line.x1
                continue
            kept.append(line)
            previous = line
        page.lines = kept


def _continues(
    previous: _Line, line: _Line, right_edge: float, left_edge: float, body_size: float, page_break: bool
) -> bool:
    if previous.table_row or line.table_row or abs(previous.size - line.size) > 0.3:
        return False
    if not page_break and (line.top - previous.bottom > 0.8 * line.size or line.top <= previous.top):
        return False
    if line.x0 < previous.x0 - line.size or line.x0 > previous.x0 + 3 * line.size:
        return False
    reaches_margin = previous.x1 >= (previous.column_edge or right_edge) - 1.5 * line.size
    if page_break:
        return reaches_margin and not _NOTE_START.match(line.text) and not _ENUMERATOR_START.match(line.text)
    wide = previous.x1 - previous.x0 >= 0.5 * (right_edge - left_edge)
    heading_pair = (
        wide
        and line.size >= 1.12 * body_size
        and not _ENUMERATOR_START.match(line.text)
        and not _DATE_LINE.match(line.text)
    )
    return (reaches_margin or heading_pair) and not _NOTE_START.match(line.text)


def _number_lines(pages: list[_Page], body_size: float) -> list[Line]:
    """Page-ordered lines, a blank line where a vertical gap separates blocks, numbered from 1."""
    out: list[Line] = []
    for page in pages:
        previous: _Line | None = None
        for line in page.lines:
            if previous is not None and line.top - previous.bottom > 0.9 * max(previous.size, body_size):
                out.append(Line(line=len(out) + 1, raw="", text="", page=page.number))
            small_at_foot = line.size < 0.92 * body_size and line.top > page.height * 0.6
            hint = "footnote" if small_at_foot and _NOTE_START.match(line.text) else None
            out.append(
                Line(
                    line=len(out) + 1,
                    raw=line.text,
                    text=normalize_text(line.text),
                    page=page.number,
                    size_ratio=round(line.size / body_size, 2) if body_size else None,
                    bold=line.bold,
                    layout_hint=hint,
                )
            )
            previous = line
        out.append(Line(line=len(out) + 1, raw="", text="", page=page.number))
    return out
