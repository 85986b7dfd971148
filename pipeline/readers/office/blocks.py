"""What the Office readers (Word, Excel, PowerPoint) find, before it becomes the line model: paragraphs
with the heading level and type the file declares, and tables whose cells carry their fill and any
drawn mark. `to_lines` turns them into the same `Line`s the PDF and text readers give, so every later
stage reads an original exactly as it reads a PDF."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pipeline.language.normalize import normalize_text
from pipeline.model.lines import Cell, LayoutHint, Line


@dataclass(frozen=True)
class Paragraph:
    text: str
    page: int | None = None  # the slide or sheet it is on; None where the file has no pages
    outline_level: int | None = None
    size: float | None = None  # points, as the file sets them
    bold: bool = False
    note: bool = False  # a footnote's or endnote's text
    tag: bool = False  # a small box by a slide's title naming its pillar
    boxed: bool = False  # the only words of a filled box: a block's label set in a band or tag (現状)


@dataclass(frozen=True)
class TableBlock:
    rows: tuple[tuple[Cell, ...], ...]
    page: int | None = None


Block = Paragraph | TableBlock


def _body_size(blocks: list[Block]) -> float | None:
    sizes: Counter = Counter()
    for block in blocks:
        if isinstance(block, Paragraph) and block.size and not block.note:
            sizes[round(block.size, 1)] += len(block.text)
    return sizes.most_common(1)[0][0] if sizes else None


def _row_line(number: int, cells: tuple[Cell, ...], page: int | None) -> Line:
    """A table row as a line: its cells joined by tabs (the form every reader gives a row)."""
    cleaned = tuple(Cell(normalize_text(c.text.replace("\t", " ")), fill=c.fill, mark=c.mark) for c in cells)
    raw = "\t".join(c.text.replace("\n", " ") for c in cells)
    text = "\t".join(c.text.replace("\n", " ") for c in cleaned)
    if "\t" not in text:
        text += "\t"  # a one-column table's row is still a row
    return Line(line=number, raw=raw, text=text, page=page, cells=cleaned)


def to_lines(blocks: list[Block]) -> list[Line]:
    """Blocks in reading order -> numbered lines, a blank line between blocks, as a page reader parts
    them. Type is given relative to the body size where the file sets sizes."""
    body = _body_size(blocks)
    lines: list[Line] = []
    page: int | None = None
    for block in blocks:
        if block.page != page and lines:
            lines.append(Line(line=len(lines) + 1, raw="", text="", page=page))
        page = block.page
        if isinstance(block, TableBlock):
            for cells in block.rows:
                if any(c.text.strip() or c.fill or c.mark for c in cells):
                    lines.append(_row_line(len(lines) + 1, cells, block.page))
            lines.append(Line(line=len(lines) + 1, raw="", text="", page=block.page))
            continue
        raw = block.text.replace("\t", " ").replace("\n", " ").strip()
        if not raw:
            continue
        if block.outline_level is not None and lines and lines[-1].text:
            lines.append(Line(line=len(lines) + 1, raw="", text="", page=page))
        ratio = round(block.size / body, 2) if body and block.size else (1.0 if body else None)
        lines.append(
            Line(
                line=len(lines) + 1,
                raw=raw,
                text=normalize_text(raw),
                page=block.page,
                size_ratio=ratio,
                bold=block.bold if body else None,
                layout_hint=_hint(block),
                outline_level=block.outline_level,
            )
        )
    return lines


def _hint(block: Paragraph) -> LayoutHint | None:
    if block.note:
        return LayoutHint.FOOTNOTE
    if block.tag:
        return LayoutHint.TAG
    return LayoutHint.BOXED if block.boxed else None
