"""Outline behaviour on small documents: each heading family and the traps around them."""

import pytest
from conftest import headings, outline

from pipeline.families.enumerators import parse_enumerator
from pipeline.language.normalize import normalize_text
from pipeline.outline.structure import shape_label


def test_enumerator_families():
    cases = {
        "第2章 計画の推進": ("chapter:章", "第2章", 2, "計画の推進"),
        "3.2 国の動向": ("decimal:2", "3.2", 2, "国の動向"),
        "1. 社会的情勢の変化": ("dotnum", "1.", 1, "社会的情勢の変化"),
        "7 地域社会のデジタル化": ("number", "7", 7, "地域社会のデジタル化"),
        "（3） テレワーク": ("paren", "（3）", 3, "テレワーク"),
        "④ SNSを活用した報告": ("circled", "④", 4, "SNSを活用した報告"),
        "基本方針2：行政事務の効率化": ("label:基本方針", "基本方針2", 2, "行政事務の効率化"),
        "取組事項① 自治体フロントヤード改革の推進": (
            "label:取組事項",
            "取組事項①",
            1,
            "自治体フロントヤード改革の推進",
        ),
        "(取組施策10) デジタル化推進人材の育成": (
            "plabel:取組施策",
            "(取組施策10)",
            10,
            "デジタル化推進人材の育成",
        ),
        "4 基本方針II 行政事務の効率化": ("label:基本方針", "4 基本方針II", 2, "行政事務の効率化"),
    }
    for text, (family, number, value, rest) in cases.items():
        e = parse_enumerator(text)
        assert (e.family, e.number, e.value, e.rest.strip()) == (family, number, value, rest), text


def test_years_and_quantities_are_not_enumerators():
    for text in ("令和5年度から実施します", "2022年3月", "3つの基本方針", "(問) ご自宅に"):
        assert parse_enumerator(text) is None, text


def test_families_nest_in_order_of_appearance_and_return_to_their_level():
    doc = "\n".join(
        [
            "第1章 背景",
            "1 計画のあらまし",
            "(1) 背景",
            "本文です。",
            "(2) 目的",
            "2 計画の位置付け",
            "第2章 取組",
            "1 情報システム",
        ]
    )
    assert headings(doc) == [
        (1, "第1章", "背景"),
        (2, "1", "計画のあらまし"),
        (3, "(1)", "背景"),
        (3, "(2)", "目的"),
        (2, "2", "計画の位置付け"),
        (1, "第2章", "取組"),
        (2, "1", "情報システム"),
    ]


def test_block_labels_nest_by_group_and_table_rows_carry_them():
    doc = "\n".join(
        [
            "1 行政手続のオンライン化",
            "今後の取組の方向性",
            "① 段階的に導入する",
            "課題\t対応案",
            "・窓口が多い\t・オンライン化する",
            "② キャッシュレス決済",
            "課題",
            "現金のみ",
            "対応案",
            "導入する",
        ]
    )
    assert headings(doc) == [
        (1, "1", "行政手続のオンライン化"),
        (2, None, "今後の取組の方向性"),
        (3, "①", "段階的に導入する"),
        (4, None, "課題"),
        (4, None, "対応案"),
        (3, "②", "キャッシュレス決済"),
        (4, None, "課題"),
        (4, None, "対応案"),
    ]


def test_table_of_contents_is_excluded_and_unnumbered_entries_become_headings():
    doc = "\n".join(
        [
            "○○市DX推進計画",
            "目次",
            "はじめに\t1",
            "第1章 背景\t2",
            "用語集\t9",
            "",
            "はじめに",
            "本市はDXを推進します。",
            "第1章 背景",
            "用語集",
        ]
    )
    result = outline(doc)
    assert [(s.level, s.title) for s in result.sections] == [(1, "はじめに"), (1, "背景"), (1, "用語集")]
    assert result.labels[3] == "toc" and result.labels[1] == "cover"


def test_running_headers_repeating_a_heading_are_not_new_sections():
    doc = "\n".join(
        [
            "1 国の動向",
            "(1) 法整備",
            "本文。",
            "",
            "1 国の動向",
            "",
            "(2) 標準化",
        ]
    )
    result = outline(doc)
    assert [(s.level, s.number) for s in result.sections] == [(1, "1"), (2, "(1)"), (2, "(2)")]
    assert result.labels[5] == "page_header"


def test_repeated_block_labels_under_different_parents_are_kept():
    doc = "## (1) A\n#### ①現状と課題\n## (2) B\n#### ①現状と課題\n## (3) C\n#### ①現状と課題"
    assert [h[2] for h in headings(doc)].count("現状と課題") == 3


def test_numbered_lists_and_figure_text_are_not_headings():
    doc = "\n".join(
        [
            "5 テレワークの推進",
            "考え方:",
            "1. いつでも使える",
            "2. 誰でも使える",
            "6 セキュリティ対策",
            "8 働きがいも",
            "経済成長も",
            "7 地域社会のデジタル化",
            "- 1 箇条書きの項目",
        ]
    )
    assert [h[1] for h in headings(doc)] == ["5", "6", "7"]


def test_enumerator_alone_on_a_line_takes_the_next_line_as_title():
    doc = "\n".join(
        ["(2) 基本方針", "", "基本方針①", "", "すべての町民に開かれたデジタル化", "", "本文です。"]
    )
    result = outline(doc)
    assert [(s.number, s.title, s.line_start) for s in result.sections][1] == (
        "基本方針①",
        "すべての町民に開かれたデジタル化",
        5,
    )


def test_markdown_headings_use_families_not_hash_counts():
    doc = "\n".join(
        [
            "# 1 背景",
            "## 国の動向",
            "### 改革の基本方針",
            "## 県の動向",
            "## 2 推進体制",
            "### (1) 体制",
            "#### 概要",
            "## 本市の方向性",
            "### ✓ 図の中の見出し",
            "# 《具体的な取り組み》",
        ]
    )
    assert headings(doc) == [
        (1, "1", "背景"),
        (2, None, "国の動向"),
        (3, None, "改革の基本方針"),
        (2, None, "県の動向"),
        (1, "2", "推進体制"),
        (2, "(1)", "体制"),
        (3, None, "概要"),
        (3, None, "本市の方向性"),
        (1, None, "《具体的な取り組み》"),
    ]


def test_line_labels():
    doc = "\n".join(
        [
            "1 背景",
            "本文です。",
            "- 箇条書き",
            "※DX: デジタル・トランスフォーメーションの略。",
            "図表3-1 人口の推移",
            "年度\t2022\t2023",
            "",
            "- 12 -",
        ]
    )
    labels = outline(doc).labels
    assert [labels[i] for i in range(1, 9)] == [
        "heading",
        "paragraph",
        "list_item",
        "footnote",
        "caption",
        "table_row",
        "blank",
        "page_header",
    ]


@pytest.mark.parametrize(
    ("line", "is_page"),
    [
        ("- 12 -", True),
        ("- ii -", True),
        ("ー 5 ー", True),
        ("－３－", True),
        ("P.3", True),
        ("3ページ", True),
        ("1/20", True),
        ("- 3.2 -", False),
        ("・ 施策", False),
    ],
)
def test_page_numbers_in_the_forms_producers_print_them(line, is_page):
    assert (shape_label(normalize_text(line)) == "page_header") == is_page


def test_roman_chapters_hyphenated_sections_kana_items_and_decorated_block_labels():
    doc = "\n".join(
        [
            "Ⅰ．計画の概要",
            "1-1 背景",
            "本文です。",
            "1-2 目的",
            "（ア）窓口改革",
            "本文です。",
            "（イ）電子申請",
            "Ⅱ．取組",
            "2-1 オンライン化",
            "■現状と課題",
            "本文です。",
            "【今後の取組】",
            "本文です。",
        ]
    )
    assert headings(doc) == [
        (1, "I.", "計画の概要"),
        (2, "1-1", "背景"),
        (2, "1-2", "目的"),
        (3, "（ア）", "窓口改革"),
        (3, "（イ）", "電子申請"),
        (1, "II.", "取組"),
        (2, "2-1", "オンライン化"),
        (3, None, "現状と課題"),
        (3, None, "今後の取組"),
    ]


def test_the_plan_title_repeated_in_the_flow_is_a_running_header():
    doc = "\n".join(
        [
            "青葉市DX推進計画",
            "目次",
            "1 背景\t1",
            "",
            "1 背景",
            "本文です。",
            "青葉市DX推進計画 2",
            "本文です。",
            "青葉市DX推進計画 3",
        ]
    )
    labels = outline(doc).labels
    assert (labels[7], labels[9], labels[6]) == ("page_header", "page_header", "paragraph")


def test_table_of_contents_ends_where_the_page_numbers_stop_after_a_gap():
    doc = "\n".join(
        [
            "青葉市DX推進計画",
            "目次",
            "第1章 概要\t1",
            "第2章 取組\t5",
            "用語集\t9",
            "",
            "",
            "計画の目的",
            "第1章 背景と目的",
            "本市は計画を策定します。",
        ]
    )
    result = outline(doc)
    assert [s.title for s in result.sections] == ["背景と目的"]
    assert result.labels[8] == "paragraph" and result.labels[5] == "toc"


def test_a_title_listed_in_an_overview_is_a_heading_again_where_its_chapter_opens():
    doc = outline(
        "\n".join(
            [
                "目次",
                "1 基本方針 ........ 1",
                "重点取組事項 ........ 2",
                "関連する取組 ........ 3",
                "",
                "1 基本方針",
                "本市の方針を示します。",
                "重点取組事項",
                "- (1) 窓口改革",
                "- (2) 標準化",
                "関連する取組",
                "- (1) 地域のデジタル化",
                "重点取組事項",
                "取組事項① 窓口改革の推進",
                "本市は窓口改革を進めます。",
                "取組事項② 標準化の推進",
                "本市は標準化を進めます。",
                "関連する取組",
                "取組事項① 地域のデジタル化",
                "本市は地域のデジタル化を進めます。",
            ]
        )
    )
    assert [(s.line_start, s.level) for s in doc.sections if s.number is None] == [
        (8, 1),
        (11, 1),
        (13, 1),
        (18, 1),
    ]
    assert [(s.line_start, s.level) for s in doc.sections if s.number and "取組事項" in s.number] == [
        (14, 2),
        (16, 2),
        (19, 2),
    ]


def test_articles_of_a_set_of_rules_take_their_bracketed_captions_as_titles():
    doc = "\n".join(
        [
            "第1条（目的）",
            "この基準は、情報資産を守るために必要な事項を定めるものとする。",
            "第2条（管理体制）",
            "村長は、情報セキュリティ管理者を置くものとする。",
            "附則",
            "この基準は、令和5年4月1日から施行する。",
        ]
    )
    assert headings(doc) == [(1, "第1条", "目的"), (1, "第2条", "管理体制"), (1, None, "附則")]


def test_every_heading_signal_has_a_weight_and_every_weight_a_signal():
    from pipeline.config.schema import HeadingWeights
    from pipeline.outline.signals import Signal

    assert {signal.value for signal in Signal} == set(HeadingWeights.model_fields)
