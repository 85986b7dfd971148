"""Word, Excel and PowerPoint originals: each reader on small files the tests write, and end to end on the
committed fixtures (tests/fixtures/formats, made by make_formats.py) against their gold."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, read, run_pipeline
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from pipeline.errors import InputError
from pipeline.evaluation.gold import evaluate_corpus
from pipeline.readers.gantt import Box, covered_columns, gantt_rows
from pipeline.readers.ingest import ingest_file
from pipeline.readers.office.numbering import format_number
from pipeline.readers.reading_order import reading_order

FORMATS = FIXTURES / "formats"
BODY = "本町は窓口の手続を見直し、申請の電子化と職員の働き方の改革を計画的に進めていく。" * 2


def _numbered_headings(path: Path) -> None:
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="7">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="japaneseCounting"/>'
            '<w:lvlText w:val="第%1部"/><w:suff w:val="space"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/>'
            '<w:lvlText w:val="%2"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="7"><w:abstractNumId w:val="7"/></w:num>'))
    for level, name in ((0, "Heading 1"), (1, "Heading 2")):
        document.styles[name].element.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr>')
        )
    document.add_heading("現状の把握", level=1)
    document.add_paragraph(BODY)
    document.add_heading("窓口の様子", level=2)
    document.add_heading("庁内の様子", level=2)
    document.add_heading("改革の進め方", level=1)
    document.add_heading("最初の一年", level=2)
    document.add_paragraph(BODY)
    document.save(path)


def test_word_numbering_is_restored_into_the_headings(tmp_path):
    _numbered_headings(tmp_path / "plan.docx")
    lines = ingest_file(tmp_path / "plan.docx").lines
    headings = [(line.outline_level, line.text) for line in lines if line.outline_level]
    assert headings == [
        (1, "第一部 現状の把握"),
        (2, "①窓口の様子"),
        (2, "②庁内の様子"),
        (1, "第二部 改革の進め方"),
        (2, "①最初の一年"),  # a deeper level restarts when a shallower one advances
    ]


@pytest.mark.parametrize(
    ("number", "fmt", "shown"),
    [(3, "decimal", "3"), (12, "japaneseCounting", "十二"), (2, "aiueoFullWidth", "イ"), (4, "upperRoman", "IV"),
     (5, "decimalEnclosedCircle", "⑤"), (28, "lowerLetter", "bb"), (7, "decimalZero", "07"), (3, "iroha", "ハ")],
)  # fmt: skip
def test_word_number_formats(number, fmt, shown):
    assert format_number(number, fmt) == shown


def test_word_tables_keep_merged_cells_and_shading(tmp_path):
    document = Document()
    document.add_paragraph(BODY)
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "方針", "取組", "令和7年度"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "便利な窓口"
    table.cell(1, 1).text, table.cell(2, 1).text = "予約制の導入", "案内の多言語化"
    table.cell(1, 2)._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="FFC000"/>')
    )
    document.save(tmp_path / "grid.docx")
    rows = [line.cells for line in ingest_file(tmp_path / "grid.docx").lines if line.cells]
    assert [[c.text for c in row] for row in rows] == [
        ["方針", "取組", "令和7年度"],
        ["便利な窓口", "予約制の導入", ""],
        # Merged down: each row it spans has its text, as a sheet's merged cell and a PDF's give it.
        ["便利な窓口", "案内の多言語化", ""],
    ]
    assert rows[1][2].fill == "#ffc000" and rows[2][2].fill is None


def test_word_footnotes_are_linked_exactly(corpus_formats):
    notes = read(corpus_formats["original"], "notes")
    note = notes[notes["doc_id"] == "shaded"].iloc[0]
    assert note["text"].startswith("行政が持つデータ")


def test_word_headers_and_footers_stay_out(tmp_path):
    document = Document()
    document.sections[0].header.paragraphs[0].text = "東浦町デジタル化実施計画（ヘッダー）"
    document.sections[0].footer.paragraphs[0].text = "- 1 -"
    document.add_paragraph(BODY)
    document.save(tmp_path / "plain.docx")
    texts = [line.text for line in ingest_file(tmp_path / "plain.docx").lines]
    assert not any("ヘッダー" in t or t == "- 1 -" for t in texts)


def test_excel_merged_pillars_fills_and_hidden_sheets(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    book = Workbook()
    sheet = book.active
    sheet.append(["青葉市DX実行計画"])
    sheet.append(["基本目標", "事業名", "令和6年度", "令和7年度"])
    sheet.append(["暮らしの便利", "図書館の電子書籍", None, "拡充"])
    sheet.append([None, "公民館の予約", None, None])
    sheet.merge_cells("A3:A4")
    sheet["C4"].fill = PatternFill("solid", fgColor="00B050")
    sheet.row_dimensions[6].hidden = True
    sheet["B6"] = "隠した行"
    secret = book.create_sheet("メモ")
    secret.append(["非表示のシート"])
    secret.sheet_state = "hidden"
    book.save(tmp_path / "plan.xlsx")
    ingested = ingest_file(tmp_path / "plan.xlsx")
    rows = [line.cells for line in ingested.lines if line.cells]
    assert [c.text for c in rows[2]][:2] == ["暮らしの便利", "公民館の予約"]  # merged down: every row
    assert rows[2][2].fill == "#00b050"
    assert ingested.lines[0].text == "青葉市DX実行計画" and ingested.input_format == "xlsx"
    assert not any("隠した行" in line.text or "非表示" in line.text for line in ingested.lines)


def test_slides_read_in_visual_order_whatever_the_creation_order():
    # A title band, then two columns; created right column first, bottom box first.
    boxes = [Box(400, 700, 300, 400), Box(400, 700, 100, 250), Box(50, 350, 100, 400), Box(50, 700, 10, 60)]
    assert reading_order(boxes, -1.0) == [3, 2, 1, 0]


def test_boxes_side_by_side_each_with_a_header_band_read_column_by_column():
    # Three measures side by side, each a header band over its text: the gap between the columns is
    # wider than the one under the bands, so each box is read whole before the next.
    bands = [Box(40 + i * 300, 320 + i * 300, 140, 176) for i in range(3)]
    bodies = [Box(40 + i * 300, 320 + i * 300, 182, 420) for i in range(3)]
    order = reading_order(bands + bodies, -1.0)
    assert order == [0, 3, 1, 4, 2, 5]


def test_a_gantt_bar_covers_the_years_it_mostly_overlaps():
    years = [Box(100 + 100 * i, 200 + 100 * i, 50, 70, f"令和{6 + i}年度") for i in range(3)]
    arrow = Box(100, 215, 90, 110, mark="arrow")  # its head runs 15% into 令和7年度: not that year
    label = Box(10, 95, 88, 112, "窓口の改修")
    rows, used = gantt_rows([*years, arrow, label])
    assert [c.text for c in rows[0]] == ["", "令和6年度", "令和7年度", "令和8年度"]
    assert rows[1][0].text == "窓口の改修" and [c.mark for c in rows[1][1:]] == ["arrow", None, None]
    assert used == {0, 1, 2, 3, 4}
    assert covered_columns(Box(100, 290, 0, 1), [(100, 200), (200, 300)]) == [0, 1]


def test_bars_with_a_phase_word_beside_one_label_are_one_row_showing_their_words():
    years = [Box(200 + 100 * i, 300 + 100 * i, 50, 70, f"{2026 + i}年度") for i in range(3)]
    label = Box(10, 180, 88, 112, "①公民館の予約")
    study = Box(205, 295, 90, 110, "検討", mark="bar")
    work = Box(305, 495, 90, 110, "運用", mark="bar")
    named = Box(205, 395, 130, 150, "窓口の改修", mark="bar")  # an activity written on its bar
    rows, _ = gantt_rows([*years, label, study, work, named])
    assert [(c.text, c.mark) for c in rows[1]] == [
        ("①公民館の予約", None), ("検討", "bar"), ("運用", "bar"), ("運用", "bar")
    ]  # fmt: skip
    assert rows[2][0].text == "窓口の改修" and [c.text for c in rows[2][1:]] == ["", "", ""]


def test_a_year_row_among_a_spreadsheets_header_labels_is_no_gantt():
    years = [Box(300 + 100 * i, 400 + 100 * i, 50, 70, f"令和{6 + i}年度") for i in range(2)]
    labels = [
        Box(10 + 90 * i, 90 + 90 * i, 50, 70, text) for i, text in enumerate(("取組", "内容", "担当課"))
    ]
    bar = Box(300, 500, 90, 110, mark="bar")
    assert gantt_rows([*years, *labels, bar]) == ([], set())
    assert gantt_rows([*years, *labels[:2], bar])[0]  # a label column or two beside the years: a Gantt


def test_no_gantt_without_a_year_row():
    assert gantt_rows([Box(0, 100, 0, 20, "窓口"), Box(0, 100, 30, 40, mark="bar")]) == ([], set())


def _zip_with(path: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("locked.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "password-protected"),
        ("broken.xlsx", lambda p: p.write_bytes(b"PK\x03\x04 this is not a whole zip"), "damaged zip"),
        ("empty.pptx", lambda p: _zip_with(p, "hello.txt", b"hi"), "not a PowerPoint deck"),
        ("bomb.docx", lambda p: _zip_with(p, "word/document.xml", b"\0" * (600 << 20)), "zip bomb"),
    ],
)  # fmt: skip
def test_bad_office_files_get_one_clear_line(tmp_path, name, make, reason):
    path = tmp_path / name
    make(path)
    with pytest.raises(InputError, match=reason):
        ingest_file(path)


def _lying_zip(path, name, data, declared):
    """A zip whose headers declare `declared` bytes for a part that really inflates to len(data)."""
    import struct

    _zip_with(path, name, data)
    blob = path.read_bytes().replace(struct.pack("<I", len(data)), struct.pack("<I", declared))
    path.write_bytes(blob)
    return path


def test_a_zip_that_lies_about_its_sizes_is_refused_without_inflating_it(tmp_path, monkeypatch):
    from pipeline.readers.office import package

    monkeypatch.setattr(package, "MAX_INFLATED", 1 << 20)  # a 1 MiB bound; the part really holds 8 MiB
    path = _lying_zip(tmp_path / "lying.docx", "word/document.xml", b"<a>" + b" " * (8 << 20) + b"</a>", 1000)
    with pytest.raises(InputError, match="damaged|zip bomb"):
        package.check_package(path)


def test_a_deck_of_pictures_only_is_refused_clearly(tmp_path):
    from pptx import Presentation

    deck = Presentation()
    deck.slides.add_slide(deck.slide_layouts[6])
    deck.save(tmp_path / "pictures.pptx")
    with pytest.raises(InputError, match="no text"):
        ingest_file(tmp_path / "pictures.pptx")


def test_macros_are_never_run_and_the_content_is_read(tmp_path):
    source = FORMATS / "action_plan.xlsx"
    target = tmp_path / "action_plan.xlsm"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b'Attribute VB_Name = "Module1"\nSub Auto_Open()\nEnd Sub\n')
    ingested = ingest_file(target)
    assert any("macros were not run" in w for w in ingested.warnings)
    assert any("電子申請の拡大" in line.text for line in ingested.lines)


@pytest.fixture(scope="module")
def corpus_formats(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for group, files in (
        ("original", [FORMATS / n for n in ("action_plan.xlsx", "deck.pptx", "shaded.docx")]),
        ("pdf", sorted((FORMATS / "pdf").glob("*.pdf"))),
    ):
        out[group] = tmp_path_factory.mktemp(group)
        assert run_pipeline(files, out[group]) == 0
    return out


AREAS = ("headings", "measures", "schedules", "kpis")


def test_originals_come_out_right(corpus_formats):
    report = evaluate_corpus(corpus_formats["original"], FORMATS / "gold")
    for source, scores in report.items():
        for area in AREAS:
            assert scores[area]["f1"] >= 0.95, (source, area, scores[area])
        assert scores["schedules"]["year_agreement"] in (None, 1.0), source
        assert scores["metadata"]["accuracy"] == 1.0, (source, scores["metadata"])
    documents = read(corpus_formats["original"], "documents").set_index("doc_id")
    assert documents["input_format"].to_dict() == {"action_plan": "xlsx", "deck": "pptx", "shaded": "docx"}
    assert documents["is_plan"].all()


def test_each_original_scores_at_least_its_pdf_twin(corpus_formats):
    originals = evaluate_corpus(corpus_formats["original"], FORMATS / "gold")
    twins = evaluate_corpus(corpus_formats["pdf"], FORMATS / "gold")
    for source, scores in originals.items():
        for area in AREAS:
            assert scores[area]["f1"] >= twins[source][area]["f1"], (source, area)


def test_filled_and_drawn_years_reach_the_published_tables(corpus_formats):
    tables = read(corpus_formats["original"], "tables")
    assert set(tables["mark"].dropna()) == {"arrow"}
    assert tables["fill"].dropna().str.match(r"^#[0-9a-f]{6}$").all()
    schedules = read(corpus_formats["original"], "schedules")
    drawn = schedules[schedules["value"].isna() & (schedules["source"] == "table")]
    assert len(drawn) >= 10


needs_ocr = pytest.mark.skipif(not __import__("pipeline.readers.scan.ocr").readers.scan.ocr.available(),
                               reason="Tesseract's Japanese OCR is not installed (make installs it as root)")  # fmt: skip


@needs_ocr
def test_a_scanned_plan_is_read_by_ocr_and_cached(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DXPLANS_OCR_CACHE", str(tmp_path / "cache"))
    ingested = ingest_file(FORMATS / "scan" / "shaded.pdf")
    assert ingested.input_format == "pdf+ocr" and all(line.ocr for line in ingested.lines if line.text)
    texts = [line.text for line in ingested.lines]
    assert any("第2章" in t and "計画の工程" in t for t in texts)
    assert any("令和6年度" in t.replace(" ", "") for t in texts)  # OCR's 今和 / 念和 set right
    assert any("オープンデータ¹の公開" in t.replace(" ", "") for t in texts)  # the note mark raised above
    # The table's rulings and shaded year cells come from the image: a shaded year is a cell's fill.
    filled = [line.cells[0].text for line in ingested.lines if line.cells and any(c.fill for c in line.cells)]
    assert len(filled) >= 2
    # Each line read by OCR says how surely; a line of a text layer says nothing.
    confidences = [line.ocr_confidence for line in ingested.lines if line.text]
    assert all(conf is not None and 0 < conf <= 100 for conf in confidences)
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1
    again = ingest_file(FORMATS / "scan" / "shaded.pdf")  # from the cache: the same lines
    assert [line.text for line in again.lines] == texts

    # A damaged entry (truncated, or JSON of another shape) is dropped and the page read again.
    from pipeline.readers.scan import ocr

    entry = next((tmp_path / "cache").glob("*.json"))
    good = entry.read_text(encoding="utf-8")
    monkeypatch.setattr(ocr, "_read_image", lambda png: json.loads(good))  # the page's reading, at once
    for damage in (good[: len(good) // 2], '{"words": 3, "shapes": "none"}', "[]"):
        entry.write_text(damage, encoding="utf-8")
        healed = ingest_file(FORMATS / "scan" / "shaded.pdf")
        assert [line.text for line in healed.lines] == texts
        assert entry.read_text(encoding="utf-8") == good
        assert "OCR cache entry" in capsys.readouterr().err


@needs_ocr
def test_an_office_scan_on_grey_uneven_paper_reads_its_headings_and_its_shaded_schedule(
    tmp_path, monkeypatch
):
    # shaded.pdf as an office scans it (make_scans.py office_scan): 200 dpi in colour, turned half a
    # degree, grey paper darker towards one corner, blurred, noisy, JPEG at quality 70.
    monkeypatch.setenv("DXPLANS_OCR_CACHE", str(tmp_path / "cache"))
    ingested = ingest_file(FORMATS / "scan" / "office_shaded.pdf")
    texts = [line.text.replace(" ", "") for line in ingested.lines]
    assert {"東浦町デジタル化実施計画", "第1章計画の目的", "第2章計画の工程"} <= set(texts)
    rows = {
        line.cells[0].text: [bool(c.fill) for c in line.cells[1:]] for line in ingested.lines if line.cells
    }
    # The table's faint rules are found, so each row is its own; the shaded years are its cells' fills.
    assert rows["オープンデータの公開"] == [True, True, False]
    assert rows["公共施設予約のオンライン化"] == [False, True, True]


def test_without_ocr_a_scan_gets_one_clear_line(tmp_path, monkeypatch):
    from pipeline.readers.scan import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(InputError, match="no text layer.*apt-get install tesseract-ocr"):
        ingest_file(FORMATS / "scan" / "shaded.pdf")


@needs_ocr
def test_a_scanned_page_of_vertical_writing_is_read_column_by_column(tmp_path, monkeypatch):
    monkeypatch.setenv("DXPLANS_OCR_CACHE", str(tmp_path / "cache"))
    ingested = ingest_file(FORMATS / "scan" / "vertical.pdf")
    texts = [line.text.replace(" ", "") for line in ingested.lines if line.text.strip()]
    assert texts[0] == "第1章計画の目的"
    assert any(text.startswith("本市は行政手続のオンライン化を進め") for text in texts)
    assert texts.index("第1章計画の目的") < next(i for i, t in enumerate(texts) if t.startswith("職員"))


def _docx_with_part(tmp_path: Path, part: str, edit) -> Path:
    source = FIXTURES / "formats" / "000_eb3511b572ad8bca.docx"
    target = tmp_path / "edited.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in original.namelist():
            data = original.read(name)
            out.writestr(name, edit(data) if name == part else data)
    return target


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        # An entity the part never declares: a part that is not well-formed, named with why.
        (lambda xml: xml.replace(b"</w:numbering>", b"&undefined;</w:numbering>"), "word/numbering.xml is not well-formed XML"),
        # An external entity (XXE): never fetched; the part is refused, named.
        (lambda xml: xml.replace(b"<w:numbering", b'<!DOCTYPE n [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:numbering', 1).replace(b"</w:numbering>", b"&x;</w:numbering>"), "word/numbering.xml is not well-formed XML: it declares a DTD"),
        # Billion laughs: entities declared inside the part; refused before any is expanded.
        (lambda xml: xml.replace(b"<w:numbering", b'<!DOCTYPE n [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:numbering', 1).replace(b"</w:numbering>", b"&b;</w:numbering>"), "word/numbering.xml is not well-formed XML: it declares a DTD"),
    ],
)  # fmt: skip
def test_an_office_parts_bad_xml_is_named_and_its_entities_never_resolved(tmp_path, edit, reason):
    path = _docx_with_part(tmp_path, "word/numbering.xml", edit)
    with pytest.raises(InputError, match=reason) as refused:
        ingest_file(path)
    assert "root:" not in str(refused.value)
