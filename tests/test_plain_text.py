"""Headings in text without marks: standalone titles set apart by blank lines, and wrapped text as
pdftotext-like tools give it (lines broken at the page margin, no blank lines)."""

import pytest
from conftest import headings

from pipeline.families.enumerators import parse_enumerator
from pipeline.families.titles import opens_its_brackets, plausible_title
from pipeline.families.wrapping import RAN_ON, display_width, find_wrapping
from pipeline.language.normalize import normalize_text
from pipeline.readers.text import read_text_lines

PROSE = "本市では、デジタル技術を活用して市民の利便性を高め、行政事務の効率化を進めてきました。"
LONG_ITEM = "- 行政手続のオンライン化や窓口のデジタル化を進め、市民が来庁せずに手続を終えられるようにします"


def titles(text: str) -> list[tuple[int, str]]:
    return [(level, title) for level, _, title in headings(text)]


def test_a_standalone_title_over_prose_is_a_heading():
    doc = "\n\n".join(["1 背景", PROSE, "ビジョンの設定にあたって", PROSE, "2 推進体制", PROSE])
    assert titles(doc) == [(1, "背景"), (2, "ビジョンの設定にあたって"), (1, "推進体制")]


def test_a_title_above_a_standalone_heading_nests_it_and_siblings_stay_beside_each_other():
    doc = "\n\n".join(
        [
            "1 背景・目的",
            PROSE,
            "国の動向",
            "デジタル社会の実現に向けた改革の基本方針（2020年12月）",
            LONG_ITEM,
            "デジタル・ガバメント実行計画（2020年12月）",
            LONG_ITEM,
            "県の動向",
            "県のデジタル推進プラン（2021年3月）",
            LONG_ITEM,
            "2 計画の位置付け",
            PROSE,
        ]
    )
    assert titles(doc) == [
        (1, "背景・目的"),
        (2, "国の動向"),
        (3, "デジタル社会の実現に向けた改革の基本方針（2020年12月）"),
        (3, "デジタル・ガバメント実行計画（2020年12月）"),
        (2, "県の動向"),
        (3, "県のデジタル推進プラン（2021年3月）"),
        (1, "計画の位置付け"),
    ]


def test_slide_boxes_over_short_bullets_are_not_headings():
    doc = "\n\n".join(
        [
            "1 基本方針",
            PROSE,
            "取組みの例",
            "情報システムの標準化によるオープン化",
            "- 基幹情報システムの標準化\n- 業務マニュアルの標準化",
            "地域社会のデジタル化",
            "- Wi-Fiスポット整備\n- 公共交通の整備",
            "2 推進体制",
            PROSE,
        ]
    )
    assert titles(doc) == [(1, "基本方針"), (1, "推進体制")]


def test_a_figure_label_right_under_a_heading_is_not_a_heading():
    doc = "\n\n".join(
        [
            "(1) 国の動向",
            PROSE,
            "(2) 改革の基本方針",
            "デジタル・ガバメント実行計画",
            "自治体DX推進計画",
            PROSE,
        ]
    )
    assert titles(doc) == [(1, "国の動向"), (1, "改革の基本方針")]


def test_questions_and_colon_lead_ins_are_not_headings():
    answers = "\n".join(f"- {i} {LONG_ITEM[2:]}" for i in range(1, 4))
    doc = "\n\n".join(
        [
            "1 参考資料",
            PROSE,
            "(問) 携帯電話を使用していますか",
            answers,
            "デジタル化に向けた考え方:",
            answers,
        ]
    )
    assert titles(doc) == [(1, "参考資料")]


def test_a_bracketed_title_over_a_list_is_a_heading():
    doc = "\n\n".join(
        [
            "基本方針1 市民の利便性の向上",
            PROSE,
            "《基本方針1に基づき検討を進める主な取組》",
            "- ✓ オンライン申請\n- ✓ オンライン決済",
        ]
    )
    assert titles(doc) == [(1, "市民の利便性の向上"), (2, "《基本方針1に基づき検討を進める主な取組》")]


def test_references_and_addresses_are_not_titles():
    doc = "\n\n".join(
        [
            "6 参考情報",
            "(1) 政府情報システムにおけるクラウドサービスの利用に係る基本方針,",
            "(2) 3D都市モデル https://www.example.go.jp/plateau/",
            PROSE,
        ]
    )
    assert titles(doc) == [(1, "参考情報")]


# --- wrapped text ----------------------------------------------------------------------------------

WIDTH = 40  # full-width characters per line: a display width of 80


def wrap(paragraph: str, width: int = WIDTH) -> list[str]:
    return [paragraph[i : i + width] for i in range(0, len(paragraph), width)]


PARAGRAPH = (
    "政府では、クラウドサービスの利用を第一候補とする原則を導入し、効率性や安全性、技術革新への対応力の向上を目指している。"
    * 5
)


def test_the_margin_of_wrapped_text_is_found_and_whole_paragraphs_have_none():
    wrapped = [line for _ in range(3) for line in wrap(PARAGRAPH)]
    assert find_wrapping(wrapped).width == display_width(wrapped[0])
    paragraphs = [PARAGRAPH[: 40 + 9 * i] for i in range(12)]
    assert find_wrapping([*paragraphs, "1 はじめに", "概要"] * 2).width is None
    assert find_wrapping([PARAGRAPH, "1 はじめに"] * 30).width is None  # as wide as no page is
    assert find_wrapping(wrap(PARAGRAPH)).width is None  # too few lines to tell a margin from chance


def test_wrapped_text_keeps_short_numbered_headings_and_drops_wrapped_list_items():
    item = (
        "1. 専用の回線を敷設し、クラウド向けのトラフィックを特定の回線に向けることにより帯域不足を解消する。"
    )
    lines = [
        "1 はじめに",
        "1.1 背景と目的",
        *wrap(PARAGRAPH),
        "1.2 適用対象",
        *wrap(PARAGRAPH),
        *wrap(item),
        *wrap("2" + item[1:]),
        "2 ネットワークの要件",
        *wrap(PARAGRAPH),
    ]
    assert titles("\n".join(lines)) == [
        (1, "はじめに"),
        (2, "背景と目的"),
        (2, "適用対象"),
        (1, "ネットワークの要件"),
    ]


def test_wrapped_text_standalone_title_after_a_paragraph_end_is_a_heading_but_a_column_is_not():
    lines = [
        "1 はじめに",
        *wrap(PARAGRAPH),
        "行政機関が利用する際の透明性の確保",
        *wrap(PARAGRAPH),
        "取得方法が説明",  # a table's column: every line as wide as the next
        "可能であるこ",
        "と。",
        *wrap(PARAGRAPH),
    ]
    assert titles("\n".join(lines)) == [(1, "はじめに"), (2, "行政機関が利用する際の透明性の確保")]


def test_a_numbered_line_the_contents_do_not_list_is_not_a_chapter():
    toc = ["目次", "1 はじめに ........ 1", "2 要件 ........ 3", "3 まとめ ........ 5"]
    body = [
        "1 はじめに",
        PROSE,
        "2 要件",
        PROSE,
        "10 二次利用の促進のための基本的考え方",
        PROSE,
        "3 まとめ",
        PROSE,
    ]
    assert titles("\n".join(toc + [""] + [line for b in body for line in (b, "")])) == [
        (1, "はじめに"),
        (1, "要件"),
        (1, "まとめ"),
    ]


@pytest.mark.parametrize(
    "line, is_title",
    [
        ("3つの基本方針に基づく取り組み", True),
        ("1枚で本人確認ができる", True),
        ("3D都市モデルの活用", True),
        ("2021年4月に実施した調査", False),  # a date
        ("50%の職員が利用", False),  # a share
        ("1を参照しつ", False),  # the rest of a line broken at a footnote mark
        ("って課題を解決していくマインド", False),  # a small kana starts no word
        ("(3) 書名, 出版社,", False),  # a reference list's entry
        ("詳細は https://www.example.go.jp/ を参照", False),
    ],
)
def test_what_a_title_can_look_like(line, is_title):
    assert plausible_title(line) is is_title


def test_an_unmarked_line_closing_a_bracket_it_never_opened_is_a_line_s_rest():
    assert not opens_its_brackets("実行計画（全体 335 ページ）」")
    doc = "\n\n".join(["1 背景", PROSE, "実行計画（全体 335 ページ）」", PROSE, "「全体」の考え方", PROSE])
    assert titles(doc) == [(1, "背景"), (2, "「全体」の考え方")]


@pytest.mark.parametrize(
    "line, number",
    [
        ("ア 窓口のデジタル化", "ア"),
        ("(イ) 手続のオンライン化", "(イ)"),
        ("ウ. 庁内の情報共有", "ウ."),
        ("ン、 ラベリングの定義", None),  # the rest of a word broken before it
        ("ッ、 テスト", None),
    ],
)
def test_katakana_items_in_the_gojuon_order(line, number):
    found = parse_enumerator(line)
    assert (found.number if found else None) == number


def test_table_rows_and_broken_lines_in_text_without_marks_are_not_titles():
    doc = "\n\n".join(
        [
            "1 メタデータ項目",
            PROSE,
            "メタデータ項目 分類 項目説明 データ形式",
            PROSE,
            "カタログのサブタイトルを",
            PROSE,
            "公開日 ○",
            PROSE,
            "カタログレコード",
            "示す。",
        ]
    )
    assert titles(doc) == [(1, "メタデータ項目")]


def test_double_spaced_wrapped_text_keeps_a_paragraph_s_last_words_in_it():
    # Some tools put a blank line after every line: the blank after a line that runs to the margin
    # does not end the paragraph, so its short tail ('ること') opens nothing.
    paragraph = wrap(PARAGRAPH[: WIDTH * 6] + "ること")
    body = [*paragraph, *wrap(PARAGRAPH)]
    lines = ["1 はじめに", *body, "2 要件", *wrap(PARAGRAPH), "3 まとめ", *wrap(PARAGRAPH)]
    assert titles("\n\n".join(lines)) == [(1, "はじめに"), (1, "要件"), (1, "まとめ")]


def test_a_word_s_last_kana_broken_onto_a_line_is_not_an_item():
    doc = "\n\n".join(
        ["1 関連情報", PROSE, "エンドポイン", "ト URL", PROSE, "ア 窓口", PROSE, "イ 手続", PROSE]
    )
    assert titles(doc) == [(1, "関連情報"), (2, "窓口"), (2, "手続")]


def test_sections_numbered_under_chapters_whose_numbers_were_lost_nest_under_them():
    toc = ["目次", "背景と目的 ........ 3", "1.1 背景 ........ 3", "メタデータ項目の定義 ........ 4"]
    toc += ["2.1 DCAT の概要 ........ 4"]
    body = ["背景と目的", "1.1 背景", PROSE, "メタデータ項目の定義", "2.1 DCAT の概要", PROSE]
    assert titles("\n".join(toc + [""] + [line for b in body for line in (b, "")])) == [
        (1, "背景と目的"),
        (2, "背景"),
        (1, "メタデータ項目の定義"),
        (2, "DCAT の概要"),
    ]


# --- numbers set apart from their titles (pdftotext) ----------------------------------------------


def test_a_number_on_its_own_line_takes_the_title_after_it_on_its_page():
    # pdftotext leaves a number set in its own text box on its own line; a page number looks the same
    # but ends its page (a form feed comes before the next line).
    doc = "\n".join(
        [
            "目次",
            "1 はじめに ........ 2",
            "2 境界型セキュリティ ........ 3",
            "3 ゼロトラストの適用 ........ 6",
            "4 参考情報 ........ 9",
            "",
            "i",
            "",
            "\f1",
            "",
            "はじめに",
            "",
            "1.1 背景と目的",
            PROSE,
            "2",
            "",
            "\f調査の概要",
            "3.2",
            "",
            "ゼロトラストを適用するための取り組み",
            "",
            PROSE,
            "2",
            "",
            "境界型セキュリティ",
            "",
            PROSE,
        ]
    )
    assert headings(doc) == [
        (1, "1", "はじめに"),
        (2, "1.1", "背景と目的"),
        (2, "3.2", "ゼロトラストを適用するための取り組み"),
        (1, "2", "境界型セキュリティ"),
    ]


def test_a_layout_indent_after_a_number_is_a_heading_not_a_table_row():
    assert normalize_text("    1.1     背景と目的") == "1.1 背景と目的"
    assert normalize_text("第2章    取組") == "第2章 取組"
    assert normalize_text("1   行政手続   令和5年度") == "1\t行政手続\t令和5年度"  # a row stays a row
    assert normalize_text("項目     内容") == "項目\t内容"


def test_page_numbers_that_keep_step_with_the_pages_are_not_chapter_numbers():
    # A tool that puts each page's number at its top: a lone number with a short line after it on the
    # same page, on every page, running with the pages.
    pages = [["1 はじめに", PROSE]] + [
        [str(page + 1), "メタデータ項目 分類 項目説明", PROSE] for page in range(1, 6)
    ]
    doc = "\n\f".join("\n\n".join(lines) for lines in pages)
    assert titles(doc) == [(1, "はじめに")]


def test_ingest_joins_a_wrapped_paragraph_onto_its_first_line_and_keeps_every_line_number():
    item = "・" + PARAGRAPH[: WIDTH - 1]  # a bullet item after a line that runs to the margin
    lines = [
        "1 はじめに",
        *wrap(PARAGRAPH),
        item,
        "2 要件",
        *wrap(PARAGRAPH),
        "| 区分 | 内容 |",
        *wrap(PARAGRAPH),
        "3 まとめ",
        *wrap(PARAGRAPH[: WIDTH * 3]),
        "\f" + PARAGRAPH[WIDTH * 3 : WIDTH * 4],  # the next page: its first line is not joined on
    ]
    read = read_text_lines("\n".join(lines))
    paragraph_lines = len(wrap(PARAGRAPH))
    assert [line.line for line in read] == list(range(1, len(lines) + 1))
    assert [line.raw for line in read][-1] == lines[-1].lstrip("\f")
    assert read[1].text == PARAGRAPH and read[1].layout_hint == RAN_ON
    assert [line.text for line in read[2 : 1 + paragraph_lines]] == [""] * (paragraph_lines - 1)
    texts = [line.text for line in read if line.text]
    assert texts[2:4] == [item, "2 要件"]
    assert "| 区分 | 内容 |" in texts
    assert texts[-3:] == ["3 まとめ", PARAGRAPH[: WIDTH * 3], PARAGRAPH[WIDTH * 3 : WIDTH * 4]]


def test_a_sentence_s_end_at_the_margin_ends_the_paragraph():
    sentence = PARAGRAPH[: WIDTH - 1] + "。"
    read = read_text_lines("\n".join([*wrap(PARAGRAPH) * 3, sentence, PARAGRAPH[:WIDTH]]))
    assert [line.text for line in read][-2:] == [sentence, PARAGRAPH[:WIDTH]]


def test_text_whose_lines_are_whole_paragraphs_is_read_as_it_is():
    lines = ["1 はじめに", PROSE, PROSE, "2 要件", PROSE]
    assert [line.text for line in read_text_lines("\n".join(lines))] == lines


def test_a_title_after_a_joined_paragraph_that_ended_is_set_apart_and_one_it_ran_into_is_not():
    lines = [
        "1 はじめに",
        *wrap(PARAGRAPH),
        "ビジョンの設定にあたって",
        *wrap(PARAGRAPH),
        *wrap(PARAGRAPH[:WIDTH] * 2),  # runs on into the short line after it: that line is its tail
        "推進体制の考え方",
        *wrap(PARAGRAPH),
    ]
    assert titles("\n".join(lines)) == [(1, "はじめに"), (2, "ビジョンの設定にあたって")]


def test_a_numbered_title_that_wraps_once_is_a_heading_and_a_wrapped_item_is_not():
    title = "取組事項① デジタル田園都市国家構想の実現に向けたデジタル実装の取組の推進・地域社"
    item = "(1) 市役所窓口において、申請書等の手書き作成をなくした「書かない窓口」を拡大するとともに"
    lines = [
        "1 はじめに",
        *wrap(PARAGRAPH),
        *wrap(title + "会のデジタル化"),
        *wrap(PARAGRAPH),
        *wrap(item + "、市民の負担を軽減する。"),
        *wrap(PARAGRAPH),
    ]
    assert display_width(title) > 2 * WIDTH - 5  # the title reaches the margin and wraps
    assert titles("\n".join(lines)) == [
        (1, "はじめに"),
        (2, "デジタル田園都市国家構想の実現に向けたデジタル実装の取組の推進・地域社会のデジタル化"),
    ]
