"""How heavy a scanned line's type is: what a scan shows of the font a digital page names. A plan's
headings are set in a heavier face than its body (ゴシック over 明朝, or bold), which a scan keeps as
wider strokes; a heading at body size is told from the body by its strokes alone, as a digital page's
is by its font name. A word's stroke width is measured in the page image (`stroke_width`), carried by
its characters, and a line whose strokes are much wider than the body's, for its size, is bold
(`mark_heavy_type`)."""

from __future__ import annotations

import statistics
from collections import Counter

import numpy as np

from pipeline.config.vocabulary import ocr_settings
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
