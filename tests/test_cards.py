"""Measure cards (施策シート): a measure laid out with its labels down the first column is read as the
one-row action plan it stands for (pipeline/tables/cards.py). Inputs written here."""

from __future__ import annotations

from pipeline.extract.kpis.tables import kpi_table_rows
from pipeline.extract.measures.table_measures import table_measures
from pipeline.extract.schedules import table_schedule_rows
from pipeline.tables.cards import CARD, join_cards, mark_cards
from pipeline.tables.find import Drawn, Table
from pipeline.tables.kinds import classify, schedule_table_lines

CARD_ROWS = [
    ["事業名", "図書館の電子書籍貸出", "図書館の電子書籍貸出"],  # a value merged across repeats
    ["事業の内容", "電子書籍を24時間借りられるようにする", ""],
    ["所管課", "生涯学習課", ""],
    ["工程", "令和7年度", "令和8年度"],
    ["工程", "準備", ""],
    ["成果指標", "指標", "目標値（令和8年度）"],
    ["成果指標", "電子書籍の貸出件数", "8,000件"],
]


def _card(rows: list[list[str]], first_line: int = 10, number: int = 1) -> Table:
    return Table(number, [list(r) for r in rows], list(range(first_line, first_line + len(rows))))


def _read(*tables: Table) -> list[Table]:
    return join_cards(mark_cards(classify(list(tables), [])))


def test_a_card_is_marked_and_read_as_a_one_row_action_plan():
    card = _card(CARD_ROWS)
    card.drawn[(4, 2)] = Drawn(fill="#4472c4")  # 令和8年度 shaded, no word
    assert mark_cards(classify([card], []))[0].kind == CARD
    (grid,) = join_cards([card])
    assert grid.kind == "action_plan"
    assert grid.rows[0] == [
        "事業名",
        "事業の内容",
        "所管課",
        "令和7年度",
        "令和8年度",
        "指標",
        "目標値（令和8年度）",
    ]
    assert grid.rows[1][:5] == [
        "図書館の電子書籍貸出",
        "電子書籍を24時間借りられるようにする",
        "生涯学習課",
        "準備",
        "",
    ]
    assert grid.drawn[(1, 4)].fill == "#4472c4"
    schedule = [(r.activity, r.fiscal_year, r.value) for r in table_schedule_rows([grid])]
    assert schedule == [("図書館の電子書籍貸出", 2025, "準備"), ("図書館の電子書籍貸出", 2026, None)]
    targets, _ = kpi_table_rows([grid])
    assert [(t["indicator"], t["target_value"], t["target_fy"], t["text"]) for t in targets] == [
        ("電子書籍の貸出件数", 8000.0, 2026, "電子書籍の貸出件数 | 8,000件")
    ]
    (measure,) = table_measures([grid], [])
    assert (measure.title, measure.description) == (
        "図書館の電子書籍貸出",
        "電子書籍を24時間借りられるようにする",
    )
    assert schedule_table_lines([grid]) >= set(range(10, 17))  # none of its lines is read again as prose


def test_a_card_carried_over_a_page_break_is_one_card():
    head, rest = _card(CARD_ROWS[:4], 10, 1), _card([["", "準備", "実施"], *CARD_ROWS[5:]], 20, 2)
    (grid,) = _read(head, rest)
    assert [(r.fiscal_year, r.value) for r in table_schedule_rows([grid])] == [(2025, "準備"), (2026, "実施")]
    assert len(kpi_table_rows([grid])[0]) == 1


def test_two_cards_one_after_the_other_stay_two_and_a_dash_is_no_entry():
    second = [row[:] for row in CARD_ROWS]
    second[0] = ["事業名", "公民館の予約システム", ""]
    second[4] = ["工程", "－", "構築"]
    grids = _read(_card(CARD_ROWS, 10, 1), _card(second, 20, 2))
    assert [g.rows[1][0] for g in grids] == ["図書館の電子書籍貸出", "公民館の予約システム"]
    assert [(r.fiscal_year, r.value) for r in table_schedule_rows(grids[1:])] == [(2026, "構築")]


def test_tables_that_are_not_cards():
    action_plan = _card(
        [["取組名", "内容", "令和7年度", "令和8年度"], ["窓口の改善", "予約制にする", "●", "●"]]
    )
    key_values = _card([["計画の名称", "わかば町DX推進計画"], ["計画期間", "令和7年度～令和9年度"]])
    glossary = _card([["用語", "説明"], ["RPA", "定型作業を自動化するソフトウェア"]])
    tables = mark_cards(classify([action_plan, key_values, glossary], []))
    assert CARD not in [t.kind for t in tables]
    assert join_cards(tables) == tables


def test_a_two_column_card_with_a_period_row_schedules_each_year_of_its_period():
    card = _card(
        [
            ["施策名", "ドローンによる橋梁点検"],
            ["施策の内容", "市道の橋をドローンで点検する"],
            ["実施時期", "令和8年度～令和10年度"],
            ["担当課", "土木課"],
        ]
    )
    (grid,) = _read(card)
    assert grid.kind == "action_plan"
    rows = [(r.activity, r.fiscal_year) for r in table_schedule_rows([grid])]
    assert rows == [("ドローンによる橋梁点検", year) for year in (2026, 2027, 2028)]


def test_a_schedule_of_years_down_its_first_column_gives_each_year_its_rows_words():
    from pipeline.tables.kinds import year_rows

    table = _card(
        [
            ["年度", "取組"],
            ["令和8年度", "要件の整理"],
            ["令和9年度", "システムの構築"],
            ["令和10年度", "運用"],
        ]
    )
    (classified,) = classify([table], [])
    assert classified.kind == "schedule" and year_rows(classified) == {1: 2026, 2: 2027, 3: 2028}
    rows = [(r.activity, r.fiscal_year, r.value) for r in table_schedule_rows([classified])]
    assert rows == [
        ("", 2026, "要件の整理"),
        ("", 2027, "システムの構築"),
        ("", 2028, "運用"),
    ]  # the measure's
    assert schedule_table_lines([classified]) == set(range(10, 14))
    # Years beside counts are statistics, not a schedule.
    census = _card(
        [["年度", "利用件数"], ["2022年度", "1,200件"], ["2023年度", "1,450件"], ["2024年度", "1,800件"]]
    )
    assert not year_rows(census)


def test_a_grid_laid_on_its_side_gives_a_measure_per_column():
    side = _card(
        [
            ["取組", "書かない窓口", "図書の電子貸出"],
            ["内容", "申請書を窓口で作る", "電子書籍を貸し出す"],
            ["令和7年度", "●", ""],
            ["令和8年度", "●", "●"],
            ["指標", "書かない申請の割合", "電子貸出件数"],
            ["目標値（令和8年度）", "50%", "8,000件"],
        ]
    )
    side.drawn[(3, 2)] = Drawn(fill="#dae3f3")  # the row's banding, which its label shares
    side.drawn[(3, 0)] = Drawn(fill="#dae3f3")
    (grid,) = _read(side)
    assert grid.kind == "action_plan" and [r[0] for r in grid.rows] == [
        "取組",
        "書かない窓口",
        "図書の電子貸出",
    ]
    schedule = [(r.activity, r.fiscal_year, r.value) for r in table_schedule_rows([grid])]
    assert schedule == [
        ("書かない窓口", 2025, "●"),
        ("書かない窓口", 2026, "●"),
        ("図書の電子貸出", 2026, "●"),
    ]
    targets = kpi_table_rows([grid])[0]
    assert [(t["target_value"], t["target_fy"]) for t in targets] == [(50.0, 2026), (8000.0, 2026)]
    assert targets[0]["text"].startswith("書かない窓口 | 申請書を窓口で作る")  # its column, as an upright row
    # A header row over measures in rows is no grid on its side.
    upright = _card([["取組", "担当", "成果指標"], ["書かない窓口", "市民課", "書かない申請の割合"]])
    assert CARD not in [t.kind for t in mark_cards(classify([upright], []))]


def test_figures_written_bare_take_the_unit_column():
    table = _card([["指標名", "現状値", "目標値（令和9年度）", "単位"], ["受講者数", "150", "1,000", "人"]])
    (kpi,) = kpi_table_rows(classify([table], []))[0]
    assert (kpi["target_value"], kpi["unit"], kpi["baseline_value"]) == (1000.0, "人", 150.0)
