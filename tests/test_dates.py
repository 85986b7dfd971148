import pytest

from pipeline.families.dates import PlanPeriod, cover_period, find_years, plan_period, year_month


@pytest.mark.parametrize(
    ("text", "year", "fiscal"),
    [
        ("令和5年度", 2023, True),
        ("R4", 2022, False),
        ("2022 (R4) 年度", 2022, True),
        ("2023（令和5）年度", 2023, True),
        ("令和4(2022)年度", 2022, True),
        ("令和元年", 2019, False),
        ("平成30年3月", 2018, False),
        ("FY2025", 2025, True),
        ("FY 2024", 2024, True),
    ],
)
def test_year_spellings(text, year, fiscal):
    (mention,) = find_years(text)
    assert (mention.year, mention.fiscal) == (year, fiscal)


def test_bare_numbers_are_not_years():
    assert find_years("配布数3,000、回収数1196") == []


def test_months_fold_into_fiscal_years():
    (january,) = find_years("2026年3月")
    assert january.fiscal_year == 2025
    assert year_month("令和6年1月策定") == "2024-01"
    assert year_month("R4.4.1 1.4万人") == "2022-04"


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("計画期間は令和5年度から令和7年度までの3年間とします。", 2023, 2025),
        ("計画期間は2023（令和5）年度から2027（令和9）年度までの5年間とします。", 2023, 2027),
        ("本計画の計画期間は、2022年（令和4年）10月から2026年（令和8年）3月までとします。", 2022, 2025),
        ("推進期間については2025年度までとします。", None, 2025),
    ],
)
def test_plan_period(sentence, start, end):
    period = plan_period([sentence])
    assert (period.start_fy, period.end_fy) == (start, end)


def test_plan_period_needs_a_period_sentence():
    assert plan_period(["県は令和4年度から令和7年度の4か年の方針を策定しました。"]).end_fy is None


def test_plan_period_from_a_start_and_a_duration():
    assert plan_period(["計画期間は令和6年度から3年間とします。"]) == PlanPeriod(2024, 2026)
    assert plan_period(["本計画の期間は、2024年度からの5か年とします。"]) == PlanPeriod(2024, 2028)


def test_ranges_sharing_one_era_or_unit():
    assert [(m.year, m.fiscal) for m in find_years("令和6～8年度")] == [(2024, True), (2026, True)]
    assert [(m.year, m.fiscal) for m in find_years("2024～2026年度")] == [(2024, True), (2026, True)]
    assert plan_period(["計画期間：令和6～8年度"]) == PlanPeriod(2024, 2026)


@pytest.mark.parametrize(
    ("cover", "start", "end"),
    [
        (["〇〇市DX推進計画", "（令和６年度～令和９年度）"], 2024, 2027),
        (["計画期間：2024年度～2028年度"], 2024, 2028),
        (["〇〇市DX推進計画", "令和5年3月"], None, None),
        (["令和6年度から令和8年度までの取組を示します。"], None, None),  # a sentence, not a span
    ],
)
def test_a_cover_line_that_is_a_span_of_fiscal_years_gives_the_period(cover, start, end):
    assert cover_period(cover) == PlanPeriod(start, end)
