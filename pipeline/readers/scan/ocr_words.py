"""Tesseract's words as the page reader's characters. A word's box is kept with the box of the line
Tesseract set it on, in the pixels of the page image at its rendering resolution, whatever resolution
the word was read at; the characters are then laid out in points as a digital page would give them."""

from __future__ import annotations

import csv
import io
import statistics

from pipeline.config.vocabulary import ocr_settings
from pipeline.language.scripts import IDEOGRAPH, JAPANESE
from pipeline.readers.pdf.content import Glyph, Origin


def words_of(tsv: str, factor: float = 1.0, keep_unsure: bool = False) -> list[dict]:
    """The confident words of Tesseract's TSV, each with its line's key and box, in the page image's
    pixels (the image read was the page scaled by `factor`); with `keep_unsure`, also the unsure
    characters set on from a sure word, marked `unsure`, which only fill a reading's gaps (ocr._filled),
    and each word too unsure to keep as a word with no text, marked `unsure`: it tells that its line
    lost something there, and a line of nothing else that the line is there to be read again."""
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    lines = {_line_key(row): row for row in rows if row.get("level") == "4"}
    words = []
    before: dict[tuple[str, str, str, str], dict] = {}  # each line's last word kept
    for row in rows:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        unsure = float(row["conf"]) < ocr_settings().min_word_confidence
        lost = unsure and not (keep_unsure and _set_on(row, text, before.get(_line_key(row))))
        if lost and not keep_unsure:
            continue
        if not lost:
            before[_line_key(row)] = row
        line = lines.get(_line_key(row), row)
        words.append(
            {
                "line": "/".join(_line_key(row)),
                "text": "" if lost else text,
                "conf": float(row["conf"]),
                "box": _box(row, factor),
                "line_box": _box(line, factor),
                **({"unsure": True} if unsure else {}),
            }
        )
    return words


def _set_on(row: dict, text: str, previous: dict | None) -> bool:
    """Whether an unsure word is a Japanese character set on from the sure word before it on its line."""
    if (
        previous is None
        or float(previous["conf"]) < ocr_settings().sure_word
        or len(text) != 1
        or not JAPANESE.fullmatch(text)
    ):
        return False
    height = int(previous["height"])
    gap = int(row["left"]) - int(previous["left"]) - int(previous["width"])
    size = max(int(row["height"]), int(row["width"]))
    return (
        -height <= gap <= ocr_settings().unsure_gap * height
        and ocr_settings().unsure_size[0] * height <= size <= ocr_settings().unsure_size[1] * height
    )


def _line_key(row: dict) -> tuple[str, str, str, str]:
    return row["page_num"], row["block_num"], row["par_num"], row["line_num"]


def _box(row: dict, factor: float) -> list[float]:
    """left, top, width, height in the page image's pixels."""
    return [
        int(row["left"]) / factor,
        int(row["top"]) / factor,
        int(row["width"]) / factor,
        int(row["height"]) / factor,
    ]


def word_runs(words: list[dict]) -> list[list[dict]]:
    """Each line's words in runs that a gap of closed_gap type heights or more parts (the labels of a
    year header set on one recognised line are runs of their own)."""
    bands = line_bands(words)
    runs: list[list[dict]] = []
    for word in words:
        last = runs[-1][-1] if runs else None
        if (
            last is None
            or last["line"] != word["line"]
            or (
                word["box"][0] - last["box"][0] - last["box"][2]
                >= ocr_settings().closed_gap * bands[word["line"]][1]
            )
        ):
            runs.append([])
        runs[-1].append(word)
    return runs


def with_marks(words: list[dict], marks: list[tuple[tuple[int, int, int, int], str]]) -> list[dict]:
    """The words with the page's drawn marks (■ before a block label, ● in a year's cell) set in as
    words: before the word they lead on their line (within MARK_LEAD type heights), or alone."""
    out = list(words)
    for index, ((x0, top, x1, bottom), char) in enumerate(marks):
        bands = line_bands(out)
        middle = (top + bottom) / 2
        mark = {"text": char, "conf": 99.0, "box": [x0, top, x1 - x0, bottom - top]}
        led = [
            at
            for at, word in enumerate(out)
            if abs(bands[word["line"]][0] - middle) <= 0.6 * bands[word["line"]][1]
            and x1 - 2 <= word["box"][0] <= x1 + ocr_settings().mark_lead * bands[word["line"]][1]
        ]
        if led:
            at = min(led, key=lambda at: out[at]["box"][0])
            out.insert(at, {**mark, "line": out[at]["line"], "line_box": out[at]["line_box"]})
        else:
            out.append({**mark, "line": f"mark/{index}", "line_box": list(mark["box"])})
    return out


def without_overlaps(words: list[dict]) -> list[dict]:
    """The words less each recognised line that lies over a surer one (Tesseract now and then reads
    type drawn several times over, fake bold, as a second line of strokes on top of the first)."""
    bands, spans = line_bands(words), line_spans(words)
    sureness: dict[str, float] = {}
    for word in words:
        sureness[word["line"]] = sureness.get(word["line"], 0.0) + len(word["text"]) * word["conf"]

    def over(line: str, other: str) -> bool:
        (middle, height), (other_middle, other_height) = bands[line], bands[other]
        across = min(spans[line][1], spans[other][1]) - max(spans[line][0], spans[other][0])
        return abs(middle - other_middle) < 0.5 * min(height, other_height) and across > 0.5 * min(
            spans[line][1] - spans[line][0], spans[other][1] - spans[other][0]
        )

    dropped = {
        line
        for line in spans
        for other in spans
        if other != line and sureness[other] > sureness[line] and over(line, other)
    }
    return [word for word in words if word["line"] not in dropped]


def line_spans(words: list[dict]) -> dict[str, list[float]]:
    """Each line's left and right edge: from its leftmost word's left to its rightmost word's right."""
    spans: dict[str, list[float]] = {}
    for word in words:
        left, right = word["box"][0], word["box"][0] + word["box"][2]
        span = spans.setdefault(word["line"], [left, right])
        span[0], span[1] = min(span[0], left), max(span[1], right)
    return spans


def line_bands(words: list[dict]) -> dict[str, tuple[float, float]]:
    """Each line's middle and type height, as medians over its words. The height is its 漢字 words'
    where it has any (a 漢字 fills its em square, while の is lower, a bracket (】) or a stray box
    taller, and a line's own box grows with the page's skew), and no more than its Japanese
    characters' typical width says: where Tesseract runs a wrapped cell's two lines into one, its boxes
    grow twice as tall, never twice as wide."""
    boxes: dict[str, list[list[float]]] = {}
    full: dict[str, list[float]] = {}
    widths: dict[str, list[float]] = {}
    for word in words:
        boxes.setdefault(word["line"], []).append(word["box"])
        if IDEOGRAPH.search(word["text"]):
            full.setdefault(word["line"], []).append(word["box"][3])
        if JAPANESE.fullmatch(word["text"]):
            widths.setdefault(word["line"], []).append(
                word["box"][2] / len(word["text"]) / ocr_settings().char_width
            )
    bands = {}
    for line, members in boxes.items():
        height = statistics.median(full.get(line) or [box[3] for box in members])
        if line in widths:
            height = min(height, statistics.median(widths[line]))
        bands[line] = (statistics.median(box[1] + box[3] / 2 for box in members), height)
    return bands


def _closed_widths(words: list[dict], bands: dict[str, tuple[float, float]]) -> list[tuple[float, bool]]:
    """Each word's width, stretched to open_gap heights short of the next word of its line where less than
    closed_gap heights part them, and whether a space follows it (a gap of space_gap heights or more).
    Tesseract parts Japanese into words that print with no space between them, its word boxes are
    loose, and a character it could not read leaves a gap; a gap as wide as two characters within one
    of its lines is still no column's edge (the columns of a table it sets on lines of their own),
    though it may be a space ('施策1 書かない窓口'). The sliver left open is narrower than the page
    reader's space, and is where a grid without ruling finds its columns part (grids._boundaries)."""
    widths = []
    for word, following in zip(words, [*words[1:], None][: len(words)], strict=True):
        left, _, width, _ = word["box"]
        height = bands[word["line"]][1]  # the line's type: a word's own box is as tall as its glyphs
        spaced = False
        if following is not None and following["line"] == word["line"]:  # a raised mark closes up to its word
            gap = following["box"][0] - left - width
            if gap < 0 < following["box"][0] - left:
                # A box run on over the next word's ('AI・RPA' boxed to the end of 'の導入・活用の') ends
                # where that word starts: the next word's box is where its own characters stand.
                width = following["box"][0] - left
            elif 0 < gap < ocr_settings().closed_gap * height:
                width += max(0.0, gap - ocr_settings().open_gap * height)
                # A half-width space parts a number or a Latin word from Japanese ('2-1 年度別の工程').
                latin = word["text"][-1].isascii() or following["text"][0].isascii()
                raised = word.get("raised") or following.get("raised")
                spaced = (
                    not raised
                    and gap
                    >= (ocr_settings().latin_space_gap if latin else ocr_settings().space_gap) * height
                )
        widths.append((width, spaced))
    return widths


def chars_of(words: list[dict], scale: float) -> list[Glyph]:
    """Each word's characters with boxes in points (`scale` points a pixel): the word's width shared
    among them, set on the middle of the line they stand on at the line's typical word height ('、'
    alone would read as a raised note marker)."""
    bands = line_bands(words)
    chars = []
    reached: dict[str, float] = {}  # how far right each line's characters have gone
    for word, (width, spaced) in zip(words, _closed_widths(words, bands), strict=True):
        text, key = word["text"], word["line"]
        line_left, line_top, line_width, line_height = word["line_box"]
        if line_height > ocr_settings().vertical * line_width:
            chars.extend(
                _stacked(word, scale, reached.get(key, 0.0))
            )  # a column of vertical writing (縦書き)
            reached[key] = max(chars[-1].bottom, reached.get(key, 0.0))
            continue
        # A tall glyph stretches its word's box (官, 】): the line's own box is the tighter bound.
        middle, height = bands[key][0] * scale, min(bands[key][1], line_height) * scale
        own = word["box"][3] * scale
        # Smaller type run into the line (a tag beside a title, a raised note mark) keeps its place.
        if own * ocr_settings().apart < height or word.get("raised"):
            middle, height = (word["box"][1] + word["box"][3] / 2) * scale, own
        # A word's box now and then runs far past its text (two characters boxed across a slide):
        # no character is wider than WIDEST heights.
        width = min(width, ocr_settings().widest * height / scale * len(text))
        left, right = word["box"][0] * scale, (word["box"][0] + width) * scale
        # Tesseract's word boxes overlap where it splits a run of Japanese oddly: a word starts where
        # the one before it ends, so that its characters keep the order Tesseract read them in.
        left = max(left, reached.get(key, left))
        width = max(right - left, 0.5 * height * len(text))
        reached[key] = left + width
        top = middle - height / 2
        step = width / len(text)
        for i, char in enumerate(text):
            chars.append(
                Glyph(
                    char,
                    left + i * step,
                    left + (i + 1) * step,
                    top,
                    top + height,
                    word.get("em", bands[key][1]) * scale / ocr_settings().em,
                    origin=Origin.OCR,
                    confidence=float(word.get("conf", 0) or 0),
                    stroke=word["stroke"] * scale if "stroke" in word else None,
                )  # fmt: skip
            )
        if spaced:
            chars.append(chars[-1]._replace(text=" ", x0=chars[-1].x1))
    return chars


def _stacked(word: dict, scale: float, reached: float) -> list[Glyph]:
    """A word of vertical writing as characters one under another down its box, so that the page
    reader finds the columns of a vertical page (pipeline/readers/pdf/reader.page_layout). A word starts
    no higher than where the one before it in its column ended (`reached`), keeping Tesseract's order."""
    text = word["text"]
    left, top, width, height = (value * scale for value in word["box"])
    top = max(top, reached)
    height = max(word["box"][1] * scale + height - top, 0.5 * width * len(text))
    step = height / len(text)
    return [
        Glyph(char, left, left + width, top + i * step, top + (i + 1) * step, width * 0.9, origin=Origin.OCR)
        for i, char in enumerate(text)
    ]


def snap_sizes(lines: list) -> None:
    """Set each line's size (read by OCR) to the median of its size class: sizes measured from a scan
    vary a few hundredths from line to line of one type, which would part one level of headings into
    two. A class starts at its smallest size and takes every size within SAME_TYPE of it."""
    ordered = sorted((line for line in lines if line.size), key=lambda line: line.size)
    classes: list[list] = []
    for line in ordered:
        if not classes or line.size > classes[-1][0].size * ocr_settings().same_type:
            classes.append([])
        classes[-1].append(line)
    for members in classes:
        size = statistics.median(line.size for line in members)
        for line in members:
            line.size = size
