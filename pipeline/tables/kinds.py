"""What each table is, decided once by the tables stage and read by the stages after it: a KPI table
(indicator | baseline | target), a schedule (a row of fiscal years), a glossary (see glossary.py), or
other."""

from __future__ import annotations

from pipeline.families.dates import is_year_header_row
from pipeline.tables.find import Table, kpi_header_index
from pipeline.tables.glossary_tables import glossary_table_numbers


def classify(tables: list[Table], sections: list[dict]) -> list[Table]:
    glossaries = glossary_table_numbers(tables, sections)
    for table in tables:
        if kpi_header_index(table) is not None:
            table.kind = "kpi"
        elif any(is_year_header_row(cells) for cells in table.rows):
            table.kind = "schedule"
        elif table.number in glossaries:
            table.kind = "glossary"
        else:
            table.kind = "other"
    return tables


def schedule_table_lines(tables: list[Table]) -> set[int]:
    """The lines schedule tables occupy from their fiscal-year header on: not to be read as sentences."""
    occupied: set[int] = set()
    for table in tables:
        if table.kind != "schedule":
            continue
        header = next(i for i, cells in enumerate(table.rows) if is_year_header_row(cells))
        occupied.update(table.lines[header:])
    return occupied
