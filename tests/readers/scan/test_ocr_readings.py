"""How the OCR reader settles what a line says from Tesseract's readings of it: which unsure characters
are kept, which reading of a line wins, and how a character one reading lost is taken from another."""

import numpy as np
import pytest

from pipeline.readers.scan.ocr_lines import _filled, _sureness, with_lost_words
from pipeline.readers.scan.ocr_words import words_of

needs_ocr = pytest.mark.skipif(not __import__("pipeline.readers.scan.ocr").readers.scan.ocr.available(),
                               reason="Tesseract's Japanese models are not installed (make installs them as root)")  # fmt: skip

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
LINE = "4\t1\t1\t1\t1\t0\t100\t100\t1200\t40\t-1\t"


def _tsv(*words: tuple[int, int, int, int, float, str]) -> str:
    rows = [
        f"5\t1\t1\t1\t1\t{n}\t{x}\t{y}\t{w}\t{h}\t{conf}\t{text}"
        for n, (x, y, w, h, conf, text) in enumerate(words, 1)
    ]
    return "\n".join([HEADER, LINE, *rows])


def test_an_unsure_character_set_on_from_a_sure_word_is_kept_marked_and_only_when_asked():
    tsv = _tsv(
        (100, 100, 80, 40, 93, "三年間で"), (185, 100, 40, 40, 0, "進"), (230, 100, 80, 40, 90, "める")
    )
    kept = words_of(tsv, keep_unsure=True)
    assert [(w["text"], bool(w.get("unsure"))) for w in kept] == [
        ("三年間で", False),
        ("進", True),
        ("める", False),
    ]
    assert [w["text"] for w in words_of(tsv)] == ["三年間で", "める"]


def test_unsure_words_that_are_no_character_of_the_line_are_dropped():
    tsv = _tsv(
        (100, 100, 80, 40, 93, "計画"),
        (185, 110, 15, 15, 10, "へ"),  # far smaller than the line's type: a raised speck
        (300, 100, 40, 40, 55, "人"),  # sure enough to keep, not sure enough to vouch for the next
        (345, 100, 40, 40, 10, "生"),
        (400, 100, 80, 40, 93, "推進"),
        (485, 100, 80, 40, 5, "二字"),  # two characters: more than one character lost
        (600, 100, 40, 40, 93, "を"),
        (700, 100, 40, 40, 5, "汚"),  # more than a type height after the sure word: a stain
        (800, 100, 40, 40, 5, "|"),  # no Japanese writing
    )
    kept = words_of(tsv, keep_unsure=True)
    assert [w["text"] for w in kept if w["text"]] == ["計画", "人", "推進", "を"]
    # Each word too unsure to keep stays as a word with no text: its line is known to have lost it.
    assert [w["box"][0] for w in kept if not w["text"] and w["unsure"]] == [185, 345, 485, 700, 800]


def _reading(*texts: str, conf: float = 90.0) -> list[dict]:
    return [{"line": "1", "text": t, "conf": conf, "box": [i * 100, 0, 90, 40]} for i, t in enumerate(texts)]


def test_a_character_another_reading_gives_between_the_same_neighbours_fills_the_gap():
    surest = _reading("三年間で", "る")
    other = _reading("三年間で", "進め", "る", conf=60)
    filled = _filled(surest, [surest, other])
    assert [w["text"] for w in filled] == ["三年間で進め", "る"]
    assert [w["box"] for w in filled] == [w["box"] for w in surest]  # the words keep their boxes


def test_a_lost_last_character_is_taken_and_a_different_reading_of_one_is_not():
    assert [w["text"] for w in _filled(_reading("作成の"), [_reading("作成の導")])] == ["作成の導"]
    # 姓 where the surest reading has 導 is another guess at the same character, not a lost one.
    assert [w["text"] for w in _filled(_reading("作成の導"), [_reading("作成の姓")])] == ["作成の導"]
    # No neighbours shared before it, a symbol, or a run longer than two: nothing is taken.
    assert [w["text"] for w in _filled(_reading("管理する"), [_reading("を管理する")])] == ["管理する"]
    assert [w["text"] for w in _filled(_reading("計画期間は"), [_reading("計画期間は>")])] == ["計画期間は"]
    assert [w["text"] for w in _filled(_reading("計画", "です"), [_reading("計画", "の目的", "です")])] == [
        "計画",
        "です",
    ]


def _boxed(x: float, width: float, text: str, conf: float = 92.0) -> dict:
    return {"line": "1", "text": text, "conf": conf, "box": [x, 0, width, 40]}


def test_a_word_one_reading_loses_whole_is_taken_from_another_where_its_place_is_empty():
    # The surest reading of a table row lost the date in its second cell; a reading at another scale,
    # less sure of the rest, read it surely in the empty stretch.
    surest = [_boxed(100, 120, "加入者数"), _boxed(520, 40, "3.2"), _boxed(565, 40, "千人")]
    other = [
        _boxed(100, 120, "加入者", 60),
        _boxed(400, 95, "R5.3.1"),
        _boxed(515, 45, "3.2"),
        _boxed(570, 40, "千人"),
    ]
    assert [w["text"] for w in with_lost_words(surest, [surest, other])] == [
        "加入者数",
        "R5.3.1",
        "3.2",
        "千人",
    ]


def test_a_lost_word_is_not_taken_over_a_word_a_mark_a_guess_or_its_own_characters():
    surest = [_boxed(100, 80, "市民"), _boxed(300, 80, "窓口")]
    # Boxed differently: 民 overlaps the reading's 市民 (loose boxes), or sits right beside it.
    assert with_lost_words(surest, [[_boxed(150, 40, "民")]]) == surest
    assert with_lost_words(surest, [[_boxed(185, 40, "民")]]) == surest
    assert with_lost_words(surest, [[_boxed(250, 40, "窓")]]) == surest
    # A mark read from a stroke, or a guess read unsurely, in the empty stretch.
    assert with_lost_words(surest, [[_boxed(200, 20, "。")], [_boxed(200, 40, "区", conf=45)]]) == surest
    # A word read surely there is taken.
    assert [w["text"] for w in with_lost_words(surest, [[_boxed(200, 40, "の")]])] == ["市民", "の", "窓口"]


def test_a_symbol_weighs_half_a_letter_in_a_readings_sureness():
    assert _sureness(_reading("入", conf=91)) > _sureness(_reading(">", conf=96))
    assert _sureness(_reading("入", conf=91)) < _sureness(_reading("入", conf=96))


def _line_of_type(marks: list[tuple[int, int, int, int]]) -> np.ndarray:
    """A page with one line of type 40 px tall (middle at row 220): six characters drawn as boxes of
    ink, and the given extra strokes (left, top, right, bottom)."""
    page = np.full((400, 900), 255, np.uint8)
    for left in (100, 150, 200, 300, 350, 400):
        page[200:240, left : left + 40] = 0
    for left, top, right, bottom in marks:
        page[top:bottom, left:right] = 0
    return page


def _words_of_line() -> list[dict]:
    line_box = [100, 200, 340, 40]
    return [
        {"line": "1", "text": "計画", "conf": 95, "box": [100, 200, 90, 40], "line_box": line_box},
        {"line": "1", "text": "推進", "conf": 95, "box": [200, 200, 40, 40], "line_box": line_box},
        {"line": "1", "text": "体制", "conf": 95, "box": [300, 200, 140, 40], "line_box": line_box},
    ]


def test_ink_standing_alone_in_a_lines_upper_half_is_a_raised_mark():
    from pipeline.readers.scan.raised_marks import _raised_boxes

    raised = (250, 198, 256, 218)  # a narrow stroke 20 px tall, its foot above the line's middle
    assert _raised_boxes(_words_of_line(), _line_of_type([raised])) == {"1": [[250.0, 198.0, 6.0, 20.0]]}


@pytest.mark.parametrize(
    "stroke",
    [
        (250, 215, 280, 222),  # ー: a low, wide stroke at the middle
        (250, 205, 256, 235),  # a stroke reaching below the middle: type, not a raised mark
        (250, 200, 254, 205),  # a speck, too short for a number
        (250, 200, 290, 220),  # wider than a note number
        (242, 200, 246, 218),  # touching the character before it: a stroke of that character
    ],
)
def test_strokes_of_type_and_specks_are_no_raised_marks(stroke):
    from pipeline.readers.scan.raised_marks import _raised_boxes

    page = _line_of_type([stroke])
    if stroke[0] == 242:
        page[205:210, 240:243] = 0  # joined to the character before it
    assert _raised_boxes(_words_of_line(), page) == {}


def test_a_raised_mark_a_word_already_holds_as_a_number_is_not_found_again():
    from pipeline.readers.scan.raised_marks import _raised_boxes

    words = [*_words_of_line()]
    words[1] = {**words[1], "text": "推進1", "box": [200, 200, 60, 40]}
    assert _raised_boxes(words, _line_of_type([(250, 198, 256, 218)])) == {}


def test_a_lines_type_height_is_measured_on_its_own_ink_not_a_line_set_close_under_it():
    from pipeline.readers.scan.type_weight import with_type_heights

    page = np.full((300, 400), 255, np.uint8)
    page[100:140, 50:150] = 0  # a heading's 漢字, 40 px tall
    page[143:180, 50:300] = 0  # the body line three pixels under it
    word = {
        "line": "1",
        "text": "取組内容",
        "conf": 95,
        "box": [50, 100, 100, 40],
        "line_box": [50, 100, 100, 40],
    }
    (measured,) = with_type_heights([word], page)
    assert 40 <= measured["em"] <= 44


def test_a_line_of_kana_alone_is_measured_as_tall_as_the_kanji_of_its_type():
    from pipeline.config.vocabulary import ocr_settings
    from pipeline.readers.scan.type_weight import with_type_heights

    page = np.full((300, 600), 255, np.uint8)
    page[50:90, 50:250] = 0  # 計画の推進: 漢字 40 px tall
    page[153:187, 50:290] = 0  # スケジュール, in the same type: kana stand lower (34 px)
    page[253:287, 50:210] = 0  # とりくみ 今後: a line with 漢字 is measured on them alone
    page[250:290, 210:290] = 0

    def word(line: str, text: str, top: int, left: int = 50) -> dict:
        box = [left, top, 40 * len(text), 40]
        return {"line": line, "text": text, "conf": 95, "box": box, "line_box": [50, top, 240, 40]}

    kanji, kana, mixed_kana, mixed_kanji = with_type_heights(
        [word("1", "計画の推進", 50), word("2", "スケジュール", 150), word("3", "とりくみ", 250),
         word("3", "今後", 250, 210)], page
    )  # fmt: skip
    assert 40 <= kanji["em"] <= 44
    assert kana["em"] == pytest.approx(kanji["em"] * 34 / 40 / ocr_settings().kana_extent, rel=0.05)
    assert mixed_kana["em"] == mixed_kanji["em"] == pytest.approx(kanji["em"], rel=0.05)


def _circled(number: int, ring: int = 44) -> np.ndarray:
    """A circled number as a page prints it, 40 pixels of type: a ring and its digits, and the next
    glyph (a block of ink) close after it."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (140, 80), 255)
    draw = ImageDraw.Draw(image)
    draw.ellipse([18, 18, 18 + ring, 18 + ring], outline=0, width=3)
    font = ImageFont.load_default(size=26 if number < 10 else 20)
    draw.text((18 + ring / 2, 18 + ring / 2), str(number), fill=0, font=font, anchor="mm")
    draw.rectangle([72, 22, 108, 58], fill=0)
    return np.array(image)


@needs_ocr
@pytest.mark.parametrize("number", [1, 2, 3, 7, 12])
def test_a_circled_number_is_read_as_the_digits_inside_its_ring(number):
    from pipeline.readers.scan.ocr_alone import ring_number

    page = _circled(number)
    page[38:41, 2:10] = 0  # a dash before it ('- ①'): the ring is the ink the word starts at
    ring = [20, 18, 44, 44]
    assert ring_number(page, [0, 12, 70, 56], ring) == number
    assert ring_number(page, [0, 12, 140, 56], [72, 22, 36, 36]) is None  # a block of ink is no ring
    # The square takes in the top of a glyph of the line below: the ring is the ink by the word's middle.
    below = np.vstack([page, np.full((20, 140), 255, np.uint8)])
    below[72:90, 24:56] = 0
    assert ring_number(below, [0, 12, 70, 78], ring) == number


@needs_ocr
def test_circled_numbers_misread_in_their_line_are_set_right_and_other_words_kept():
    from pipeline.readers.scan.ocr_alone import with_circled_numbers

    page = np.full((200, 300), 255, np.uint8)
    page[0:80, 0:140] = _circled(1)
    page[100:180, 0:140] = _circled(2)
    line_box = [18, 18, 200, 44]

    def word(line: str, text: str, top: int) -> dict:
        return {"line": line, "text": text, "conf": 93, "box": [20, top, 40, 44], "line_box": line_box}

    # ① read as ③ surely, ② read as @; an address's @ and a word with no ring are left as they are.
    words = [word("1", "③現状と課題", 18), word("2", "@今後の取組", 118), word("3", "@example", 118)]
    words += [
        word("4", "現状", 18),
        word("5", "@", 118),
        {**word("5", "今後", 118), "box": [80, 118, 88, 44]},
        word("6", "①③課題", 18),  # one ring read as two numbers
        word("7", "G", 18),  # ① read as G, opening its line
        word("8", "GIS", 18),
    ]
    assert [w["text"] for w in with_circled_numbers(words, page)] == [
        "①現状と課題",
        "②今後の取組",
        "@example",
        "現状",
        "②",
        "今後",
        "①課題",
        "①",
        "GIS",
    ]


def test_the_ocr_cache_key_follows_the_readers_code_and_engine():
    import hashlib

    from pipeline.readers.scan import ocr
    from pipeline.readers.scan.tesseract import engine_version

    modules = ocr.reader_modules()
    assert {m.name for m in modules} >= {"ocr.py", "tesseract.py", "ruled.py", "drawing.py"}
    code = hashlib.sha256()
    for module in modules:
        code.update(module.name.encode() + b"\0" + module.read_bytes())
    version = ocr.cache_version()
    assert version.endswith("/" + code.hexdigest())  # any edit to the reader's code is a new key
    assert engine_version() in version


def test_a_documents_ocr_confidence_weighs_its_lines_and_a_poor_one_is_warned_of():
    from pipeline.extract.documents import ocr_confidence, ocr_warnings

    lines = [
        {"text": "第1章 計画の概要", "ocr_confidence": 90.0},
        {"text": "本市は", "ocr_confidence": 30.0},
        {"text": "a text layer's line", "ocr_confidence": None},
    ]
    assert ocr_confidence(lines) == round((90 * 9 + 30 * 3) / 12, 1)
    assert ocr_confidence([{"text": "本文", "ocr_confidence": None}]) is None
    assert ocr_warnings(None) == [] and ocr_warnings(95.0) == []
    (warning,) = ocr_warnings(41.6)
    assert "mean confidence of 42 of 100" in warning and "check its rows" in warning


def _word(line: str, left: float, width: float, conf: float = 96.0, top: float = 100.0) -> dict:
    return {"line": line, "text": "字" * max(1, round(width / 40)), "conf": conf,
            "box": [left, top, width, 40.0], "line_box": [100.0, top, 1100.0, 40.0]}  # fmt: skip


def test_a_line_is_read_again_only_where_its_reading_is_unsure():
    from pipeline.readers.scan.ocr_lines import _unsure_lines

    sure = [_word("sure", x, 100) for x in range(100, 1200, 110)]
    gapped = [_word("gap", 100, 300, top=200), _word("gap", 900, 300, top=200)]  # half the line lost
    short = [_word("short", 100, 400, top=300)]  # its line box runs on far past its words
    one_dip = [_word("dip", x, 100, conf=96 if x > 100 else 70, top=400) for x in range(100, 1200, 110)]
    unsure = [_word("unsure", x, 100, conf=85, top=500) for x in range(100, 1200, 110)]
    lost = [*(_word("lost", x, 100, top=600) for x in range(100, 1200, 110)), {**_word("lost", 1150, 50, conf=5, top=600), "text": "", "unsure": True}]  # fmt: skip
    assert _unsure_lines(sure + gapped + short + one_dip + unsure + lost) == {
        "gap",
        "short",
        "unsure",
        "lost",
    }


def test_a_band_of_type_no_word_lies_in_is_a_line_to_read_on_its_own():
    from pipeline.readers.scan.ocr_lines import with_missed_lines

    gray = np.full((400, 1200), 255, np.uint8)
    for top in (50, 150, 250):
        for x in range(100, 900, 12):  # strokes of type across the line
            gray[top : top + 40, x : x + 5] = 0
    gray[350:352, 500:503] = 0  # a speck: no line
    words = [_word("1/1/1/1", 100, 800, top=50), _word("1/1/1/3", 100, 800, top=250)]
    missed = [w for w in with_missed_lines(gray, words) if w["line"].startswith("missed")]
    assert [(w["box"][1], w["box"][3], w["text"], w["unsure"]) for w in missed] == [(150.0, 40.0, "", True)]
    assert missed[0]["box"][0] == 100.0 and missed[0]["box"][2] == 797.0


def test_the_vertical_model_is_used_only_where_a_column_of_writing_is_read():
    from pipeline.readers.scan.ocr import _has_vertical_writing

    row = [_word("1", 100, 400)]
    column = [
        {**_word("2", 100, 40), "text": "計画の目的", "line_box": [100.0, 100.0, 40.0, 400.0]}
    ]  # a column
    lone_bar = [{**_word("3", 100, 40), "text": "|", "line_box": [100.0, 100.0, 10.0, 200.0]}]
    assert not _has_vertical_writing(row + lone_bar)
    assert _has_vertical_writing(row + column)


def _page_of_text(lines: list[str]):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 36)
    image = Image.new("L", (1400, 120 + 70 * len(lines)), 255)
    for at, text in enumerate(lines):
        ImageDraw.Draw(image).text((60, 60 + 70 * at), text, font=font, fill=0)
    return image


@needs_ocr
def test_tesseract_is_loaded_once_and_reads_an_image_handed_over_as_pixels():
    from pipeline.readers.scan import tesseract

    image = _page_of_text(["第1章 計画の目的", "本市は行政手続のオンライン化を進めます。"])
    first = tesseract.read_tsv(image, tesseract.Segmentation.AUTOMATIC)
    assert first.startswith("level\tpage_num")
    assert "".join(words_of(first)[i]["text"] for i in range(3)).startswith("第1章")
    loaded = tesseract._engine.cache_info().currsize
    again = tesseract.read_tsv(image, tesseract.Segmentation.AUTOMATIC)
    assert again == first  # nothing of the last image is carried over
    assert tesseract._engine.cache_info().currsize == loaded  # the same engine, not loaded again


@needs_ocr
def test_a_page_scanned_upside_down_is_turned_by_the_orientation_check():
    from pipeline.readers.scan import tesseract

    text = ["本市は行政手続のオンライン化を進めます。"] * 8
    image = _page_of_text(text)
    assert tesseract.rotation(image) == 0
    assert tesseract.rotation(image.rotate(180)) == 180


def test_dust_read_as_a_character_is_dropped_and_small_punctuation_is_kept():
    from pipeline.readers.scan.specks import without_specks

    def word(text: str, box: list[float]) -> dict:
        return {"line": "1", "text": text, "conf": 90, "box": box, "line_box": [300, 1640, 2000, 50]}

    heading = [
        word("計画", [373, 1643, 82, 46]),
        word("推進", [509, 1647, 84, 43]),
        word("体制", [610, 1647, 73, 43]),
    ]
    full_stop, comma = word("。", [700, 1676, 14, 12]), word("、", [730, 1678, 9, 11])
    dust, low_dot = {**word("6", [2267, 1682, 4, 4]), "conf": 49.9}, word(".", [760, 1680, 6, 5])
    boxed_on_a_dot = {**word("集", [464, 1680, 5, 5]), "conf": 92}  # read right, boxed on a leader dot
    raised, stroke = word("1", [800, 1630, 9, 19]), {**word("`", [800, 1630, 8, 20]), "conf": 59}
    # Dots read surely: one between words and one where a cell's line wraps after a word are the
    # text's; one in the empty space far right of the line, or in a line of its own, is a speck.
    cell = [{**word(text, [x, 1760, 36, 36]), "line": "2"} for text, x in (("電子", 700), ("申請", 790))]
    between, wrapping = (
        {**word("・", [750, 1775, 7, 7]), "line": "2"},
        {**word("・", [832, 1775, 7, 7]), "line": "2"},
    )
    far, alone = (
        {**word("・", [1666, 1778, 5, 3]), "line": "2"},
        {**word("・", [552, 1850, 3, 5]), "line": "3"},
    )
    # In an empty year's cell: two dots of dust read as 5 (unsure, lower than type) and a dot read as 3
    # (surely, but tiny); at the page's foot a page number alone, read surely at the type's height.
    dots, tiny = (
        {**word("5", [1140, 1769, 46, 20]), "conf": 51, "line": "2"},
        {**word("3", [1400, 1775, 5, 3]), "line": "2"},
    )
    folio = {**word("5", [1200, 3300, 20, 30]), "line": "9"}
    kept = without_specks(
        [
            *heading,
            full_stop,
            comma,
            dust,
            low_dot,
            boxed_on_a_dot,
            raised,
            stroke,
            *cell,
            between,
            wrapping,
            far,
            alone,
            dots,
            tiny,
            folio,
        ]
    )
    assert [w["text"] for w in kept] == [
        "計画",
        "推進",
        "体制",
        "。",
        "、",
        "集",
        "1",
        "電子",
        "申請",
        "・",
        "・",
        "5",
    ]
