"""Glyphs that Tesseract misreads in a line's context, read again each on its own: a note mark raised
above its line (raised_marks.py finds them) and a circled number (①②③), which the Japanese model reads
in a line as whichever circled number it saw most (③ for ① and ②), so that a list loses its order."""

from __future__ import annotations

import re

import numpy as np

from pipeline.config.vocabulary import ocr_settings
from pipeline.families.enumerators import CIRCLED
from pipeline.families.misreads import CIRCLE
from pipeline.readers.scan.ocr_lines import stack, stacked_at
from pipeline.readers.scan.ocr_words import line_bands, words_of
from pipeline.readers.scan.tesseract import Segmentation, read_tsv


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
    """The words with each circled number that opens one read again as the digits inside its ring
    (`ring_number`): the Japanese model reads a circled number in its line, and alone too, as whichever
    it saw most (③ for ①; ② as @ and ① as G now and then), while the digits alone it reads surely. A
    line opened by such a glyph alone may open with a misread circled number (families.misreads.CIRCLE)."""
    bands = line_bands(words)
    opening = {}
    for at, word in enumerate(words):
        opening.setdefault(word["line"], at)
    targets = [
        at
        for at, word in enumerate(words)
        if word["text"][:1] in CIRCLED or (opening[word["line"]] == at and CIRCLE.recognises(word["text"]))
    ]
    out = list(words)
    for at in targets[: ocr_settings().max_circled]:
        middle, height = bands[words[at]["line"]]
        side = ocr_settings().circled_cut * height
        left = words[at]["box"][0] - ocr_settings().circled_lead * height
        number = ring_number(gray, [left, middle - side / 2, side, side], words[at]["box"])
        if number is not None and 1 <= number <= len(CIRCLED):
            rest = out[at]["text"][1:]
            rest = rest[1:] if rest[:1] in CIRCLED else rest  # one ring read as two numbers (②③)
            out[at] = {**out[at], "text": CIRCLED[number - 1] + rest}
    return out


def ring_number(gray: np.ndarray, box: list[float], glyph: list[float]) -> int | None:
    """The number inside the ring of the circled number in a square of the image (left, top, side,
    side) whose word's box (left, top, width, height) is `glyph`: the ring is the run of inked columns
    reaching the word's left or the first after it, and within them the run of inked rows nearest the
    word's middle (the square may take in a glyph of the line below); everything outside `ring_inside`
    of its radius is whitened, and what is left read as digits on one line. None where that ink is not
    round (no ring there, or a ring run into the next glyph) or nothing is read surely."""
    from PIL import Image

    left, top, width, height = (max(0, round(value)) for value in box)
    crop = gray[top : top + height, left : left + width]
    ink = crop < ocr_settings().ink_level
    ring = _run_reaching(np.flatnonzero(ink.any(axis=0)), glyph[0] - left)
    if ring is None:
        return None
    first, last = ring[0], ring[-1]
    middle = glyph[1] + glyph[3] / 2 - top
    rows = _nearest_run(np.flatnonzero(ink[:, first : last + 1].any(axis=1)), middle)
    across, down = last - first + 1, rows[-1] - rows[0] + 1
    if not 1 / ocr_settings().ring_round <= across / down <= ocr_settings().ring_round:
        return None
    centre_y, centre_x = (rows[0] + rows[-1]) / 2, (first + last) / 2
    radius = max(across, down) / 2
    ys, xs = np.mgrid[0 : crop.shape[0], 0 : crop.shape[1]]
    inside = np.hypot(ys - centre_y, xs - centre_x) < ocr_settings().ring_inside * radius
    digits = Image.fromarray(np.where(inside, crop, 255).astype(np.uint8))
    scale = ocr_settings().ring_read_height / max(crop.shape[0], 1)
    digits = digits.resize(
        (max(1, round(digits.width * scale)), ocr_settings().ring_read_height), Image.LANCZOS
    )
    read = [
        word["text"]
        for word in words_of(read_tsv(digits, Segmentation.ONE_LINE, allowed="0123456789"))
        if word["conf"] >= ocr_settings().min_glyph_confidence
    ]
    return int(read[0]) if len(read) == 1 and read[0].isdigit() else None


def _runs(indices: np.ndarray) -> list[np.ndarray]:
    """Consecutive indices in runs."""
    return np.split(indices, np.flatnonzero(np.diff(indices) > 1) + 1) if indices.size else []


def _run_reaching(indices: np.ndarray, at: float) -> np.ndarray | None:
    """The first run of consecutive indices that reaches `at` or lies after it."""
    return next((run for run in _runs(indices) if run[-1] >= at), None)


def _nearest_run(indices: np.ndarray, at: float) -> np.ndarray:
    """The run of consecutive indices (at least one) holding `at`, or else the nearest to it."""
    return min(_runs(indices), key=lambda run: max(run[0] - at, at - run[-1], 0))


def _cut(gray: np.ndarray, box: list[float]):
    """The box cut out of the image and scaled to READ_HEIGHT."""
    from PIL import Image

    left, top, width, height = box
    crop = Image.fromarray(gray[max(0, int(top)) : int(top + height), max(0, int(left)) : int(left + width)])
    scale = ocr_settings().glyph_read_height / max(height, 1.0)
    return crop.resize((max(1, round(width * scale)), ocr_settings().glyph_read_height), Image.LANCZOS)
