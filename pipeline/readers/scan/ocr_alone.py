"""Glyphs that Tesseract misreads in a line's context, read again each on its own: a note mark raised
above its line (raised_marks.py finds them) and a circled number (①②③), which the Japanese model reads
in a line as whichever circled number it saw most (③ for ① and ②), so that a list loses its order."""

from __future__ import annotations

import re

import numpy as np

from pipeline.config.vocabulary import ocr_settings
from pipeline.families.enumerators import CIRCLED
from pipeline.readers.scan.ocr_lines import stack, stacked_at
from pipeline.readers.scan.ocr_words import line_bands, words_of
from pipeline.readers.scan.tesseract import Segmentation, read_tsv

READ_CIRCLED = re.compile(f"[{CIRCLED}].?")  # the number, and perhaps a sliver of the next glyph


def read_alone(
    gray: np.ndarray, boxes: list[list[float]], pattern: re.Pattern, allowed: str = ""
) -> list[str | None]:
    """Each box of the image (left, top, width, height) read on its own, scaled to READ_HEIGHT, in one
    Tesseract run over the boxes stacked: its text where it matches `pattern` surely, else None.
    `allowed` limits the characters Tesseract may read, where its model honours that."""
    if not boxes:
        return []
    stacked, tops = stack([_cut(gray, box) for box in boxes])
    tsv = read_tsv(stacked, Segmentation.ONE_BLOCK, allowed=allowed)
    read: list[str | None] = [None] * len(boxes)
    for word in words_of(tsv):
        index = stacked_at(tops, [ocr_settings().glyph_read_height] * len(boxes), word)
        if (
            index is not None
            and word["conf"] >= ocr_settings().min_glyph_confidence
            and pattern.fullmatch(word["text"])
        ):
            read[index] = word["text"]
    return read


def with_circled_numbers(words: list[dict], gray: np.ndarray) -> list[dict]:
    """The words with each circled number that opens one, read unsurely in its line, read again alone."""
    bands = line_bands(words)
    targets = [
        at
        for at, word in enumerate(words)
        if word["text"][:1] in CIRCLED and word["conf"] < ocr_settings().sure_circled
    ]
    targets = targets[: ocr_settings().max_circled]
    boxes = []
    for at in targets:
        middle, height = bands[words[at]["line"]]
        left = words[at]["box"][0] - ocr_settings().circled_lead * height
        boxes.append(
            [
                left,
                middle - ocr_settings().circled_cut * height / 2,
                ocr_settings().circled_cut * height,
                ocr_settings().circled_cut * height,
            ]
        )
    out = list(words)
    for at, text in zip(targets, _read_each(gray, boxes), strict=True):
        if text is not None:
            out[at] = {**out[at], "text": text[0] + out[at]["text"][1:]}
    return out


def _read_each(gray: np.ndarray, boxes: list[list[float]]) -> list[str | None]:
    """Each box read as one circled number, in a Tesseract run of its own (a stack of single glyphs is
    read as a block of lines, and a glyph alone on a line is misread as often as in its line)."""
    read: list[str | None] = []
    for box in boxes:
        words = words_of(read_tsv(_cut(gray, box), Segmentation.SINGLE_CHARACTER))
        sure = [
            w["text"]
            for w in words
            if w["conf"] >= ocr_settings().min_glyph_confidence and READ_CIRCLED.fullmatch(w["text"])
        ]
        read.append(sure[0] if sure else None)
    return read


def _cut(gray: np.ndarray, box: list[float]):
    """The box cut out of the image and scaled to READ_HEIGHT."""
    from PIL import Image

    left, top, width, height = box
    crop = Image.fromarray(gray[max(0, int(top)) : int(top + height), max(0, int(left)) : int(left + width)])
    scale = ocr_settings().glyph_read_height / max(height, 1.0)
    return crop.resize((max(1, round(width * scale)), ocr_settings().glyph_read_height), Image.LANCZOS)
