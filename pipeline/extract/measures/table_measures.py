"""Measures listed as a table's rows: plans that give their initiatives as a list (No. | 取組名 | 内容 |
担当課 | R6 | R7 …) rather than as headed sections, and action plans made as a spreadsheet grid. Read only
when no section of the plan is a measure; the header words are data (configs/taxonomy.yaml
`measure_table_headers`).

A row's pillar is its pillar column's cell (基本方針, 施策の柱 …; a cell merged down rows gives each row
its text), else the last band row above it (a row whose only text spans the grid: 基本目標1 …), else
the section the table stands in. A header repeated on every page is read once. A roadmap standing in a
pillar's own section (a Gantt whose rows are labelled, its label column unnamed) lists that pillar's
measures; a measure a later table names again (a closing list of every measure's KPI) is the same one."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.config.vocabulary import taxonomy
from pipeline.families.dates import is_year_header_row
from pipeline.families.enumerators import strip_item_prefix
from pipeline.families.marks import index_form
from pipeline.language.normalize import compact
from pipeline.model.measures import Measure
from pipeline.tables.find import Table

# A grid with no heading above it (a workbook's sheet under its title row) stands in the document itself.
WHOLE_DOCUMENT = {
    "section_id": None,
    "parent_id": None,
    "level": 0,
    "number": None,
    "title": "",
    "family": "document",
}
# Tables of other kinds name their rows otherwise: a KPI's indicator, a glossary's term.
_NOT_MEASURE_TABLES = ("kpi", "glossary")


@dataclass(frozen=True)
class TableMeasure:
    section: dict  # the section the table stands in
    title: str
    description: str
    line_start: int  # the row's line
    line_end: int
    pillar: str | None = None  # from the grid itself, where it names one


def _column(header: list[str], words: list[str]) -> int | None:
    keys = {compact(word) for word in words}
    return next((i for i, cell in enumerate(header) if compact(cell) in keys), None)


def _section_at(sections: list[dict], line: int) -> dict | None:
    """The deepest section whose span holds the line."""
    holding = [s for s in sections if s["line_start"] <= line <= s["line_end"]]
    return max(holding, key=lambda s: s["level"], default=None)


def _header(table: Table, sections: list[dict]) -> tuple[int, list[str], int] | None:
    """The header row that names the measure column (among the first three rows), with its index and
    that column; else, for a roadmap standing in a pillar's own section (基本方針1 over a Gantt of its
    measures, its label column unnamed), its year row, the labels' column being the first."""
    for index, cells in enumerate(table.rows[:3]):
        if (column := _column(cells, taxonomy().measure_table_headers.name)) is not None:
            return index, cells, column
    if table.kind != "schedule" or not table.rows:
        return None
    index = next((i for i, cells in enumerate(table.rows) if is_year_header_row(cells)), None)
    section = _section_at(sections, table.lines[0])
    if index is None or table.rows[index][0].strip() or section is None or not numbered_as_pillar(section):
        return None
    return index, table.rows[index], 0


def numbered_as_pillar(section: dict) -> bool:
    """Whether a section is numbered as a pillar (基本方針1, 取組方針2: the words of a grid's pillar
    column), not merely titling what it holds (2-1 年度別の工程, 工程表)."""
    words = tuple(compact(word) for word in taxonomy().measure_table_headers.pillar)
    return compact(section.get("number") or "").startswith(words)


def _rows(table: Table, start: int, header: list[str], name: int) -> list[tuple[list[str], int, str | None]]:
    """The data rows after the header, each with the band label above it; repeated headers dropped."""
    out, band = [], None
    # A row with a bar, or a fill other than its first cell's, schedules something: it is no band label
    # (a band's own fill lies in its first cell, or runs through the whole row).
    drawn_rows = {
        row
        for (row, column), drawn in table.drawn.items()
        if column > 0 and (drawn.mark or drawn.fill != table.drawn_at(row, 0).fill)
    }
    rows = list(zip(table.rows[start:], table.lines[start:], strict=True))
    for offset, (cells, line) in enumerate(rows):
        row = start + offset
        if cells == header:
            continue
        filled = [c for c in cells if c.strip()]
        if len(filled) == 1 and len(cells) > 2 and cells[0].strip() and row not in drawn_rows:
            band = filled[0].replace("\n", " ").strip()
            continue
        following = rows[offset + 1][0] if offset + 1 < len(rows) else None
        if row not in drawn_rows and _outline_row(cells, following, name):
            band = _cell(cells, name)
            continue
        out.append((cells, line, band))
    return out


def _outline_row(cells: list[str], following: list[str] | None, name: int) -> bool:
    """A row one level up an outline that a single column numbers (1 over (1), (2)): its index and its
    title alone, the row under it numbered in another form."""
    filled = [i for i, c in enumerate(cells) if c.strip()]
    form = index_form(cells[0]) if cells else None
    if form is None or filled != [0, name] or following is None or not following:
        return False
    below = index_form(following[0])
    return below is not None and below != form


def _same_header(before: list[str], again: list[str]) -> bool:
    """A grid's header printed again on the next page: the same cells, one perhaps with the text of a
    cell merged down across the page break spilled into it (施策の柱 柱3 …)."""
    return len(before) == len(again) and all(
        b == a or (b and a.startswith(b)) for b, a in zip(before, again, strict=True)
    )


def _cell(cells: list[str], column: int | None) -> str:
    return cells[column].replace("\n", " ").strip() if column is not None and column < len(cells) else ""


def table_measures(tables: list[Table], sections: list[dict]) -> list[TableMeasure]:
    """One measure per data row of every table whose header names a measure column."""
    headers = taxonomy().measure_table_headers
    found = []
    continued: tuple[list[str], str | None] | None = None  # the last grid's header and pillar carried
    # A measure an earlier table listed, named again in a later one (a closing list of every measure's
    # KPI), is that measure, not another.
    named_before: set[str] = set()
    for table in tables:
        if table.kind in _NOT_MEASURE_TABLES or not table.rows or (named := _header(table, sections)) is None:
            continue
        header_index, header, name = named
        if continued is not None and _same_header(continued[0], header):
            header = continued[0]  # read by the header as first printed
        described = _column(header, headers.description)
        pillar_column = _column(header, headers.pillar)
        described = None if described == name else described
        start = max(header_index, *(table.header_rows or {0})) + 1
        # A pillar cell merged down rows prints its text once: later rows carry it, on into the grid's
        # continuation on the next page (its header printed again).
        carried = continued[1] if continued is not None and continued[0] == header else None
        previous: TableMeasure | None = None
        for cells, line, band in _rows(table, start, header, name):
            title = strip_item_prefix(_cell(cells, name))  # ①休日窓口… as a roadmap numbers its rows
            section = _section_at(sections, line) or WHOLE_DOCUMENT
            if not title or title == _cell(header, name) or title in named_before:
                continue  # the header's measure cell merged down into a header row under it (上期 | 下期)
            carried = _cell(cells, pillar_column) or (carried if pillar_column is not None else None)
            if previous is not None and previous.title == title:
                # A measure's cell merged down its activities' rows: one measure over those rows.
                previous = found[-1] = replace(previous, line_end=line)
                continue
            previous = TableMeasure(
                section, title, _cell(cells, described), line, line, (carried or band) or None
            )
            found.append(previous)
        continued = (header, carried)
        named_before |= {row.title for row in found}
    return found


def from_row(row: TableMeasure, pillar: str | None) -> Measure:
    return Measure(
        level=1,
        section=row.section,
        title=row.title,
        description=row.description,
        line_start=row.line_start,
        line_end=row.line_end,
        pillar=row.pillar or pillar,
    )


def grids_under_headings(measures: list[Measure], rows: list[TableMeasure]) -> list[Measure]:
    """A heading taken for a measure whose own body is a grid of two or more measures (基本目標1 over a
    工程表 of 取組 rows) is their pillar: the rows are the measures. A grid inside one of a measure's
    blocks (its スケジュール) lies in the block's section, not the measure's, and stays its activities."""
    by_section: dict[str | None, list[TableMeasure]] = {}
    for row in rows:
        by_section.setdefault(row.section["section_id"], []).append(row)
    parents = {id(m.parent) for m in measures if m.parent is not None}
    out: list[Measure] = []
    for measure in measures:
        listed = by_section.get(measure.section["section_id"], [])
        if len(listed) >= 2 and id(measure) not in parents and measure.parent is None:
            out.extend(from_row(row, measure.title) for row in listed)
        else:
            out.append(measure)
    return out
