"""The comparison page (compare.html): for each national priority item, which municipalities plan it in
which fiscal years (a Gantt across municipalities), and their numeric targets of that kind side by side
(each plan's マイナンバーカード target with its year). Only the plans' own commitments are compared; the
national targets and past activities they cite are on each plan's page."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pipeline.config.vocabulary import taxonomy
from pipeline.report import charts

if TYPE_CHECKING:
    import pandas as pd


def _name(documents: pd.DataFrame) -> dict[str, str]:
    """Each plan's municipality, or its doc_id where none was found (a missing value reads as NaN)."""
    return {
        row.doc_id: row.municipality if isinstance(row.municipality, str) and row.municipality else row.doc_id
        for row in documents.itertuples()
    }


def _number(value) -> str:
    """A figure as a reader writes it (2025, 0.5); blank when missing (None, NaN or pandas' NA)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    if math.isnan(number):
        return ""
    return str(int(number)) if number.is_integer() else f"{number:g}"


def comparison(
    documents: pd.DataFrame, measures: pd.DataFrame, schedules: pd.DataFrame, kpis: pd.DataFrame
) -> list[dict]:
    """One entry per category some plan has a measure in: its official name, the Gantt of the years
    each municipality schedules it, and its KPIs with municipality, indicator, target and year."""
    names = _name(documents)
    # The plans' own commitments: a national deadline a plan quotes is not that municipality's year.
    schedules = schedules[schedules["commitment"] == "own"]
    kpis = kpis[kpis["commitment"] == "own"]
    scheduled = schedules.dropna(subset=["fiscal_year", "measure_id"]).merge(
        measures[["doc_id", "measure_id", "category"]], on=["doc_id", "measure_id"]
    )
    targets = kpis.merge(measures[["doc_id", "measure_id", "category"]], on=["doc_id", "measure_id"])
    out = []
    for key, spec in taxonomy().categories.items():
        planned = measures[measures["category"] == key]
        if planned.empty:
            continue
        rows = [
            (names.get(doc_id, doc_id), sorted({int(year) for year in group["fiscal_year"]}))
            for doc_id, group in scheduled[scheduled["category"] == key].groupby("doc_id")
        ]
        years = sorted({year for _, ys in rows for year in ys})
        kpi_rows = [
            {
                "municipality": names.get(row.doc_id, row.doc_id),
                "doc_id": row.doc_id,
                "indicator": row.indicator,
                "target": _number(row.target_value),
                "unit": row.unit if isinstance(row.unit, str) else "",
                "target_fy": _number(row.target_fy),
                "baseline": _number(row.baseline_value),
            }
            for row in targets[targets["category"] == key].sort_values(["doc_id", "line"]).itertuples()
        ]
        out.append(
            {
                "key": key,
                "label": spec.label,
                "plans": sorted({names.get(doc_id, doc_id) for doc_id in planned["doc_id"]}),
                "gantt": charts.gantt(rows, years, f"fiscal years each municipality schedules: {spec.label}"),
                "scheduled": bool(rows),
                "kpis": kpi_rows,
            }
        )
    return out
