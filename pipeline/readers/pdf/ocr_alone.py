"""Glyphs that Tesseract misreads in a line's context, read again each on its own: a note mark raised
above its line (raised_marks.py finds them) and a circled number (①②③), which the Japanese model reads
in a line as whichever circled number it saw most (③ for ① and ②), so that a list loses its order."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import numpy as np

from pipeline.families.enumerators import CIRCLED
from pipeline.readers.pdf.ocr_lines import stack, stacked_at
from pipeline.readers.pdf.ocr_words import line_bands, words_of
from pipeline.readers.pdf.tesseract import LANGUAGES, ONE_BLOCK, SINGLE_CHARACTER, tesseract

READ_HEIGHT = 40  # pixels a glyph is scaled to for reading
SURE = 90  # a circled number read this surely in its line is kept as read
# The square cut out around a circled number: CUT type heights a side, from LEAD of a height before its
# word's box (Tesseract's boxes for these glyphs are narrow).
CUT, LEAD = 1.2, 0.1
MAX_CIRCLED = 40  # circled numbers of a page read again (one Tesseract run each)
MIN_CONFIDENCE = 60  # a glyph read alone less surely than this is a stroke of type, a quote or a speck
READ_CIRCLED = re.compile(f"[{CIRCLED}].?")  # the number, and perhaps a sliver of the next glyph


def read_alone(
    gray: np.ndarray, boxes: list[list[float]], pattern: re.Pattern, allowed: str = ""
) -> list[str | None]:
    """Each box of the image (left, top, width, height) read on its own, scaled to READ_HEIGHT, in one
    Tesseract run over the boxes stacked: its text where it matches `pattern` surely, else None.
    `allowed` limits the characters Tesseract may read, where its model honours that."""
    if not boxes:
        return []
    pieces = [_cut(gray, box) for box in boxes]
    options = ["-c", f"tessedit_char_whitelist={allowed}"] if allowed else []
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "glyphs.png"
        tops = stack(pieces, target)
        tsv = tesseract(target, "-l", LANGUAGES, "--psm", ONE_BLOCK, *options, "tsv")
    read: list[str | None] = [None] * len(boxes)
    for word in words_of(tsv):
        index = stacked_at(tops, [READ_HEIGHT] * len(boxes), word)
        if index is not None and word["conf"] >= MIN_CONFIDENCE and pattern.fullmatch(word["text"]):
            read[index] = word["text"]
    return read


def with_circled_numbers(words: list[dict], gray: np.ndarray) -> list[dict]:
    """The words with each circled number that opens one, read unsurely in its line, read again alone."""
    bands = line_bands(words)
    targets = [at for at, word in enumerate(words) if word["text"][:1] in CIRCLED and word["conf"] < SURE]
    targets = targets[:MAX_CIRCLED]
    boxes = []
    for at in targets:
        middle, height = bands[words[at]["line"]]
        left = words[at]["box"][0] - LEAD * height
        boxes.append([left, middle - CUT * height / 2, CUT * height, CUT * height])
    out = list(words)
    for at, text in zip(targets, _read_each(gray, boxes), strict=True):
        if text is not None:
            out[at] = {**out[at], "text": text[0] + out[at]["text"][1:]}
    return out


def _read_each(gray: np.ndarray, boxes: list[list[float]]) -> list[str | None]:
    """Each box read as one circled number, in a Tesseract run of its own (a stack of single glyphs is
    read as a block of lines, and a glyph alone on a line is misread as often as in its line)."""
    read: list[str | None] = []
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "glyph.png"
        for box in boxes:
            _cut(gray, box).save(target)
            words = words_of(tesseract(target, "-l", LANGUAGES, "--psm", SINGLE_CHARACTER, "tsv"))
            sure = [
                w["text"] for w in words if w["conf"] >= MIN_CONFIDENCE and READ_CIRCLED.fullmatch(w["text"])
            ]
            read.append(sure[0] if sure else None)
    return read


def _cut(gray: np.ndarray, box: list[float]):
    """The box cut out of the image and scaled to READ_HEIGHT."""
    from PIL import Image

    left, top, width, height = box
    crop = Image.fromarray(gray[max(0, int(top)) : int(top + height), max(0, int(left)) : int(left + width)])
    scale = READ_HEIGHT / max(height, 1.0)
    return crop.resize((max(1, round(width * scale)), READ_HEIGHT), Image.LANCZOS)
