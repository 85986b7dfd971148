"""KPI tables (指標 | 現状値 | 目標値（令和7年度）, and an action plan's or a card's KPI columns): one
target per row and target column, its year from the cell, the row's target-year column or the column's
header, and its unit from the cell or the row's unit column (figures written bare)."""

from __future__ import annotations

import re

from pipeline.families.dates import find_years
from pipeline.families.quantities import Quantity, figure_of
from pipeline.tables.find import Table, header_roles, kpi_header_index


def _figure(cell: str, unit: str) -> Quantity | None:
    """A target or baseline cell's figure, its unit from the unit column where it is written bare."""
    figure = figure_of(cell)
    return figure if figure is not None or not unit else figure_of(f"{cell.strip()}{unit}")


def _stating(cells: list[str], kinds: list[str | None], table: Table) -> list[str]:
    """The cells a table's target is stated in: its whole row, but for a card read as its grid
    (tables/cards.py) the cells of its 成果指標 row alone, the row the card writes it in."""
    return [c for c, kind in zip(cells, kinds, strict=False) if kind] if table.targets_by_role else cells


def kpi_table_rows(tables: list[Table]) -> tuple[list[dict], set[int]]:
    """Targets from tables headed indicator | (baseline) | target: one per target column and row."""
    found, occupied = [], set()
    for table in tables:
        header_index = kpi_header_index(table) if table.kind in ("kpi", "action_plan") else None
        if header_index is None:
            continue
        header = table.rows[header_index]
        kinds = header_roles(header)
        indicator_col = kinds.index("indicator")
        baseline_col = kinds.index("baseline") if "baseline" in kinds else None
        occupied |= table.occupied_from(header_index)
        target_year_col = kinds.index("target_year") if "target_year" in kinds else None
        unit_col = kinds.index("unit") if "unit" in kinds else None
        previous: tuple | None = None
        for cells, line in zip(table.rows[header_index + 1 :], table.lines[header_index + 1 :], strict=True):
            if indicator_col >= len(cells) or not cells[indicator_col] or cells == header:
                continue
            if cells[indicator_col] == header[indicator_col]:
                continue  # the header's cell merged down into a header row under it (R7 | R8 …)
            targets = tuple(c for c, kind in zip(cells, kinds, strict=False) if kind == "target")
            if (cells[indicator_col], targets) == previous:
                continue  # the indicator and target merged down an activity's rows: one target
            previous = (cells[indicator_col], targets)
            stated_year = (
                cells[target_year_col] if target_year_col is not None and target_year_col < len(cells) else ""
            )
            baseline = cells[baseline_col] if baseline_col is not None and baseline_col < len(cells) else ""
            # A cell's lines read as one figure ('40<br>手続' -> '40手続').
            baseline = re.sub(r"(?<=[A-Za-z])\n(?=[A-Za-z])", " ", baseline).replace("\n", "")
            for column, kind in enumerate(kinds):
                if kind != "target" or column >= len(cells) or not cells[column]:
                    continue
                unit = cells[unit_col].strip() if unit_col is not None and unit_col < len(cells) else ""
                figure = _figure(cells[column], unit)
                years = [
                    m.fiscal_year
                    for m in find_years(cells[column])
                    or find_years(stated_year)
                    or find_years(header[column])
                    if m.fiscal or m.month is None
                ]
                base = _figure(baseline, unit) if baseline else None
                found.append(
                    {
                        "line": line,
                        "indicator": cells[indicator_col].replace("\n", " "),
                        "target_value": figure.value if figure else None,
                        "unit": figure.unit if figure else None,
                        "target_fy": years[-1] if years else None,
                        "baseline_value": base.value if base else None,
                        "baseline_text": baseline or None,
                        "text": " | ".join(c.replace("\n", " ") for c in _stating(cells, kinds, table) if c),
                    }
                )
    return found, occupied
