"""Measures, schedules and KPIs on small documents: one test per layout family."""

import pytest
from conftest import document

from pipeline.extract.kpis.kpis import indicator_of, kpi_rows
from pipeline.extract.measures.categories import categorize
from pipeline.extract.measures.measures import extract_measures, measure_rows
from pipeline.extract.schedules import schedule_rows
from pipeline.families.commitment import line_settings
from pipeline.families.quantities import find_quantities
from pipeline.model.measures import measures_from_rows
from pipeline.tables.find import find_tables, table_cell_rows, tables_from_rows
from pipeline.tables.kinds import classify


def run(text: str):
    """The measures, schedules and KPIs stages as the stage graph runs them: each reading the one before
    through its published rows (tables and measures)."""
    lines, sections = document(text)
    tables = tables_from_rows(table_cell_rows("d", lines, classify(find_tables(lines), sections)))
    measures, warnings = extract_measures("d", lines, sections, tables)
    spans = measures_from_rows(measure_rows("d", measures, lines))
    where = line_settings(lines, sections, None, None)
    schedules = schedule_rows("d", spans, lines, tables, where)
    kpis = kpi_rows("d", spans, lines, sections, schedules, tables, where)
    return measures, schedules, kpis, warnings


PILLARS = "\n".join(
    [
        "## 4 基本方針1：市民サービスの利便性向上",
        "### (1) 行政手続のオンライン化【国の重点取組事項】",
        "#### ①現状と課題",
        "- 国は2022年度末を目指して手続のオンライン化を進めることとしています。",
        "#### ②今後の取組",
        "- 電子申請システムを導入します。",
        "#### ③スケジュール",
        "2022 (R4) 年度\t2023 (R5) 年度\t2024 (R6) 年度",
        "電子申請システムの導入検討\t\t",
        "\t公衆無線LANの拡充\t",
        "### (2) 地域社会のデジタル化",
        "#### ①現状と課題",
        "- 公衆無線LANの整備が必要です。",
    ]
)


def test_policy_pillar_layout_with_circled_blocks_and_a_bar_chart_schedule():
    measures, schedules, _, _ = run(PILLARS)
    assert [(m.number, m.title, m.pillar, m.level) for m in measures] == [
        ("(1)", "行政手続のオンライン化", "市民サービスの利便性向上", 1),
        ("(2)", "地域社会のデジタル化", "市民サービスの利便性向上", 1),
    ]
    assert measures[0].markers == ["国の重点取組事項"] and measures[0].national_priority
    assert not measures[1].national_priority
    assert measures[0].category == "frontyard_online" and measures[1].category == "regional_digitalization"
    table = [(s["activity"], s["fiscal_year"]) for s in schedules if s["source"] == "table"]
    assert table == [("電子申請システムの導入検討", None), ("公衆無線LANの拡充", None)]
    text = [(s["fiscal_year"], s["open_ended"]) for s in schedules if s["source"] == "text"]
    assert text == [(2022, False)]


GROUPS = "\n".join(
    [
        "# 《具体的な取り組み》",
        "## 国の重点取組事項に対する本市の方向性",
        "### 自治体DXの重点取組事項",
        "- (1) 自治体フロントヤード改革の推進",
        "- (2) テレワークの推進",
        "### 自治体DXの取組とあわせて取り組むデジタル社会の実現に向けた取組",
        "- (1) デジタルデバイド対策",
        "## 自治体DXの重点取組事項",
        "### 取組事項① 自治体フロントヤード改革の推進",
        "#### 概要",
        "窓口を改革する取り組みです。",
        "#### 国の方針",
        "オンライン申請を含めた改革を実施する。",
        "## 本市の方向性",
        "令和5年度から令和6年度にかけて、申請フォームの作成を推進します。",
        "",
        "※脚注",
        "",
        "脚注の説明文です。",
        "",
        "## 本市の方向性",
        "令和6年度以降に全庁的な導入を目指します。",
        "## 自治体DXの取組とあわせて取り組むデジタル社会の実現に向けた取組",
        "### 取組事項① デジタルデバイド対策",
        "#### 概要",
        "スマホ教室を開きます。",
    ]
)


def test_grouped_items_and_a_measure_recovered_from_the_overview_list():
    measures, schedules, _, warnings = run(GROUPS)
    assert [(m.number, m.title, m.recovered, m.national_priority) for m in measures] == [
        ("取組事項①", "自治体フロントヤード改革の推進", False, True),
        ("(2)", "テレワークの推進", True, True),
        ("取組事項①", "デジタルデバイド対策", False, False),
    ]
    assert measures[2].pillar == "自治体DXの取組とあわせて取り組むデジタル社会の実現に向けた取組"
    assert any("recovered" in w for w in warnings)
    by_year = {(s["measure_id"], s["fiscal_year"], s["open_ended"]) for s in schedules}
    assert by_year == {("d:m001", 2023, False), ("d:m001", 2024, False), ("d:m002", 2024, True)}


CHAPTER = "\n".join(
    [
        "第2章 環境",
        "1 国の動向",
        "自治体DX推進計画",
        "重点取組事項",
        "- ① 自治体の情報システムの標準化・共通化",
        "- ② 自治体の行政手続きのオンライン化",
        "",
        "第3章 具体的な取組",
        "1 情報システムの標準化・共通化",
        "- 令和7年度末までにガバメントクラウドへ移行します。",
        "今後の取組の方向性",
        "① 基幹情報システムの標準化推進",
        "課題",
        "・令和7年度末までに標準化を完了させる必要がある",
        "対応案",
        "・移行計画を作成する",
        "2 行政手続きのオンライン化",
        "- 国が指定する31手続のうち、子育てと介護の25手続のオンライン化に取り組みます。",
        "今後の取組の方向性",
        "① 段階的にオンライン手続きを導入する",
        "課題\t対応案",
        "・窓口での申請が多い\t・国の示す31手続についてオンライン化を推進する",
        "3 地域社会のデジタル化",
        "今後の取組の方向性",
        "① 町内のWifiスポット整備",
        "課題",
        "・ITインフラの整備",
    ]
)


def test_numbered_chapter_with_level_two_items_and_the_plans_own_priority_list():
    measures, schedules, kpis, _ = run(CHAPTER)
    assert [(m.level, m.number, m.title, m.parent.number if m.parent else None) for m in measures] == [
        (1, "1", "情報システムの標準化・共通化", None),
        (2, "①", "基幹情報システムの標準化推進", "1"),
        (1, "2", "行政手続きのオンライン化", None),
        (2, "①", "段階的にオンライン手続きを導入する", "2"),
        (1, "3", "地域社会のデジタル化", None),
        (2, "①", "町内のWifiスポット整備", "3"),
    ]
    assert [m.national_priority for m in measures if m.level == 1] == [True, True, False]
    assert all(m.pillar is None for m in measures)
    assert {(s["measure_id"], s["fiscal_year"]) for s in schedules} == {("d:m001", 2025), ("d:m002", 2025)}
    assert [(k["measure_id"], k["target_value"], k["unit"]) for k in kpis] == [
        ("d:m003", 25.0, "手続"),
        ("d:m004", 31.0, "手続"),
    ]


TABLE_MEASURE = "\n".join(
    [
        "第3章 実施施策",
        "基本方針1 利用者にとって便利な行政サービスの実現",
        "(取組施策1) 行政手続のオンライン化",
        "概要\t電子申請を活用したオンライン化を推進する。",
        "成果目標\t(1) 200手続をオンライン化する。 (2) 市のSNSの登録人数を2万人まで増やす。 (3) 現金納付の件数を、令和7年度までに対令和3年度比で半減させる。",
        "取組工程表\t令和4年度 令和5年度 令和6年度 令和7年度\t\t\t",
        "行政手続のオンライン化\tオンライン化 100手続\tオンライン化 140手続\tオンライン化 170手続\tオンライン化 200手続",
        "市のSNSの登録人数\tR4.4.1 1.4万人\t1.7万人\t1.8万人\t2万人",
        "AI・RPAの利用促進\t(令和4年度) RPA等を導入\t(令和7年度) RPA等の活用を拡大【年20業務】\t\t",
        "\t\t新たな利活用を検討・実施\t\t",
    ]
)


def test_table_measure_with_label_column_years_in_one_cell_and_kpis():
    measures, schedules, kpis, _ = run(TABLE_MEASURE)
    assert [(m.number, m.title, m.pillar) for m in measures] == [
        ("(取組施策1)", "行政手続のオンライン化", "利用者にとって便利な行政サービスの実現")
    ]
    rows = [
        (s["activity"], s["fiscal_year"], s["value_num"], s["unit"])
        for s in schedules
        if s["source"] == "table"
    ]
    assert rows[:4] == [
        ("行政手続のオンライン化", 2022, 100.0, "手続"),
        ("行政手続のオンライン化", 2023, 140.0, "手続"),
        ("行政手続のオンライン化", 2024, 170.0, "手続"),
        ("行政手続のオンライン化", 2025, 200.0, "手続"),
    ]
    assert ("市のSNSの登録人数", 2022, 14000.0, "人") in rows and (
        "市のSNSの登録人数",
        2023,
        17000.0,
        "人",
    ) in rows
    assert ("AI・RPAの利用促進", 2025, 20.0, "業務") in rows  # the cell's own year beats its column
    assert ("新たな利活用を検討・実施", 2023, None, None) in rows  # an unlabelled row uses its text
    assert [(k["target_value"], k["unit"], k["target_fy"], k["baseline_value"]) for k in kpis] == [
        (200.0, "手続", 2025, None),
        (20000.0, "人", 2025, 14000.0),
        (None, None, 2025, None),
    ]
    assert kpis[1]["indicator"] == "市のSNSの登録人数" and kpis[2]["baseline_text"] == "令和3年度"
    text = [s for s in schedules if s["source"] == "text"]
    assert [(s["fiscal_year"], s["activity"][:6]) for s in text] == [(2025, "現金納付の件")]


THEMES = "\n".join(
    [
        "第3章 具体的な取組",
        "3.1 行政サービスの向上",
        "1 行政手続のオンライン化",
        "電子申請を広げます。",
        "2 キャッシュレス決済の導入",
        "窓口で電子決済を使えるようにします。",
        "3.2 業務の効率化",
        "3 AI・RPAの活用",
        "定型業務を自動化します。",
        "4 テレワークの推進",
        "在宅勤務を広げます。",
    ]
)


def test_items_numbered_through_decimal_themes_without_block_labels():
    measures, _, _, _ = run(THEMES)
    assert [(m.number, m.pillar) for m in measures] == [
        ("1", "行政サービスの向上"),
        ("2", "行政サービスの向上"),
        ("3", "業務の効率化"),
        ("4", "業務の効率化"),
    ]
    assert [m.category for m in measures] == ["frontyard_online", "cashless", "ai_rpa", "telework"]


def test_a_measure_that_fits_no_category_gets_none():
    assert categorize("庁舎の耐震改修", "庁舎の耐震性を高めます。") is None
    assert categorize("デジタル格差対策", "") == "digital_divide"
    assert categorize("行政手続きのオンライン化", "") == "frontyard_online"


KPI_TABLE = "\n".join(
    [
        "第3章 具体的な取組",
        "3.1 行政サービスの向上",
        "1 行政手続のオンライン化",
        "電子申請を広げます。計画期間は令和6年度から3年間とします。",
        "指標名\t現状値（令和5年度）\t目標値（令和8年度）",
        "電子申請の件数\t1,200件\t3,000件",
        "マイナンバーカード交付率\t65%\t100%",
        "2 キャッシュレス決済の導入",
        "取組\t2024\t2025\t2026",
        "窓口のキャッシュレス化\t検討\t導入\t拡大",
    ]
)


def test_kpi_tables_and_bare_year_schedule_headers():
    measures, schedules, kpis, _ = run(KPI_TABLE)
    assert [
        (k["measure_id"], k["indicator"], k["target_value"], k["unit"], k["target_fy"], k["baseline_value"])
        for k in kpis
    ] == [
        ("d:m001", "電子申請の件数", 3000.0, "件", 2026, 1200.0),
        ("d:m001", "マイナンバーカード交付率", 100.0, "%", 2026, 65.0),
    ]
    rows = [
        (s["measure_id"], s["activity"], s["fiscal_year"], s["value"])
        for s in schedules
        if s["source"] == "table"
    ]
    assert rows == [
        ("d:m002", "窓口のキャッシュレス化", 2024, "検討"),
        ("d:m002", "窓口のキャッシュレス化", 2025, "導入"),
        ("d:m002", "窓口のキャッシュレス化", 2026, "拡大"),
    ]


def test_a_background_section_with_one_status_block_is_not_a_measure():
    doc = "\n".join(
        [
            "第1章 背景",
            "1. 本市の現状",
            "(1) 人口",
            "人口が減っています。",
            "(2) 課題",
            "職員が不足しています。",
            "第2章 取組",
            "1. 窓口のオンライン化",
            "現状と課題",
            "紙の申請が多い。",
            "今後の取組",
            "電子申請を導入します。",
        ]
    )
    measures, _, _, _ = run(doc)
    assert [m.title for m in measures] == ["窓口のオンライン化"]


@pytest.mark.parametrize(
    ("title", "description", "pillar", "category"),
    [
        # the title names the subject: it decides
        ("電子決裁の導入", "決裁の手続をシステムで行う。", "", "bpr"),
        # the title does not name it, the measure's own text does
        (
            "庁内業務の抜本的な見直し",
            "業務プロセスの見直し（BPR）を進め、ローコードツールやRPAで定型業務を自動化する。業務フローを可視化する。",
            "",
            "bpr",
        ),
        (
            "各種通知の見直し",
            "紙で送付している通知をLINEやメール配信によるお知らせに切り替え、情報発信を強化する。",
            "",
            "digital_communication",
        ),
        (
            "外部サービスの活用",
            "SaaS等のクラウドサービスを活用し、庁内の業務環境を整える。Web会議も導入する。",
            "",
            "ict_workplace",
        ),
        ("業務マニュアルの整備", "各課の手順を標準様式のマニュアルに統一し、業務の標準化を図る。", "", "bpr"),
        # the pillar is context: one mention in the text plus the pillar is enough
        ("研修の充実", "情報セキュリティの研修を年2回行う。", "セキュリティ対策", "security"),
        # nothing fits: not forced into a category
        ("地元企業の販路拡大支援", "地元の事業者の商品をインターネットで販売する取組を支援する。", "", None),
        ("市民参加のまちづくり", "ワークショップを開き、市民の意見を施策に反映する。", "", None),
    ],
)
def test_category_from_title_then_description_then_pillar(title, description, pillar, category):
    assert categorize(title, description, pillar) == category


def test_a_block_label_with_no_text_before_the_next_heading_makes_no_measure():
    text = "\n".join(
        [
            "1 計画の概要",
            "本計画は本市の方針を示します。",
            "2 推進体制",
            "体制を整えます。",
            "具体的な取組",
            "",
            "3 取組",
            "(1) 窓口のオンライン化",
            "現状と課題",
            "窓口が混雑しています。",
            "今後の取組",
            "オンライン申請を広げます。",
            "(2) テレワーク",
            "現状と課題",
            "在宅勤務の環境がありません。",
            "今後の取組",
            "端末を整備します。",
        ]
    )
    measures, _, _, _ = run(text)
    assert [(m.level, m.title) for m in measures] == [(1, "窓口のオンライン化"), (1, "テレワーク")]


def test_a_schedule_table_s_year_header_read_as_lines_of_text_schedules_nothing():
    # pdftotext without -layout gives a table one cell per line: the header's years are no activity.
    doc = "\n".join(
        [
            "(1) 行政手続のオンライン化",
            "① 今後の取組",
            "- 国は2022年度末を目指して手続のオンライン化を進めることとしています。",
            "② スケジュール",
            "2022 (R4) 年度",
            "",
            "2023 (R5) 年度",
            "",
            "令和6年度",
            "電子申請システムの導入検討",
        ]
    )
    _, schedules, _, _ = run(doc)
    assert [(s["activity"], s["fiscal_year"]) for s in schedules] == [
        ("国は2022年度末を目指して手続のオンライン化を進めることとしています。", 2022)
    ]


def test_a_measure_s_targets_block_with_the_year_between_indicator_and_figure():
    doc = "\n".join(
        [
            "1. 行政手続のオンライン化",
            "(1) 現状と課題",
            "来庁が必要な手続が多くあります。",
            "(2) 取組内容",
            "ア 子育て関係の26手続について、令和5年度中にオンライン化します。",
            "(3) 目標",
            "オンライン申請件数 令和7年度 1,000件",
        ]
    )
    _, schedules, kpis, _ = run(doc)
    assert ("子育て関係の26手続について、令和5年度中にオンライン化します。", 2023) in [
        (s["activity"], s["fiscal_year"]) for s in schedules
    ]
    assert [(k["indicator"], k["target_value"], k["unit"], k["target_fy"]) for k in kpis] == [
        ("オンライン申請件数", 1000.0, "件", 2025)
    ]


PILLARS_IN_A_CHAPTER = "\n".join(
    [
        "第1章 計画の考え方",
        "1 背景",
        "(1) 人口の動向",
        "人口が減っています。",
        "第2章 施策の展開",
        "1 市民の利便性向上",
        "(1) 書かない窓口の導入",
        "概要",
        "窓口での記入の負担を減らします。",
        "取組スケジュール",
        "取組内容\t令和6年度\t令和7年度",
        "書かない窓口の導入\t試行\t導入",
        "成果指標",
        "指標\t現状値（令和5年度）\t目標値（令和7年度）",
        "書かない窓口の対象手続数\t0手続\t50手続",
        "2 行政運営の効率化",
        "(1) RPAの活用",
        "定型的な事務作業にRPAを導入します。令和7年度までに20業務への導入を目指します。",
    ]
)


def test_a_measure_numbered_like_those_under_a_sibling_pillar_is_one_without_blocks():
    measures, schedules, kpis, _ = run(PILLARS_IN_A_CHAPTER)
    assert [(m.title, m.pillar) for m in measures] == [
        ("書かない窓口の導入", "市民の利便性向上"),
        ("RPAの活用", "行政運営の効率化"),
    ]
    # The KPI table's years head its columns: no schedule comes from them.
    assert [(s["activity"], s["fiscal_year"]) for s in schedules] == [
        ("書かない窓口の導入", 2024),
        ("書かない窓口の導入", 2025),
        ("令和7年度までに20業務への導入を目指します。", 2025),
    ]
    assert [(k["indicator"], k["target_value"], k["target_fy"]) for k in kpis] == [
        ("書かない窓口の対象手続数", 50.0, 2025),
        ("20業務への導入", 20.0, 2025),
    ]


def test_bracketed_short_labels_make_measures_and_their_target_block_gives_kpis():
    doc = "\n".join(
        [
            "3 施策",
            "(1) 行政サービスのデジタル化",
            "【現状】",
            "窓口での手続の多くは書面で行われています。",
            "【取組】",
            "・令和6年度にキャッシュレス決済を導入します。",
            "【目標】",
            "オンライン申請が可能な手続の割合を令和9年度までに80%にします。",
            "(2) 地域のデジタル化",
            "【取組】",
            "・公衆無線LANを整備します。",
            "【目標】",
            "公衆無線LANの整備箇所数を令和7年度までに10か所にします。",
        ]
    )
    measures, _, kpis, _ = run(doc)
    assert [m.title for m in measures] == ["行政サービスのデジタル化", "地域のデジタル化"]
    assert [(k["indicator"], k["target_value"], k["unit"], k["target_fy"]) for k in kpis] == [
        ("オンライン申請が可能な手続の割合", 80.0, "%", 2027),
        ("公衆無線LANの整備箇所数", 10.0, "か所", 2025),
    ]


def test_a_schedule_whose_cells_single_spaces_part_is_a_table():
    doc = "\n".join(
        [
            "(1) 行政サービスのデジタル化",
            "【スケジュール】",
            "取組 R5 R6 R7",
            "オンライン 申請 ● ● ●",
            "キャッシュレス決済 ○ ● ●",
            "2020 2021 2022",  # a chart's axis: no label column
            "12.3 15.2 18.0",
        ]
    )
    _, schedules, _, _ = run(doc)
    assert [(s["activity"], s["fiscal_year"], s["value"]) for s in schedules] == [
        ("オンライン 申請", 2023, "●"),
        ("オンライン 申請", 2024, "●"),
        ("オンライン 申請", 2025, "●"),
        ("キャッシュレス決済", 2023, "○"),
        ("キャッシュレス決済", 2024, "●"),
        ("キャッシュレス決済", 2025, "●"),
    ]


def test_measures_numbered_under_their_goal_and_a_kpi_from_baseline_to_target():
    doc = "\n".join(
        [
            "基本目標1 便利で暮らしやすいまち",
            "施策1-1 行政手続のオンライン化",
            "【主な取組】",
            "・電子申請システムの対象手続を拡大します。",
            "【成果指標】",
            "| 指標 | 基準値（R4） | 目標値（R10） |",
            "|---|---|---|",
            "| 電子申請の対象手続数 | 40<br>手続 | 200手続 |",
            "施策1-2 AI・RPAの活用",
            "【主な取組】",
            "・議事録作成にAIを活用します。",
            "【成果指標】",
            "RPA導入業務数：10業務（令和5年度）→30業務（令和10年度）",
        ]
    )
    measures, _, kpis, _ = run(doc)
    assert [(m.number, m.title, m.pillar) for m in measures] == [
        ("施策1-1", "行政手続のオンライン化", "便利で暮らしやすいまち"),
        ("施策1-2", "AI・RPAの活用", "便利で暮らしやすいまち"),
    ]
    assert [
        (k["indicator"], k["target_value"], k["target_fy"], k["baseline_value"], k["baseline_text"])
        for k in kpis
    ] == [
        ("電子申請の対象手続数", 200.0, 2028, 40.0, "40手続"),
        ("RPA導入業務数", 30.0, 2028, 10.0, "10業務（令和5年度）"),
    ]


@pytest.mark.parametrize(
    ("statement", "indicator"),
    [
        ("オンライン申請件数 令和7年度 1,000件", "オンライン申請件数"),
        ("カード交付率 令和8年度末 90%", "カード交付率"),
        ("令和8年度までに20業務への導入を目指します", "20業務への導入"),
        ("電子決裁率を令和8年度までに80%にします", "電子決裁率"),
    ],
)
def test_what_a_target_measures(statement, indicator):
    figure = [q for q in find_quantities(statement) if q.unit][-1]
    assert indicator_of(statement, figure) == indicator


def test_a_schedule_table_with_index_name_and_owner_columns_before_the_years():
    doc = "\n".join(
        [
            "1 具体的な取組",
            "(1) 窓口のデジタル化",
            "取組内容",
            "| No. | 取組名 | 担当課 | R6 | R7 |",
            "|---|---|---|---|---|",
            "| 1 | 窓口キャッシュレス化 | 税務課 | 検討 | 導入 |",
        ]
    )
    _, schedules, _, _ = run(doc)
    assert [(s["activity"], s["fiscal_year"], s["value"]) for s in schedules] == [
        ("窓口キャッシュレス化", 2024, "検討"),
        ("窓口キャッシュレス化", 2025, "導入"),
    ]


def test_measures_a_plan_lists_as_a_table_s_rows():
    doc = "\n".join(
        [
            "1 計画の概要",
            "本計画の期間は令和6年度から令和8年度までとします。",
            "2 具体的な取組",
            "| No. | 取組名 | 内容 | 担当課 | R6 | R7 |",
            "|---|---|---|---|---|---|",
            "| 1 | 行政手続のオンライン化 | 主要な手続をオンライン化する | 総務課 | 実施 | 実施 |",
            "| 2 | 窓口キャッシュレス化 | 窓口で電子決済を導入する | 税務課 | 検討 | 導入 |",
        ]
    )
    measures, schedules, _, warnings = run(doc)
    assert [(m.title, m.description) for m in measures] == [
        ("行政手続のオンライン化", "主要な手続をオンライン化する"),
        ("窓口キャッシュレス化", "窓口で電子決済を導入する"),
    ]
    assert [(s["measure_id"], s["activity"], s["fiscal_year"]) for s in schedules][-2:] == [
        ("d:m002", "窓口キャッシュレス化", 2024),
        ("d:m002", "窓口キャッシュレス化", 2025),
    ]
    assert not warnings


VILLAGE_STRATEGY = "\n".join(
    [
        "みずなら村まち・ひと・しごと総合戦略",
        "",
        "基本目標1 しごとをつくる",
        "",
        "［現状と課題］",
        "村内の事業所数は減り続けており、若い世代が働く場が不足しています。",
        "",
        "［具体的な施策］",
        "① 特産品の販路拡大",
        "村の特産品をインターネットで販売する仕組みを整えます。",
        "② 創業の支援",
        "村内で事業を始める人に、空き店舗の改修費を補助します。",
        "",
        "基本目標2 ひとの流れをつくる",
        "",
        "〔現状と課題〕",
        "転出が転入を上回る状態が続いています。",
        "",
        "〔具体的な施策〕",
        "① 移住相談の充実",
        "オンラインでの移住相談を毎月開きます。",
    ]
)


def test_a_strategy_with_bracketed_block_labels_gives_its_measures():
    measures, _, _, _ = run(VILLAGE_STRATEGY)
    titles = [m.title for m in measures]
    assert {"特産品の販路拡大", "創業の支援", "移住相談の充実"} <= set(titles), titles


PILLAR_GOALS = "\n".join(
    [
        "みずなら村総合戦略",
        "",
        "基本目標2 ひとの流れをつくる",
        "",
        "【数値目標】",
        "◇移住者数 年40人",
        "◇新規就農者数 5年間で6人",
        "",
        "［具体的な施策］",
        "① 移住相談の充実",
        "オンラインでの移住相談を毎月開きます。",
    ]
)


def test_a_goal_holding_a_measure_list_is_its_pillar_and_its_numeric_goals_are_kpis():
    measures, _, kpis, _ = run(PILLAR_GOALS)
    assert [(m.title, m.pillar) for m in measures] == [("移住相談の充実", "ひとの流れをつくる")]
    assert [(k["measure_id"], k["indicator"], k["target_value"], k["unit"]) for k in kpis] == [
        (None, "移住者数", 40.0, "人"),
        (None, "新規就農者数", 6.0, "人"),  # the goal as its list names it
    ]


SCHEDULE_GRID_PLAN = "\n".join(
    [
        "みどり町デジタル推進計画",
        "",
        "第1章 計画の考え方",
        "",
        "1 計画の目的",
        "町民の手続を便利にするため、デジタル技術を計画的に使う。",
        "",
        "2 計画の期間",
        "この計画の期間は、令和7年度から令和9年度までとする。",
        "",
        "第2章 取組の工程",
        "",
        "1 工程表",
        "取組\t令和7年度\t令和8年度\t令和9年度",
        "窓口の予約\t●\t●\t",
        "電子決裁\t\t●\t●",
        "電子決裁\t\t\t●",
        "",
        "2 進捗の管理",
        "毎年度、進み具合を確かめて公表する。",
    ]
)


def test_a_plan_whose_only_list_of_measures_is_its_schedule_grid():
    # Chapters are never measures, '1 工程表' only titles the grid, and a measure's cell repeated down
    # its rows (merged in the source) is one measure; the section titling the grid is no pillar.
    measures, schedules, _, _ = run(SCHEDULE_GRID_PLAN)
    assert [(m.title, m.pillar) for m in measures] == [("窓口の予約", None), ("電子決裁", None)]
    assert sorted({(s["activity"], s["fiscal_year"]) for s in schedules if s["source"] == "table"}) == [
        ("窓口の予約", 2025), ("窓口の予約", 2026), ("電子決裁", 2026), ("電子決裁", 2027)
    ]  # fmt: skip


def test_a_kpi_header_cell_that_is_the_word_wins_over_one_that_ends_with_it():
    from pipeline.tables.find import header_roles

    assert header_roles(["重点項目", "取組", "指標", "現状値", "目標値（令和9年度）"]) == [
        None, None, "indicator", "baseline", "target"
    ]  # fmt: skip
    assert header_roles(["項目", "現状値", "目標値"]) == ["indicator", "baseline", "target"]


STRATEGY_GOAL_BLOCKS = "\n".join(
    [
        "みずなら村総合戦略",
        "",
        "基本目標1 しごとをつくる",
        "",
        "［数値目標］",
        "◇村内での起業件数 年5件",
        "",
        "［主な事業］",
        "① 空き店舗の活用",
        "空き店舗を改修して貸し出します。",
    ]
)


def test_a_goals_numeric_target_block_and_measure_list_are_siblings():
    measures, _, kpis, _ = run(STRATEGY_GOAL_BLOCKS)
    _, sections = document(STRATEGY_GOAL_BLOCKS)
    assert [(s["level"], s["title"]) for s in sections] == [
        (1, "しごとをつくる"), (2, "数値目標"), (2, "主な事業"), (3, "空き店舗の活用")
    ]  # fmt: skip
    assert [(m.title, m.pillar) for m in measures] == [("空き店舗の活用", "しごとをつくる")]
    assert [(k["indicator"], k["target_value"], k["unit"]) for k in kpis] == [("村内での起業件数", 5.0, "件")]


DECK_AS_TEXT = "\n".join(
    [
        "## 取組1 証明書のコンビニ交付",
        "柱1 暮らしの手続を身近に",
        "【現状と課題】",
        "平日に来庁する必要がある。",
        "■取組内容",
        "コンビニで受け取れるようにする。",
        "",
        "## 取組2 施設予約のオンライン化",
        "柱1 暮らしの手続を身近に",
        "【現状と課題】",
        "予約は電話に限られている。",
        "■取組内容",
        "ウェブで予約できるようにする。",
        "",
        "## 取組3 テレワークの拡大",
        "柱2 働き方を変える",
        "【現状と課題】",
        "自宅で働ける職員が少ない。",
        "■取組内容",
        "端末を配備する。",
    ]
)


def test_a_pillar_tag_read_as_a_heading_is_its_measures_pillar():
    # The tag repeats over the pillar's measures (柱1 twice); a measure does not repeat.
    measures, _, _, _ = run(DECK_AS_TEXT)
    assert [(m.title, m.pillar) for m in measures] == [
        ("証明書のコンビニ交付", "柱1 暮らしの手続を身近に"),
        ("施設予約のオンライン化", "柱1 暮らしの手続を身近に"),
        ("テレワークの拡大", "柱2 働き方を変える"),
    ]


def test_numbered_sections_each_over_the_same_block_are_measures_whatever_their_chapter_is_called():
    # A scan's chapter title read wrong (取組 as 耶): nothing in it says it holds the measures, but its
    # numbered sections, each over a block of the same label, are a list of measures.
    doc = "\n".join(
        [
            "第1章 背景",
            "1. 本市の現状",
            "人口が減っています。",
            "第2章 DXの耶",
            "1. 窓口のオンライン化",
            "概要",
            "紙の申請をなくします。",
            "2. 庁内ネットワークの無線化",
            "概要",
            "会議室を無線にします。",
        ]
    )
    measures, _, _, _ = run(doc)
    assert [m.title for m in measures] == ["窓口のオンライン化", "庁内ネットワークの無線化"]


def test_numbered_sections_over_blocks_of_different_labels_are_not_a_list_of_measures():
    doc = "\n".join(
        [
            "第1章 背景",
            "1. 本市の人口",
            "現状",
            "人口が減っています。",
            "2. 本市の財政",
            "概要",
            "歳入が減っています。",
        ]
    )
    measures, _, _, warnings = run(doc)
    assert measures == []


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("調査済みの森林面積 9,000ha", [(9000.0, "ha")]),
        ("消費電力を30kWh削減", [(30.0, "kWh")]),
        ("回線 100 Mbps", [(100.0, "Mbps")]),
        ("受講者 1,000人", [(1000.0, "人")]),
        ("5Gの基地局", []),  # a name, not a quantity
        ("Windows11へ移行", []),
        ("3tonnesの削減", []),  # a Latin unit only as the whole word
    ],
)
def test_quantities_in_latin_units_and_names_that_are_not(text, figures):
    assert [(q.value, q.unit) for q in find_quantities(text)] == figures


def _section(section_id: str, number: str | None, title: str, start: int, end: int) -> dict:
    family = "label:" + number.rstrip("0123456789") if number else "markdown:1"
    return {"section_id": section_id, "parent_id": None, "level": 1, "number": number, "title": title,
            "family": family, "line_start": start, "line_end": end}  # fmt: skip


def test_a_roadmap_in_a_pillars_section_lists_its_measures_and_a_later_list_names_them_again():
    from pipeline.extract.measures.table_measures import table_measures
    from pipeline.tables.find import Table

    roadmap = Table(1, [["", "2026年度", "2027年度"], ["①公民館の予約", "検討", "運用"], ["②図書の宅配", "", "運用"]],
                    [11, 12, 13], kind="schedule")  # fmt: skip
    kpis = Table(
        2, [["取組", "指標", "目標値"], ["公民館の予約", "予約件数", "900件"]], [31, 32], kind="action_plan"
    )
    sections = [_section("s1", "推進方針1", "身近な手続", 10, 20), _section("s2", None, "指標一覧", 30, 40)]
    found = table_measures([roadmap, kpis], sections)
    assert [(m.title, m.section["section_id"]) for m in found] == [
        ("公民館の予約", "s1"),
        ("図書の宅配", "s1"),
    ]
    # The same roadmap under a heading that only titles it (工程表) lists activities, not measures.
    assert table_measures([roadmap], [_section("s1", None, "工程表", 10, 20)]) == []


def test_one_column_numbering_an_outline_gives_each_measure_the_pillar_row_above_it():
    from pipeline.extract.measures.table_measures import table_measures
    from pipeline.tables.find import Table

    grid = Table(1, [["区分", "項目", "担当課", "R8", "R9"], ["1", "窓口の改革", "", "", ""],
                     ["(1)", "書かない窓口", "市民課", "○", "○"], ["(2)", "予約制の窓口", "市民課", "", "○"],
                     ["2", "学びのデジタル化", "", "", ""], ["(3)", "図書の電子貸出", "図書館", "○", ""]],
                 list(range(10, 16)), kind="action_plan")  # fmt: skip
    found = table_measures([grid], [])
    assert [(m.title, m.pillar) for m in found] == [
        ("書かない窓口", "窓口の改革"),
        ("予約制の窓口", "窓口の改革"),
        ("図書の電子貸出", "学びのデジタル化"),
    ]
    # Numbered alike, a row with nothing scheduled is a measure like the others, no pillar.
    flat = Table(2, [grid.rows[0], ["(1)", "書かない窓口", "", "", ""], ["(2)", "予約制の窓口", "市民課", "", "○"]],
                 [20, 21, 22], kind="action_plan")  # fmt: skip
    assert [m.title for m in table_measures([flat], [])] == ["書かない窓口", "予約制の窓口"]


@pytest.mark.parametrize(
    ("tag", "pillar"),
    [
        ("重点目標1｜手続と相談のデジタル化", "重点目標1 手続と相談のデジタル化"),
        ("推進分野2：学びの場", "推進分野2 学びの場"),
        ("基本方針Ⅰ 窓口の改革", "基本方針Ⅰ 窓口の改革"),
        ("成果目標1 申請件数", None),  # a target's label, not a pillar's
        ("施策2 窓口の改革", None),  # a measure's
    ],
)
def test_pillar_tags_by_their_head_word_and_whatever_parts_the_number(tag, pillar):
    from pipeline.families.titles import names_pillar, pillar_tag

    assert (pillar_tag(tag) if names_pillar(tag) else None) == pillar


def test_a_target_label_set_before_its_text_with_only_a_space():
    from pipeline.families.block_labels import opens_with_target_label

    assert opens_with_target_label("成果目標　申請件数　0件 → 900件（令和10年度）")
    assert not opens_with_target_label("目標を達成するため、窓口を見直す。")
    assert not opens_with_target_label("目標値の考え方")
