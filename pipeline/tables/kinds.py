"""What each table is, decided once by the tables stage and read by the stages after it: an action plan
(a grid that names its measures and schedules or measures them: 施策 | 取組内容 | R6 | R7 | 指標 | 目標値),
a KPI table (indicator | baseline | target), a schedule (a row of fiscal years), a glossary (see
glossary.py), or other."""

from __future__ import annotations

import re

from pipeline.config.vocabulary import taxonomy
from pipeline.families.dates import BARE_YEAR, cell_years, find_years, is_year_header_row
from pipeline.families.quantities import find_quantities
from pipeline.language.normalize import compact
from pipeline.tables.find import Table, kpi_header_index
from pipeline.tables.glossary_tables import glossary_table_numbers

HEADER_ROWS = 3  # an action plan's header may take this many rows (施策 | スケジュール over R6 | R7 …)


def measure_column(cells: list[str]) -> int | None:
    """The column a header row names as the measure's (施策, 取組名, 事業名 …)."""
    keys = {compact(word) for word in taxonomy().measure_table_headers.name}
    return next((i for i, cell in enumerate(cells) if compact(cell) in keys), None)


def activity_column(cells: list[str]) -> int | None:
    """The column a header names as the measure's activities, where it names two (施策 | 取組: each
    measure's cell merged down the rows of its activities): the second."""
    keys = {compact(word) for word in taxonomy().measure_table_headers.name}
    named = [i for i, cell in enumerate(cells) if compact(cell) in keys]
    return named[1] if len(named) >= 2 else None


def year_columns(cells: list[str], spread: bool = False) -> dict[int, int]:
    """Column -> fiscal year from a table's header cells.

    By default only cells that name a year and nothing else count (令和6年度, R7, 2026年度), and at least
    two years: '目標値（令和8年度）' names a column's target, not a year of the schedule; this is how a
    grid is known to be dated. With `spread` (the header of a table already known to be a schedule),
    every year a cell names counts, and a cell naming several spreads them over the empty cells after it
    (令和6～8年度 over three columns)."""
    years: dict[int, int] = {}
    for index, cell in enumerate(cells):
        found = cell_years(cell)
        if spread:
            for offset, year in enumerate(found):
                column = index + offset
                if offset and column < len(cells) and cells[column].strip():
                    break
                years[column] = year
            continue
        if (year := names_one_year(cell)) is not None:
            years[index] = year
    return years if spread or len(set(years.values())) >= 2 else {}


def names_one_year(cell: str) -> int | None:
    """The fiscal year a cell names and nothing else (令和6年度, R7, 2026年度, 2026; not 目標値（令和8年度）)."""
    found = cell_years(cell)
    if len(found) != 1:
        return None
    rest = cell
    for mention in reversed(find_years(cell)):
        rest = rest[: mention.start] + rest[mention.end :]
    return found[0] if BARE_YEAR.compiled.match(cell) or len(re.sub(r"[\s()（）]", "", rest)) <= 2 else None


def _figure_alone(text: str) -> bool:
    """A cell that states a figure and nothing more (1,200件, 35%, 1200)."""
    quantities = find_quantities(text)
    return bool(quantities) and len(re.sub(r"\s", "", text)) - sum(q.end - q.start for q in quantities) <= 1


def year_rows(table: Table) -> dict[int, int]:
    """Row -> fiscal year of a schedule whose years run down its first column (年度 | 内容 over 令和8年度 |
    検討 …): two or more rows, nearly all of those under its header, name one year each beside a word
    (no figure alone: a column of years beside counts is statistics). Empty for other tables."""
    years: dict[int, int] = {}
    data = 0
    for index, cells in enumerate(table.rows):
        if len(cells) < 2 or (index == 0 and names_one_year(cells[0]) is None):
            continue  # the header
        data += 1
        value = " ".join(c for c in cells[1:] if c.strip())
        year = names_one_year(cells[0])
        if year is not None and value and not _figure_alone(value):
            years[index] = year
    return years if len(years) >= 2 and len(years) >= 0.8 * data else {}


def period_column(header_rows: list[list[str]]) -> int | None:
    """The column a header names as the measures' period (実施時期, 実施期間 …), in any header row."""
    keys = {compact(word) for word in taxonomy().measure_table_headers.period}
    for cells in header_rows:
        found = next((i for i, cell in enumerate(cells) if compact(cell) in keys), None)
        if found is not None:
            return found
    return None


def action_plan_header(table: Table) -> tuple[int, int, dict[int, int]] | None:
    """(the last header row, the measure column, column -> year) of an action plan's grid: a header
    (up to three rows) that names a measure column and also years, a period or a KPI's columns."""
    head = table.rows[:HEADER_ROWS]
    named = next(
        ((i, col) for i, cells in enumerate(head) if (col := measure_column(cells)) is not None), None
    )
    if named is None:
        return None
    dated = next(((i, years) for i, cells in enumerate(head) if (years := year_columns(cells))), None)
    kpi = kpi_header_index(table)
    if dated is None and kpi is None and period_column(head) is None:
        return None
    last = max(named[0], dated[0] if dated else 0, kpi if kpi is not None else 0)
    return last, named[1], dated[1] if dated else {}


def classify(tables: list[Table], sections: list[dict]) -> list[Table]:
    glossaries = glossary_table_numbers(tables, sections)
    for table in tables:
        if action_plan_header(table) is not None:
            table.kind = "action_plan"
        elif kpi_header_index(table) is not None:
            table.kind = "kpi"
        elif any(is_year_header_row(cells) for cells in table.rows) or year_rows(table):
            table.kind = "schedule"
        elif table.number in glossaries:
            table.kind = "glossary"
        else:
            table.kind = "other"
    return tables


def schedule_table_lines(tables: list[Table]) -> set[int]:
    """The lines schedule tables occupy from their fiscal-year header on (an action plan with a period
    column, all its lines): not to be read as sentences."""
    occupied: set[int] = set()
    for table in tables:
        if table.kind not in ("schedule", "action_plan"):
            continue
        header = next((i for i, cells in enumerate(table.rows) if is_year_header_row(cells)), None)
        if (
            header is None
            and table.kind == "action_plan"
            and period_column(table.rows[:HEADER_ROWS]) is not None
        ):
            header = 0  # a period column's cells are the plan's schedule, read by the table
        if header is None and year_rows(table):
            header = 0  # years down its first column: every row is the schedule's
        if header is None:
            continue
        occupied |= table.occupied_from(header)
    return occupied
