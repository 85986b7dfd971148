"""Slides exported to PDF (PowerPoint, Keynote, Impress): a deck's pages are landscape, and each slide's
title, the largest type in the top of the slide, is a heading its author declared, as the slide reader
declares a .pptx title. The first slide is the cover: its title is the document's, not a heading. A
slide titled as the one before it with a continuation mark （続き） goes on with that section.

A slide's boxes are read in visual order: a line running through boxes side by side is parted into
their pieces, and the pieces are ordered by cutting the slide at its widest gap, across or down, again
and again (columns of boxes are read one after the other, whatever order they were drawn in)."""

from __future__ import annotations

import re

from pipeline.config.vocabulary import layout_settings
from pipeline.families.titles import CONTINUED, names_pillar
from pipeline.readers.pdf.drawing import Shape
from pipeline.readers.pdf.glyphs import GlyphLine, Page, runs_of
from pipeline.readers.pdf.layout.flow import body_typography
from pipeline.readers.pdf.layout.lines import group_lines
from pipeline.readers.reading_order import reading_order

# A wrapped title's lines differ in size by less than this: 0.5 points, or 8% where sizes are measured
# from a scanned slide's word boxes (OCR's sizes vary from line to line of one type).
SAME_SIZE, SAME_SIZE_SHARE = 0.5, 0.08
PART_GAP = 0.5  # points: lines this far apart are separate boxes


def is_deck(pages: list[Page]) -> bool:
    """Whether the pages are slides: nearly all landscape."""
    read = [page for page in pages if page.lines]
    landscape = sum(page.width > layout_settings().slide_landscape * page.height for page in read)
    return len(read) >= layout_settings().min_slides and landscape >= 0.8 * len(read)


def deck_body_size(pages: list[Page], body_size: float) -> float:
    """The deck's body size for telling its titles: the type most characters below the slides' title
    zone are set in (a deck that says most in tables and drawings can set more characters in its titles
    than in its prose), else the document's body size."""
    zone = layout_settings().slide_title_zone
    below = [
        line
        for page in pages
        for line in page.lines
        if not line.table_row and line.text.strip() and line.top >= zone * page.height
    ]
    return body_typography(below).size if below else body_size


def _title_lines(page: Page, zone: float, body_size: float) -> list[GlyphLine]:
    """The slide's title: its topmost line in the largest type in the top `zone` of the page (with the
    lines it wraps onto), when that type stands out from the deck's body text."""
    text = [line for line in page.lines if not line.table_row and line.text.strip()]
    top = [line for line in text if line.top < zone * page.height]
    if not top:
        return []
    size = max(line.size for line in top)
    if size < layout_settings().slide_title_size * body_size:
        return []
    same = max(SAME_SIZE, SAME_SIZE_SHARE * size)
    first = min((line for line in top if line.size >= size - same), key=lambda line: line.top)
    lines = [first]
    for line in sorted(text, key=lambda line: line.top):
        last = lines[-1]
        if line.top > last.top and abs(line.size - size) < same and line.top - last.bottom < 0.6 * size:
            lines.append(line)
    return lines


def mark_slide_titles(pages: list[Page], body_size: float) -> None:
    """Every slide's title after the cover declared a level-1 heading, its wrapped lines joined into
    one; a continued slide's title is not read again."""
    previous = None
    for number, page in enumerate(pages):
        # A cover's title is set anywhere on the slide, often in its middle, and so is a section
        # divider's, a slide whose one line of text names the section that follows.
        divider = len([line for line in page.lines if line.text.strip() and not line.table_row]) == 1
        zone = 1.0 if number == 0 or divider else layout_settings().slide_title_zone
        lines = _title_lines(page, zone, body_size)
        if not lines:
            continue
        title = lines[0]
        for line in lines[1:]:
            title.chars.extend(line.chars)
            title.text += line.text
            title.confidences.extend(line.confidences)
            title.bottom, title.x1 = max(title.bottom, line.bottom), max(title.x1, line.x1)
            page.lines.remove(line)
        if number == 0:
            continue  # the cover: its title is the document's
        # Compared without spaces: OCR sets them where it likes ('取組 3テレワーク' under '取組3 テレワーク').
        base = re.sub(r"\s", "", CONTINUED.compiled.sub("", title.text))
        if base != re.sub(r"\s", "", title.text) and base == previous:
            page.lines.remove(title)  # the section goes on; its title was read on the slide before
            continue
        title.outline_level = 1
        previous = base
        # The slide's pillar tag is read right after its title, wherever it stands: it is the pillar of
        # the measure the title names, not a line of the slide before.
        tags = [line for line in page.lines if line.tag]
        if tags:
            rest = [line for line in page.lines if not line.tag]
            at = rest.index(title) + 1
            page.lines = rest[:at] + tags + rest[at:]


def mark_tags(page: Page) -> None:
    """A short line in the slide's top zone, narrow, naming a pillar (基本方針Ⅰ …, 柱2 …): the slide's
    pillar tag, no heading and no figure's words. A tag set in the title's band is first parted from
    the title by its smaller type."""
    settings = layout_settings()
    zone = settings.slide_title_zone * page.height
    page.lines = [
        part
        for line in page.lines
        for part in (_parted_by_size(page.number, line) if line.top < zone and not line.table_row else [line])
    ]
    for line in page.lines:
        if (
            line.top < zone
            and not line.table_row
            and line.x1 - line.x0 <= settings.slide_tag_width * page.width
            and names_pillar(line.text)
        ):
            line.tag, line.in_figure = True, False


def _parted_by_size(number: int, line: GlyphLine) -> list[GlyphLine]:
    """A line's characters parted by type size, each size's characters grouped into lines of their own,
    where one of them names a pillar (a tag set beside or over a title in larger type, its characters
    falling between the title's); else the line whole (a note mark in a title stays in it)."""
    groups: list[list] = []
    for char in sorted((c for c in line.chars if c.text.strip()), key=lambda c: -c.size):
        same = max(SAME_SIZE, SAME_SIZE_SHARE * char.size)
        group = next((g for g in groups if abs(g[0].size - char.size) <= same), None)
        if group is None:
            groups.append([char])
        else:
            group.append(char)
    if len(groups) < 2:
        return [line]
    parts = [part for group in groups for part in group_lines(number, group)]
    return parts if any(names_pillar(part.text) for part in parts) else [line]


def order_boxes(page: Page) -> None:
    """The slide's lines parted where they run through boxes side by side, in visual reading order."""
    pieces: list[GlyphLine] = []
    for line in page.lines:
        if line.table_row or "\t" not in line.text:
            pieces.append(line)
        else:
            pieces.extend(
                piece
                for run in runs_of(line, layout_settings().cell_gap)
                for piece in group_lines(page.number, run)
            )
    page.lines = [pieces[i] for i in _boxed_order(pieces, page.shapes + page.frames)]


def _boxed_order(pieces: list[GlyphLine], boxes: list[Shape]) -> list[int]:
    """Reading order over the slide's drawn boxes and the lines in none: the lines a box holds are read
    together, in their own order, where the box comes (a box's text centred in it leaves gaps wider
    than those between the boxes: the boxes, not the lines, say how the slide is laid out)."""
    # A box lower than the smallest line cannot hold one: a drawing's thousands of marks cost nothing.
    low = min((piece.bottom - piece.top for piece in pieces), default=0.0)
    boxes = [box for box in boxes if box.height >= low]
    holder: dict[int, int] = {}
    for index, piece in enumerate(pieces):
        holding = [b for b, box in enumerate(boxes) if _holds(box, piece)]
        if holding:
            holder[index] = min(holding, key=lambda b: (boxes[b].x1 - boxes[b].x0) * boxes[b].height)
    members: dict[int, list[int]] = {}
    for index, box in holder.items():
        members.setdefault(box, []).append(index)
        # The box's edge is the margin its text wraps at.
        pieces[index].column_edge = pieces[index].column_edge or boxes[box].x1
    items: list = [boxes[b] for b in members] + [p for i, p in enumerate(pieces) if i not in holder]
    owners = [members[b] for b in members] + [[i] for i in range(len(pieces)) if i not in holder]
    order = []
    for item in reading_order(items, PART_GAP):
        inside = owners[item]
        read = [inside[i] for i in reading_order([pieces[j] for j in inside], PART_GAP)]
        pieces[read[0]].opens_box = len(inside) > 1 or read[0] in holder
        order += read
    return order


def _holds(box: Shape, line: GlyphLine) -> bool:
    return (
        box.x0 - PART_GAP <= line.x0
        and line.x1 <= box.x1 + PART_GAP
        and box.top - PART_GAP <= line.top
        and line.bottom <= box.bottom + PART_GAP
    )
