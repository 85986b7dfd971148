"""Whose commitment a dated sentence or a target states: own, national or past (sentences written here,
none taken from the bundled plans)."""

import pytest
from conftest import document

from pipeline.extract.kpis.kpis import kpi_rows
from pipeline.extract.measures.measures import extract_measures, measure_rows
from pipeline.extract.schedules import schedule_rows
from pipeline.families.commitment import Commitment, Setting, judge_sentence, judge_table_row, line_settings
from pipeline.families.dates import find_years
from pipeline.model.measures import measures_from_rows
from pipeline.tables.find import find_tables, table_cell_rows, tables_from_rows
from pipeline.tables.kinds import classify

OWN, NATIONAL, PAST = Commitment.OWN, Commitment.NATIONAL, Commitment.PAST

SENTENCES = [
    # The municipality's own plans, in several voices.
    ("令和8年度までに窓口の申請書をすべて電子化します。", (), OWN),
    ("本町では、2027年度中に公共施設の予約をオンラインで受け付ける予定です。", (), OWN),
    ("国が示す標準仕様に沿って、令和7年度末までに住民記録システムを移行します。", (), OWN),
    ("国の目指す利用率に近づけるため、令和9年度にはすべての窓口で電子申請を受け付ける。", (), OWN),
    ("学校の端末は令和9年度に更新する必要がある。", ("現状と課題",), OWN),
    # Another government's targets and actions.
    (
        "国は、2026年度末までにすべての自治体で手続のオンライン化を完了することを目標に掲げている。",
        (),
        NATIONAL,
    ),
    ("政府においては、令和8年度までにガバメントクラウドへの移行を支援するとしている。", (), NATIONAL),
    ("県では令和7年度に広域の共同調達を始める方針である。", (), NATIONAL),
    ("国の工程表によれば、2026年度中に全国の窓口で手続が一本化される。", (), NATIONAL),
    (
        "国は令和6年度末までに全国民へのカード普及を目指しており、本市においても出張申請を続けている。",
        (),
        NATIONAL,
    ),
    (
        "地方公共団体は令和7年度までに標準準拠システムへ移行する。",
        ("国の方針", "(2) システムの標準化"),
        NATIONAL,
    ),
    # What the municipality already did or has under way.
    ("本市では、2019年度から電子決裁を段階的に導入してきた。", (), PAST),
    ("令和3年度から続けていた実証事業は令和5年3月末までで終了し、現在は行っていない。", (), PAST),
    ("令和4年度に庁内の無線LANを整備しました。", (), PAST),
    ("令和4年度からはWeb会議の運用を進めているが、利用は一部の課にとどまる。", ("現状と課題",), PAST),
]


@pytest.mark.parametrize(("sentence", "blocks", "expected"), SENTENCES, ids=[s for s, _, _ in SENTENCES])
def test_a_dated_sentence_says_whose_commitment_its_year_is(sentence, blocks, expected):
    years = [m for m in find_years(sentence) if m.fiscal]
    setting = Setting(blocks=blocks, plan_start_fy=2025, issuer_kind="市")
    assert judge_sentence(sentence, years[0].start, [m.fiscal_year for m in years], setting) is expected


def test_a_sentence_with_the_nations_deadline_and_its_own_schedules_only_its_own():
    lines, sections = document(
        "## 施策1 移行\n### 今後の取組\n国は2024年度末を期限としているが、本村では令和8年度中の移行完了を目指す。"
    )
    tables = tables_from_rows(table_cell_rows("d", lines, classify(find_tables(lines), sections)))
    measures, _ = extract_measures("d", lines, sections, tables)
    spans = measures_from_rows(measure_rows("d", measures, lines))
    rows = schedule_rows("d", spans, lines, tables, line_settings(lines, sections, 2025, "〇〇村"))
    assert [(row["fiscal_year"], row["commitment"]) for row in rows] == [(2026, "own")]


def test_an_ongoing_activity_is_past_only_when_it_began_before_the_plan():
    sentence = "令和4年度から書かない窓口の試行を進めている。"
    start = find_years(sentence)[0].start
    assert judge_sentence(sentence, start, [2022], Setting(plan_start_fy=2024)) is PAST
    assert judge_sentence(sentence, start, [2022], Setting(plan_start_fy=2022)) is OWN


def test_a_prefectures_own_plan_speaks_of_itself_as_the_prefecture():
    sentence = "県は、令和8年度までに全市町村との電子申請の共同化を進める。"
    start = find_years(sentence)[0].start
    assert judge_sentence(sentence, start, [2026], Setting(issuer_kind="県")) is OWN
    assert judge_sentence(sentence, start, [2026], Setting(issuer_kind="町")) is NATIONAL


def test_a_target_cited_as_the_nations_is_national():
    sentence = "国の目標であるカード保有率100%に近づけるため、申請の支援を続ける。"
    assert judge_sentence(sentence, sentence.index("100"), [], Setting()) is NATIONAL
    own = "国の推奨する20のデータセットを公開する。"
    assert judge_sentence(own, own.index("20"), [], Setting()) is OWN


def test_a_table_row_is_own_unless_its_block_quotes_national_policy():
    assert judge_table_row(Setting(blocks=("工程表", "施策1 窓口改革"))) is OWN
    assert judge_table_row(Setting(blocks=("国の動向", "第2章 背景"))) is NATIONAL


PLAN = "\n".join(
    [
        "# 〇〇市デジタル推進計画",
        "## 第3章 取組",
        "### 施策1 電子申請の拡充",
        "#### 概要",
        "本市では、令和3年度から電子申請の受付を行ってきた。",
        "#### 国の方針",
        "主な手続のオンライン化を令和7年度末までに終える。",
        "#### 本市の方向性",
        "令和8年度までに子育ての手続をすべて電子申請にします。",
        "#### 成果目標",
        "- 国の目指す利用率80%に近づけるため、令和9年度に電子申請の利用率を60%にする。",
        "### 施策2 窓口の改善",
        "#### 今後の取組",
        "令和7年度に書かない窓口を導入します。",
    ]
)


def test_the_schedules_and_kpis_of_a_plan_carry_their_commitment():
    lines, sections = document(PLAN)
    tables = tables_from_rows(table_cell_rows("d", lines, classify(find_tables(lines), sections)))
    measures, _ = extract_measures("d", lines, sections, tables)
    spans = measures_from_rows(measure_rows("d", measures, lines))
    where = line_settings(lines, sections, 2024, "〇〇市")
    schedules = schedule_rows("d", spans, lines, tables, where)
    by_year = {(row["fiscal_year"], row["commitment"]) for row in schedules}
    assert by_year >= {(2025, "national"), (2021, "past"), (2026, "own")}
    assert {row["commitment"] for row in schedules if row["activity"].startswith("令和7年度に書かない")} == {
        "own"
    }
    kpis = kpi_rows("d", spans, lines, sections, schedules, tables, where)
    assert [(k["target_value"], k["commitment"]) for k in kpis if k["target_value"] == 60] == [(60, "own")]
