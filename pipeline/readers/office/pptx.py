"""A PowerPoint deck (.pptx, .pptm) -> blocks, read with python-pptx: a page per visible slide.

- The slide's title (its title placeholder, else the topmost text in the largest type) is a heading.
- Text boxes and tables come in visual reading order, whatever order they were made in: the slide is
  cut into bands and columns along the gaps between its shapes (an XY cut), grouped shapes flattened.
- A Gantt on the slide (year boxes in a row, bar or arrow shapes under them) is a schedule table whose
  year cells carry the bar (pipeline/readers/gantt.py).
- A small box in the slide's top zone naming a pillar (基本方針Ⅰ …) is the slide's pillar tag, no heading.
- Speaker notes and pictures stay out of the text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.config.vocabulary import layout_settings
from pipeline.errors import InputError
from pipeline.families.dates import cell_years
from pipeline.families.enumerators import LONE
from pipeline.families.titles import names_pillar
from pipeline.model.geometry import middle_y
from pipeline.model.lines import Cell
from pipeline.readers.gantt import Box, covered_columns, gantt_rows
from pipeline.readers.office.blocks import Block, Paragraph, TableBlock
from pipeline.readers.office.drawn_shapes import shape_mark
from pipeline.readers.office.package import hex_colour
from pipeline.readers.reading_order import reading_order

EMU_PER_POINT = 12700
DEFAULT_SIZE = 18.0  # points: what PowerPoint's default text style sets
TOUCHING = -1.0  # points: shapes overlapping this little are drawn touching, read apart
TOUCHING_NUMBER = 6.0  # points: a title's number shape may overlap the title's box this much


@dataclass(frozen=True)
class SlideShape:
    box: Box
    blocks: tuple[Block, ...]
    title: bool = False
    grid: tuple[tuple[float, ...], tuple[float, ...]] | None = None  # a table's column and row edges


def _mark(shape) -> str | None:
    """'arrow' or 'bar' for a drawn shape or connector of those kinds, None for anything else."""
    properties = shape._element.xpath("./p:spPr")
    return shape_mark(properties[0]) if properties else None


def _filled(shape) -> bool:
    """Whether an autoshape is filled with a colour (a band or tag a label sits in)."""
    try:
        return shape.shape_type == 1 and shape.fill.type == 1  # MSO_SHAPE_TYPE.AUTO_SHAPE, MSO_FILL.SOLID
    except (AttributeError, TypeError, ValueError, NotImplementedError):
        return False


def _paragraphs(frame, page: int, title: bool) -> list[Block]:
    out: list[Block] = []
    for paragraph in frame.paragraphs:
        text = "".join(run.text for run in paragraph.runs).strip()
        if not text:
            continue
        sizes = [run.font.size.pt for run in paragraph.runs if run.font.size is not None]
        bold = any(run.font.bold for run in paragraph.runs)
        size = max(sizes, default=DEFAULT_SIZE * (1.5 if title else 1))
        out.append(Paragraph(text, page, 1 if title else None, size, bold))
    return out


def _table(shape, page: int) -> TableBlock:
    rows = []
    for row in shape.table.rows:
        cells = []
        for cell in row.cells:
            fill = None
            try:
                if cell.fill.type == 1:  # MSO_FILL.SOLID
                    fill = hex_colour(str(cell.fill.fore_color.rgb))
            except (AttributeError, TypeError, ValueError):
                fill = None
            text = "" if cell.is_spanned else cell.text_frame.text.strip()
            cells.append(Cell(text, fill=fill))
        rows.append(tuple(cells))
    return TableBlock(tuple(rows), page)


def _grid(shape, box: Box, scale: tuple[float, float]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """A table's column edges and row edges on the slide, in points."""
    xs, ys = [box.x0], [box.top]
    for column in shape.table.columns:
        xs.append(xs[-1] + column.width * scale[0] / EMU_PER_POINT)
    for row in shape.table.rows:
        ys.append(ys[-1] + row.height * scale[1] / EMU_PER_POINT)
    return tuple(xs), tuple(ys)


def _year_strip(shape: SlideShape) -> list[SlideShape]:
    """A one-row table of fiscal years (a Gantt's years set as a table) as a box per year, for the
    Gantt reader to lay the bars under it against; any other shape as it is."""
    block = shape.blocks[0] if shape.grid is not None and shape.blocks else None
    if not isinstance(block, TableBlock) or len(block.rows) != 1:
        return [shape]
    cells = block.rows[0]
    if len(cells) < 2 or not all(len(cell_years(c.text)) == 1 for c in cells):
        return [shape]
    xs, ys = shape.grid
    return [
        SlideShape(Box(x0, x1, ys[0], ys[1], c.text), (Paragraph(c.text, block.page),))
        for c, x0, x1 in zip(cells, xs, xs[1:], strict=False)
    ]


def _overlay_marks(shapes: list[SlideShape]) -> tuple[list[SlideShape], set[int]]:
    """Bars and arrows drawn over a table mark the cells they cover in the row their middle lies in, as
    over a PDF's grid; and the indexes of the shapes so used."""
    out, used = list(shapes), set()
    for index, table in enumerate(shapes):
        if table.grid is None:
            continue
        xs, ys = table.grid
        columns = list(zip(xs, xs[1:], strict=False))
        block = table.blocks[0]
        rows = [list(cells) for cells in block.rows]
        for other, shape in enumerate(shapes):
            row = next((r for r in range(len(ys) - 1) if ys[r] <= shape.box.middle <= ys[r + 1]), None)
            if not shape.box.mark or row is None or shape.box.x0 < xs[0] - 1 or shape.box.x1 > xs[-1] + 1:
                continue
            for column in covered_columns(shape.box, columns):
                rows[row][column] = replace(rows[row][column], mark=shape.box.mark)
            used.add(other)
        marked = TableBlock(tuple(tuple(cells) for cells in rows), block.page)
        out[index] = SlideShape(table.box, (marked,), table.title, table.grid)
    return out, used


def _flatten(shapes, page: int, transform=lambda x, y: (x, y), scale=(1.0, 1.0)) -> list[SlideShape]:
    out: list[SlideShape] = []
    for shape in shapes:
        if shape.left is None or shape.width is None:
            continue
        x, y = transform(shape.left, shape.top)
        w, h = shape.width * scale[0], shape.height * scale[1]
        if shape.shape_type is not None and shape.shape_type == 6:  # MSO_SHAPE_TYPE.GROUP
            out.extend(_group(shape, page, x, y, w, h))
            continue
        box = Box(x / EMU_PER_POINT, (x + w) / EMU_PER_POINT, y / EMU_PER_POINT, (y + h) / EMU_PER_POINT)
        if getattr(shape, "has_table", False) and shape.has_table:
            out.append(SlideShape(box, (_table(shape, page),), grid=_grid(shape, box, scale)))
            continue
        title = bool(shape.is_placeholder and shape.placeholder_format.type in (1, 3))  # TITLE, CENTER_TITLE
        text = (
            shape.text_frame.text.strip()
            if getattr(shape, "has_text_frame", False) and shape.has_text_frame
            else ""
        )
        mark = _mark(shape) if shape.shape_type in (1, 9, None) else None  # autoshapes and lines
        if not text and not mark:
            continue
        blocks = tuple(_paragraphs(shape.text_frame, page, title)) if text else ()
        if _filled(shape) and len(blocks) == 1 and len(blocks[0].text) <= layout_settings().boxed_label_chars:
            blocks = (replace(blocks[0], boxed=True),)
        out.append(
            SlideShape(Box(box.x0, box.x1, box.top, box.bottom, " ".join(text.split()), mark), blocks, title)
        )
    return out


def _group(group, page: int, x: float, y: float, w: float, h: float) -> list[SlideShape]:
    """A group's shapes placed on the slide: child coordinates mapped through the group's frame."""
    offset = group._element.xpath("./p:grpSpPr/a:xfrm/a:chOff")
    extent = group._element.xpath("./p:grpSpPr/a:xfrm/a:chExt")
    cx, cy = (int(offset[0].get("x")), int(offset[0].get("y"))) if offset else (0, 0)
    cw, ch = (int(extent[0].get("cx")) or 1, int(extent[0].get("cy")) or 1) if extent else (w or 1, h or 1)
    sx, sy = w / cw, h / ch
    return _flatten(group.shapes, page, lambda a, b: (x + (a - cx) * sx, y + (b - cy) * sy), (sx, sy))


def _slide_blocks(slide, page: int, size: tuple[float, float]) -> list[Block]:
    shapes = _flatten(slide.shapes, page)
    if shapes and not any(s.title for s in shapes):
        shapes = _promote_title(shapes)
    shapes = _numbered_title(shapes)
    shapes = [part for shape in shapes for part in _year_strip(shape)]
    shapes, overlaid = _overlay_marks(shapes)
    shapes = [s for i, s in enumerate(shapes) if i not in overlaid]
    rows, used = gantt_rows([s.box for s in shapes])
    shapes_left = [s for i, s in enumerate(shapes) if i not in used]
    titles = [s for s in shapes_left if s.title]
    tags = [_as_tag(s) for s in shapes_left if not s.title and _is_tag(s, size)]
    rest = [s for s in shapes_left if not s.title and not _is_tag(s, size)]
    blocks: list[Block] = [b for s in titles + tags for b in s.blocks]
    blocks += [b for i in reading_order([s.box for s in rest], TOUCHING) for b in rest[i].blocks]
    if rows:
        blocks.append(TableBlock(tuple(rows), page))
    return blocks


def _is_tag(shape: SlideShape, size: tuple[float, float]) -> bool:
    """A small box in the slide's top zone whose one line names a pillar (基本方針Ⅰ …, 柱2 …): the
    slide's pillar, set beside its title, not a heading of its own."""
    width, height = size
    settings = layout_settings()
    return (
        len(shape.blocks) == 1
        and isinstance(shape.blocks[0], Paragraph)
        and shape.box.top < settings.slide_title_zone * height
        and shape.box.x1 - shape.box.x0 <= settings.slide_tag_width * width
        and names_pillar(shape.blocks[0].text)
    )


def _as_tag(shape: SlideShape) -> SlideShape:
    block = shape.blocks[0]
    return SlideShape(shape.box, (Paragraph(block.text, block.page, None, block.size, block.bold, tag=True),))


def _numbered_title(shapes: list[SlideShape]) -> list[SlideShape]:
    """A number set in its own shape (a disc, a square) just left of the title and level with it is the
    title's number: '1' beside '窓口キャッシュレス決済' is '1 窓口キャッシュレス決済'."""
    title = next((s for s in shapes if s.title and s.blocks and isinstance(s.blocks[0], Paragraph)), None)
    if title is None:
        return shapes
    middle = middle_y(title.box)
    number = next(
        (
            s
            for s in shapes
            if not s.title
            and len(s.blocks) == 1
            and isinstance(s.blocks[0], Paragraph)
            and LONE.recognises(s.blocks[0].text.strip())
            and s.box.top <= middle <= s.box.bottom
            and s.box.x1 <= title.box.x0 + TOUCHING_NUMBER
        ),
        None,
    )
    if number is None:
        return shapes
    first = title.blocks[0]
    numbered = replace(first, text=f"{number.blocks[0].text.strip()} {first.text}")
    retitled = SlideShape(title.box, (numbered, *title.blocks[1:]), True, title.grid)
    return [retitled if s is title else s for s in shapes if s is not number]


def _promote_title(shapes: list[SlideShape]) -> list[SlideShape]:
    """A slide without a title placeholder: its title is the text in the largest type in its top
    quarter (the topmost of those); a divider's one text, wherever it stands."""
    texts = [s for s in shapes if s.blocks and isinstance(s.blocks[0], Paragraph)]
    if not texts:
        return shapes
    slide_bottom = max(s.box.bottom for s in shapes)
    divider = len(texts) == 1 and len(texts[0].blocks) == 1
    top = [s for s in texts if s.box.top < slide_bottom * 0.25 or divider]
    if not top:
        return shapes
    chosen = max(top, key=lambda s: (s.blocks[0].size or 0, -s.box.top))
    title_blocks = tuple(
        Paragraph(b.text, b.page, 1, b.size, b.bold) if isinstance(b, Paragraph) else b for b in chosen.blocks
    )
    return [SlideShape(s.box, title_blocks, True) if s is chosen else s for s in shapes]


def read_pptx_blocks(path: Path) -> list[Block]:
    """Every visible slide, a page each. Raises InputError for a file that is not a deck."""
    import pptx

    try:
        deck = pptx.Presentation(str(path))
    except Exception as exc:  # python-pptx raises several types for a package that is not a deck
        raise InputError(f"not a PowerPoint deck: {exc}") from None
    blocks: list[Block] = []
    page = 0
    for slide in deck.slides:
        if slide._element.get("show") == "0":
            continue
        page += 1
        found = _slide_blocks(
            slide, page, (deck.slide_width / EMU_PER_POINT, deck.slide_height / EMU_PER_POINT)
        )
        if page == 1:  # the first slide is the cover: its title is the document's, not a heading
            found = [
                Paragraph(b.text, b.page, None, b.size, b.bold) if isinstance(b, Paragraph) else b
                for b in found
            ]
        blocks.extend(found)
    if not any(isinstance(b, Paragraph | TableBlock) for b in blocks):
        raise InputError(f"no text: its {page} slide(s) hold only pictures or shapes without text")
    return blocks
