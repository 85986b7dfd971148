"""A schedule drawn as a Gantt: a row of fiscal-year boxes (令和6年度 | 令和7年度 | …) with bars, rounded
bars or arrows under them. Any page reader that knows where its shapes are (slides, drawn PDF paths,
a sheet's drawings) hands them here and gets the schedule back as table rows whose year cells carry
the drawn mark, so the schedule stage reads it as it reads a table of ● marks.

A bar covers a year when it overlaps most of that year's column: an arrow head that runs a little into
the next column does not add a year. The activity is the text written on the bar, else the text beside
it on the left in the same band; a phase's word or mark written on a bar (検討, 実施, ●) is what its years
show, and the bars beside one label are one row.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.config.vocabulary import pdf_settings
from pipeline.families.dates import cell_years
from pipeline.families.titles import is_schedule_cell_word
from pipeline.model.geometry import middle_y, overlap_y
from pipeline.model.lines import Cell

MAX_YEAR_BOX_CHARS = 16
GRID_LABELS = 3  # other labels in a year row's band that make it a spreadsheet's header


@dataclass(frozen=True)
class Box:
    """A shape on a page: its extent in points from the top left, its text, and whether it is drawn
    as a bar or an arrow (a shape with no meaning of its own other than where it lies)."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str = ""
    mark: str | None = None  # 'bar' or 'arrow' for a drawn shape

    @property
    def middle(self) -> float:
        return middle_y(self)


def _year_row(boxes: list[Box]) -> list[tuple[int, Box]]:
    """The longest run of year boxes sharing a band, left to right, with their years."""
    years = [(cell_years(b.text), b) for b in boxes if b.text and len(b.text) <= MAX_YEAR_BOX_CHARS]
    years = [(found[0], b) for found, b in years if len(found) == 1]
    best: list[tuple[int, Box]] = []
    for _, anchor in years:
        band = [(y, b) for y, b in years if abs(b.middle - anchor.middle) < (anchor.bottom - anchor.top)]
        if len({y for y, _ in band}) > len({y for y, _ in best}):
            best = band
    widest: dict[int, Box] = {}
    for year, box in best:
        if year not in widest or box.x1 - box.x0 > widest[year].x1 - widest[year].x0:
            widest[year] = box
    row = sorted(widest.items(), key=lambda item: item[1].x0)
    return row if len(row) >= 2 else []


def _in_grid_header(header: list[tuple[int, Box]], boxes: list[Box]) -> bool:
    """Whether the year row stands among GRID_LABELS or more other labels in its band (取組 | 内容 |
    所管課 | … | 指標): a spreadsheet's header, whose grid the grid reader reads, not a Gantt's years."""
    first = header[0][1]
    years = {id(box) for _, box in header}
    labels = [
        box
        for box in boxes
        if box.text and not box.mark and id(box) not in years and not cell_years(box.text)
        and abs(box.middle - first.middle) < first.bottom - first.top
    ]  # fmt: skip
    return len(labels) >= GRID_LABELS


def column_extents(boxes: list[Box]) -> list[tuple[float, float]]:
    """Each year's column: its box widened by half the gap to its neighbours. Boxes that abut give their
    own extents; a year written as bare text is narrower than the column it heads."""
    gaps = [max(0.0, b.x0 - a.x1) / 2 for a, b in zip(boxes, boxes[1:], strict=False)]
    if not gaps:
        return [(b.x0, b.x1) for b in boxes]
    before = [gaps[0], *gaps]
    after = [*gaps, gaps[-1]]
    return [(b.x0 - left, b.x1 + right) for b, left, right in zip(boxes, before, after, strict=True)]


def covered_columns(bar: Box, columns: list[tuple[float, float]], share: float | None = None) -> list[int]:
    """The columns a bar overlaps by at least `share` of their width (configs/pdf.yaml drawing.cover_share
    unless given)."""
    share = pdf_settings().drawing.cover_share if share is None else share
    out = []
    for index, (x0, x1) in enumerate(columns):
        overlap = min(bar.x1, x1) - max(bar.x0, x0)
        if x1 > x0 and overlap >= share * (x1 - x0):
            out.append(index)
    return out


def _label(bar: Box, texts: list[Box], left_edge: float) -> Box | None:
    """The text beside a bar on the left (mostly within the bar's band), left of the bar and of the
    first year's box."""
    beside = [
        t
        for t in texts
        if t.x1 <= min(left_edge, bar.x0) + 1
        and (
            overlap_y(t, bar) >= 0.5 * (t.bottom - t.top)
            or t.top <= bar.middle <= t.bottom  # a line thinner than the text beside it
        )
    ]
    return max(beside, key=lambda t: t.x1, default=None)


def gantt_rows(boxes: list[Box]) -> tuple[list[tuple[Cell, ...]], set[int]]:
    """The schedule drawn among `boxes`: a header row of years and a row per bar, and the indexes of
    the boxes it used (their text is not read again as prose). Empty when there is no year row with
    bars under it."""
    header = _year_row(boxes)
    if not header or _in_grid_header(header, boxes):
        return [], set()
    columns = column_extents([b for _, b in header])
    grid_top = min(b.bottom for _, b in header)
    bars = [b for b in boxes if b.mark and b.top >= grid_top - 1 and covered_columns(b, columns)]
    if not bars:
        return [], set()
    texts = [b for b in boxes if b.text and not b.mark and b.top >= grid_top - 1]
    used = {id(b) for _, b in header}
    rows: list[tuple[Cell, ...]] = [(Cell(""), *(Cell(b.text) for _, b in header))]
    by_label: dict[int, int] = {}  # a label box -> its row: the bars of one band share the label beside them
    for bar in sorted(bars, key=lambda b: (b.top, b.x0)):
        word = bar.text if is_schedule_cell_word(bar.text) else ""  # 検討 on a bar is its years' entry
        label = "" if word else bar.text
        beside = None if label else _label(bar, texts, header[0][1].x0)
        spans = set(covered_columns(bar, columns))
        cells = [
            Cell(word if i in spans else "", mark=bar.mark if i in spans else None)
            for i in range(len(columns))
        ]
        if beside is not None and id(beside) in by_label:
            row = rows[by_label[id(beside)]]
            rows[by_label[id(beside)]] = (
                row[0],
                *(c if i in spans else row[1 + i] for i, c in enumerate(cells)),
            )
        else:
            if beside is not None:
                label = beside.text
                used.add(id(beside))
                by_label[id(beside)] = len(rows)
            rows.append((Cell(label), *cells))
        used.add(id(bar))
    return rows, {index for index, box in enumerate(boxes) if id(box) in used}
