"""How heavy a scanned line's type is (pipeline/readers/scan/type_weight.py): strokes measured in the
page image, and lines heavier than the body for their size marked bold."""

import numpy as np
import pytest
from conftest import FIXTURES

from pipeline.readers.ingest import ingest_file
from pipeline.readers.pdf.glyphs import GlyphLine
from pipeline.readers.scan import ocr
from pipeline.readers.scan.type_weight import mark_heavy_type, stroke_width, with_stroke_widths


def _type(upright: int, level: int, height: int = 40, characters: int = 6) -> np.ndarray:
    """A line of make-believe characters on white: each two upright strokes `upright` pixels wide and
    three level strokes `level` pixels thick (明朝's are thin, ゴシック's as wide as its uprights)."""
    image = np.full((height, characters * height), 255, np.uint8)
    for index in range(characters):
        left = index * height + 4
        for x in (left + 4, left + 24):
            image[4:-4, x : x + upright] = 0
        for y in (6, height // 2, height - 10):
            image[y : y + level, left : left + 32] = 0
    return image


@pytest.mark.parametrize("upright", [2, 3, 5, 7])
def test_a_words_stroke_width_is_its_upright_strokes_width_whatever_its_level_strokes(upright):
    assert stroke_width(_type(upright, 1), 40) == pytest.approx(upright, abs=0.3)
    assert stroke_width(_type(upright, upright), 40) == pytest.approx(upright, abs=0.3)


def test_too_little_ink_has_no_stroke_width():
    assert stroke_width(np.full((40, 40), 255, np.uint8), 40) is None
    assert stroke_width(_type(3, 1)[:, :0], 40) is None
    speck = np.full((40, 40), 255, np.uint8)
    speck[20:23, 20:23] = 0
    assert stroke_width(speck, 40) is None


def test_each_word_carries_the_stroke_width_measured_across_its_lines_band():
    page = np.full((100, 500), 255, np.uint8)
    page[30:70, :240] = _type(3, 1)
    page[30:70, 250:490] = _type(6, 6)
    line_box = [0, 30, 490, 40]
    words = [
        {"text": "本文の語", "line": "1/1/1/1", "box": [0, 30, 240, 40], "line_box": line_box},
        {"text": "見出し", "line": "1/1/1/1", "box": [250, 30, 240, 40], "line_box": line_box},
        {"text": "・", "line": "1/1/1/1", "box": [495, 45, 3, 3], "line_box": line_box},
    ]
    measured = with_stroke_widths(words, page)
    assert [word.get("stroke") for word in measured] == [
        pytest.approx(3, abs=0.3),
        pytest.approx(6, abs=0.3),
        None,
    ]


def _line(text: str, size: float, stroke: float | None, table_row: bool = False) -> GlyphLine:
    return GlyphLine(page=1, top=0, bottom=size, text=text, size=size, stroke=stroke, table_row=table_row)


def test_a_line_heavier_than_the_body_for_its_size_is_bold_and_the_body_is_not():
    body = [_line("本文の行です。" * 3, 10.0, 0.70 + 0.02 * (i % 3)) for i in range(8)]
    heading = _line("計画の推進体制", 10.0, 0.95)  # ゴシック at body size
    title = _line("第2章 基本事項", 14.0, 1.40)  # larger and heavier in proportion: a heavy face too
    larger_light = _line("大きな明朝の題", 14.0, 1.02)  # larger, strokes in proportion to the body's
    cell = _line("表の見出し", 10.0, 1.2, table_row=True)
    lines = [*body, heading, title, larger_light, cell]
    mark_heavy_type(lines)
    assert [line.bold for line in lines] == [False] * 8 + [True, True, False, False]


def test_without_enough_body_lines_nothing_is_marked():
    lines = [_line("本文", 10.0, 0.7), _line("本文", 10.0, 0.7), _line("見出し", 10.0, 1.2)]
    mark_heavy_type(lines)
    assert not any(line.bold for line in lines)


needs_ocr = pytest.mark.skipif(not ocr.available(), reason="Tesseract's Japanese models are not installed")


@needs_ocr
@pytest.mark.parametrize(
    "name",
    ["faces_mincho", "faces_bold"],
)
def test_a_scans_headings_set_in_a_heavier_face_at_body_size_are_bold_and_its_body_is_not(
    name, tmp_path, monkeypatch
):
    # make_faces.py: ゴシック headings over 明朝 body, and ゴシック headings drawn bold over ゴシック body,
    # each at body size, scanned as an office scans (200 dpi, grey paper, blur, JPEG): no font names.
    monkeypatch.setenv("DXPLANS_OCR_CACHE", str(tmp_path / "cache"))
    lines = [line for line in ingest_file(FIXTURES / "formats" / "scan" / f"{name}.pdf").lines if line.text]
    headings = {
        "これまでの取組",
        "見えてきた課題",
        "本計画の役割",
        "手続のオンライン化",
        "職員の働き方の見直し",
    }
    bold = {line.text.replace(" ", "") for line in lines if line.bold}
    body = [line for line in lines if len(line.text) > 30]
    assert len(body) >= 10 and not any(line.bold for line in body)
    assert all(any(heading in text for text in bold) for heading in headings)
    sized = {
        round(line.size_ratio, 2) for line in lines if any(h in line.text.replace(" ", "") for h in headings)
    }
    assert sized == {1.0}  # at body size: only the strokes tell them
