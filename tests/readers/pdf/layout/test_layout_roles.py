"""The parts of a layout and their roles, on small inputs written here: a slide's pillar tag, drawn
arrows of several kinds (a connector with a head, a line, a shape anchored in a Word cell, bars over a
slide's table), a period column, a figure's date, a lone phase word in a year cell, a band row, and
two grids set one under the other."""

import pandas as pd
import pytest
from conftest import FIXTURES, run_pipeline
from lxml import etree

from pipeline.families.block_labels import opens_with_target_label
from pipeline.readers.ingest import ingest_file
from pipeline.readers.office.drawn_shapes import A, shape_mark
from pipeline.readers.pdf.drawing import Ruling, Shape, headed_shafts
from pipeline.readers.pdf.glyphs import Char, GlyphLine
from pipeline.readers.pdf.layout.figures import mark_boxed_labels
from pipeline.tables.find import find_tables

pptx = pytest.importorskip("pptx")
docx = pytest.importorskip("docx")


def _sppr(geometry: str, line: str = "") -> etree._Element:
    return etree.fromstring(
        f'<p:spPr xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="{A[1:-1]}">'
        f'<a:prstGeom prst="{geometry}"/>{line}</p:spPr>'
    )


@pytest.mark.parametrize(
    ("geometry", "line", "mark"),
    [
        ("straightConnector1", '<a:ln w="12700"><a:tailEnd type="triangle"/></a:ln>', "arrow"),
        ("line", '<a:ln w="12700"><a:headEnd type="stealth"/></a:ln>', "arrow"),
        ("line", '<a:ln w="50800"/>', "bar"),  # 4 pt: a Gantt bar drawn as a thick line
        ("line", '<a:ln w="9525"/>', None),  # a hairline: a rule, not a bar
        ("rightArrow", "", "arrow"),
        ("roundRect", "", "bar"),
        ("ellipse", "", None),
    ],
)
def test_a_shapes_preset_and_line_ends_say_whether_it_is_an_arrow_a_bar_or_nothing(geometry, line, mark):
    assert shape_mark(_sppr(geometry, line)) == mark


def _slide_deck(path, tag: str) -> None:
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls
    from pptx.util import Cm, Pt

    deck = pptx.Presentation()
    deck.slide_width, deck.slide_height = Cm(33.867), Cm(19.05)
    cover = deck.slides.add_slide(deck.slide_layouts[0])
    cover.shapes.title.text = "青葉町DX推進計画"
    for number, name in enumerate(("窓口のオンライン化", "公共施設の予約", "庁内のペーパーレス"), start=1):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = f"施策({number}) {name}"
        box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Cm(24), Cm(0.3), Cm(9), Cm(1))
        box.text_frame.text = tag
        for index, (label, body) in enumerate(
            (("現状と課題", "窓口が混み合う。"), ("取組内容", f"{name}を進める。"))
        ):
            slide.shapes.add_textbox(Cm(1), Cm(4 + index * 2), Cm(5), Cm(1)).text_frame.text = label
            slide.shapes.add_textbox(Cm(7), Cm(4 + index * 2), Cm(25), Cm(1)).text_frame.text = body
        for index, year in enumerate(("令和7年度", "令和8年度", "令和9年度")):
            slide.shapes.add_textbox(Cm(12 + index * 6), Cm(9), Cm(6), Cm(1)).text_frame.text = year
        slide.shapes.add_textbox(Cm(2), Cm(10.6), Cm(9), Cm(1)).text_frame.text = "システムの導入"
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Cm(12.2), Cm(11.1), Cm(23.6), Cm(11.1))
        line.line.width = Pt(2)
        line.line._get_or_add_ln().append(parse_xml(f'<a:tailEnd {nsdecls("a")} type="triangle"/>'))
    deck.save(path)


def test_a_slides_tag_box_is_its_pillar_and_its_title_the_measure(tmp_path):
    _slide_deck(tmp_path / "deck.pptx", "基本目標2 暮らしの手続")
    assert run_pipeline([tmp_path / "deck.pptx"], tmp_path / "out") == 0
    measures = pd.read_parquet(tmp_path / "out" / "measures.parquet")
    assert list(measures.title) == ["窓口のオンライン化", "公共施設の予約", "庁内のペーパーレス"]
    assert set(measures.pillar) == {"基本目標2 暮らしの手続"}
    sections = pd.read_parquet(tmp_path / "out" / "sections.parquet")
    assert "暮らしの手続" not in set(sections.title)  # the tag is no heading
    schedules = pd.read_parquet(tmp_path / "out" / "schedules.parquet")
    # The connector with an arrow head covers the first two years (its head runs a little into the third).
    assert sorted(schedules[schedules.activity == "システムの導入"].fiscal_year.unique()) == [2025, 2026]


def test_a_box_naming_no_pillar_is_no_tag(tmp_path):
    _slide_deck(tmp_path / "deck.pptx", "担当 情報政策課")
    ingested = ingest_file(tmp_path / "deck.pptx")
    assert not any(line.layout_hint == "tag" for line in ingested.lines)


def _anchored(width_emu: int) -> str:
    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    )
    return (
        f'<w:r {ns}><w:drawing><wp:anchor simplePos="0" relativeHeight="1" behindDoc="0" locked="0" '
        'layoutInCell="1" allowOverlap="1" distT="0" distB="0" distL="0" distR="0"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width_emu}" cy="10"/><wp:wrapNone/><wp:docPr id="5" name="a"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:spPr><a:prstGeom prst="line"/><a:ln w="28575"><a:tailEnd type="arrow"/></a:ln>'
        "</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def test_an_arrow_anchored_in_a_word_cell_marks_the_year_columns_it_spans(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = docx.Document()
    table = document.add_table(rows=3, cols=5)
    for cell, text in zip(
        table.rows[0].cells, ("取組", "担当課", "令和7年度", "令和8年度", "令和9年度"), strict=True
    ):
        cell.text = text
    for row, name in ((1, "電子申請の拡大"), (2, "窓口予約")):
        table.cell(row, 0).text, table.cell(row, 1).text = name, "住民課"
    for column in table._tbl.tblGrid.findall(qn("w:gridCol")):
        column.set(qn("w:w"), "1440")  # one inch: 914,400 EMU
    table.cell(1, 2).paragraphs[0]._p.append(parse_xml(_anchored(2 * 914400 - 50000)))
    table.cell(2, 3).paragraphs[0]._p.append(parse_xml(_anchored(914400 // 3)))  # a third of a year
    document.save(tmp_path / "plan.docx")
    rows = [line.cells for line in ingest_file(tmp_path / "plan.docx").lines if line.cells]
    assert [cell.mark for cell in rows[1]] == [None, None, "arrow", "arrow", None]
    assert [cell.mark for cell in rows[2]] == [None] * 5


PERIOD_PLAN = """\
青葉町DX推進計画

| 施策 | 内容 | 実施時期 | 担当課 | 指標 | 目標値 |
|---|---|---|---|---|---|
| 電子申請の拡大 | 申請をオンラインにする | 令和7年度～令和9年度 | 住民課 | 電子申請の件数 | 500件 |
| 窓口予約の導入 | 来庁を予約制にする | 令和8年度以降 | 住民課 | 予約の件数 | 300件 |
| 会議の電子化 | 資料をタブレットで配る | 令和7年度 | 総務課 | 紙の枚数 | 1万枚 |
"""


def test_a_period_column_schedules_every_year_of_its_period(tmp_path):
    (tmp_path / "plan.md").write_text(PERIOD_PLAN, encoding="utf-8")
    assert run_pipeline([tmp_path / "plan.md"], tmp_path / "out") == 0
    rows = pd.read_parquet(tmp_path / "out" / "schedules.parquet")
    years = {a: sorted(int(y) for y in g.fiscal_year) for a, g in rows.groupby("activity")}
    assert years == {"電子申請の拡大": [2025, 2026, 2027], "窓口予約の導入": [2026], "会議の電子化": [2025]}
    assert rows[rows.activity == "窓口予約の導入"].open_ended.all()


FIGURE_DATES = """\
青葉町DX推進計画

# 第1章 取組

## (1) スマホ教室の開催

### 取組内容

高齢者向けのスマートフォン教室を開きます。

### 成果指標

受講者数を150人（令和5年度）から1,000人（令和10年度）にします。

### スケジュール

| 令和7年度 | 令和8年度 | 令和9年度 |
|---|---|---|
| 検討 | | |
"""


def test_a_figures_date_is_no_scheduled_year_and_a_lone_phase_word_keeps_its_column(tmp_path):
    (tmp_path / "plan.md").write_text(FIGURE_DATES, encoding="utf-8")
    assert run_pipeline([tmp_path / "plan.md"], tmp_path / "out") == 0
    rows = pd.read_parquet(tmp_path / "out" / "schedules.parquet")
    assert list(zip(rows.activity, rows.fiscal_year, strict=True)) == [("検討", 2025)]
    kpis = pd.read_parquet(tmp_path / "out" / "kpis.parquet")
    assert list(kpis.target_value) == [1000]


def _row(line: int, cells: list[tuple[str, float, float]], fill: str | None = None) -> dict:
    return {
        "line": line,
        "label": "table_row",
        "text": "\t".join(text for text, _, _ in cells),
        "cells": [{"text": t, "x0": a, "x1": b, "fill": fill, "mark": None} for t, a, b in cells],
    }


def test_a_grid_set_right_under_another_with_other_columns_is_a_table_of_its_own():
    schedule = [("取組", 0, 100), ("R7", 100, 150), ("R8", 150, 200)]
    targets = [("指標", 0, 120), ("現状値", 120, 160), ("目標値", 160, 200)]
    rows = [
        _row(1, schedule),
        _row(2, [("電子申請", 0, 100), ("", 100, 150), ("", 150, 200)]),
        _row(3, targets),
        _row(4, [("申請件数", 0, 120), ("10件", 120, 160), ("50件", 160, 200)]),
    ]
    tables = find_tables(rows)
    assert [t.rows[0][0] for t in tables] == ["取組", "指標"]
    # A band row merged across the grid adds no edge of its own: it stays in its grid.
    band = _row(2, [("基本目標1 便利なくらし", 0, 200), ("", 100, 150), ("", 150, 200)], "#ddebf7")
    assert (
        len(
            find_tables(
                [_row(1, schedule), band, _row(3, [("電子申請", 0, 100), ("", 100, 150), ("", 150, 200)])]
            )
        )
        == 1
    )


def test_arrows_drawn_over_a_sheets_cells_mark_the_year_cells_they_cover():
    # Made by make_templates.py: block arrows on some rows, lines with a head on the others.
    sheet = FIXTURES / "templates" / "tune" / "sheet_drawn_arrows.xlsx"
    rows = [line.cells for line in ingest_file(sheet).lines if line.cells]
    header, first, second = rows[0], rows[1], rows[2]
    assert [c.text for c in header][4:] == ["令和7年度", "令和8年度", "令和9年度"]
    assert [c.mark for c in first][4:] == ["arrow", None, None]  # 対象手続の選定: the first year
    assert [c.mark for c in second][4:] == [None, "arrow", "arrow"]  # オンライン受付: a line with a head


def test_a_thin_line_ended_by_a_head_of_its_colour_is_an_arrow_and_a_tables_rule_is_not():
    head = Shape(200, 209, 95, 105, "#c00000", "arrow")
    shaft = Ruling("h", 100, 201, 100, 100)
    rule = Ruling("h", 20, 209, 95, 95)
    found = headed_shafts([(shaft, "#c00000"), (rule, "#000000")], [head])
    assert found == [(shaft, Shape(100, 209, 95, 105, "#c00000", "arrow"))]


ACTIVITY_GRID = """\
青葉町DX推進計画 工程表

| 施策 | 取組 | 令和7年度 | 令和8年度 | 令和9年度 |
|---|---|---|---|---|
| 電子申請の拡大 | 対象手続の選定 | ● | | |
| 電子申請の拡大 | オンライン受付 | | ● | ● |
| 窓口予約の導入 | 予約システムの構築 | | ● | |
"""


def test_a_grid_naming_a_measure_and_its_activities_schedules_the_activities(tmp_path):
    (tmp_path / "plan.md").write_text(ACTIVITY_GRID, encoding="utf-8")
    assert run_pipeline([tmp_path / "plan.md"], tmp_path / "out") == 0
    measures = pd.read_parquet(tmp_path / "out" / "measures.parquet")
    assert list(measures.title) == ["電子申請の拡大", "窓口予約の導入"]
    rows = pd.read_parquet(tmp_path / "out" / "schedules.parquet")
    years = {a: sorted(int(y) for y in g.fiscal_year) for a, g in rows.groupby("activity")}
    assert years == {"対象手続の選定": [2025], "オンライン受付": [2026, 2027], "予約システムの構築": [2026]}


def _glyph_line(text: str, x0: float, top: float, size: float = 12.0) -> GlyphLine:
    chars = [
        Char(ch, x0 + size * i, x0 + size * (i + 1), top, top + size, size, False)
        for i, ch in enumerate(text)
    ]
    line = GlyphLine(1, top, top + size, chars, text)
    line.x0, line.x1, line.size = chars[0].x0, chars[-1].x1, size
    return line


def test_a_short_line_alone_in_a_filled_band_is_a_boxed_label_and_a_panel_of_lines_is_not():
    label, body = _glyph_line("現状", 40, 104), _glyph_line("窓口が混み合っている。", 40, 140)
    first, second = _glyph_line("注意", 400, 104), _glyph_line("詳しくは後述。", 400, 124)
    band = Shape(30, 300, 100, 120, "#7f6000", "bar")
    panel = Shape(390, 700, 100, 140, "#fff2cc", "bar")
    mark_boxed_labels([label, body, first, second], [band, panel])
    assert (label.boxed, body.boxed, first.boxed, second.boxed) == (True, False, False, False)


@pytest.mark.parametrize(
    ("text", "target"),
    [("【KPI】申請件数 5,000件", True), ("目標：利用率を50%にします", True), ("［成果指標］登録者数", True),
     ("【現状】窓口が混む", False), ("担当：市民課", False), ("目標値の考え方を示す", False)],
)  # fmt: skip
def test_a_line_opening_with_a_targets_label_states_a_target(text, target):
    assert opens_with_target_label(text) is target
