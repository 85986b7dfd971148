"""A scanned page's image: straightened, its ruling lines found (and whitened for OCR), and the shading
of its cells read as fills, on images drawn here with numpy and PIL."""

import numpy as np
from PIL import Image, ImageDraw

from pipeline.readers.pdf.page_image import ruling_edges, shaded_cells, skew_angle

DPI = 300


def _grid_page() -> np.ndarray:
    """A white page with a 3 x 2 ruled grid (1 inch cells, 3 px lines), its middle top cell shaded and a
    short heavy bar of type (a 一 stroke, 60 px) that is no ruling."""
    page = np.full((1200, 1400), 250, np.uint8)
    top, left, cell = 300, 200, DPI
    for row in range(3):
        page[top + row * cell : top + row * cell + 3, left : left + 3 * cell] = 20
    for column in range(4):
        page[top : top + 2 * cell, left + column * cell : left + column * cell + 3] = 20
    page[top + 10 : top + cell - 10, left + cell + 10 : left + 2 * cell - 10] = 190
    page[1000:1012, 200:260] = 10
    return page


def test_a_ruled_grid_gives_its_lines_in_points_and_no_short_stroke_of_type_is_one():
    edges, unruled = ruling_edges(_grid_page(), DPI)
    across = sorted(round(e["top"]) for e in edges if e["orientation"] == "h")
    down = sorted(round(e["x0"]) for e in edges if e["orientation"] == "v")
    assert across == [72, 144, 216]  # 300, 600, 900 px at 300 dpi
    assert down == [48, 120, 192, 264]
    assert unruled[301, 500] == 255 and unruled[1005, 230] == 10  # lines whitened, type kept


def test_a_shaded_cell_is_a_fill_and_a_white_one_is_not():
    page = _grid_page()
    edges, _ = ruling_edges(page, DPI)
    shaded = shaded_cells(page, DPI, edges)
    assert [(round(s.x0), round(s.top), s.fill) for s in shaded] == [(120, 72, "#bebebe")]


def test_a_leaning_page_is_straightened():
    image = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(image)
    for y in range(150, 800, 60):
        draw.rectangle((100, y, 1100, y + 18), fill=0)  # lines of text, as ink bands
    leaning = image.rotate(-1.5, resample=Image.BILINEAR, fillcolor=255)
    assert abs(skew_angle(leaning) - 1.5) <= 0.2
    assert abs(skew_angle(image)) <= 0.2


def test_ocr_words_of_a_vertical_column_are_stacked_and_a_horizontal_line_runs_left_to_right():
    from pipeline.readers.pdf.ocr import _chars

    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "4\t1\t1\t1\t1\t0\t400\t100\t40\t200\t-1\t",
        "5\t1\t1\t1\t1\t1\t400\t100\t40\t200\t95\t計画の目的",
        "4\t1\t2\t1\t1\t0\t100\t500\t200\t40\t-1\t",
        "5\t1\t2\t1\t1\t1\t100\t500\t200\t40\t95\t第一章",
    ]
    chars = _chars("\n".join([header, *rows]), 1.0)
    column = [c for c in chars if c["text"] in "計画の目的"]
    assert [c["text"] for c in sorted(column, key=lambda c: c["top"])] == list("計画の目的")
    assert len({c["x0"] for c in column}) == 1
    line = [c for c in chars if c["text"] in "第一章"]
    assert [c["text"] for c in sorted(line, key=lambda c: c["x0"])] == list("第一章")
    assert len({c["top"] for c in line}) == 1
