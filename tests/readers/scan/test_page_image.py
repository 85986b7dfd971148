"""A scanned page's image: straightened, its ruling lines found (and whitened for OCR), its solid areas
(shaded cells, bars, arrows, colour bands) read as shapes and cleared for OCR, on images drawn here with
numpy and PIL."""

import numpy as np
from PIL import Image, ImageDraw

from pipeline.readers.scan.page_image import ruling_edges, skew_angle, text_height
from pipeline.readers.scan.solid_areas import area_shapes, clear_grounds, drawn_marks, solid_areas

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
    page = _grid_page()
    edges, rules = ruling_edges(page, DPI)
    unruled = np.where(rules, 255, page)
    across = sorted(round(e.top) for e in edges if e.orientation == "h")
    down = sorted(round(e.x0) for e in edges if e.orientation == "v")
    assert across == [72, 144, 216]  # 300, 600, 900 px at 300 dpi
    assert down == [48, 120, 192, 264]
    assert unruled[301, 500] == 255 and unruled[1005, 230] == 10  # lines whitened, type kept


def test_a_shaded_cell_is_a_fill_and_a_white_one_is_not():
    page = _grid_page()
    _, rules = ruling_edges(page, DPI)
    unruled = np.where(rules, 255, page).astype(np.uint8)
    areas, _ = solid_areas(unruled, DPI)
    shaded = area_shapes(unruled, DPI, areas)
    assert [(round(s.x0), round(s.top), s.fill, s.kind) for s in shaded] == [(122, 74, "#bebebe", "bar")]


def _slide() -> np.ndarray:
    """A slide's band: white type (a bar of it) on a dark band, an arrow with a head, a plain bar."""
    image = Image.new("L", (1600, 900), 250)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 900, 200), fill=70)  # a title band
    draw.rectangle((150, 140, 600, 152), fill=255)  # white type on it
    draw.rectangle((100, 500, 700, 540), fill=150)  # an arrow's shaft ...
    draw.polygon([(700, 470), (780, 520), (700, 570)], fill=150)  # ... and its head
    draw.rectangle((100, 700, 900, 740), fill=150)  # a bar
    return np.asarray(image)


def test_solid_areas_are_bars_and_arrows_in_points_and_type_on_a_band_turns_black_on_white():
    slide = _slide()
    areas, solid = solid_areas(slide, DPI)
    shapes = area_shapes(slide, DPI, areas)
    assert [s.kind for s in shapes] == ["bar", "arrow", "bar"]
    assert round(shapes[0].x0) == 24 and round(shapes[0].top) == 24  # 100 px at 300 dpi
    cleared = clear_grounds(slide, areas, solid, DPI)
    assert cleared[146, 300] == 0  # the white type is ink
    assert cleared[120, 300] == 255 and cleared[720, 300] == 255  # the band and the bar are paper
    assert cleared[480, 770] == 250  # the paper round the arrow's head is left as it was


def test_a_pages_commonest_line_of_type_is_measured():
    page = np.full((1000, 800), 255, np.uint8)
    for top in range(100, 700, 80):
        page[top : top + 40, 100:700:7] = 0  # lines of type 40 px high, strokes apart
    page[800:900, 100:700:9] = 0  # one line of large type
    assert text_height(page) == 40
    assert text_height(np.full((100, 100), 255, np.uint8)) is None


def test_a_leaning_page_is_straightened():
    image = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(image)
    for y in range(150, 800, 60):
        draw.rectangle((100, y, 1100, y + 18), fill=0)  # lines of text, as ink bands
    leaning = image.rotate(-1.5, resample=Image.BILINEAR, fillcolor=255)
    assert abs(skew_angle(leaning) - 1.5) <= 0.2
    assert abs(skew_angle(image)) <= 0.2


def test_ocr_words_of_a_vertical_column_are_stacked_and_a_horizontal_line_runs_left_to_right():
    from pipeline.readers.scan.ocr_words import chars_of, words_of

    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "4\t1\t1\t1\t1\t0\t400\t100\t40\t200\t-1\t",
        "5\t1\t1\t1\t1\t1\t400\t100\t40\t200\t95\t計画の目的",
        "4\t1\t2\t1\t1\t0\t100\t500\t200\t40\t-1\t",
        "5\t1\t2\t1\t1\t1\t100\t500\t200\t40\t95\t第一章",
    ]
    chars = chars_of(words_of("\n".join([header, *rows])), 1.0)
    column = [c for c in chars if c.text in "計画の目的"]
    assert [c.text for c in sorted(column, key=lambda c: c.top)] == list("計画の目的")
    assert len({c.x0 for c in column}) == 1
    line = [c for c in chars if c.text in "第一章"]
    assert [c.text for c in sorted(line, key=lambda c: c.x0)] == list("第一章")
    assert len({c.top for c in line}) == 1


HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def test_a_word_boxed_far_past_its_text_is_cut_to_its_characters_and_a_tag_keeps_its_own_size():
    from pipeline.readers.scan.ocr_words import chars_of, words_of

    rows = [
        "4\t1\t1\t1\t1\t0\t100\t100\t2000\t100\t-1\t",
        "5\t1\t1\t1\t1\t1\t100\t100\t1500\t100\t90\t施策",  # two characters boxed over 1500 px
        "5\t1\t1\t1\t1\t2\t300\t100\t200\t100\t90\t導入",
        "5\t1\t1\t1\t1\t3\t1700\t150\t300\t30\t90\t基本方針",  # a small tag run into the line
        "5\t1\t1\t1\t1\t4\t2000\t150\t300\t30\t20\t汚れ",  # too unsure: dropped
    ]
    chars = chars_of(words_of("\n".join([HEADER, *rows])), 1.0)
    assert "".join(c.text for c in chars) == "施策導入基本方針"
    title = [c for c in chars if c.text in "施策導入"]
    assert [c.text for c in sorted(title, key=lambda c: c.x0)] == list("施策導入")
    assert max(c.x1 for c in title) < 700
    tag = [c for c in chars if c.text in "基本方針"]
    assert all(c.bottom - c.top == 30 for c in tag)


def test_a_word_boxed_over_the_words_after_it_ends_where_the_next_begins():
    from pipeline.readers.scan.ocr_words import chars_of, words_of

    # A table cell's 'AI・RPAの導入' (40-pixel type): Tesseract boxed AI・RPA to the end of the cell, over
    # the words after it. Each word keeps its own place, so a column rule at 750 parts none of them.
    rows = [
        "4\t1\t1\t1\t1\t0\t316\t1008\t430\t61\t-1\t",
        "5\t1\t1\t1\t1\t1\t316\t1012\t422\t52\t88\tAI・RPA",
        "5\t1\t1\t1\t1\t2\t486\t1008\t26\t61\t96\tの",
        "5\t1\t1\t1\t1\t3\t512\t1008\t82\t61\t93\t導入",
        "5\t1\t1\t1\t1\t4\t634\t1008\t46\t61\t93\t活用",
    ]
    chars = chars_of(words_of("\n".join([HEADER, *rows])), 1.0)
    assert "".join(c.text for c in sorted(chars, key=lambda c: c.x0)).replace(" ", "") == "AI・RPAの導入活用"
    assert next(c for c in chars if c.text == "導").x0 == 512
    assert max(c.x1 for c in chars) < 750


def test_an_era_misread_over_two_words_is_set_right_in_the_word_it_starts_in():
    from pipeline.readers.scan.ocr import _corrected

    def words(*texts: str) -> list[dict]:
        return [{"line": "1", "text": t, "box": [0, 0, 10, 10], "line_box": [0, 0, 40, 10]} for t in texts]

    assert [w["text"] for w in _corrected(words("今", "和6年度"))] == ["令和", "6年度"]
    # An era lost at the line's start and one misread: every other character stays in its word.
    assert [w["text"] for w in _corrected(words("和", "6年度", "金", "和8年度"))] == [
        "令和",
        "6年度",
        "令和",
        "8年度",
    ]


def test_ocr_words_parted_by_a_space_keep_it_and_words_of_one_run_close_up():
    from pipeline.readers.scan.ocr_words import chars_of, words_of

    rows = [
        "4\t1\t1\t1\t1\t0\t100\t100\t1200\t100\t-1\t",
        "5\t1\t1\t1\t1\t1\t100\t100\t200\t100\t95\t施策",
        "5\t1\t1\t1\t1\t2\t390\t100\t20\t100\t95\t1",  # 0.9 of a height after 施策: a space
        "5\t1\t1\t1\t1\t3\t550\t100\t200\t100\t95\t書か",  # 1.4 after the number: a space
        "5\t1\t1\t1\t1\t4\t790\t100\t100\t100\t95\tな",  # 0.4 (loose boxes): no space
    ]
    text = "".join(c.text for c in chars_of(words_of("\n".join([HEADER, *rows])), 1.0))
    assert text == "施策 1 書かな"


def test_drawn_bullets_and_dots_are_marks_and_a_heavy_stroke_of_type_is_not():
    image = Image.new("L", (1200, 600), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 140, 140), fill=0)  # ■ before a label
    draw.rectangle((170, 105, 400, 135), fill=0)  # ... and the label, a bar of type right after it
    draw.ellipse((600, 100, 640, 140), fill=0)  # ● in a year's cell
    draw.rectangle((100, 300, 140, 340), fill=0)  # a heavy stroke joined to the rest of its glyph
    draw.rectangle((140, 318, 300, 324), fill=0)
    marks = drawn_marks(np.asarray(image), DPI)
    assert [(box[0], char) for box, char in marks] == [(100, "■"), (600, "●")]


def test_a_mark_leads_its_line_and_a_line_read_over_a_surer_one_is_dropped():
    from pipeline.readers.scan.ocr_words import with_marks, without_overlaps

    def word(line: str, left: int, text: str, conf: float = 95) -> dict:
        return {"line": line, "text": text, "conf": conf, "box": [left, 100, 40 * len(text), 40],
                "line_box": [100, 100, 400, 40]}  # fmt: skip

    words = [word("a", 160, "取組内容"), word("b", 160, "一三", 40)]
    kept = without_overlaps(words)
    assert [w["text"] for w in kept] == ["取組内容"]
    marked = with_marks(kept, [((110, 100, 150, 140), "■"), ((900, 300, 940, 340), "●")])
    assert [(w["text"], w["line"]) for w in marked] == [("■", "a"), ("取組内容", "a"), ("●", "mark/1")]


def test_scanned_line_sizes_snap_to_their_size_class():
    from types import SimpleNamespace

    from pipeline.readers.scan.ocr_words import snap_sizes

    lines = [SimpleNamespace(size=size) for size in (10.0, 10.6, 10.9, 13.0, 13.5, 20.0)]
    snap_sizes(lines)
    assert [line.size for line in lines] == [10.6, 10.6, 10.6, 13.25, 13.25, 20.0]


def test_an_arrow_heads_tips_are_cleared_with_its_shaft():
    slide = _slide()
    areas, solid = solid_areas(slide, DPI)
    cleared = clear_grounds(slide, areas, solid, DPI)
    assert cleared[475, 703] == 255  # a tip of the head, thinner than a solid area, in the arrow's grey


def test_rows_split_over_blocks_make_a_grid_without_ruling_and_a_slides_title_row_does_not():
    from pipeline.config.vocabulary import ocr_settings
    from pipeline.readers.scan.ocr import _split_rows

    SPLIT_ROWS = ocr_settings().split_rows

    def word(block: int, row: int, left: int) -> dict:
        return {"line": f"1/{block}/1/{row}", "text": "取組", "conf": 95, "box": [left, 100 * row, 80, 40],
                "line_box": [left, 100 * row, 80, 40]}  # fmt: skip

    grid = [word(block, row, 200 * block) for row in range(1, 5) for block in range(1, 4)]
    assert _split_rows(grid) == 4 >= SPLIT_ROWS
    slide = [word(1, 1, 100), word(2, 1, 600), word(3, 2, 100), word(3, 3, 100)]  # a title beside its tag
    assert _split_rows(slide) < SPLIT_ROWS


def _office_scan(page: np.ndarray, seed: int = 3) -> np.ndarray:
    """A page as an office scanner gives it: grey paper lit unevenly (darker towards one corner), toner
    that is not black, the whole softened (a thin rule comes out hardly darker than type)."""
    from PIL import ImageFilter

    rows, cols = np.mgrid[0 : page.shape[0], 0 : page.shape[1]]
    light = 0.92 - 0.06 * (cols / page.shape[1] + rows / page.shape[0]) / 2
    scanned = (0.1 + 0.9 * page / 255.0) * light * 255
    noise = np.random.default_rng(seed).normal(0, 4, page.shape)
    soft = Image.fromarray(np.clip(scanned + noise, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(1.2)
    )
    return np.asarray(soft)


def test_an_office_scans_grey_uneven_paper_is_made_white_and_its_faint_rules_are_found():
    from pipeline.readers.scan.page_image import flattened

    page = np.full((1200, 1400), 255, np.uint8)
    top, left, cell = 300, 200, DPI
    for row in range(3):
        page[top + row * cell : top + row * cell + 2, left : left + 3 * cell] = 0  # thin rules
    for column in range(4):
        page[top : top + 2 * cell, left + column * cell : left + column * cell + 2] = 0
    page[top + 10 : top + cell - 10, left + cell + 10 : left + 2 * cell - 10] = 200  # a shaded cell
    scan = _office_scan(page)
    assert (
        np.percentile(scan, 95) < 235 and ruling_edges(scan, DPI)[0] == []
    )  # as scanned: no rule dark enough
    flat = flattened(scan, DPI)
    assert np.percentile(flat[:250], 50) >= 245  # paper, corner to corner, is white
    assert (
        180 <= np.median(flat[top + 50 : top + 250, left + cell + 50 : left + 2 * cell - 50]) <= 220
    )  # the fill kept
    edges, _ = ruling_edges(flat, DPI, (100, 130, 160))
    across = sorted(round(e.top) for e in edges if e.orientation == "h")
    assert across == [72, 144, 216]


def test_a_page_on_white_paper_is_left_as_it_is():
    from pipeline.readers.scan.page_image import flattened

    page = _grid_page()
    assert flattened(page, DPI) is page
