"""Measures written without blocks or tables, on small inputs written here: a bold mark-led title over
its own sentence, lines opened by a measure's labels (実施期間：…, 成果指標：…), a label and its number
in title brackets (【取組2】), a mark-led block label running on with its text (■KPI　…), PDF text
emboldened by stroking its outline, a lone emphasised caption in a numbered document, and arrows
floating over a Word table from the paragraph above it."""

import sys

import pandas as pd
import pytest
from conftest import FIXTURES, document, helvetica_pdf, line_rows, run_pipeline

from pipeline.families.block_labels import inline_label, marked_inline_label
from pipeline.families.enumerators import parse_enumerator
from pipeline.model.lines import Label
from pipeline.outline.structure import outline_rows
from pipeline.readers.ingest import ingest_file
from pipeline.readers.pdf.engines import ENGINES
from pipeline.readers.pdf.glyphs import to_char

docx = pytest.importorskip("docx")
pdfplumber = pytest.importorskip("pdfplumber")

MEASURES = {
    "重点1 手続のデジタル化": [
        (
            "届出のスマホ申請",
            "転入と転出の届出をスマートフォンで受け付けます。",
            "令和8年度",
            "申請の割合",
            "30%",
        ),
        (
            "公金のキャッシュレス収納",
            "税と使用料をカード払いにします。",
            "令和9年度",
            "キャッシュレス比率",
            "60%",
        ),
    ],
    "重点2 職員の働き方": [
        (
            "会議資料のペーパーレス化",
            "庁議の資料をタブレットで配ります。",
            "令和8年度",
            "印刷枚数の削減率",
            "50%",
        ),
    ],
}


def _bold_titled_plan(path) -> None:
    """Pillars as Heading 1; each measure a bold ■ title, its sentence, a period line and a target line."""
    document_ = docx.Document()
    document_.add_paragraph("桜川町DX推進計画")
    for pillar, measures in MEASURES.items():
        document_.add_heading(pillar, level=1)
        for title, sentence, year, indicator, target in measures:
            document_.add_paragraph().add_run(f"■{title}").bold = True
            document_.add_paragraph(sentence)
            document_.add_paragraph(f"実施期間：{year}から令和10年度まで")
            document_.add_paragraph(f"成果指標：{indicator}を{target}にします（令和10年度）")
    document_.save(path)


def test_bold_mark_led_titles_over_labelled_lines_are_measures(tmp_path):
    source = tmp_path / "桜川町 計画.docx"
    _bold_titled_plan(source)
    assert run_pipeline([source], tmp_path / "out") == 0
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    measures = pd.read_parquet(tmp_path / "out" / "measures.parquet")
    kpis = pd.read_parquet(tmp_path / "out" / "kpis.parquet")
    schedules = pd.read_parquet(tmp_path / "out" / "schedules.parquet")
    assert documents.is_plan.tolist() == [True]
    expected = [title for group in MEASURES.values() for title, *_ in group]
    assert measures.title.tolist() == expected
    assert measures.pillar.tolist() == ["手続のデジタル化", "手続のデジタル化", "職員の働き方"]
    assert len(kpis) == 3 and set(kpis.target_fy) == {2028}
    assert schedules.groupby("measure_id").fiscal_year.min().tolist() == [2026, 2027, 2026]


def test_a_bold_bullet_list_stays_a_list():
    """Bold items one after another, no sentence of their own under each: a list, not titles."""
    rows = line_rows(
        "1 はじめに\n\n■窓口の改革\n■職員の研修\n■庁舎の改修\n\n2 取組\n\n本文の文章がここに続きます。"
    )
    for row in rows:
        row.update(size_ratio=1.0, bold=row["text"].startswith("■"))
    lines, sections, _ = outline_rows("d", rows)
    assert [s["title"] for s in sections] == ["はじめに", "取組"]


def test_a_lone_emphasised_caption_in_a_numbered_document_is_not_a_heading():
    text = (
        "1 はじめに\n\n本計画の背景を述べる。本計画の背景を述べる。本計画の背景を述べる。\n\n"
        "利用者から見た課題\n"
        "窓口の待ち時間が長いことが、住民の声として最も多く寄せられている。\n\n"
        "2 取組\n\n取組の概要を述べる。取組の概要を述べる。取組の概要を述べる。\n\n"
        "取組の全体像\n"
        "2.1 窓口の改革\n\n窓口の改革を進める。窓口の改革を進める。窓口の改革を進める。"
    )
    rows = line_rows(text)
    for row in rows:
        row.update(size_ratio=1.0, bold=row["text"] in ("利用者から見た課題", "取組の全体像"))
    _, sections, _ = outline_rows("d", rows)
    titles = [s["title"] for s in sections]
    assert "利用者から見た課題" not in titles  # over its own paragraph: a caption
    assert "取組の全体像" in titles  # right over a numbered heading: a title whose number was lost


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("【取組2】窓口のキャッシュレス化", ("label:取組", "取組2")),
        ("［施策3］庁内無線LAN", ("label:施策", "施策3")),
    ],
)
def test_a_label_and_number_in_title_brackets_is_the_label(text, parsed):
    found = parse_enumerator(text)
    assert found is not None and (found.family, found.number) == parsed


def test_a_mark_led_block_label_runs_on_with_its_text():
    lines, sections = document(
        "取組1 窓口改革\n\n■概要\n窓口を一つにする。\n■成果目標　待ち時間 20分 → 5分（令和9年度）\n"
    )
    block = next(s for s in sections if s["title"] == "成果目標")
    row = next(r for r in lines if r["line"] == block["line_start"])
    assert row["label"] == Label.LIST_ITEM and row["text"].startswith("■成果目標")
    assert marked_inline_label("■窓口の改革を進める") is None
    assert inline_label("■KPI　利用率 12%") == "KPI"


def _stroked_text_pdf(path, mode: int) -> None:
    """One line of Helvetica drawn in text render mode `mode` (2: filled and stroked)."""
    stream = f"BT /F1 12 Tf {mode} Tr 0.4 w 72 700 Td (Bold words) Tj ET".encode()
    path.write_bytes(helvetica_pdf(stream, compressed=True, mediabox=(0, 0, 612, 792)))


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize(("mode", "bold"), [(0, False), (2, True), (1, True)])
def test_text_drawn_with_its_outline_stroked_is_bold(tmp_path, mode, bold, engine):
    path = tmp_path / "stroked.pdf"
    _stroked_text_pdf(path, mode)
    chars = [to_char(glyph) for glyph in ENGINES[engine](path)[0].glyphs if glyph.text.strip()]
    assert chars and all(char.bold is bold for char in chars)


def _floating_plan(path, rows: list[tuple[str, int, int]], from_page: bool = False) -> None:
    """A 工程表 whose year cells are empty and whose years are arrows floating over it, anchored to the
    empty paragraph above the table: (取組, first year column, last year column) per row."""
    sys.path.insert(0, str(FIXTURES))
    from template_word import _exact_rows, _floating_arrow, _table

    document_ = docx.Document()
    document_.add_paragraph("桜川町DX推進計画")
    anchor = document_.add_paragraph()
    widths = [5.0, 2.0, 2.0, 2.0]
    table = _table(
        document_, [["取組", "R8", "R9", "R10"], *[[name, "", "", ""] for name, _, _ in rows]], widths
    )
    _exact_rows(table, 1.0)
    for r, (_, first, last) in enumerate(rows):
        left = 5.0 + first * 2.0 + 0.2
        _floating_arrow(anchor, 500 + r, left, 0.5 + (r + 1.5), (last - first + 1) * 2.0 - 0.4, dashed=r == 1)
    if from_page:
        for position in anchor._p.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}positionH"
        ):
            position.set("relativeFrom", "page")
    document_.save(path)


@pytest.mark.parametrize("from_page", [False, True])
def test_arrows_floating_over_a_word_table_mark_the_cells_they_lie_over(tmp_path, from_page):
    path = tmp_path / "plan.docx"
    _floating_plan(path, [("窓口の改革", 0, 1), ("研修の実施", 1, 2), ("庁舎の改修", 2, 2)], from_page)
    rows = [line for line in ingest_file(path).lines if line.cells and line.cells[0].text != "取組"]
    marks = [[cell.mark for cell in line.cells[1:]] for line in rows]
    if from_page:  # placed against the page: where the table stands on it is not known
        assert marks == [[None] * 3] * 3
    else:
        assert marks == [["arrow", "arrow", None], [None, "arrow", "arrow"], [None, None, "arrow"]]


def test_a_blank_slide_reads_its_number_disc_divider_and_boxed_labels(tmp_path):
    pptx = pytest.importorskip("pptx")
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Cm, Pt

    deck = pptx.Presentation()
    blank = deck.slide_layouts[6]

    def box(slide, left, top, width, height, text, size, shape=None):
        made = (
            slide.shapes.add_shape(shape, Cm(left), Cm(top), Cm(width), Cm(height))
            if shape
            else slide.shapes.add_textbox(Cm(left), Cm(top), Cm(width), Cm(height))
        )
        if shape:
            made.fill.solid()
            made.fill.fore_color.rgb = RGBColor(0xDD, 0xEB, 0xF7)
        made.text_frame.text = text
        made.text_frame.paragraphs[0].runs[0].font.size = Pt(size)

    cover = deck.slides.add_slide(blank)
    box(cover, 2, 6, 20, 2, "桜川町DX推進計画", 32)
    divider = deck.slides.add_slide(blank)
    box(divider, 0, 8, 25, 3, "基本方針2　暮らしのデジタル化", 28, MSO_SHAPE.RECTANGLE)
    slide = deck.slides.add_slide(blank)
    box(slide, 1, 0.8, 1.6, 1.6, "3", 20, MSO_SHAPE.OVAL)
    box(slide, 3, 0.9, 20, 1.5, "図書館の電子書籍", 26)
    box(slide, 1, 4, 3, 0.9, "現状", 12, MSO_SHAPE.ROUNDED_RECTANGLE)
    box(slide, 5, 4, 18, 1.5, "電子書籍の貸出はまだない。", 13)
    path = tmp_path / "deck.pptx"
    deck.save(path)
    lines = {line.text: line for line in ingest_file(path).lines if line.text}
    assert lines["基本方針2 暮らしのデジタル化"].outline_level == 1  # the divider's one text is its title
    assert lines["3 図書館の電子書籍"].outline_level == 1  # the disc's number joins the title
    assert "3" not in lines
    assert lines["現状"].layout_hint == "boxed"  # a label alone in a filled shape
    assert lines["電子書籍の貸出はまだない。"].layout_hint is None
