"""What a scanned page's image shows besides its words: the page straightened (a scan is rarely square
to its text), the ruling lines of its tables, and the shading of their cells. OCR reads the words; these
give the page reader the same edges and filled shapes a digital page has, so that a scanned 工程表 is a
table whose shaded years are scheduled years."""

from __future__ import annotations

import numpy as np

from pipeline.readers.pdf.drawing import Shape, rgb_hex
from pipeline.readers.pdf.ruled import ruled_tables

MAX_SKEW = 3.0  # degrees a scan may lean
SKEW_STEP = 0.2
DARK = 160  # grey level under which a pixel is ink
RULE_RUN = 0.3  # inches of unbroken ink that make a ruling line (no stroke of type runs as long)
MAX_RULE_WIDTH = 6  # pixels: a ruling line is thinner than a long stroke of heading type
SHADE = (110, 236)  # grey levels of a shaded cell's ground, between ink and paper
SHADED_SHARE = 0.5  # of a cell's inside that is shade, not paper or ink


def skew_angle(image) -> float:
    """The angle (degrees, counter-clockwise) that sets the page's lines of text level: where the rows'
    ink counts are the most uneven (text lines and the gaps between them sharpest)."""
    from PIL import Image

    small = image.convert("L").resize((max(1, image.width // 4), max(1, image.height // 4)), Image.BILINEAR)
    best, best_score = 0.0, -1.0
    for step in range(int(-MAX_SKEW / SKEW_STEP), int(MAX_SKEW / SKEW_STEP) + 1):
        angle = step * SKEW_STEP
        turned = np.asarray(small.rotate(angle, resample=Image.BILINEAR, fillcolor=255)) < DARK
        score = float(np.square(np.diff(turned.sum(axis=1).astype(np.float64))).sum())
        if score > best_score:
            best, best_score = angle, score
    return best


def _runs(mask: np.ndarray, length: int) -> np.ndarray:
    """The pixels of each row that belong to a run of at least `length` ink pixels along the row."""
    width = mask.shape[1]
    if width < length:
        return np.zeros_like(mask)
    ink = np.pad(np.cumsum(mask, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    full = (ink[:, length:] - ink[:, :-length]) == length  # a run of `length` starts at each True
    starts = np.pad(np.cumsum(full, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    xs = np.arange(width)
    last_start = np.minimum(xs, width - length) + 1
    first_start = np.clip(xs - length + 1, 0, width - length + 1)
    return (starts[:, last_start] - starts[:, first_start]) > 0


def _lines(mask: np.ndarray, scale: float, horizontal: bool) -> list[dict]:
    """Ruling lines among a mask's long runs: runs on neighbouring rows that overlap are one line,
    kept where it is thin."""
    segments: list[list[float]] = []  # x0, x1, first row, last row
    for row in np.flatnonzero(mask.any(axis=1)):
        edges = np.flatnonzero(np.diff(np.pad(mask[row].astype(np.int8), 1)))
        for x0, x1 in zip(edges[::2], edges[1::2], strict=True):
            near = next(
                (s for s in segments if s[3] >= row - 1 and s[0] < x1 and x0 < s[1]),
                None,
            )
            if near is None:
                segments.append([x0, x1, row, row])
            else:
                near[0], near[1], near[3] = min(near[0], x0), max(near[1], x1), row
    out = []
    for x0, x1, first, last in segments:
        if last - first + 1 > MAX_RULE_WIDTH:
            continue
        middle = (first + last + 1) / 2 * scale
        a, b = x0 * scale, x1 * scale
        if horizontal:
            out.append({"orientation": "h", "x0": a, "x1": b, "top": middle, "bottom": middle})
        else:
            out.append({"orientation": "v", "x0": middle, "x1": middle, "top": a, "bottom": b})
    return out


def ruling_edges(gray: np.ndarray, dpi: float) -> tuple[list[dict], np.ndarray]:
    """The page's horizontal and vertical ruling lines in points, and the image with them whitened:
    OCR reads a table's words better without the lines between them."""
    ink = gray < DARK
    length = int(RULE_RUN * dpi)
    scale = 72 / dpi
    across, down = _runs(ink, length), _runs(ink.T, length).T
    edges = _lines(across, scale, True) + _lines(down.T, scale, False)
    # A line's pixels and their fringe (a scanned rule is blurred over a pixel or two) become paper.
    rules = across | down
    rules[1:] |= rules[:-1].copy()
    rules[:-1] |= rules[1:].copy()
    rules[:, 1:] |= rules[:, :-1].copy()
    rules[:, :-1] |= rules[:, 1:].copy()
    return edges, np.where(rules, 255, gray).astype(np.uint8)


def shaded_cells(gray: np.ndarray, dpi: float, edges: list[dict]) -> list[Shape]:
    """The cells of the page's ruled tables whose ground is shaded, as filled shapes in points."""
    px = dpi / 72
    shapes = []
    for table in ruled_tables(edges):
        for top, bottom in zip(table.ys, table.ys[1:], strict=False):
            for left, right in zip(table.xs, table.xs[1:], strict=False):
                inside = gray[
                    int(top * px) + 4 : int(bottom * px) - 3, int(left * px) + 4 : int(right * px) - 3
                ]
                if inside.size == 0:
                    continue
                shade = (inside >= SHADE[0]) & (inside < SHADE[1])
                if shade.mean() >= SHADED_SHARE:
                    level = float(np.median(inside[shade])) / 255
                    shapes.append(Shape(left, right, top, bottom, rgb_hex(level), "bar"))
    return shapes
