"""What a scanned page's image shows besides its words: the page straightened (a scan is rarely square
to its text), the ruling lines of its tables, and the height of its commonest line of type (the scale
OCR reads it at). The solid areas (shaded cells, bars, arrows) are pipeline/readers/scan/solid_areas.py.
These give the page reader the same edges a digital page has, so that a scanned 工程表 is a table."""

from __future__ import annotations

import numpy as np

from pipeline.config.vocabulary import ocr_settings
from pipeline.readers.pdf.drawing import Ruling


def skew_angle(image) -> float:
    """The angle (degrees, counter-clockwise) that sets the page's lines of text level: where the rows'
    ink counts are the most uneven (text lines and the gaps between them sharpest)."""
    from PIL import Image

    def sharpness(small, angle: float) -> float:
        turned = (
            np.asarray(small.rotate(angle, resample=Image.BILINEAR, fillcolor=255)) < ocr_settings().ink_level
        )
        return float(np.square(np.diff(turned.sum(axis=1).astype(np.float64))).sum())

    gray = image.convert("L")
    small = gray.resize((max(1, image.width // 4), max(1, image.height // 4)), Image.BILINEAR)
    steps = range(
        int(-ocr_settings().max_skew / ocr_settings().skew_step),
        int(ocr_settings().max_skew / ocr_settings().skew_step) + 1,
    )
    coarse = max(
        (step * ocr_settings().skew_step for step in steps), key=lambda angle: sharpness(small, angle)
    )
    # Then finer, on a larger image: a wide table's rule left 0.1 degree aslant drifts over rows.
    finer = gray.resize((max(1, image.width // 2), max(1, image.height // 2)), Image.BILINEAR)
    candidates = [coarse + k * ocr_settings().fine_step for k in range(-2, 3)]
    return round(max(candidates, key=lambda angle: sharpness(finer, angle)), 2)


def flattened(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The page with its paper made white: an office scan's paper is grey and lit unevenly (darker
    towards the lid's hinge), which every grey level the reader compares against assumes white. The
    lighting is a plane fitted to the paper of each square of the page (a high percentile of its grey
    levels), squares much darker than the plane (shaded cells, pictures) left out of the fit; each pixel
    is scaled between it and the page's darkest ink. A page whose paper is white already is returned as it is."""
    settings = ocr_settings()
    sample = gray[::2, ::2]  # every other pixel both ways: paper and ink levels need no more
    tile = max(4, int(settings.paper_tile * dpi / 2))
    rows, cols = sample.shape[0] // tile, sample.shape[1] // tile
    if rows < 2 or cols < 2:
        return gray
    squares = sample[: rows * tile, : cols * tile].reshape(rows, tile, cols, tile).swapaxes(1, 2)
    paper = np.percentile(squares.reshape(rows, cols, -1), settings.paper_percentile, axis=2).ravel()
    ys, xs = np.divmod(np.arange(rows * cols), cols)
    design = np.column_stack([np.ones(rows * cols), (xs + 0.5) * 2 * tile, (ys + 0.5) * 2 * tile])
    kept = paper >= np.median(paper) - settings.lighting_tolerance
    for _ in range(3):  # refit without the squares the last fit shows to be shaded
        plane, *_ = np.linalg.lstsq(design[kept], paper[kept], rcond=None)
        kept = paper >= design @ plane - settings.lighting_tolerance
    height, width = gray.shape
    corners = np.array([[1, 0, 0], [1, width, 0], [1, 0, height], [1, width, height]])
    if (corners @ plane).min() >= settings.paper_level + settings.lighting_tolerance:
        return gray
    across = np.arange(width, dtype=np.float32)[None, :] * np.float32(plane[1])
    down = np.arange(height, dtype=np.float32)[:, None] * np.float32(plane[2])
    lighting = np.clip(np.float32(plane[0]) + across + down, 1, 255)
    # Toner is never black and a scan's optics soften thin strokes: the darkest ink becomes black.
    ink = np.float32(min(float(np.percentile(sample, settings.darkest_ink)), float(settings.toner_level)))
    scaled = (gray.astype(np.float32) - ink) * (np.float32(255) / (lighting - ink))
    return np.clip(scaled, 0, 255).astype(np.uint8)


def text_height(gray: np.ndarray) -> float | None:
    """The height in pixels of the page's commonest line of type: the median height of the bands of
    rows that hold ink (a dust speck on a row between lines does not join them), or None for a page
    with no lines."""
    heights = np.array([bottom - top for top, bottom in ink_bands(gray)])
    heights = heights[(heights >= ocr_settings().min_line) & (heights <= gray.shape[0] // 8)]
    return float(np.median(heights)) if heights.size else None


def ink_bands(gray: np.ndarray) -> list[tuple[int, int]]:
    """The bands of rows that hold ink, top to bottom, as (first row, row after the last): a row holds
    ink where a few pixels across it do (a dust speck on a row between lines does not join them)."""
    rows = (gray < ocr_settings().ink_level).sum(axis=1) >= max(3, gray.shape[1] // 500)
    edges = np.flatnonzero(np.diff(np.pad(rows.astype(np.int8), 1)))
    return [(int(top), int(bottom)) for top, bottom in zip(edges[::2], edges[1::2], strict=True)]


def runs_along(mask: np.ndarray, length: int) -> np.ndarray:
    """The pixels of each row that belong to a run of at least `length` ink pixels along the row: each
    row's runs found where the mask turns on and off, the long ones painted back."""
    height, width = mask.shape
    turns = np.diff(np.pad(mask, ((0, 0), (1, 1))).view(np.int8), axis=1)
    rows, starts = np.nonzero(turns == 1)
    ends = np.nonzero(turns == -1)[1]  # row by row in order, as the starts: the k-th run's end
    long = ends - starts >= length
    painted = np.zeros((height, width + 1), np.int16)
    np.add.at(painted, (rows[long], starts[long]), 1)
    np.add.at(painted, (rows[long], ends[long]), -1)
    return np.cumsum(painted, axis=1, dtype=np.int16)[:, :width] > 0


def _lines(mask: np.ndarray, scale: float, horizontal: bool) -> tuple[list[Ruling], np.ndarray]:
    """Ruling lines among a mask's long runs: runs on neighbouring rows that overlap are one line,
    kept where it is thin (a bar or a band is not a rule). Also the mask of the kept lines' pixels."""
    segments: list[list[float]] = []  # x0, x1, first row, last row, pixels
    for row in np.flatnonzero(mask.any(axis=1)):
        edges = np.flatnonzero(np.diff(np.pad(mask[row].astype(np.int8), 1)))
        for x0, x1 in zip(edges[::2], edges[1::2], strict=True):
            near = next(
                (s for s in segments if s[3] >= row - 1 and s[0] < x1 and x0 < s[1]),
                None,
            )
            if near is None:
                segments.append([x0, x1, row, row, x1 - x0])
            else:
                near[0], near[1], near[3] = min(near[0], x0), max(near[1], x1), row
                near[4] += x1 - x0
    out, thin = [], np.zeros_like(mask)
    for x0, x1, first, last, pixels in segments:
        # Its thickness is its pixels over its length: a rule left a little aslant by straightening
        # spans more rows than it is thick.
        if pixels / (x1 - x0) > ocr_settings().max_rule_width:
            continue
        thin[first : last + 1, x0:x1] = mask[first : last + 1, x0:x1]
        middle = (first + last + 1) / 2 * scale
        a, b = x0 * scale, x1 * scale
        if horizontal:
            out.append(Ruling("h", a, b, middle, middle))
        else:
            out.append(Ruling("v", middle, middle, a, b))
    return out, thin


def ruling_edges(
    gray: np.ndarray, dpi: float, levels: tuple[int, ...] | None = None
) -> tuple[list[Ruling], np.ndarray]:
    """The page's horizontal and vertical ruling lines in points, and the mask of their pixels with
    their fringe: OCR reads a table's words better with the lines between them whitened. A rule is
    drawn darker than the rule level, under which a cell's fill beside it is not; on a blurred scan,
    where a thin rule comes out no darker than type and a fill beside it darker than the rule level,
    the lines found at each of several `levels` are taken together (each kept where it is thin)."""
    length = int(ocr_settings().rule_run * dpi)
    scale = 72 / dpi
    levels = levels or (ocr_settings().rule_level,)
    if len(levels) == 1:
        ink = gray < levels[0]
        horizontals, across = _lines(runs_along(ink, length), scale, True)
        verticals, down = _lines(runs_along(ink.T, length), scale, False)
    else:  # each level's thin lines together: one rule found at two levels is one line
        across, down = np.zeros(gray.shape, bool), np.zeros(gray.shape[::-1], bool)
        for level in levels:
            ink = gray < level
            across |= _lines(runs_along(ink, length), scale, True)[1]
            down |= _lines(runs_along(ink.T, length), scale, False)[1]
        horizontals, across = _lines(across, scale, True)
        verticals, down = _lines(down, scale, False)
    edges = horizontals + verticals
    # A line's pixels and their fringe (a scanned rule is blurred over a pixel or two) become paper.
    rules = across | down.T
    rules[1:] |= rules[:-1].copy()
    rules[:-1] |= rules[1:].copy()
    rules[:, 1:] |= rules[:, :-1].copy()
    rules[:, :-1] |= rules[:, 1:].copy()
    return edges, rules
