"""Note marks raised above a scanned line (オープンデータ¹の公開): Tesseract reads a small raised number run
into Japanese type as part of the next character or not at all, and the term it marks loses its note.
So each line's raised marks are found in the page image, as ink standing alone in the upper half of the
line, lower and narrower than its type, and read on their own as numbers."""

from __future__ import annotations

import numpy as np

from pipeline.config.vocabulary import ocr_settings
from pipeline.families.marks import SCANNED_RAISED_MARK
from pipeline.readers.scan.ocr_alone import read_alone
from pipeline.readers.scan.ocr_words import line_bands, line_spans

# Type heights about a line's middle: a raised mark's ink reaches no higher than REACH above it and no
# lower than FLOOR below it (a line's type runs to half a height below), is between HEIGHT of a type
# height tall and at most WIDTH wide (a note number of two digits).
REACH, FLOOR, HEIGHT, WIDTH = 0.75, 0.1, (0.25, 0.65), 0.8
MARK_CHARACTERS = "0123456789※*"


def with_raised_marks(words: list[dict], gray: np.ndarray) -> list[dict]:
    """The words with each line's raised note marks set in after the word before them, as words of
    their own marked `raised` with their own type height (`em`)."""
    found = [(line, box) for line, boxes in _raised_boxes(words, gray).items() for box in boxes]
    if not found:
        return words
    read = read_alone(gray, [box for _, box in found], SCANNED_RAISED_MARK.compiled, MARK_CHARACTERS)
    out = list(words)
    for (line, box), text in zip(found, read, strict=True):
        if text is None:
            continue
        at = max(at for at, word in enumerate(out) if word["line"] == line and word["box"][0] < box[0])
        mark = {"line": line, "text": text, "conf": 99.0, "box": box, "line_box": out[at]["line_box"]}
        out.insert(at + 1, {**mark, "em": box[3], "raised": True})
    return out


def _raised_boxes(words: list[dict], gray: np.ndarray) -> dict[str, list[list[float]]]:
    """Each horizontal line's raised marks (left, top, width, height in the image's pixels): runs of
    ink columns parted by white from the type either side, with no ink below FLOOR, of a mark's size,
    where no word read holds a number."""
    spans = line_spans(words)
    found: dict[str, list[list[float]]] = {}
    for line, (middle, height) in line_bands(words).items():
        if spans[line][0] >= spans[line][1] or _vertical(words, line):
            continue
        top, floor, bottom = (
            round(middle - REACH * height),
            round(middle + FLOOR * height),
            round(middle + height),
        )
        left, right = round(spans[line][0]), min(gray.shape[1], round(spans[line][1] + height))
        if top < 0 or bottom > gray.shape[0] or right - left < height:
            continue
        ink = gray[top:bottom, left:right] < ocr_settings().ink_level
        columns, low = ink.any(axis=0), ink[floor - top :].any(axis=0)
        for start, end in _runs(columns):
            rows = np.flatnonzero(ink[:, start:end].any(axis=1))
            tall = rows[-1] - rows[0] + 1
            if (
                low[start:end].any() or start == 0 or end == len(columns) or rows[0] == 0
                or end - start > WIDTH * height or not HEIGHT[0] * height <= tall <= HEIGHT[1] * height
            ):  # fmt: skip
                continue
            box = [left + start, top + rows[0], end - start, tall]
            if not _read_as_number(words, line, box):
                found.setdefault(line, []).append([float(v) for v in box])
    return found


def _vertical(words: list[dict], line: str) -> bool:
    box = next(word["line_box"] for word in words if word["line"] == line)
    return box[3] > ocr_settings().vertical * box[2]


def _runs(columns: np.ndarray) -> list[tuple[int, int]]:
    """The runs of True in a row of flags, as (start, end)."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], columns.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _read_as_number(words: list[dict], line: str, box: list[int]) -> bool:
    """Whether a word of the line over the mark's columns already holds a number (Tesseract read it)."""
    return any(
        word["line"] == line and any(c.isdigit() for c in word["text"])
        and word["box"][0] < box[0] + box[2] and box[0] < word["box"][0] + word["box"][2]
        for word in words
    )  # fmt: skip
