"""A document too large for its time limit is refused once it is read, with its size; table rows do not
count against it; the report stays bounded however many rows a plan has."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import RAW

from pipeline.report.compare import _name
from pipeline.run.budget import BudgetSettings, TooLarge, check_size, prose_characters
from pipeline.run.graph import STATUS_FILE, process_document, retry_timed_out
from pipeline.run.stages import Doc

PLAN = sorted(RAW.glob("*.txt"))[0]


def _lines(path, texts):
    pq.write_table(pa.table({"text": texts}), path)
    return path


def test_prose_is_counted_and_table_rows_are_not(tmp_path):
    lines = _lines(
        tmp_path / "lines.parquet", ["本市のDXを推進します。" * 100, "施策\t担当課\t令和6年度" * 50, "", None]
    )
    assert prose_characters(lines) == len("本市のDXを推進します。") * 100


def test_a_document_over_its_budget_is_refused_with_its_size(tmp_path):
    lines = _lines(tmp_path / "lines.parquet", ["あ" * 12_000])
    settings = BudgetSettings(prose_characters_per_second=1_000.0)
    check_size(lines, 12.0, settings)  # exactly the budget: read
    check_size(lines, None, settings)  # no limit: read
    with pytest.raises(
        TooLarge,
        match=r"12,000 characters of running text, over the 11,000 that 11 s allows.*DOC_TIMEOUT=100\)",
    ):
        check_size(lines, 11.0, settings)


def test_a_refused_document_is_recorded_and_retried_under_a_higher_limit(tmp_path):
    doc = Doc("plan", tmp_path / "plan", PLAN, PLAN.name)
    doc.directory.mkdir()
    doc.save()
    outcome = process_document(doc, seconds=0.5)  # a whole plan's prose in half a second: refused
    assert not outcome.ok and outcome.reason.startswith("too large for the time limit:")
    assert outcome.messages[0].startswith("ingest:") and len(outcome.messages) == 1  # nothing after ingest
    status = json.loads((doc.directory / STATUS_FILE).read_text(encoding="utf-8"))
    assert status["time_limit"] == 0.5
    assert retry_timed_out(tmp_path, 300.0) and not (doc.directory / STATUS_FILE).exists()


def test_a_plan_of_thousands_of_measures_draws_a_bounded_gantt():
    from pipeline.report.build import GANTT_MAX_ROWS, plan_gantt

    count = GANTT_MAX_ROWS * 3
    measures = pd.DataFrame(
        {"measure_id": [f"m{i}" for i in range(count)], "title": [f"施策{i}" for i in range(count)]}
    )
    schedules = pd.DataFrame(
        {
            "measure_id": measures["measure_id"],
            "fiscal_year": [2024 + i % 3 for i in range(count)],
            "commitment": "own",
        }
    )
    svg = plan_gantt(measures, schedules)
    assert f"the first {GANTT_MAX_ROWS} of {count:,}" in svg
    assert svg.count("施策") <= GANTT_MAX_ROWS + 1


def test_the_reports_comparison_names_a_plan_whose_municipality_was_not_found_by_its_doc_id():
    documents = pd.DataFrame({"doc_id": ["a", "b"], "municipality": ["雲南市", float("nan")]})
    assert _name(documents) == {"a": "雲南市", "b": "b"}
