"""Headings from combined evidence: plain text, typography, tables of contents, running furniture."""

import pytest
from conftest import headings

from pipeline.language.normalize import normalize_text
from pipeline.outline.candidates import LineStyle
from pipeline.outline.structure import outline_document
from pipeline.outline.toc import find_toc, split_entries
from pipeline.readers.pdf.glyphs import GlyphLine, Page, font_name, font_style
from pipeline.readers.pdf.layout.flow import running_furniture


def styled(lines: list[tuple[str, float, bool, bool]]):
    """An outline from (text, size ratio, bold, distinct face) lines, as a PDF gives them."""
    texts = {i + 1: normalize_text(text) for i, (text, *_rest) in enumerate(lines)}
    styles = {
        i + 1: LineStyle(size, bold, None, face) for i, (text, size, bold, face) in enumerate(lines) if text
    }
    return outline_document(texts, styles)


def titles(result) -> list[tuple[int, str]]:
    return [(s.level, s.title) for s in result.sections]


BODY = "本文はこのように続きます。本文はこのように続きます。本文はこのように続きます。"


def test_plain_text_numbered_headings_without_markup():
    doc = "\n".join(
        [
            "大村市DX推進計画",
            "",
            "1 はじめに",
            "",
            BODY,
            "",
            "1.1 背景と目的",
            "",
            BODY,
            "",
            "1)データ量の増加",
            BODY,
        ]
        + ["", "2 取組", "", BODY, "", "2.1 推進体制", "", BODY]
    )
    assert [(level, title) for level, _, title in headings(doc)] == [
        (1, "はじめに"),
        (2, "背景と目的"),
        (3, "データ量の増加"),
        (1, "取組"),
        (2, "推進体制"),
    ]


def test_large_type_cover_and_body_size_numbered_headings_both_count():
    result = styled(
        [
            ("デジタル推進計画", 2.2, True, True),
            ("令和5年3月", 1.5, False, False),
            ("", 0, False, False),
            ("1 はじめに", 1.0, False, False),
            (BODY, 1.0, False, False),
            ("", 0, False, False),
            ("1.1 背景", 1.0, False, False),
            (BODY, 1.0, False, False),
            ("", 0, False, False),
            ("2 計画の概要", 1.0, False, False),
            (BODY, 1.0, False, False),
        ]
    )
    assert titles(result) == [(1, "はじめに"), (2, "背景"), (1, "計画の概要")]
    assert result.labels[1] == "cover"


def test_a_heading_in_another_font_family_at_body_size_is_a_heading():
    result = styled(
        [
            ("はじめに", 1.0, False, True),
            (BODY, 1.0, False, False),
            ("", 0, False, False),
            ("データの品質確保", 1.0, False, True),
            (BODY, 1.0, False, False),
            ("", 0, False, False),
            ("本文の一部を強調", 1.0, False, False),
            (BODY, 1.0, False, False),
        ]
    )
    assert [title for _, title in titles(result)] == ["はじめに", "データの品質確保"]


def test_small_figure_text_in_another_face_is_not_a_heading():
    result = styled(
        [
            ("1 概要", 1.0, False, True),
            (BODY, 1.0, False, False),
            ("", 0, False, False),
            ("人材定義", 0.66, False, True),
            ("ロール定義", 0.66, False, True),
            ("", 0, False, False),
            ("2 取組", 1.0, False, True),
        ]
    )
    assert [title for _, title in titles(result)] == ["概要", "取組"]


def test_a_consistently_marked_document_does_not_take_unmarked_numbered_lines():
    lines = []
    for n in range(1, 7):
        lines += [(f"{n} 章の見出し{n}", 1.4, True, True), (BODY, 1.0, False, False), ("", 0, False, False)]
    lines += [("1 手順を確認する", 1.0, False, False), (BODY, 1.0, False, False)]
    result = styled(lines)
    assert "手順を確認する" not in [title for _, title in titles(result)]
    assert len(result.sections) == 6


def test_an_overview_of_numbered_siblings_is_not_headings():
    overview = ["基本方針1 市民サービス (1) 手続のオンライン化", "(2) カードの普及"]
    overview += ["", "基本方針2 行政事務 (1) 標準化", "(2) AIの利用", "(3) テレワーク", ""]
    overview += ["基本方針3 地域社会 (1) 地域のデジタル化", "(2) デジタルデバイド対策", ""]
    doc = "\n".join(
        ["4 基本方針", "", BODY, "", *overview, "※ 注記です。", "", "基本方針1 市民サービス", "", BODY]
    )
    assert [number for _, number, _ in headings(doc)] == ["4", "基本方針1"]


def test_an_overview_and_the_next_steps_are_sibling_blocks():
    doc = "\n".join(["(1) 窓口のデジタル化", "概要", BODY, "今後の取組", BODY, "目標", BODY])
    assert [(level, title) for level, _, title in headings(doc)] == [
        (1, "窓口のデジタル化"),
        (2, "概要"),
        (2, "今後の取組"),
    ]


def test_a_common_word_is_a_block_label_only_when_marked_as_one():
    marked = "\n".join(["1 取組", "【目標】", BODY, "■現状", BODY])
    assert [title for _, _, title in headings(marked)] == ["取組", "目標", "現状"]
    figure = ["目標", "施策の方向性", "体制（役職、役割）", "会議体等"]  # a diagram's boxes
    doc = "\n".join(["1 取組", BODY, "", *figure, "", "2 推進", BODY])
    assert [title for _, _, title in headings(doc)] == ["取組", "推進"]


def test_a_heading_stack_after_a_figure_s_numbered_list_is_headings():
    figure = ["基本方針", "", "1", "", "⑫⑬⑭", "", "⑮⑯⑰", "", "⑱⑲⑳", ""]
    stack = ["第3章 実施施策", "基本方針1 利用者の利便性", "(取組施策1) 行政手続のオンライン化", BODY]
    doc = "\n".join(["第2章 基本事項", BODY, "", *figure, *stack])
    assert [number for _, number, _ in headings(doc)][-3:] == ["第3章", "基本方針1", "(取組施策1)"]


def test_chapters_numbered_with_spaces_keep_their_counter_beside_other_numbered_lines():
    groups = ["第 1 グループ", BODY, "", "第 2 グループ", BODY, ""]
    doc = "\n".join(["第 1 章 計画策定の背景", BODY, "", *groups, "第 2 章 基本事項", BODY])
    assert [(level, number, title) for level, number, title in headings(doc) if number] == [
        (1, "第 1 章", "計画策定の背景"),
        (1, "第 2 章", "基本事項"),
    ]


def test_an_unnumbered_toc_entry_outside_any_vocabulary_becomes_a_heading():
    doc = "\n".join(
        [
            "目次",
            "1 はじめに\t1",
            "わがまちの未来像\t3",
            "",
            "1 はじめに",
            BODY,
            "",
            "わがまちの未来像",
            "",
            BODY,
        ]
    )
    assert [title for _, _, title in headings(doc)] == ["はじめに", "わがまちの未来像"]


def test_multi_level_numbers_start_a_new_chapter_without_its_heading():
    doc = "\n".join(
        ["1.6 府省庁ごと", BODY, "", "1.7 本書の構成", BODY, "", "2.1 ポイント", BODY, "", "2.2 手順", BODY]
    )
    assert [number for _, number, _ in headings(doc)] == ["1.6", "1.7", "2.1", "2.2"]
    figure = "\n".join(["2.3 手順", BODY, "", "1.2 図の中の番号", "", "2.4 次の節", BODY])
    assert [number for _, number, _ in headings(figure)] == ["2.3", "2.4"]


# --- tables of contents ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "entries"),
    [
        ("1 はじめに ........................ 1", ["1 はじめに"]),
        ("はじめに …………… iii", ["はじめに"]),
        ("第2章 計画の推進 ・・・・・・ 12", ["第2章 計画の推進"]),
        ("5.1 ポイント..............285.2 実施手順......29", ["5.1 ポイント", "5.2 実施手順"]),
        ("4.1 分離 74.2 最小化 ......... 8", ["4.1 分離", "4.2 最小化"]),
        (
            "職員の育成（第1期） 6データ・アーキテクト（第2期） ..... 7",
            ["職員の育成（第1期）", "データ・アーキテクト（第2期）"],
        ),
        ("令和 3 年度の取組 ..... 4", ["令和 3 年度の取組"]),
        ("------ …… --第 1 章 計画策定の背景", ["第 1 章 計画策定の背景"]),  # a leader broken off
        ("1 …… DX とは …… 1", ["1 DX とは"]),  # a tab between number and title, shown as a leader
        ("第2章 ………… 計画の推進 …… 12", ["第2章 計画の推進"]),
    ],
)
def test_toc_entries_in_their_forms(line, entries):
    assert split_entries(normalize_text(line)) == entries


def test_a_toc_without_a_title_and_spanning_its_own_entry():
    texts = {
        1: "計画書",
        2: "",
        3: "1 はじめに ....... 1",
        4: "2 現状 ....... 3",
        5: "3 取組 ....... 5",
        6: "",
    }
    texts |= {7: "1 はじめに", 8: BODY}
    toc = find_toc(texts)
    assert (toc.start, toc.end, toc.entries) == (3, 5, ["1 はじめに", "2 現状", "3 取組"])
    titled = {1: "目 次", 2: "目 次 ........ i", 3: "1 はじめに ....... 2", 4: "", 5: "1 はじめに", 6: BODY}
    assert find_toc(titled).entries == ["1 はじめに"]


# --- PDF typography and furniture ---------------------------------------------------------------------


def test_font_names_from_japanese_producers_are_read():
    shift_jis = "b'JLCDWX+\\x82l\\x82r\\x96\\xbe\\x92\\xa9'"
    assert font_name(shift_jis) == "ＭＳ明朝"
    assert font_style(shift_jis) == ("mincho", False)
    assert font_style("b'KNKBIK+\\x82l\\x82r\\x83S\\x83V\\x83b\\x83N'") == ("gothic", False)
    assert font_style("IAAAAA+NotoSansCJKjp-Bold-VKana") == ("gothic", True)
    assert font_style("VGAZKY+YuMincho-Regular") == ("mincho", False)


def _page(number: int, lines: list[tuple[float, str]]) -> Page:
    return Page(number, 842, 595, [GlyphLine(number, top, top + 10, text=text) for top, text in lines])


@pytest.mark.parametrize("number_form", ["{n}", "- {n} -", "{n}/9", "P.{n}", "{roman}"])
def test_running_headers_and_page_numbers_are_furniture(number_form):
    romans = ["i", "ii", "iii", "iv", "v", "vi"]
    pages = [_page(1, [(300, "デジタル推進計画"), (400, "2021年8月")])]
    for n in range(2, 7):
        pages.append(
            _page(
                n,
                [(40, "政府CIO補佐官等ディスカッションペーパー"), (60, "2021年8月"), (300, f"本文{n}")]
                + [(800, number_form.format(n=n, roman=romans[n - 1]))],
            )
        )
    furniture = running_furniture(pages)
    kept = {
        (page.number, line.text)
        for page in pages
        for line in page.lines
        if (page.number, line.top) not in furniture
    }
    assert kept == {(1, "デジタル推進計画"), (1, "2021年8月")} | {(n, f"本文{n}") for n in range(2, 7)}


def test_radical_forms_and_private_use_bullets_are_folded():
    assert normalize_text("住⺠と市⻑") == "住民と市長"
    assert normalize_text("\uf09f 窓口の改善") == "・窓口の改善"
    assert normalize_text("窓口\uf06cの改善") == "窓口の改善"


def test_an_unnumbered_title_ending_in_a_tag_is_a_heading_in_plain_text():
    doc = "\n".join(
        [
            "4 基本方針3：地域社会の活性化",
            "(1) 地域社会のデジタル化",
            "①現状と課題",
            BODY,
            "5 基本方針4：セキュリティ対策",
            "セキュリティ対策の徹底【国の重点取組事項】",
            "①現状と課題",
            BODY,
            "本市は対策を進めます【資料】を参照。",
        ]
    )
    found = [(level, title) for level, _, title in headings(doc)]
    assert (2, "セキュリティ対策の徹底【国の重点取組事項】") in found
    assert (3, "現状と課題") in found[-1:]
