"""How tall and how heavy a scanned line's type is. Its height (`with_type_heights`) is measured on
its ink, since Tesseract's word boxes are loose. Its weight is what a scan shows of the font a digital
page names: a plan's headings are set in a heavier face than its body (ゴシック over 明朝, or bold),
which a scan keeps as wider strokes, so a heading at body size is told from the body by its strokes
alone, as a digital page's is by its font name. A word's stroke width is measured in the page image
(`stroke_width`), carried by its characters, and a line whose strokes are much wider than the body's,
for its size, is bold (`mark_heavy_type`)."""

from __future__ import annotations

import statistics
from collections import Counter

import numpy as np

from pipeline.config.vocabulary import ocr_settings
from pipeline.language.scripts import IDEOGRAPH, KANA
from pipeline.readers.pdf.glyphs import GlyphLine
from pipeline.readers.scan.ocr_words import line_bands


def with_stroke_widths(words: list[dict], gray: np.ndarray) -> list[dict]:
    """The words, each with the width in pixels of its type's upright strokes (`stroke`), measured over
    its box across its line's band; a word with too little ink to say has none."""
    bands = line_bands(words)
    out = []
    for word in words:
        middle, height = bands[word["line"]]
        left, _, width, _ = word["box"]
        top = max(0, round(middle - height / 2))
        window = gray[top : round(middle + height / 2), max(0, round(left)) : round(left + width)]
        stroke = stroke_width(window, height)
        out.append({**word, "stroke": stroke} if stroke is not None else word)
    return out


def stroke_width(window: np.ndarray, height: float) -> float | None:
    """The mean length of the short runs of ink along the rows of a piece of a line (`height` pixels its
    type): a row crosses an upright stroke in a run as long as the stroke is wide, while a run longer
    than a third of the type lies along a level stroke and is left out. Ink is taken darker than
    `stroke_level`, so that a scan's blur adds little to each stroke. None with under `min_strokes`
    runs (a word of a character or two, a speck)."""
    settings = ocr_settings()
    if window.size == 0:
        return None
    ink = (window < settings.stroke_level).view(np.int8)
    turns = np.diff(np.pad(ink, ((0, 0), (1, 1))), axis=1)
    runs = np.nonzero(turns == -1)[1] - np.nonzero(turns == 1)[1]
    runs = runs[runs <= height / 3]
    return round(float(runs.mean()), 2) if runs.size >= settings.min_strokes else None


def mark_heavy_type(lines: list[GlyphLine]) -> None:
    """Set bold every scanned line whose strokes, for its size, are `heavy_type` times the body's or
    wider: the body being the lines of the commonest size (after snapping), their median weight."""
    weighed = [line for line in lines if line.stroke and line.size and not line.table_row]
    sizes = Counter()
    for line in weighed:
        sizes[round(line.size, 1)] += len(line.text)
    if not sizes:
        return
    body_size = sizes.most_common(1)[0][0]
    body = [line.stroke / line.size for line in weighed if round(line.size, 1) == body_size]
    if len(body) < ocr_settings().min_body_lines:
        return
    typical = statistics.median(body)
    for line in weighed:
        if line.stroke / line.size >= ocr_settings().heavy_type * typical:
            line.bold = True


def with_type_heights(words: list[dict], gray) -> list[dict]:
    """The words, each with its line's type height measured in the page image (`em`): for each of its
    漢字 words, the rows holding its ink near the line's middle, up to the white between it and a line
    close above or below, between the first and the last few hundredths of that ink (a bracket's long
    stroke, a speck); the median over the words. Word boxes are loose, and the line's type size tells a
    foot note, a heading and a slide's tag apart. A line with no 漢字 (スケジュール) is measured on its
    kana, which stand lower than 漢字 by `kana_extent`."""
    bands = line_bands(words)
    measured: dict[str, list[float]] = {}
    kana: dict[str, list[float]] = {}
    for word in words:
        found = measured if IDEOGRAPH.search(word["text"]) else kana if KANA.search(word["text"]) else None
        if found is not None and (extent := _ink_extent(word, bands[word["line"]], gray)) is not None:
            found.setdefault(word["line"], []).append(extent)
    for line, extents in kana.items():
        if line not in measured:
            measured[line] = [extent / ocr_settings().kana_extent for extent in extents]
    return [
        {**word, "em": statistics.median(measured[word["line"]])} if word["line"] in measured else word
        for word in words
    ]


def _ink_extent(word: dict, band: tuple[float, float], gray) -> float | None:
    """How tall a word's ink stands about its line's middle, its few hundredths at either end left out."""
    middle, height = band
    left, _, width, _ = word["box"]
    top = max(0, round(middle - ocr_settings().ink_window * height))
    rows = (
        gray[
            top : round(middle + ocr_settings().ink_window * height),
            max(0, round(left)) : round(left + width),
        ]
        < ocr_settings().ink_level
    ).sum(axis=1)
    start, stop = _own_rows(rows, round(middle) - top)
    rows = rows[start:stop]
    if not rows.sum():
        return None
    mass = np.cumsum(rows) / rows.sum()
    tail = ocr_settings().ink_tail
    extent = np.searchsorted(mass, 1 - tail) - np.searchsorted(mass, tail) + 1
    return float(extent / (1 - 2 * tail))


def _own_rows(rows: np.ndarray, centre: int) -> tuple[int, int]:
    """The rows about `centre` up to LINE_GAP blank rows or more either side: a line's own ink."""
    blank = np.concatenate(
        ([True] * ocr_settings().ink_line_gap, rows == 0, [True] * ocr_settings().ink_line_gap)
    )
    gaps = np.flatnonzero(
        np.convolve(blank, np.ones(ocr_settings().ink_line_gap, dtype=int), "valid")
        == ocr_settings().ink_line_gap
    )
    centre = min(max(centre, 0), len(rows) - 1) + ocr_settings().ink_line_gap  # in `blank`'s rows
    above = gaps[gaps + ocr_settings().ink_line_gap - 1 < centre]
    below = gaps[gaps > centre]
    start = (above[-1] + ocr_settings().ink_line_gap) if len(above) else ocr_settings().ink_line_gap
    stop = below[0] if len(below) else len(rows) + ocr_settings().ink_line_gap
    return start - ocr_settings().ink_line_gap, stop - ocr_settings().ink_line_gap
