"""Nothing invented: years that head a statistics table are no schedule, and a document without
measures schedules nothing (inputs written here)."""

from conftest import document

from pipeline.extract.measures.measures import extract_measures, measure_rows
from pipeline.extract.schedules import schedule_rows
from pipeline.families.commitment import line_settings
from pipeline.model.measures import measures_from_rows
from pipeline.tables.find import find_tables, table_cell_rows, tables_from_rows
from pipeline.tables.kinds import classify

CENSUS = [
    "区分\t1990年\t2000年\t2010年\t2020年\t2030年\t2040年",
    "総人口\t1,820\t1,610\t1,400\t1,190\t980\t800",
    "年少人口\t310\t240\t170\t120\t90\t70",
]
MEASURE = [
    "## 第3章 施策",
    "### 施策1 窓口の電子化",
    "#### 今後の取組",
    "令和8年度に電子申請を導入します。",
]


def schedules(text: str) -> list[dict]:
    lines, sections = document(text)
    tables = tables_from_rows(table_cell_rows("d", lines, classify(find_tables(lines), sections)))
    measures, _ = extract_measures("d", lines, sections, tables)
    spans = measures_from_rows(measure_rows("d", measures, lines))
    return schedule_rows("d", spans, lines, tables, line_settings(lines, sections, None, None))


def test_a_census_table_of_a_document_without_measures_schedules_nothing():
    assert schedules("\n".join(["# 〇〇村人口ビジョン", "## 第1章 人口の推移", *CENSUS])) == []


def test_a_census_table_outside_the_measures_of_a_plan_is_statistics_not_a_schedule():
    rows = schedules("\n".join(["# 〇〇村総合戦略", "## 第1章 人口の推移", *CENSUS, *MEASURE]))
    assert [(row["fiscal_year"], row["source"]) for row in rows] == [(2026, "text")]


def test_a_roadmap_chapter_outside_the_measures_is_still_a_schedule():
    roadmap = [
        "## 第4章 取組工程表",
        "取組\t令和6年度\t令和7年度\t令和8年度",
        "電子申請の導入\t検討\t準備\t導入",
    ]
    rows = schedules("\n".join(["# 〇〇村DX推進計画", *MEASURE, *roadmap]))
    table = [(row["fiscal_year"], row["value"]) for row in rows if row["source"] == "table"]
    assert table == [(2024, "検討"), (2025, "準備"), (2026, "導入")]
