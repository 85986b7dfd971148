"""Measures written without blocks or tables, on small inputs written here: a bold mark-led title over
its own sentence, lines opened by a measure's labels (実施期間：…, 成果指標：…), a label and its number
in title brackets (【取組2】), a mark-led block label running on with its text (■KPI　…), PDF text
emboldened by stroking its outline, and a lone emphasised caption in a numbered document."""

import zlib

import pandas as pd
import pytest
from conftest import document, line_rows, run_pipeline

from pipeline.families.block_labels import inline_label, marked_inline_label
from pipeline.families.enumerators import parse_enumerator
from pipeline.model.lines import Label
from pipeline.outline.structure import outline_rows
from pipeline.readers.pdf.glyphs import page_objects, to_char

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
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zlib.compress(stream))
        + zlib.compress(stream)
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(body)


@pytest.mark.parametrize(("mode", "bold"), [(0, False), (2, True), (1, True)])
def test_text_drawn_with_its_outline_stroked_is_bold(tmp_path, mode, bold):
    path = tmp_path / "stroked.pdf"
    _stroked_text_pdf(path, mode)
    with pdfplumber.open(path) as pdf:
        chars = [to_char(raw) for raw in page_objects(pdf.pages[0]).chars if raw["text"].strip()]
    assert chars and all(char.bold is bold for char in chars)
