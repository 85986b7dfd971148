"""Specks: what Tesseract reads from dust, JPEG speckle and stray dots of a scan, told from the text's
own small marks (、 。 ・ a raised note number) by size, sureness and what lies beside them. Word
boxes are loose (a 1 boxed four pixels wide beside its stroke), so nothing here weighs the ink in one."""

from __future__ import annotations

import statistics

from pipeline.config.vocabulary import ocr_settings
from pipeline.families.misreads import DOTS, SPECK
from pipeline.language.scripts import IDEOGRAPH
from pipeline.readers.scan.ocr_words import line_bands


def without_specks(words: list[dict]) -> list[dict]:
    """The words less specks: a word of nothing but Latin punctuation ('.', ',', '`') far lower than
    its line's type; any word read unsurely and far smaller than that type both ways (a 6 read from a
    speck of dust between a heading and the next line); and, with no word beside it (in a margin, in a
    table's empty cell), a word of dots alone (・ too), a word that small however surely read, or one
    read unsurely and lower than type is (a 5 read from two dots in an empty year's cell)."""
    bands = line_bands(words)
    settings = ocr_settings()
    # The page's type: its 漢字 fill their em square (a line of dots alone has no type of its own).
    kanji = [word["box"][3] for word in words if IDEOGRAPH.search(word["text"])]
    typical = statistics.median(kanji or [height for _, height in bands.values()] or [0.0])

    def speck(word: dict) -> bool:
        height = bands[word["line"]][1]
        _, _, width, tall = word["box"]
        lone_mark = SPECK.recognises(word["text"]) and tall < settings.speck_height * height
        small = max(width, tall) < settings.dust_size * height
        unsure = word.get("conf", 0) < settings.min_glyph_confidence
        # A small word read surely is kept beside others: Tesseract now and then boxes a character it
        # read right on a leader dot next to it (用語集…… with 集 boxed on a dot); alone, it is dust.
        tiny = max(width, tall) < settings.dust_size * typical
        stray = (
            DOTS.recognises(word["text"]) or tiny or (unsure and tall < settings.short_glyph * typical)
        ) and not _beside(word, words, typical)
        twice = SPECK.recognises(word["text"]) and _read_twice(word, words)
        return bool(lone_mark or stray or twice) or (small and unsure)

    return [word for word in words if not speck(word)]


def _beside(mark: dict, words: list[dict], typical: float) -> bool:
    """Whether another word lies level with a mark (its middle within half the page's type height,
    `typical`, of the word's box) and within `speck_reach` of that height from it, left or right: a
    dot between two words (ル・ガ), after one where a cell's line wraps (申請・) or before its item (・申請);
    a speck of dust read as ・ or . lies apart, in a margin or in a cell's empty space."""
    left, top, width, height = mark["box"]
    middle, reach = top + height / 2, ocr_settings().speck_reach * typical
    for word in words:
        x0, y0, w, h = word["box"]
        if word is mark or not y0 - typical / 2 <= middle <= y0 + h + typical / 2:
            continue
        if x0 - (left + width) <= reach and left - (x0 + w) <= reach:
            return True
    return False


def _read_twice(mark: dict, words: list[dict]) -> bool:
    """Whether a word's box lies mostly inside another word's of its line: a stroke of that word's
    glyph read a second time (a raised 1 read again as `)."""
    left, top, width, height = mark["box"]
    for word in words:
        if word is mark or word["line"] != mark["line"]:
            continue
        x0, y0, w, h = word["box"]
        across = min(left + width, x0 + w) - max(left, x0)
        down = min(top + height, y0 + h) - max(top, y0)
        if across > 0 and down > 0 and across * down >= ocr_settings().read_twice * width * height:
            return True
    return False
