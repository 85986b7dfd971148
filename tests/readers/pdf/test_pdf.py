"""PDF ingestion: the same lines from a PDF as from text. Fixtures from two engines: reportlab
(tests/fixtures/make_pdfs.py) and LibreOffice from Word documents and slides (make_office_pdfs.py)."""

import pytest
from conftest import FIXTURES, GOLD, RAW, helvetica_pdf, run_pipeline

from pipeline.errors import InputError
from pipeline.evaluation.gold import evaluate_corpus
from pipeline.readers.ingest import ingest_file
from pipeline.readers.pdf.content import Glyph, PageContent
from pipeline.readers.pdf.drawing import Ruling
from pipeline.readers.pdf.reader import read_pdf_lines

PLANS = sorted((FIXTURES / "plans").glob("*.pdf"))
OFFICE_PLANS = sorted((FIXTURES / "office").glob("0*.pdf"))


@pytest.fixture(scope="module")
def edge_case():
    lines, pages, _ = read_pdf_lines(FIXTURES / "two_line_heading.pdf")
    return [line for line in lines if line.text], pages


def test_heading_set_over_two_lines_is_one_line_with_its_size(edge_case):
    lines, pages = edge_case
    assert pages == 1
    assert lines[0].text == "第1章 地域社会のデジタル化とデジタルデバイド対策の推進"
    assert lines[0].size_ratio >= 1.5


def test_paragraph_lines_are_joined_and_superscripts_become_markers(edge_case):
    paragraph = edge_case[0][1].text
    assert paragraph.count("公衆無線LAN^{※1}の整備") == 3 and paragraph.endswith(
        "令和6年度にかけて整備します。"
    )
    assert any(line.text == "RPA³による自動化を進めます。" for line in edge_case[0])


def test_ruled_table_rows_are_tab_rows_with_wrapped_cells_whole(edge_case):
    rows = [line.text for line in edge_case[0] if "\t" in line.text]
    assert rows == [
        "取組工程表\t令和5年度\t令和6年度",
        "公衆無線LANの整備\t10か所に整備する計画で、設置場所は公共施設を中心に選定します\t20か所",
    ]


def test_kangxi_radicals_are_folded(edge_case):
    assert any(line.text == "行政手続のオンライン化を進めます。" for line in edge_case[0])


def test_small_notes_at_the_foot_of_the_page_are_footnotes(edge_case):
    notes = [line for line in edge_case[0] if line.layout_hint == "footnote"]
    assert [n.text for n in notes] == [
        "※1 無線で接続できるネットワーク。",
        "³Robotic Process Automationの略。",
    ]


def test_running_header_and_page_numbers_are_kept_out_of_the_flow():
    ingested = ingest_file(PLANS[0])
    assert ingested.input_format == "pdf" and ingested.n_pages > 10
    assert all(line.page is not None for line in ingested.lines)
    texts = [line.text for line in ingested.lines]
    assert not any(text.startswith("- ") and text.endswith(" -") for text in texts)
    assert sum(text == "大村市DX推進計画" for text in texts) <= 1


@pytest.mark.parametrize("renderings", [PLANS, OFFICE_PLANS], ids=["reportlab", "libreoffice-word"])
def test_pdf_renderings_score_within_003_of_text_input(tmp_path, corpus, renderings):
    assert len(renderings) == 4
    assert run_pipeline(renderings, tmp_path) == 0
    pdf, text = evaluate_corpus(tmp_path, GOLD), evaluate_corpus(corpus, GOLD)
    text_by_stem = {source.split(".")[0]: scores for source, scores in text.items()}
    for source, scores in pdf.items():
        for area in ("headings", "terms", "measures", "schedules", "kpis"):
            assert scores[area]["f1"] >= text_by_stem[source.split(".")[0]][area]["f1"] - 0.03, (source, area)
        assert scores["metadata"]["wrong"] == {}, source
    assert len(PLANS) == len(list(RAW.glob("*.txt")))


def test_fonts_without_unicode_mapping_are_a_clear_error(monkeypatch, tmp_path):
    from pipeline.errors import InputError
    from pipeline.readers.pdf import engines

    unmapped = Glyph("(cid:12)", 10, 20, 10, 20, 10)
    monkeypatch.setattr(engines, "read_pages", lambda path: [PageContent(1, 595, 842, (unmapped,) * 50)])
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4 a stand-in: the engine is replaced")
    with pytest.raises(InputError, match="no Unicode mapping"):
        read_pdf_lines(tmp_path / "x.pdf")


def test_two_columns_are_read_one_after_the_other():
    lines, _, _ = read_pdf_lines(FIXTURES / "two_columns.pdf")
    texts = [line.text for line in lines if line.text]
    assert texts[:3] == [
        "第2章 基本方針",
        "1 市民サービスの向上",
        "本市は行政手続のオンライン化を進め、市民の利便性を高めます。" * 6,
    ]
    assert texts[3:] == [
        "2 行政運営の効率化",
        "職員の働き方を見直し、テレワークとペーパーレス化を進めます。" * 6,
    ]


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    out = tmp_path_factory.mktemp("office")
    run_pipeline([FIXTURES / "office" / "features.pdf", FIXTURES / "office" / "slides.pdf"], out)
    return out


def _labelled(out, doc_id):
    import pandas as pd

    lines = pd.read_parquet(out / "interim" / doc_id / "labelled.parquet")
    return [(row.label, row.text) for row in lines.itertuples() if row.text]


def test_word_footnotes_at_body_size_are_footnotes(office):
    lines = _labelled(office, "features")
    assert ("footnote", "1 ガバメントクラウドとは、政府共通のクラウドサービスの利用環境をいう。") in lines
    assert ("footnote", "2 総務省「自治体DX推進計画」（2020年12月）") in lines


def test_word_notes_get_kinds_and_a_glossary_table_under_a_plain_heading(office):
    import pandas as pd

    notes = pd.read_parquet(office / "notes.parquet")
    notes = notes[notes["doc_id"] == "features"]
    assert notes["kind"].tolist() == ["definition", "citation", "definition"]
    assert notes["term"].tolist()[::2] == ["ガバメントクラウド", "RPA"]
    assert notes["text"].iloc[2].endswith("税務事務で導入している。")  # wrapped over lines, one note
    terms = pd.read_parquet(office / "terms.parquet")
    terms = terms[terms["doc_id"] == "features"].set_index("term")
    assert sorted(terms.index) == ["EBPM", "RPA", "ガバメントクラウド"]
    assert list(terms.loc["ガバメントクラウド", "sources"]) == ["footnote", "glossary"]


def test_word_headings_lists_and_borderless_tables(office):
    lines = _labelled(office, "features")
    assert [text for label, text in lines if label == "heading"] == [
        "1 はじめに",
        "2 取組の内容",
        "2.1 工程",
        "3 用語",
    ]
    assert ("paragraph", "2. 庁内の会議を電子化する") in lines  # Word list numbering is a list
    assert ("table_row", "取組\t令和6年度\t令和7年度") in lines


def test_slides_keep_text_box_lines_apart(office):
    lines = _labelled(office, "slides")
    assert ("heading", "1 計画の目的") in lines and ("heading", "2 重点取組") in lines
    assert ("paragraph", "行政手続のオンライン化を進めます") in lines
    assert ("paragraph", "(2) 情報システムの標準化") in lines


def test_a_note_wrapped_at_the_page_foot_stays_a_note():
    from pipeline.readers.pdf.glyphs import GlyphLine, Page
    from pipeline.readers.pdf.layout.flow import Body, number_lines

    def line(top: float, text: str, size: float, x1: float) -> GlyphLine:
        return GlyphLine(page=1, top=top, bottom=top + size, text=text, size=size, x0=60, x1=x1)

    page = Page(
        number=1,
        height=800,
        width=600,
        lines=[
            line(100, "本文は包括的データ戦略¹に基づく。", 10.5, 540),
            line(700, "1 「包括的データ戦略」（令和3年6月18日閣議決", 9.0, 538),
            line(710, "定）https://www.kantei.go.jp/", 9.0, 300),
            line(720, "(2) Society 5.0 の推進", 9.0, 200),
        ],
    )
    hints = [(row.text, row.layout_hint) for row in number_lines([page], Body(10.5, None)) if row.text]
    assert hints[1:] == [
        ("1 「包括的データ戦略」（令和3年6月18日閣議決", "footnote"),
        ("定）https://www.kantei.go.jp/", "footnote"),
        ("(2) Society 5.0 の推進", None),  # the note above ended short of the margin: a new block
    ]


def test_vertical_writing_is_read_column_by_column_from_the_right():
    lines, pages, warnings = read_pdf_lines(FIXTURES / "vertical.pdf")
    assert pages == 1 and any("vertical writing" in w for w in warnings)
    assert [line.text for line in lines if line.text] == [
        "第1章計画の目的",
        "本市は行政手続のオンライン化を進めます。",
        "職員の働き方を見直します。",
    ]


@pytest.mark.parametrize(
    "name", ["vertical.pdf", "two_columns.pdf", "office/features.pdf", "office/slides.pdf"]
)
def test_characters_read_without_pdfminer_objects_match_pdfplumber(name):
    """The lean reader records pdfminer's character geometry itself: it must agree with pdfplumber's."""
    import pdfplumber

    from pipeline.readers.pdf.engines.pdfminer import page_content

    keys = ("x0", "x1", "top", "bottom", "size")
    with pdfplumber.open(FIXTURES / name) as pdf:
        for page in pdf.pages:
            ours = page_content(page).glyphs
            theirs = page.chars
            assert [g.text for g in ours] == [c["text"] for c in theirs]
            assert [g.font for g in ours] == [c["fontname"] for c in theirs]
            assert [g.upright for g in ours] == [bool(c["upright"]) for c in theirs]
            for a, b in zip(ours, theirs, strict=True):
                assert all(abs(getattr(a, k) - b[k]) < 1e-6 for k in keys)


def _pdf_with_content(content: bytes, compressed: bool) -> bytes:
    """A one-page PDF with a Japanese-free text layer and the given content stream (flate or plain)."""
    return helvetica_pdf(content, compressed)


def test_a_decompression_bomb_is_refused_for_what_it_is(tmp_path):
    from pipeline.readers.pdf import bounds

    bomb = tmp_path / "bomb.pdf"
    # 300 MiB of spaces compress to about 300 KiB: past the bound, refused before it is inflated.
    bomb.write_bytes(_pdf_with_content(b" " * (bounds.MAX_STREAM_BYTES + (44 << 20)), compressed=True))
    with pytest.raises(
        InputError, match=r"decompression bomb: a content stream of page 1 .* inflates past 256 MiB"
    ):
        ingest_file(bomb)


def test_a_page_of_many_drawn_paths_keeps_the_first_and_says_so(tmp_path, monkeypatch):
    from pipeline.readers.pdf.engines import pdfminer

    monkeypatch.setattr(pdfminer, "MAX_PATHS", 50)
    rectangles = b"".join(b"%d 100 2 2 re f\n" % (10 + i % 500) for i in range(200))
    text = b"BT /F1 12 Tf 72 700 Td (Plan) Tj ET\n"
    page = tmp_path / "paths.pdf"
    page.write_bytes(_pdf_with_content(rectangles + text, compressed=False))
    import pdfplumber

    with pdfplumber.open(page) as pdf:
        content = pdfminer.page_content(pdf.pages[0])
    assert content.dropped_paths == 150
    assert len(content.rulings) == 50 * 4  # four edges a rectangle
    assert [g.text for g in content.glyphs] == list("Plan")


def test_a_numbered_line_under_a_foot_note_rule_is_a_note_though_its_mark_was_lost():
    """A scan loses a note's raised mark in the text above and sets the note in body-size type: the
    separator rule drawn over the page's notes still tells them."""
    from pipeline.readers.pdf.glyphs import GlyphLine, Page
    from pipeline.readers.pdf.layout.flow import Body, number_lines
    from pipeline.readers.pdf.layout.ruled import RuledTable, note_rule

    def line(top: float, text: str) -> GlyphLine:
        return GlyphLine(page=1, top=top, bottom=top + 10.5, text=text, size=10.5, x0=60, x1=400)

    separator = Ruling("h", 60, 180, 690, 690)
    table_rule = Ruling("h", 60, 180, 600, 600)
    table = RuledTable(50, 540, 590, 640, [50, 540], [590, 640], [], [])
    assert note_rule([table_rule, separator], [table], 600, 800) == 690
    assert note_rule([separator._replace(x1=540)], [], 600, 800) is None  # a full-width rule parts no notes
    lines = [
        line(100, "本町はオープンデータを公開する。"),
        line(650, "2 推進体制"),
        line(700, "1 行政が持つデータを公開すること"),
    ]
    page = Page(number=1, height=800, width=600, lines=lines, note_rule=690)
    hints = [(row.text, row.layout_hint) for row in number_lines([page], Body(10.5, None)) if row.text]
    assert hints[1:] == [("2 推進体制", None), ("1 行政が持つデータを公開すること", "footnote")]


def test_a_page_too_large_to_render_names_its_size(tmp_path):
    import pypdfium2 as pdfium

    from pipeline.readers.scan import ocr

    path = tmp_path / "poster.pdf"
    poster = pdfium.PdfDocument.new()
    poster.new_page(7200, 7200)  # 100 inches square: 30000 pixels a side at 300 dpi
    poster.save(str(path))
    poster.close()
    with pytest.raises(InputError, match=r"page 1 would render at 30000×30000 pixels \(900 megapixels"):
        ocr._render(path, 0)
