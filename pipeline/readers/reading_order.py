"""Visual reading order of the boxes on a page or slide (an XY cut): the boxes are parted in two at the
widest gap, across the page or down it, and each part again, until no gap parts them; boxes no gap parts are
read top to bottom, left to right. Cutting at the widest gap first reads a row of boxes each holding a
header band over its text (several measures side by side) column by column, and a band of text running
across the page before what lies under it. Slides (.pptx) and PDF pages read their boxes through it."""

from __future__ import annotations

from typing import Protocol


class Placed(Protocol):
    x0: float
    x1: float
    top: float
    bottom: float


def reading_order(boxes: list[Placed], min_gap: float) -> list[int]:
    """Indexes of `boxes` in reading order; boxes `min_gap` points apart or more are parted (a negative
    `min_gap` parts boxes that overlap that little: shapes drawn touching)."""

    def cut(indexes: list[int], across: bool) -> tuple[float, list[list[int]]]:
        """The widest gap across (or down) and the two parts it leaves; no parts where there is none."""
        low, high = ("top", "bottom") if across else ("x0", "x1")
        ordered = sorted(indexes, key=lambda i: getattr(boxes[i], low))
        reach, widest, at = getattr(boxes[ordered[0]], high), float("-inf"), 0
        for position, i in enumerate(ordered[1:], start=1):
            gap = getattr(boxes[i], low) - reach
            if gap >= min_gap and gap > widest:
                widest, at = gap, position
            reach = max(reach, getattr(boxes[i], high))
        return widest, [ordered[:at], ordered[at:]] if at else []

    def order(indexes: list[int]) -> list[int]:
        if len(indexes) <= 1:
            return indexes
        (gap_across, bands), (gap_down, columns) = cut(indexes, True), cut(indexes, False)
        parts = columns if columns and gap_down > gap_across else bands or columns
        if parts:
            return [i for part in parts for i in order(part)]
        return sorted(indexes, key=lambda i: (boxes[i].top, boxes[i].x0))

    return order(list(range(len(boxes))))
