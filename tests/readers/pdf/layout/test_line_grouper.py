"""The one line grouper: characters of one baseline make a line, laid out left to right; a wide gap is a
tab (a cell's or a box's edge), a narrow one a space, a raised smaller run a note mark."""

from __future__ import annotations

from pipeline.config.vocabulary import layout_settings
from pipeline.readers.pdf.glyphs import Char
from pipeline.readers.pdf.layout.lines import group_lines

CELL_GAP, WORD_GAP = layout_settings().cell_gap, layout_settings().word_gap

SIZE = 10.0


def _run(text: str, x0: float, top: float = 100.0, size: float = SIZE, gap: float = 0.0) -> list[Char]:
    chars, x = [], x0
    for letter in text:
        chars.append(Char(letter, x, x + size, top, top + size, size, False, "mincho"))
        x += size + gap
    return chars


def test_characters_of_one_baseline_make_one_line_whatever_their_order():
    chars = _run("行政手続", 50) + _run("のオンライン化", 90)
    (line,) = group_lines(3, list(reversed(chars)))
    assert (line.text, line.page, line.size) == ("行政手続のオンライン化", 3, SIZE)
    assert (line.x0, line.x1) == (50, 160)


def test_lines_are_told_apart_by_their_vertical_overlap():
    lines = group_lines(1, _run("第1章", 50, top=100) + _run("計画の概要", 50, top=100 + 1.6 * SIZE))
    assert [line.text for line in lines] == ["第1章", "計画の概要"]


def test_a_wide_gap_is_a_tab_and_a_narrow_one_a_space():
    cells = _run("施策", 50) + _run("担当課", 50 + 2 * SIZE + (CELL_GAP + 0.5) * SIZE)
    words = _run("AI", 50) + _run("OCR", 50 + 2 * SIZE + (WORD_GAP + 0.2) * SIZE)
    assert group_lines(1, cells)[0].text == "施策\t担当課"
    assert group_lines(1, words)[0].text == "AI OCR"


def test_a_raised_smaller_run_is_a_note_mark():
    body = _run("オープンデータ", 50)
    mark = [Char("1", 50 + 7 * SIZE, 50 + 7 * SIZE + 5, 98, 103, 5.0, False, "mincho")]
    assert group_lines(1, body + mark)[0].text == "オープンデータ¹"


def test_blank_characters_alone_make_no_line():
    assert group_lines(1, _run("   ", 50)) == []


def test_an_ocr_line_loses_the_spaces_ocr_sets_between_japanese_characters():
    from pipeline.readers.pdf.layout.flow import OCR_SPACE

    assert OCR_SPACE.sub("", "マイ ナンバーカード の 普及") == "マイナンバーカードの普及"
    assert (
        OCR_SPACE.sub("", "情報 システムの標準 化、 AI OCR の導入") == "情報システムの標準化、 AI OCR の導入"
    )  # beside Latin, kept
    assert OCR_SPACE.sub("", "2-1 年 度別の工程") == "2-1 年度別の工程"  # a heading's number keeps its space
