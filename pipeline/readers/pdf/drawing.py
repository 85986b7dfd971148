"""What is drawn on a PDF page besides its text: the straight edges that rule tables, and the filled
shapes (shaded cells, bars, rounded bars, arrows) that carry a schedule's years. Both come from the
rects, lines and curves pdfminer builds for the page, in pdfplumber's coordinates (y from the top)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.config.vocabulary import layout_settings, pdf_settings
from pipeline.model.geometry import middle_y


class Ruling(NamedTuple):
    """A straight ruling line: 'h' (across, top == bottom) or 'v' (down, x0 == x1), in points with y
    from the page's top edge: a table's rule, a note separator, an arrow's shaft."""

    orientation: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Shape:
    """A filled shape: its extent, its fill colour (#rrggbb, None for a pattern or an unknown colour
    space) and its kind: 'bar' for a rectangle or a rounded bar, 'arrow' for a shape with a point."""

    x0: float
    x1: float
    top: float
    bottom: float
    fill: str | None
    kind: str

    @property
    def height(self) -> float:
        return self.bottom - self.top


def rgb_hex(colour) -> str | None:
    """#rrggbb for pdfminer's non-stroking colour: a grey level, RGB or CMYK components."""
    if isinstance(colour, int | float):
        colour = (colour,)
    if not isinstance(colour, tuple) or not all(isinstance(c, int | float) for c in colour):
        return None
    if len(colour) == 1:
        rgb = colour * 3
    elif len(colour) == 3:
        rgb = colour
    elif len(colour) == 4:
        c, m, y, k = colour
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        return None
    return "#" + "".join(f"{round(max(0.0, min(1.0, v)) * 255):02x}" for v in rgb)


def _is_arrow(points: list[tuple[float, float]]) -> bool:
    """A filled outline with a point: its leftmost or rightmost vertex is single and halfway down."""
    if len(points) < 5:
        return False
    ys = [y for _, y in points]
    middle, height = (min(ys) + max(ys)) / 2, max(ys) - min(ys)
    for extreme in (max, min):
        x = extreme(px for px, _ in points)
        tip = {(round(px, 1), round(py, 1)) for px, py in points if abs(px - x) < 0.5}
        if len(tip) == 1 and abs(next(iter(tip))[1] - middle) < 0.2 * height:
            return True
    return False


@dataclass
class _Drawing:
    """What a page draws, collected object by object (pdfminer's LTRect, LTLine, LTCurve), in
    pdfplumber's coordinates."""

    x_offset: float
    top_edge: float
    page_area: float
    edges: list[Ruling] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    areas: list[Shape] = field(default_factory=list)
    frames: list[Shape] = field(default_factory=list)
    shafts: list[tuple[Ruling, str | None]] = field(default_factory=list)  # thin level lines, their colour
    heads: list[Shape] = field(default_factory=list)  # small filled triangles: an arrow's head

    def box(self, obj) -> tuple[float, float, float, float]:
        return obj.x0 + self.x_offset, obj.x1 + self.x_offset, self.top_edge - obj.y1, self.top_edge - obj.y0

    def small(self, x0: float, x1: float, top: float, bottom: float) -> bool:
        return (x1 - x0) * (bottom - top) <= pdf_settings().drawing.max_page_share * self.page_area

    def filled(self, obj, kind: str) -> None:
        x0, x1, top, bottom = self.box(obj)
        fill = rgb_hex(obj.non_stroking_color)
        if fill != "#ffffff" and self.small(x0, x1, top, bottom):
            self.shapes.append(Shape(x0, x1, top, bottom, fill, kind))

    def frame(self, obj) -> None:
        x0, x1, top, bottom = self.box(obj)
        thick = min(x1 - x0, bottom - top) > layout_settings().thin_rectangle
        if obj.stroke and not obj.fill and thick and self.small(x0, x1, top, bottom):
            self.frames.append(Shape(x0, x1, top, bottom, None, "frame"))

    def rect(self, obj) -> None:
        # A filled, unstroked area (a shaded cell, a bar, a gradient's strip) is kept apart: in a ruled
        # grid its edges would split the cell it lies in; only a grid drawn by fills alone is a table of
        # areas (pipeline/readers/pdf/layout/ruled.py). A thin one is a ruling.
        x0, x1, top, bottom = self.box(obj)
        if obj.fill and not obj.stroke and min(x1 - x0, bottom - top) > layout_settings().thin_rectangle:
            self.areas.append(Shape(x0, x1, top, bottom, rgb_hex(obj.non_stroking_color), "bar"))
        else:
            self.edges.extend(rect_edges(x0, x1, top, bottom))
        if obj.fill:
            self.filled(obj, "bar")
        self.frame(obj)

    def line(self, obj) -> None:
        settings = pdf_settings().drawing
        x0, x1, top, bottom = self.box(obj)
        level = bottom - top <= settings.max_bar_slope * (x1 - x0)  # drawn by hand, a little askew
        if level and obj.stroke and obj.linewidth >= settings.min_bar_stroke:
            half = obj.linewidth / 2
            self.shapes.append(Shape(x0, x1, top - half, bottom + half, rgb_hex(obj.stroking_color), "bar"))
            return
        self.edges.append(_edge("h" if top == bottom else "v", x0, x1, top, bottom))
        if level and obj.stroke:
            self.shafts.append((self.edges[-1], rgb_hex(obj.stroking_color)))

    def curve(self, obj) -> None:
        x0, x1, top, bottom = self.box(obj)
        points = [(x + self.x_offset, self.top_edge - y) for x, y in obj.pts]
        outline = zip(points, points[1:], strict=False) if obj.stroke or not obj.fill else ()
        for (ax, ay), (bx, by) in outline:
            orientation = "v" if ax == bx else "h" if ay == by else None
            if orientation:
                self.edges.append(_edge(orientation, min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)))
        if obj.fill:
            self.filled(obj, "arrow" if _is_arrow(points) else "bar")
            if len(set(points)) == 3 and max(x1 - x0, bottom - top) <= pdf_settings().drawing.max_head_size:
                self.heads.append(Shape(x0, x1, top, bottom, rgb_hex(obj.non_stroking_color), "arrow"))
        elif len(points) >= 4 and points[0] == points[-1]:
            self.frame(obj)  # a rounded box's outline


def page_drawing(
    layout, x_offset: float, top_edge: float, page_area: float
) -> tuple[list[Ruling], list[Shape], list[Shape], list[Shape]]:
    """The ruling edges, filled shapes, filled unstroked areas and
    outlined frames (a stroked box with nothing filled: a slide's text box drawn round) of a page."""
    from pdfminer.layout import LTContainer, LTCurve, LTLine, LTRect

    drawing = _Drawing(x_offset, top_edge, page_area)

    def visit(objects) -> None:
        for obj in objects:
            if isinstance(obj, LTContainer):
                visit(obj)
            elif isinstance(obj, LTRect):
                drawing.rect(obj)
            elif isinstance(obj, LTLine):
                drawing.line(obj)
            elif isinstance(obj, LTCurve):
                drawing.curve(obj)

    visit(layout)
    arrows = headed_shafts(drawing.shafts, drawing.heads)
    taken = {id(shaft) for shaft, _ in arrows}
    edges = [edge for edge in drawing.edges if id(edge) not in taken]  # an arrow's shaft rules no table
    shapes = drawing.shapes + [arrow for _, arrow in arrows]
    return edges, merge_strips(shapes), merge_strips(drawing.areas), drawing.frames


def headed_shafts(shafts: list[tuple[Ruling, str | None]], heads: list[Shape]) -> list[tuple[Ruling, Shape]]:
    """Thin lines ended by a small filled triangle of their colour, through its middle (an arrow drawn
    as a line and a head, or a line with an arrow-head marker): each shaft with the arrow it makes,
    from its tail to the head's tip. A table's rule ending at a head drawn in its corner is none."""
    by_row: dict[int, list[Shape]] = {}  # heads by their middle, to the point: a shaft meets only its row's
    for head in heads:
        by_row.setdefault(round(middle_y(head)), []).append(head)
    reach = round(0.25 * pdf_settings().drawing.max_head_size) + 1
    out = []
    for shaft, colour in shafts:
        y = shaft.top
        near = (head for row in range(round(y) - reach, round(y) + reach + 1) for head in by_row.get(row, ()))
        for head in near:
            if head.fill != colour or abs(y - middle_y(head)) > 0.25 * head.height:
                continue
            if head.x0 - 1 <= shaft.x1 <= head.x1 + 1 and head.x1 > shaft.x0:
                out.append((shaft, Shape(shaft.x0, head.x1, head.top, head.bottom, head.fill, "arrow")))
                break
            if head.x0 - 1 <= shaft.x0 <= head.x1 + 1 and head.x0 < shaft.x1:
                out.append((shaft, Shape(head.x0, shaft.x1, head.top, head.bottom, head.fill, "arrow")))
                break
    return out


def rect_edges(x0: float, x1: float, top: float, bottom: float) -> list[Ruling]:
    return [_edge("h", x0, x1, top, top), _edge("h", x0, x1, bottom, bottom),
            _edge("v", x0, x0, top, bottom), _edge("v", x1, x1, top, bottom)]  # fmt: skip


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> Ruling:
    return Ruling(orientation, x0, x1, top, bottom)


def merge_strips(shapes: list[Shape]) -> list[Shape]:
    """Shapes with one horizontal extent that overlap vertically (or touch, in one colour) are one shape:
    a gradient is drawn as a stack of strips, and a shape is often filled and then drawn again for its
    border. Touching cells of different colours stay apart."""
    merged: list[Shape] = []
    for shape in sorted(shapes, key=lambda s: (round(s.x0), round(s.x1), s.top)):
        last = merged[-1] if merged else None
        if (
            last is not None
            and abs(last.x0 - shape.x0) <= layout_settings().gradient_strip_gap
            and abs(last.x1 - shape.x1) <= layout_settings().gradient_strip_gap
            and (shape.top < last.bottom - layout_settings().gradient_strip_gap or shape.fill == last.fill)
            and shape.top <= last.bottom + layout_settings().gradient_strip_gap
        ):
            merged[-1] = Shape(
                last.x0, last.x1, last.top, max(last.bottom, shape.bottom), last.fill, last.kind
            )
        else:
            merged.append(shape)
    return sorted(merged, key=lambda s: (s.top, s.x0))
