"""The plan's own facts as families: its period in any of its forms, its title from the cover's
evidence, where its date came from, and old or variant character forms folded in every comparison."""

import pytest
from conftest import document, headings

from pipeline.config.municipalities import resolve
from pipeline.extract.documents import extract_metadata, typeset_title
from pipeline.language.normalize import compact
from pipeline.language.variants import fold_variants

BODY = "オンライン申請を推進し、窓口での手続を減らします。"


def _meta(text: str, properties: dict | None = None) -> dict:
    lines, sections = document(text)
    return extract_metadata(lines, sections, [], properties)[0]


@pytest.mark.parametrize(
    ("statement", "period"),
    [
        ("本戦略の期間は、2025年度から2029年度までの5年間とします。", (2025, 2029)),
        ("本戰略の期間は、2025年度から2029年度までの5年間とします。", (2025, 2029)),  # the old form of 戦
        ("このビジョンの推進期間は令和7年度から令和11年度までとします。", (2025, 2029)),
        ("計画期間は令和7年度から5年間とします。", (2025, 2029)),
        ("対象期間：2025年度～2027年度", (2025, 2027)),
    ],
)
def test_the_plan_states_its_own_period_in_a_section_of_its_own(statement, period):
    text = "\n".join(
        [
            "さくら村地域情報化戦略",
            "",
            "第1章 戦略策定の背景",
            "本村では、平成13年度から平成15年度までの3年間を計画期間とする地域情報化計画に基づき、情報化を進めてきました。",
            "前計画（令和2年度から令和4年度まで）の成果を踏まえます。",
            "",
            "第2章 戦略の期間",
            statement,
            "",
            "第3章 施策",
            "1 窓口のデジタル化",
            BODY,
        ]
    )
    meta = _meta(text)
    assert (meta["plan_start_fy"], meta["plan_end_fy"]) == period


def test_a_period_described_only_in_the_background_is_not_taken_over_the_plans_own():
    text = "\n".join(
        [
            "もみじ市DX推進計画",
            "",
            "1 はじめに",
            "旧計画の計画期間は平成30年度から令和2年度までとしていました。",
            "本計画の期間は令和6年度から令和8年度までとします。",
            "",
            "2 取組",
            BODY,
        ]
    )
    meta = _meta(text)
    assert (meta["plan_start_fy"], meta["plan_end_fy"]) == (2024, 2026)


def _cover(*lines: tuple[str, float]) -> list[dict]:
    return [{"line": i + 1, "text": text, "size_ratio": size} for i, (text, size) in enumerate(lines)]


@pytest.mark.parametrize(
    ("cover", "title"),
    [
        # A mascot's name under its picture, first on the page: the title is the line in large type.
        (
            _cover(
                ("わかばちゃん", 1.2),
                ("", 1.0),
                ("わかば町デジタル推進計画", 2.4),
                ("令和7年3月", 1.4),
                ("わかば町 企画課", 1.4),
            ),
            "わかば町デジタル推進計画",
        ),
        # A series name above, the title in two lines below it in the largest type.
        (
            _cover(
                ("自治体DXシリーズ", 1.3),
                ("地域の未来をつくる", 2.0),
                ("しらかわ市DX戦略", 2.0),
                ("2025年4月", 1.0),
            ),
            "地域の未来をつくるしらかわ市DX戦略",
        ),
        # Two blocks nearly as large: the one that names a plan.
        (
            _cover(
                ("つながるまち、ひろがる暮らし", 2.2),
                ("", 1.0),
                ("ひろせ市情報化アクションプラン", 2.0),
                ("ひろせ市", 1.0),
            ),
            "ひろせ市情報化アクションプラン",
        ),
        # No plan word: the largest block, whole.
        (
            _cover(("行政データ連携の", 1.9), ("手引き", 1.9), ("2024年6月", 1.0), ("デジタル推進室", 1.0)),
            "行政データ連携の手引き",
        ),
    ],
)
def test_the_title_is_chosen_from_the_covers_evidence(cover, title):
    assert typeset_title(cover) == title


def test_a_cover_in_one_size_leaves_the_title_to_its_words():
    assert typeset_title(_cover(("さくら村", 1.9), ("DX推進計画", 1.9), ("令和6年4月", 1.9))) is None


@pytest.mark.parametrize(
    ("ending", "properties", "published", "source"),
    [
        ("", {"created": "2024-03"}, "2024-03", "metadata"),
        ("令和6年5月 さくら村総務課", {"created": "2024-03"}, "2024-05", "colophon"),
        ("", {}, None, None),
    ],
)
def test_published_and_where_it_came_from(ending, properties, published, source):
    text = "\n".join(["さくら村DX推進計画", "", "1 取組", BODY, "", ending])
    meta = _meta(text, properties)
    assert (meta["published"], meta["published_source"]) == (published, source)


def test_a_cover_date_is_the_cover_s():
    meta = _meta("さくら村DX推進計画\n令和6年3月\n\n1 取組\n" + BODY, {"created": "2020-01"})
    assert (meta["published"], meta["published_source"]) == ("2024-03", "cover")


@pytest.mark.parametrize(
    ("variant", "current"),
    [
        ("戰略", "戦略"),
        ("圖表", "図表"),
        ("實施", "実施"),
        ("條例", "条例"),
        ("髙橋", "高橋"),
        ("宮﨑", "宮崎"),
    ],
)
def test_variant_forms_fold_for_comparison(variant, current):
    assert fold_variants(variant) == current and compact(variant) == compact(current)


def test_a_heading_in_an_old_form_is_found_from_its_contents_entry_and_keeps_its_form():
    text = "\n".join(
        ["目次", "1 戦略の期間 …… 2", "2 施策 …… 3", "", "1 戰略の期間", BODY, "", "2 施策", BODY]
    )
    lines, _ = document(text)
    assert [title for _, _, title in headings(text)] == ["戰略の期間", "施策"]


def test_municipality_names_in_variant_forms_find_their_code():
    government, warning = resolve("髙山市", "岐阜県")
    assert government.code == "212032" and warning is None
    assert resolve("宮﨑市", None)[0].city == "宮崎市"
