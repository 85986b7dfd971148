"""The solid areas of a scanned page's image: bars and arrows drawn over a schedule's years, colour
bands behind slide titles, shaded boxes. Each becomes a filled shape in points, as a digital page's
drawing gives it, and is cleared to paper for OCR with its type kept: white type on a dark band turns
black on white, where Tesseract reads it, and a bar without type vanishes instead of being read as
strokes."""

from __future__ import annotations

import numpy as np

from pipeline.config.vocabulary import ocr_settings
from pipeline.readers.pdf.drawing import Shape, rgb_hex
from pipeline.readers.scan.page_image import runs_along

Box = tuple[int, int, int, int]  # x0, top, x1, bottom in pixels


def solid_areas(gray: np.ndarray, dpi: float) -> tuple[list[Box], np.ndarray]:
    """The solid areas' pixel boxes in reading order, and the mask of their pixels."""
    thick = round(ocr_settings().solid * dpi)
    solid = runs_along(gray < ocr_settings().paper_level, thick)
    solid = runs_along(solid.T, thick).T
    boxes = []
    for x0, top, x1, bottom in _components(solid):
        area = (x1 - x0) * (bottom - top)
        if ocr_settings().min_area * dpi * dpi <= area <= ocr_settings().max_area_share * gray.size:
            boxes.append((x0, top, x1, bottom))
    return sorted(boxes, key=lambda box: (box[1], box[0])), solid


def drawn_marks(gray: np.ndarray, dpi: float) -> list[tuple[Box, str]]:
    """The page's drawn marks, each with its box and the character it stands for (■ or ●): Tesseract
    reads a bullet drawn beside a block label as 一 or 画, and a dot in a schedule's cell as @."""
    ink = gray < ocr_settings().mark_ink_level
    low, high = (round(size * dpi) for size in ocr_settings().mark_size)
    solid = runs_along(runs_along(ink, low).T, low).T
    marks = []
    for core in _components(solid):
        x0, top, x1, bottom = _inked_box(ink, core, low // 2)  # a disc's rim is thinner than the core kept
        width, height = x1 - x0, bottom - top
        if not (
            low <= width <= high
            and low <= height <= high
            and width <= ocr_settings().mark_aspect * height <= ocr_settings().mark_aspect ** 2 * width
        ):
            continue
        ring = round(ocr_settings().ring * max(width, height))
        around = ink[max(0, top - ring) : bottom + ring, max(0, x0 - ring) : x1 + ring]
        if around.sum() - ink[top:bottom, x0:x1].sum() > ocr_settings().ring_ink * width * height:
            continue  # joined to other ink: a stroke of type
        corner = max(1, min(width, height) // 6)
        corners = [ink[top : top + corner, x0 : x0 + corner], ink[top : top + corner, x1 - corner : x1],
                   ink[bottom - corner : bottom, x0 : x0 + corner], ink[bottom - corner : bottom, x1 - corner : x1]]  # fmt: skip
        marks.append(
            (
                (int(x0), int(top), int(x1), int(bottom)),
                "■" if np.mean([c.mean() for c in corners]) > 0.5 else "●",
            )
        )
    return marks


def _inked_box(ink: np.ndarray, box: Box, reach: int) -> Box:
    """The box of the ink within `reach` pixels round `box`."""
    x0, top, x1, bottom = max(0, box[0] - reach), max(0, box[1] - reach), box[2] + reach, box[3] + reach
    region = ink[top:bottom, x0:x1]
    rows, columns = np.flatnonzero(region.any(axis=1)), np.flatnonzero(region.any(axis=0))
    return x0 + int(columns[0]), top + int(rows[0]), x0 + int(columns[-1]) + 1, top + int(rows[-1]) + 1


def _components(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The bounding boxes of a mask's connected parts, joined through the runs of neighbouring rows."""
    parent: list[int] = []
    boxes: list[list[int]] = []

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    previous: list[tuple[int, int, int]] = []
    for row in np.flatnonzero(mask.any(axis=1)):
        edges = np.flatnonzero(np.diff(np.pad(mask[row].astype(np.int8), 1)))
        current = []
        for x0, x1 in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
            index = len(parent)
            parent.append(index)
            boxes.append([x0, row, x1, row + 1])
            for px0, px1, other in previous:
                if other >= 0 and px0 < x1 and x0 < px1:
                    parent[root(other)] = index
            current.append((x0, x1, index))
        previous = current if row + 1 < mask.shape[0] and mask[row + 1].any() else []
    joined: dict[int, list[int]] = {}
    for index, box in enumerate(boxes):
        into = joined.setdefault(root(index), list(box))
        into[:] = [min(into[0], box[0]), min(into[1], box[1]), max(into[2], box[2]), max(into[3], box[3])]
    return [tuple(box) for box in joined.values()]


def area_shapes(gray: np.ndarray, dpi: float, boxes: list[Box]) -> list[Shape]:
    """The areas as filled shapes in points: their ground's grey level, and 'arrow' for an area with
    a head at one end (its end columns taller than its shaft), 'bar' otherwise."""
    scale = 72 / dpi
    shapes = []
    for x0, top, x1, bottom in boxes:
        inside = gray[top:bottom, x0:x1]
        ground = float(np.median(inside))
        # The tips of a head are thinner than a solid area and lie outside its box: count above and below.
        reach = (bottom - top) // 4
        columns = (gray[max(0, top - reach) : bottom + reach, x0:x1] < ocr_settings().paper_level).sum(axis=0)
        fifth = max(1, columns.size // 5)
        shaft = float(np.median(columns[fifth:-fifth] if columns.size > 2 * fifth else columns))
        ends = max(columns[:fifth].max(), columns[-fifth:].max())
        kind = "arrow" if shaft and ends >= ocr_settings().arrow_head * shaft else "bar"
        shapes.append(Shape(x0 * scale, x1 * scale, top * scale, bottom * scale, rgb_hex(ground / 255), kind))
    return shapes


def clear_grounds(
    gray: np.ndarray, boxes: list[Box], solid: np.ndarray, dpi: float, paper: np.ndarray | None = None
) -> np.ndarray:
    """The image with each solid area's ground turned to paper and the type on it to ink, whether the
    type is darker than its ground or lighter (white on a colour band). Only what lies between an
    area's solid pixels on a row is its inside (the paper round an arrow's head is left as it is), and
    its rim, blurred between ground and paper, and its thin parts in its ground's colour just outside
    it (an arrow head's tips) become paper rather than strokes OCR would read.
    Pixels of `paper` (a ruling line already taken out) are paper, not white type."""
    rim, reach = max(1, round(ocr_settings().rim * dpi)), round(ocr_settings().solid * dpi / 2)
    cleared = gray.copy()
    height, width = gray.shape
    for x0, top, x1, bottom in boxes:
        x0, top = max(0, x0 - reach), max(0, top - reach)
        x1, bottom = min(width, x1 + reach), min(height, bottom + reach)
        pixels = gray[top:bottom, x0:x1].astype(np.int16)
        mask = solid[top:bottom, x0:x1]
        inside = (np.cumsum(mask, axis=1) > 0) & (np.cumsum(mask[:, ::-1], axis=1)[:, ::-1] > 0)
        ground = np.median(pixels[mask])
        type_ink = np.where(np.abs(pixels - ground) > ocr_settings().type_contrast, 0, 255)
        if paper is not None:
            type_ink[paper[top:bottom, x0:x1]] = 255
        edge = _grown(inside, rim) & _grown(~inside, rim)
        # An arrow head's tips, thinner than a solid area, lie just outside it in its ground's colour.
        tips = _grown(inside, reach) & ~inside & (np.abs(pixels - ground) <= ocr_settings().type_contrast)
        cleared[top:bottom, x0:x1] = np.where(edge | tips, 255, np.where(inside, type_ink, pixels))
    return cleared


def _grown(mask: np.ndarray, by: int) -> np.ndarray:
    """The mask grown by `by` pixels each way (a square dilation, done along rows, then columns)."""
    grown = mask.copy()
    for shift in range(1, by + 1):
        grown[:, shift:] |= mask[:, :-shift]
        grown[:, :-shift] |= mask[:, shift:]
    across = grown.copy()
    for shift in range(1, by + 1):
        grown[shift:] |= across[:-shift]
        grown[:-shift] |= across[shift:]
    return grown
