"""Whole documents made of the line families plans use, in any order and mix, with stray characters:
every stage runs without an exception, and its rows point at real lines."""

from conftest import document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract.kpis.kpis import kpi_rows
from pipeline.extract.measures.measures import extract_measures, measure_rows
from pipeline.extract.schedules import schedule_rows
from pipeline.extract.terms.terms import extract_terms
from pipeline.families.commitment import line_settings
from pipeline.model.measures import measures_from_rows
from pipeline.tables.find import find_tables, table_cell_rows, tables_from_rows
from pipeline.tables.kinds import classify

WORDS = st.sampled_from(
    [
        "行政手続",
        "オンライン化",
        "推進",
        "令和6年度",
        "2025年度",
        "AI",
        "RPA",
        "※1",
        "^{※2}",
        "³",
        "（注）",
        "目標",
        "50%",
        "件",
        "用語",
        "意味",
        "窓口",
        "データ",
        "計画期間",
        "本計画",
        "、",
        "。",
        "・",
        "｜",
    ]
)
TEXT = st.lists(WORDS, min_size=1, max_size=8).map("".join)
LINE = st.one_of(
    TEXT,
    st.builds(
        lambda n, t: f"{n} {t}",
        st.sampled_from(["1", "1.1", "(1)", "①", "第1章", "ア", "Ⅰ．", "#", "##"]),
        TEXT,
    ),
    st.builds(lambda a, b: f"{a}\t{b}", TEXT, TEXT),
    st.builds(lambda a, b, c: f"| {a} | {b} | {c} |", TEXT, TEXT, TEXT),
    st.builds(lambda t: f"※1 {t}", TEXT),
    st.builds(lambda t: f"- {t}", TEXT),
    st.builds(lambda a, b: f"{a}：{b}", TEXT, TEXT),
    st.sampled_from(
        [
            "",
            "目次",
            "用語集",
            "取組工程表",
            "成果目標",
            "概要",
            "現状と課題",
            "指標\t現状値\t目標値",
            "取組\t令和6年度\t令和7年度",
        ]
    ),
    st.text(min_size=1, max_size=12),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, min_size=1, max_size=40))
def test_every_stage_survives_any_mix_of_line_families(lines_text):
    text = "\n".join(lines_text)
    lines, sections = document(text)
    numbers = {row["line"] for row in lines}
    ids = {s["section_id"] for s in sections}
    assert all(s["parent_id"] is None or s["parent_id"] in ids for s in sections)
    tables = tables_from_rows(table_cell_rows("d", lines, classify(find_tables(lines), sections)))
    terms, notes, _ = extract_terms("d", lines, sections, tables)
    measures, _ = extract_measures("d", lines, sections)
    rows = measure_rows("d", measures, lines)
    spans = measures_from_rows(rows)
    where = line_settings(lines, sections, None, None)
    schedules = schedule_rows("d", spans, lines, tables, where)
    kpis = kpi_rows("d", spans, lines, sections, schedules, tables, where)
    for table in (terms, notes, rows, schedules, kpis):
        assert all(row["line"] in numbers for row in table)
