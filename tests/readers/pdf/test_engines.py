"""The PDF engines behind PageContent: PDFium and pdfminer give the same glyphs, rulings and shapes for
the same page, fake bold's copies and spaces set apart included; the engine is chosen by PDF_ENGINE."""

from pathlib import Path

import pytest
from conftest import FIXTURES, helvetica_pdf

from pipeline.errors import InputError
from pipeline.readers.pdf import engines
from pipeline.readers.pdf.content import Glyph, Origin, PageContent
from pipeline.readers.pdf.engines import pdfium, pdfminer

# Vertical boxes differ where a font's descriptor gives no descent (LibreOffice writes 0) and PDFium
# takes the font program's: the layout groups glyphs into lines with more slack than this.
SAME_BASELINE = 2.5  # points
SAME_X = 0.05  # points: a ruling's or shape's place (PDFium keeps points in single precision)
SAME_WIDTH = 0.1  # of the type's size: a glyph's width
SAME_ADVANCE = 0.25  # points: a glyph's place along its line (widths summed a little differently)


def _pair(path: Path) -> list[tuple[PageContent, PageContent]]:
    return list(zip(pdfminer.read_pages(path), pdfium.read_pages(path), strict=True))


@pytest.mark.parametrize(
    "name", ["layouts/bold.pdf", "layouts/bars.pdf", "two_columns.pdf", "plans/000_eb3511b572ad8bca.pdf"]
)
def test_both_engines_give_the_same_glyphs_in_the_same_places(name):
    for theirs, ours in _pair(FIXTURES / name):
        assert (ours.number, ours.width, ours.height) == (theirs.number, theirs.width, theirs.height)
        assert [g.text for g in ours.glyphs] == [g.text for g in theirs.glyphs]
        for a, b in zip(theirs.glyphs, ours.glyphs, strict=True):
            assert abs(a.x0 - b.x0) < SAME_ADVANCE, (a, b)
            # PDFium's box of a Latin glyph ends where its outline ends, pdfminer's where its advance does.
            assert abs(a.x1 - b.x1) < SAME_WIDTH * a.size, (a, b)
            assert abs(a.bottom - b.bottom) < SAME_BASELINE and abs(a.size - b.size) < SAME_X, (a, b)
            assert (a.upright, a.stroked) == (b.upright, b.stroked)


def test_fake_bold_drawn_three_times_keeps_its_copies_with_pdfium():
    # PDFium's text page drops a text object drawn again over itself; the copies are put back.
    (theirs, ours), *_ = _pair(FIXTURES / "layouts" / "bold.pdf")
    copies = [g for g in theirs.glyphs if g.text == "第"]
    assert len(copies) > 1
    assert sorted((round(g.x0, 2), round(g.top, 2)) for g in ours.glyphs if g.text == "第") == sorted(
        (round(g.x0, 2), round(g.top, 2)) for g in copies
    )


def test_both_engines_give_the_same_rulings_and_shapes():
    for theirs, ours in _pair(FIXTURES / "layouts" / "bars.pdf"):
        assert len(ours.rulings) == len(theirs.rulings) > 0
        for a, b in zip(theirs.rulings, ours.rulings, strict=True):
            assert a.orientation == b.orientation
            assert all(abs(getattr(a, k) - getattr(b, k)) < SAME_X for k in ("x0", "x1", "top", "bottom"))
        assert [(s.kind, s.fill) for s in ours.shapes] == [(s.kind, s.fill) for s in theirs.shapes]
        assert all(abs(a.x0 - b.x0) < SAME_X for a, b in zip(theirs.shapes, ours.shapes, strict=True))


def test_a_space_set_in_a_text_object_of_its_own_is_a_space(tmp_path):
    content = b"BT /F1 12 Tf 72 700 Td (Plan) Tj ET\nBT /F1 12 Tf 96 700 Td ( ) Tj ET\nBT /F1 12 Tf 100 700 Td (A) Tj ET\n"
    path = tmp_path / "spaced.pdf"
    path.write_bytes(helvetica_pdf(content))
    (page,) = pdfium.read_pages(path)
    assert "".join(g.text for g in page.glyphs) == "Plan A"
    space = next(g for g in page.glyphs if g.text == " ")
    assert space.x0 == pytest.approx(96, abs=SAME_ADVANCE) and space.size == pytest.approx(12)


def test_the_engine_is_chosen_by_pdf_engine_and_an_unknown_one_is_one_clear_error(monkeypatch):
    monkeypatch.setenv("PDF_ENGINE", "pdfium")
    assert engines.engine_name() == "pdfium"
    monkeypatch.setenv("PDF_ENGINE", "")
    assert engines.engine_name() == engines.DEFAULT_ENGINE
    monkeypatch.setenv("PDF_ENGINE", "acrobat")
    with pytest.raises(InputError, match="PDF_ENGINE='acrobat' names no PDF engine"):
        engines.read_pages(FIXTURES / "two_columns.pdf")


def test_an_unreadable_pdf_is_an_input_error_with_pdfium(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is no PDF body")
    with pytest.raises(InputError, match="unreadable PDF"):
        pdfium.read_pages(broken)


def test_a_glyph_a_font_maps_to_no_character_is_unmapped_whatever_the_engine_writes():
    assert Glyph("(cid:12)", 0, 1, 0, 1, 1).unmapped and Glyph("\ufffd", 0, 1, 0, 1, 1).unmapped
    assert not Glyph("字", 0, 1, 0, 1, 1, origin=Origin.OCR).unmapped


def test_a_pdfs_engine_is_part_of_its_config_so_that_another_engine_reads_it_again(monkeypatch, tmp_path):
    from pipeline.config.documents import DocumentSpec
    from pipeline.run.planning import doc_for
    from pipeline.run.stages import CONFIG_FILE, Doc

    monkeypatch.setenv("PDF_ENGINE", "pdfium")
    doc = doc_for(DocumentSpec("plan", "plan.pdf"), tmp_path, tmp_path / "interim")
    doc.directory.mkdir(parents=True)
    doc.save()
    assert Doc.load(doc.directory).pdf_engine == "pdfium"
    before = (doc.directory / CONFIG_FILE).read_text()
    monkeypatch.setenv("PDF_ENGINE", "pdfplumber")
    doc_for(DocumentSpec("plan", "plan.pdf"), tmp_path, tmp_path / "interim").save()
    assert (doc.directory / CONFIG_FILE).read_text() != before  # make sees the change
    assert doc_for(DocumentSpec("notes", "notes.txt"), tmp_path, tmp_path / "interim").pdf_engine is None
