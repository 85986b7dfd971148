"""What a PDF draws, read into the line model: filled shapes as cell fills and marks, Gantts without
ruling, cells merged down rows, slide titles, and the drawn layouts end to end (tests/fixtures/layouts,
made by make_layouts.py)."""

import json

import pandas as pd
import pytest
from conftest import FIXTURES, run_pipeline

from pipeline.readers.pdf.content import Glyph, PageContent
from pipeline.readers.pdf.drawing import Ruling, Shape, _is_arrow, merge_strips, rgb_hex
from pipeline.readers.pdf.glyphs import Char, GlyphLine, Page
from pipeline.readers.pdf.layout.bars import cell_drawing, page_gantt
from pipeline.readers.pdf.layout.flow import _continues, body_typography
from pipeline.readers.pdf.layout.lines import group_lines
from pipeline.readers.pdf.layout.ruled import RuledTable, page_tables
from pipeline.readers.pdf.layout.slides import deck_body_size, is_deck, mark_slide_titles
from pipeline.readers.pdf.reader import _page

LAYOUTS = FIXTURES / "layouts"
BLUE = "#5c8cd4"


@pytest.mark.parametrize(
    ("colour", "expected"),
    [(0.5, "#808080"), ((0.5,), "#808080"), ((1, 0, 0), "#ff0000"), ((0, 0, 0, 1), "#000000"),
     ((0, 1, 1, 0), "#ff0000"), ("P1", None), (None, None)],
)  # fmt: skip
def test_fill_colours_are_hex_whatever_the_colour_space(colour, expected):
    assert rgb_hex(colour) == expected


def test_a_gradient_drawn_as_strips_is_one_shape_and_touching_cells_of_two_colours_are_two():
    strips = [Shape(100, 300, 50, 50 + h, f"#0000{h:02x}", "bar") for h in range(34, 0, -1)]
    assert merge_strips(strips) == [Shape(100, 300, 50, 84, "#000022", "bar")]
    cells = [Shape(100, 200, 10, 30, "#ff0000", "bar"), Shape(100, 200, 30, 50, "#00ff00", "bar")]
    assert len(merge_strips(cells)) == 2


def test_an_outline_with_a_point_halfway_down_is_an_arrow_and_a_rectangle_is_not():
    arrow = [(0, 5), (80, 5), (80, 0), (100, 10), (80, 20), (80, 15), (0, 15)]
    assert _is_arrow(arrow)
    assert not _is_arrow([(0, 0), (100, 0), (100, 20), (0, 20), (0, 0)])


YEAR_COLUMNS = [(100.0, 200.0), (200.0, 300.0), (300.0, 400.0)]


def test_a_shape_as_tall_as_the_row_fills_its_cells_and_a_low_bar_marks_the_years_it_mostly_covers():
    filled = [Shape(200.3, 299.7, 10.3, 35.7, BLUE, "bar")]
    assert cell_drawing(filled, 10, 36, YEAR_COLUMNS) == [(None, None), (BLUE, None), (None, None)]
    # A bar over the first two years whose arrow head runs a fifth into the third adds no year.
    bar = [Shape(104, 196 + 100, 18, 28, BLUE, "bar"), Shape(290, 320, 15, 31, BLUE, "arrow")]
    assert cell_drawing(bar, 10, 36, YEAR_COLUMNS) == [(None, "bar"), (None, "bar"), (None, None)]
    assert cell_drawing([Shape(104, 296, 50, 60, BLUE, "bar")], 10, 36, YEAR_COLUMNS) is None


def _chars(text: str, x0: float, top: float, size: float = 12.0) -> list[Char]:
    return [
        Char(ch, x0 + size * i, x0 + size * (i + 1), top, top + size, size, False)
        for i, ch in enumerate(text)
    ]


def test_a_gantt_without_ruling_gives_a_row_per_bar_with_the_years_it_covers():
    chars = _chars("令和7年度", 120, 100) + _chars("令和8年度", 220, 100) + _chars("令和9年度", 320, 100)
    chars += _chars("窓口の改善", 10, 134) + _chars("本文の段落です。", 10, 300)
    shapes = [Shape(105, 295, 130, 150, BLUE, "arrow")]
    rows, rest = page_gantt(1, chars, shapes)
    assert [row.text for row in rows] == ["\t令和7年度\t令和8年度\t令和9年度", "窓口の改善\t\t\t"]
    assert rows[1].cell_drawn == [(None, None), (None, "arrow"), (None, "arrow"), (None, None)]
    assert "".join(c.text for c in rest) == "本文の段落です。"


def test_no_gantt_without_a_row_of_years():
    chars = _chars("窓口の改善", 10, 134)
    assert page_gantt(1, chars, [Shape(105, 295, 130, 150, BLUE, "bar")]) == ([], chars)


def _ruled(xs: list[float], ys: list[float], floors: dict[int, list[int]]) -> RuledTable:
    """A grid whose row boundary ys[i] is ruled under the columns floors[i] lists (all when absent)."""
    horizontals = [(xs[c], xs[c + 1], y) for i, y in enumerate(ys) for c in floors.get(i, range(len(xs) - 1))]
    verticals = [(x, ys[0], ys[-1]) for x in xs]
    return RuledTable(xs[0], xs[-1], ys[0], ys[-1], xs, ys, verticals, horizontals)


def test_a_cell_merged_down_rows_gives_its_text_to_each_row():
    # The pillar column has no rule between rows 1 and 2: its text, printed once between them, covers both.
    table = _ruled([0, 100, 200], [0, 20, 40, 60], {2: [1]})
    chars = _chars("柱", 10, 5) + _chars("施策", 110, 5) + _chars("基本方針", 10, 30)
    chars += _chars("窓口", 110, 25) + _chars("電子", 110, 45)
    rows = table.rows(1, chars, [])
    assert [row.text for row in rows] == ["柱\t施策", "基本方針\t窓口", "基本方針\t電子"]


def test_bars_inside_a_ruled_grid_split_no_columns_and_a_grid_of_fills_alone_is_a_table():
    edges = [Ruling("h", 0, 300, y, y) for y in (0, 20, 40)] + [
        Ruling("v", x, x, 0, 40) for x in (0, 100, 200, 300)
    ]
    bar = Shape(120, 260, 25, 35, BLUE, "bar")
    tables = page_tables(edges, [bar])
    assert [t.xs for t in tables] == [[0, 100, 200, 300]]
    fills = [Shape(x, x + 100, y, y + 20, "#eeeeee", "bar") for x in (400, 500) for y in (0, 20)]
    assert len(page_tables([], fills)) == 1


def _line(page: int, top: float, text: str, size: float) -> GlyphLine:
    line = GlyphLine(page, top, top + size, _chars(text, 40, top, size), text, size=size)
    line.x0, line.x1 = 40, 40 + size * len(text)
    return line


def test_a_landscape_deck_declares_its_slide_titles_and_a_continued_slide_goes_on():
    def slide(number: int, lines: list[GlyphLine]) -> Page:
        return Page(number, 540, 960, lines)

    pages = [
        slide(
            1,
            [
                _line(1, 200, "わかば町DX推進計画", 40),
                _line(1, 244, "概要版", 40),
                _line(1, 320, "令和7年3月", 16),
            ],
        ),
        slide(2, [_line(2, 30, "施策1 窓口の改善", 28), _line(2, 120, "申請を電子化する。", 16)]),
        # Read from a scan, the continued title's spaces may fall elsewhere: it is the same title.
        slide(3, [_line(3, 30, "施策 1窓口の改善（続き）", 28), _line(3, 120, "窓口の予約を始める。", 16)]),
        slide(4, [_line(4, 30, "施策2 研修", 28), _line(4, 120, "全職員が受講する。", 16)]),
    ]
    assert is_deck(pages)
    mark_slide_titles(pages, 16)
    declared = [(line.text, line.outline_level) for page in pages for line in page.lines]
    assert declared == [
        ("わかば町DX推進計画概要版", None), ("令和7年3月", None),
        ("施策1 窓口の改善", 1), ("申請を電子化する。", None),
        ("窓口の予約を始める。", None),
        ("施策2 研修", 1), ("全職員が受講する。", None),
    ]  # fmt: skip
    assert not is_deck([Page(n, 842, 595, [_line(n, 30, "本文", 10)]) for n in range(1, 5)])


def test_an_indented_first_line_goes_on_below_and_an_item_set_out_left_starts_anew():
    def at(top: float, x0: float, text: str) -> GlyphLine:
        line = _line(1, top, text, 10)
        line.x0, line.x1 = x0, 540
        return line

    # A one-character indent that OCR measured at 1.1 characters: the paragraph goes on below it.
    first = at(100, 51, "本市では、窓口の予約を令和6年から試行しており、利用者の声を聞きながら")
    assert _continues(first, at(112, 40, "改善を重ねている。"), 540, 40, 10, False, 595)
    # A list whose items' text hangs one character in: the next item's mark starts a new item.
    hanging = at(200, 50, "来庁者の予約を受け付け、待ち時間を減らすための仕組みを作り、窓口での手続")
    assert not _continues(hanging, at(212, 40, "・電子決裁の導入"), 540, 40, 10, False, 595)
    assert _continues(hanging, at(212, 50, "を早くする。"), 540, 40, 10, False, 595)


def test_a_note_in_body_type_at_a_page_foot_is_not_joined_to_the_next_page():
    note = _line(1, 780, "¹⁶窓口の予約は令和6年から試行している。詳しくは町のホームページを参照のこと", 10)
    note.x1 = 540
    body = _line(2, 60, "の利用者から多くの声が寄せられた。", 10)
    assert not _continues(note, body, 540, 40, 10, True, 595)
    small = _line(1, 780, "※窓口の予約は令和6年から試行しており、利用者の声を聞きながら改善を重ねて", 8)
    small.x1 = 540
    assert _continues(small, _line(2, 60, "いる。", 8), 540, 40, 10, True, 595)


def test_a_page_read_whole_gives_a_filled_cell_of_its_ruled_table_its_fill():
    raw = [Glyph(ch, 10 + 12 * i, 22 + 12 * i, 25, 37, 12, "IPAexGothic") for i, ch in enumerate("窓口")]
    edges = [Ruling("h", 0, 300, y, y) for y in (0, 20, 40)]
    edges += [Ruling("v", x, x, 0, 40) for x in (0, 100, 200, 300)]
    raw += [
        r._replace(text=t, x0=110 + 12 * i, x1=122 + 12 * i, top=5, bottom=17)
        for i, (r, t) in enumerate(zip(raw, "令和", strict=True))
    ]
    content = PageContent(
        1, 595, 842, tuple(raw), tuple(edges), (Shape(200.2, 299.8, 20.2, 39.8, BLUE, "bar"),)
    )
    rows = [line for line in _page(content).lines if line.table_row]
    assert rows[-1].cell_drawn == [(None, None), (None, None), (BLUE, None)]


# --- the drawn layouts end to end -----------------------------------------------------------------


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    out = tmp_path_factory.mktemp("layouts")
    assert run_pipeline(sorted(LAYOUTS.glob("*.pdf")), out) == 0
    return out


def _gold(name: str) -> dict:
    return json.loads((LAYOUTS / "gold" / f"{name}.json").read_text(encoding="utf-8"))


def _years(out, doc: str) -> dict[str, list[int]]:
    rows = pd.read_parquet(out / "schedules.parquet")
    rows = rows[(rows.doc_id == doc) & (rows.source == "table")]
    return {a: sorted(int(y) for y in g.fiscal_year) for a, g in rows.groupby("activity")}


@pytest.mark.parametrize("doc", ["bars", "slides"])
def test_drawn_years_are_the_schedules_years(layouts, doc):
    want = {s["activity"]: s["fiscal_years"] for s in _gold(doc)["schedules"]}
    assert _years(layouts, doc) == want


@pytest.mark.parametrize("doc", ["bars", "slides", "bold"])
def test_each_drawn_layout_gives_its_measures_and_pillars(layouts, doc):
    measures = pd.read_parquet(layouts / "measures.parquet")
    got = [
        (m.title, m.pillar if isinstance(m.pillar, str) else None)
        for m in measures[measures.doc_id == doc].itertuples()
    ]
    assert got == [(m["title"], m["pillar"]) for m in _gold(doc)["measures"]]


def test_a_deck_as_pdf_has_its_slide_titles_as_headings_and_its_cover_as_its_title(layouts):
    sections = pd.read_parquet(layouts / "sections.parquet")
    sections = sections[sections.doc_id == "slides"]
    assert list(sections[sections.level == 1].title) == [
        "証明書のコンビニ交付",
        "施設予約のオンライン化",
        "テレワークの拡大",
    ]
    documents = pd.read_parquet(layouts / "documents.parquet").set_index("doc_id")
    assert documents.loc["slides", "title"].replace(" ", "") == "山北町DX推進計画概要版"
    assert bool(documents.loc["slides", "is_plan"])


# --- grids with no ruling ---------------------------------------------------------------------------


def _cell(text: str, x0: float, top: float, size: float = 10.0) -> list[Char]:
    return _chars(text, x0, top, size)


def test_an_unruled_grid_keeps_its_columns_wrapped_cells_and_fills():
    from pipeline.readers.pdf.layout.grids import page_grids

    header = []
    for text, x0 in (
        ("方針", 40),
        ("取組", 140),
        ("内容", 260),
        ("令和7年度", 420),
        ("令和8年度", 480),
        ("令和9年度", 540),
    ):
        header += _cell(text, x0, 100)
    # Row 1: its content wraps over two lines (the first reaching the column's edge), the others are
    # centred between them; its first two years are filled. Row 2 has a ● in its last year. The 方針
    # is printed once, in the middle of the two rows it covers.
    rows = (
        _cell("窓口の予約", 140, 130)
        + _cell("来庁の予約をウェブで受け付ける仕", 250, 124)
        + _cell("組みを作る", 250, 136)
    )
    rows += _cell("方針1 窓口", 40, 150)
    rows += _cell("電子決裁", 140, 170) + _cell("紙の決裁をやめる", 250, 170) + _cell("●", 560, 170)
    fills = [Shape(415, 475, 120, 150, BLUE, "bar"), Shape(475, 535, 120, 150, BLUE, "bar")]
    lines = group_lines(1, header + rows)
    grid, rest, header = page_grids(1, lines, fills)
    assert not rest
    assert [line.text.split("\t") for line in grid] == [
        ["方針", "取組", "内容", "令和7年度", "令和8年度", "令和9年度"],
        ["方針1 窓口", "窓口の予約", "来庁の予約をウェブで受け付ける仕組みを作る", "", "", ""],
        ["方針1 窓口", "電子決裁", "紙の決裁をやめる", "", "", "●"],
    ]
    assert [fill for fill, _ in grid[1].cell_drawn] == [None, None, None, BLUE, BLUE, None]
    assert ["".join(c.text for c in cell) for cell in header] == grid[0].text.split("\t")


def _header(*cells: tuple[str, float], top: float = 100) -> list:
    return [char for text, x0 in cells for char in _cell(text, x0, top)]


HEADER = (
    ("重点項目", 40),
    ("取組", 140),
    ("内容", 260),
    ("令和7年度", 420),
    ("令和8年度", 480),
    ("指標", 540),
)
ROWS = (
    ("重点1", 40),
    ("窓口の予約", 140),
    ("来庁の予約を受け付ける", 260),
    ("検討", 420),
    ("実施", 480),
    ("予約件数", 540),
)


def test_a_grid_header_printed_again_on_a_later_page_is_that_header_however_a_scan_damaged_it():
    from pipeline.readers.pdf.layout.grids import page_grids

    first = group_lines(1, _header(*HEADER) + _header(*ROWS, top=130) + _header(*ROWS, top=160))
    _, _, header = page_grids(1, first, [])
    # The same header on page 2 read by OCR: 令和8年度 lost its 年, part of the row sorted apart.
    damaged = (
        ("重点項目", 40),
        ("取組", 140),
        ("内容", 260),
        ("令和7年度", 420),
        ("8度", 490),
        ("指標", 540),
    )
    second = group_lines(2, _header(*damaged) + _header(*ROWS, top=130) + _header(*ROWS, top=160))
    grid, rest, again = page_grids(2, second, [], header)
    assert not rest and again is header
    assert grid[0].text.split("\t") == [text for text, _ in HEADER]
    assert grid[1].text.split("\t") == [text for text, _ in ROWS]
    # Without the earlier header, the damaged line is still a header of its own (its 8度 a column).
    assert page_grids(2, second, [])[0][0].text.split("\t")[4] == "8度"


def test_a_line_sharing_too_few_of_an_earlier_headers_cells_is_no_repeat_of_it():
    from pipeline.readers.pdf.layout.grids import _repeats

    first = group_lines(1, _header(*HEADER))[0]
    header = [_cell(text, x0, 100) for text, x0 in HEADER]
    assert _repeats(first, header)
    moved = group_lines(2, _header(*((text, x0 + 30) for text, x0 in HEADER)))[0]  # another layout
    assert not _repeats(moved, header)
    partial = group_lines(2, _header(*HEADER[:3], ("年度", 420)))[0]  # three cells of six: too few
    assert not _repeats(partial, header)


def test_columns_part_at_a_sliver_no_character_crosses_or_else_where_the_header_starts():
    from pipeline.readers.pdf.layout.grids import _boundaries

    header = [_cell("取組", 40, 100), _cell("内容", 200, 100)]
    # A cell's text running up to half a point short of the next column's text: a sliver, not a step.
    run_on = _cell("手続のデジタル化", 40, 130, 19.9) + _cell("公金の収納", 199.7, 130)
    assert 198.0 < _boundaries(header, run_on)[0] < 199.7
    # Every point crossed (a scan's loose boxes, a speck read as a character): the header's start.
    crossed = run_on + _cell("。", 150, 160, 60)
    assert _boundaries(header, crossed) == [200 - 0.2 * 10.0]


def test_prose_and_a_line_of_four_words_are_no_grid():
    from pipeline.readers.pdf.layout.grids import page_grids

    chars = (
        _cell("令和7年3月", 40, 100)
        + _cell("山北町", 200, 100)
        + _cell("企画課", 300, 100)
        + _cell("担当", 400, 100)
    )
    chars += _cell("本町はデジタル化を進め、町民の手続を便利にするための計画を定める。", 40, 130)
    lines = group_lines(1, chars)
    assert page_grids(1, lines, []) == ([], lines, None)


def test_spaced_lines_whose_gaps_part_the_first_like_a_header_are_no_grid():
    from pipeline.readers.pdf.layout.grids import page_grids

    # A cover read by OCR: large type whose loose word boxes leave gaps, so its title line has four
    # short "cells"; the short lines below run on across the places where those gaps would part columns.
    title = _header(("計画の", 40), ("目的は", 75), ("手続の", 110), ("見直しと", 145))
    below = [
        _cell(text, 40, 122 + 22 * index)
        for index, text in enumerate(("令和4年4月改訂", "五所川原市役所", "推進計画の改訂"))
    ]
    lines = group_lines(1, title + [char for line in below for char in line])
    assert page_grids(1, lines, []) == ([], lines, None)


def test_words_in_a_diagrams_boxes_are_the_figures_and_a_note_starts_at_the_texts_left_edge():
    from pipeline.readers.pdf.layout.figures import mark_figure_text

    body = _line(1, 100, "本文の行は左の端から始まり、右の端まで続いている本文の行である。", 10)
    steps = _line(1, 600, "1 受付", 8)
    steps.chars = _cell("1 受付", 100, 600, 8) + _cell("2 審査", 250, 600, 8)
    steps.x0, steps.x1 = 100, 282
    boxes = [Shape(90, 200, 590, 620, "#dde6f7", "bar"), Shape(240, 350, 590, 620, "#dde6f7", "bar")]
    wide = Shape(30, 560, 700, 760, "#eeeeee", "bar")  # a panel across the text holds text like any other
    note = _line(1, 720, "1 クラウド：計算機を借りて使う仕組み。", 8)
    third = _line(1, 660, "3 交付", 8)
    third.chars = _cell("3 交付", 100, 660, 8)
    third.x0, third.x1 = 100, 132
    boxes.append(Shape(90, 200, 650, 680, "#dde6f7", "bar"))
    mark_figure_text([body, steps, third, note], [*boxes, wide], 10)
    assert (body.in_figure, steps.in_figure, third.in_figure, note.in_figure) == (False, True, True, False)
    # A lone box, as a slide's tag naming its pillar, holds text like any other.
    tag = _line(1, 60, "柱1 暮らし", 8)
    mark_figure_text([body, tag], [Shape(30, 200, 55, 75, "#3e7fcc", "bar")], 10)
    assert not tag.in_figure


def test_a_drawn_layout_keeps_its_figures_words_out_of_its_terms(layouts):
    terms = pd.read_parquet(layouts / "terms.parquet")
    terms = terms[terms.doc_id == "figure"]
    assert [(t.term, t.definition) for t in terms.itertuples()] == [
        ("クラウド", "インターネットを通じて、計算機やデータの保管場所を使う仕組み。")
    ]


def test_boxes_side_by_side_on_a_slide_are_read_one_after_the_other():
    from pipeline.readers.pdf.layout.slides import order_boxes

    chars = _chars("左の箱の一行目です", 40, 100) + _chars("右の箱の一行目です", 500, 100)
    chars += _chars("左の箱の二行目です", 40, 118) + _chars("右の箱の二行目です", 500, 118)
    chars += _chars("スライドの題名", 40, 30, 24)
    page = Page(2, 540, 960, group_lines(2, chars))
    assert [line.text for line in page.lines][1] == "左の箱の一行目です\t右の箱の一行目です"
    order_boxes(page)
    assert [line.text for line in page.lines] == [
        "スライドの題名", "左の箱の一行目です", "左の箱の二行目です", "右の箱の一行目です", "右の箱の二行目です"
    ]  # fmt: skip


def test_a_deck_that_says_more_in_its_titles_than_in_its_prose_still_has_titles():
    def slide(number: int, lines: list[GlyphLine]) -> Page:
        return Page(number, 540, 960, lines)

    pages = [slide(1, [_line(1, 200, "わかば町DXアクションプラン", 40)])]
    pages += [
        slide(
            n,
            [
                _line(n, 20, f"推進方針{n} 暮らしの手続をもっと便利にする", 40),
                _line(n, 300, "詳細は別表", 14),
            ],
        )
        for n in range(2, 5)
    ]  # the rest of each slide is a roadmap, read as table rows
    lines = [line for page in pages for line in page.lines]
    assert body_typography(lines).size == 40  # most characters are the titles'
    mark_slide_titles(pages, deck_body_size(pages, body_typography(lines).size))
    assert [line.text for page in pages for line in page.lines if line.outline_level == 1] == [
        f"推進方針{n} 暮らしの手続をもっと便利にする" for n in range(2, 5)
    ]
