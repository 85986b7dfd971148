"""Where things lie on a page, for every reader: anything with an extent (a character, a line, a drawn
shape, a slide's box, an OCR word) in points or pixels from the page's top left, x0 < x1 and
top < bottom. One definition of a centre, an overlap, a gap and what holds what."""

from __future__ import annotations

from typing import Protocol


class Extent(Protocol):
    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...


def centre_x(item: Extent) -> float:
    return (item.x0 + item.x1) / 2


def middle_y(item: Extent) -> float:
    return (item.top + item.bottom) / 2


def overlap_x(a: Extent, b: Extent) -> float:
    """How far two extents overlap across (negative: the gap between them)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def overlap_y(a: Extent, b: Extent) -> float:
    """How far two extents overlap down (negative: the gap between them)."""
    return min(a.bottom, b.bottom) - max(a.top, b.top)


def gap_x(left: Extent, right: Extent) -> float:
    """The space from one extent's right edge to the next one's left edge (negative where they overlap)."""
    return right.x0 - left.x1


def holds_middle(outer: Extent, item: Extent) -> bool:
    """Whether the item's middle lies within the outer extent's band, top to bottom."""
    return outer.top <= middle_y(item) <= outer.bottom


def holds_centre(outer: Extent, item: Extent) -> bool:
    """Whether the item's centre point lies within the outer extent."""
    return outer.x0 <= centre_x(item) <= outer.x1 and holds_middle(outer, item)
