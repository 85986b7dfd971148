"""Measures listed as a table's rows: plans that give their initiatives as a list (No. | 取組名 | 内容 |
担当課 | R6 | R7 …) rather than as headed sections. Read only when no section of the plan is a measure;
the header words are data (configs/taxonomy.yaml `measure_table_headers`)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.config.vocabulary import taxonomy
from pipeline.language.normalize import compact
from pipeline.tables.find import Table

# Tables of other kinds name their rows otherwise: a KPI's indicator, a glossary's term.
_NOT_MEASURE_TABLES = ("kpi", "glossary")


@dataclass(frozen=True)
class TableMeasure:
    section: dict  # the section the table stands in
    title: str
    description: str
    line_start: int  # the row's line
    line_end: int


def _column(header: list[str], words: list[str]) -> int | None:
    keys = {compact(word) for word in words}
    return next((i for i, cell in enumerate(header) if compact(cell) in keys), None)


def _section_at(sections: list[dict], line: int) -> dict | None:
    """The deepest section whose span holds the line."""
    holding = [s for s in sections if s["line_start"] <= line <= s["line_end"]]
    return max(holding, key=lambda s: s["level"], default=None)


def table_measures(tables: list[Table], sections: list[dict]) -> list[TableMeasure]:
    """One measure per data row of every table whose header names a measure column."""
    headers = taxonomy().measure_table_headers
    found = []
    for table in tables:
        if table.kind in _NOT_MEASURE_TABLES or not table.rows:
            continue
        header_index = min(table.header_rows, default=0)
        header = table.rows[header_index]
        name = _column(header, headers.name)
        if name is None:
            continue
        described = _column(header, headers.description)
        if described == name:
            described = None
        for cells, line in zip(table.rows[header_index + 1 :], table.lines[header_index + 1 :], strict=True):
            title = cells[name].replace("\n", " ").strip() if name < len(cells) else ""
            section = _section_at(sections, line)
            if not title or section is None:
                continue
            text = (
                cells[described].replace("\n", " ").strip()
                if described is not None and described < len(cells)
                else ""
            )
            found.append(TableMeasure(section, title, text, line, line))
    return found
