"""A Word original (.docx, .docm) -> blocks, read from the document's own XML through python-docx.

- Headings: the paragraph's outline level, from its style (Heading N / 見出し N, or a custom style's
  outline level) or set on the paragraph; Word's automatic numbering restored into the text.
- Tables: cells in grid order; a cell spanning columns keeps its text in its first column, one merged
  down rows gives its text to each row (as a sheet's merged cell and a PDF's do); each cell's shading
  is its fill (a shaded year cell is a scheduled year).
- Footnotes and endnotes: the reference is a raised number in the text, the note's text a note line
  after its paragraph (endnotes at the end): exact, where a PDF leaves marks to be matched.
- Text boxes come after the paragraph that anchors them; headers, footers and field codes stay out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from pipeline.config.vocabulary import layout_settings
from pipeline.errors import InputError
from pipeline.model.lines import Cell
from pipeline.readers.gantt import Box, covered_columns
from pipeline.readers.office.blocks import Block, Paragraph, TableBlock
from pipeline.readers.office.drawn_shapes import anchored_marks, floating_marks, grid_edges
from pipeline.readers.office.numbering import Numbering, W, val
from pipeline.readers.office.package import hex_colour, parse_part

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
DEFAULT_SIZE = 10.5  # points: Word's default body type for Japanese, where the styles set none
_HEADING_STYLE = re.compile(r"^(?:heading|見出し)\s*(\d)$", re.IGNORECASE)
_CONTENTS_STYLE = re.compile(r"^(?:toc|目次)\s*\d$", re.IGNORECASE)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_CONTAINERS = {W + t for t in ("hyperlink", "smartTag", "ins", "sdt", "sdtContent", "fldSimple", "customXml")}


@dataclass(frozen=True)
class Style:
    name: str
    based_on: str | None
    ppr: object | None
    rpr: object | None


@dataclass
class _Reader:
    styles: dict[str, Style]
    default_size: float | None
    numbering: Numbering
    footnotes: dict[str, str]
    endnotes: dict[str, str]
    notes_seen: int = 0
    endnote_blocks: list[Block] = field(default_factory=list)

    def chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            yield self.styles[style_id]
            style_id = self.styles[style_id].based_on


def _on(element, tag: str) -> bool | None:
    value = val(element, tag)
    return None if value is None else value not in ("0", "false", "off")


def _styles(document) -> tuple[dict[str, Style], float | None]:
    root = document.styles.element
    styles = {}
    for style in root.findall(W + "style"):
        name = val(style, "name") or ""
        styles[style.get(W + "styleId")] = Style(
            name, val(style, "basedOn"), style.find(W + "pPr"), style.find(W + "rPr")
        )
    default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    size = val(default, "sz")
    return styles, int(size) / 2 if size and size.isdigit() else None


def _notes(document, kind: str) -> dict[str, str]:
    """Footnote or endnote id -> its text, from the part the document relates to."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/" + kind) and not rel.is_external:
            root = parse_part(str(rel.target_part.partname), rel.target_part.blob)
            tag = W + kind[:-1]
            return {
                note.get(W + "id"): " ".join(
                    "".join(t.text or "" for t in p.iter(W + "t")).strip() for p in note.iter(W + "p")
                ).strip()
                for note in root.findall(tag)
                if note.get(W + "type") in (None, "normal")
            }
    return {}


def _outline_level(reader: _Reader, ppr, style_id: str | None) -> int | None:
    own = val(ppr, "outlineLvl")
    if own is not None and own.isdigit():
        return int(own) + 1 if int(own) < 9 else None
    for style in reader.chain(style_id):
        if match := _HEADING_STYLE.match(style.name):
            return int(match.group(1))
        level = val(style.ppr, "outlineLvl")
        if level is not None and level.isdigit():
            return int(level) + 1 if int(level) < 9 else None
    return None


def _number(reader: _Reader, ppr, style_id: str | None) -> str:
    """The automatic number Word prints before the paragraph, if it has one."""
    candidates = [ppr] + [style.ppr for style in reader.chain(style_id)]
    for element in candidates:
        num_pr = element.find(W + "numPr") if element is not None else None
        if num_pr is not None and val(num_pr, "numId") is not None:
            num_id = val(num_pr, "numId") or "0"
            level = val(num_pr, "ilvl")
            return "" if num_id == "0" else reader.numbering.label(num_id, int(level or 0))
    return ""


def _run_size_bold(reader: _Reader, run, style_id: str | None) -> tuple[float | None, bool]:
    rpr = run.find(W + "rPr")
    size, bold = val(rpr, "sz"), _on(rpr, "b")
    for style in reader.chain(style_id):
        size = size if size is not None else val(style.rpr, "sz")
        bold = bold if bold is not None else _on(style.rpr, "b")
    points = int(size) / 2 if size and size.isdigit() else reader.default_size
    return points, bool(bold)


def _runs(element):
    for child in element:
        if child.tag == W + "r":
            yield child
        elif child.tag in _CONTAINERS:
            yield from _runs(child)


def _run_text(reader: _Reader, run, tab: str, notes: list[Block], page: int | None) -> str:
    parts = []
    for child in run:
        if child.tag == W + "t":
            parts.append(child.text or "")
        elif child.tag == W + "tab":
            parts.append(tab)
        elif child.tag in (W + "br", W + "cr"):
            parts.append(" ")
        elif child.tag in (W + "footnoteReference", W + "endnoteReference"):
            parts.append(_note_reference(reader, child, notes, page))
    return "".join(parts)


def _paragraph(reader: _Reader, p, page: int | None) -> list[Block]:
    ppr = p.find(W + "pPr")
    style_id = val(ppr, "pStyle")
    style_name = reader.styles[style_id].name if style_id in reader.styles else ""
    tab = " …… " if _CONTENTS_STYLE.match(style_name) else " "
    parts, notes, boxes = [], [], []
    by_size: Counter = Counter()
    bold_chars = 0
    for run in _runs(p):
        text = _run_text(reader, run, tab, notes, page)
        parts.append(text)
        size, bold = _run_size_bold(reader, run, style_id)
        by_size[size] += len(text.strip())
        bold_chars += len(text.strip()) if bold else 0
        boxes.extend(_TEXT_BOXES(run))
    text = "".join(parts).strip()
    blocks: list[Block] = []
    if text:
        number = _number(reader, ppr, style_id)
        size = max(by_size, key=lambda s: by_size[s]) if by_size else None
        bold = bold_chars * 2 > sum(by_size.values())
        blocks.append(Paragraph(number + text, page, _outline_level(reader, ppr, style_id), size, bold))
    blocks.extend(notes)
    for box in boxes:
        blocks.extend(_container(reader, box, page))
    return blocks


_NS = {"w": W[1:-1], "mc": MC[1:-1]}
_TEXT_BOXES = etree.XPath(".//w:txbxContent[not(ancestor::mc:Fallback)]", namespaces=_NS)


def _note_reference(reader: _Reader, child, notes: list[Block], page: int | None) -> str:
    """The raised number for a note reference; the note's text joins `notes` (endnotes wait for the end)."""
    endnote = child.tag == W + "endnoteReference"
    text = (reader.endnotes if endnote else reader.footnotes).get(child.get(W + "id"))
    if text is None:
        return ""
    reader.notes_seen += 1
    mark = str(reader.notes_seen).translate(_SUPERSCRIPT)
    note = Paragraph(f"{mark} {text}", page, None, None, False, note=True)
    (reader.endnote_blocks if endnote else notes).append(note)
    return mark


def _cell_text(reader: _Reader, tc) -> str:
    texts = []
    for block in _container(reader, tc, None):
        if isinstance(block, Paragraph) and not block.note:
            texts.append(block.text)
        elif isinstance(block, TableBlock):
            texts.extend(" ".join(c.text for c in row if c.text) for row in block.rows)
    return "\n".join(t for t in texts if t.strip())


def _table(reader: _Reader, tbl, page: int | None) -> TableBlock:
    rows: list[tuple[Cell, ...]] = []
    above: dict[int, tuple[str, str | None]] = {}  # grid column -> the text and fill merged down into it
    edges = grid_edges(tbl, W)
    drawn: list[tuple[int, float, float, str]] = []  # row, x0, x1, mark of shapes anchored in its cells
    for tr in tbl.findall(W + "tr"):
        cells: list[Cell] = []
        for tc in tr.findall(W + "tc"):
            if len(cells) < len(edges):
                drawn += [(len(rows), *found) for found in anchored_marks(tc, edges[len(cells)])]
            tcpr = tc.find(W + "tcPr")
            span = int(val(tcpr, "gridSpan") or 1)
            merge = val(tcpr, "vMerge")
            shading = tcpr.find(W + "shd") if tcpr is not None else None
            fill = hex_colour(shading.get(W + "fill")) if shading is not None else None
            column = len(cells)
            text = _cell_text(reader, tc)
            if merge not in (None, "restart"):
                text, fill = above.get(column, (text, fill))
            above[column] = (text, fill)
            cells.append(Cell(text, fill=fill))
            cells.extend(Cell("", fill=fill) for _ in range(span - 1))
        rows.append(tuple(cells))
    settings = layout_settings()
    line = (reader.default_size or DEFAULT_SIZE) * settings.word_line_height
    drawn += floating_marks(tbl, W, line, settings.floating_anchor_paragraphs)
    return TableBlock(_with_marks(rows, drawn, list(zip(edges, edges[1:], strict=False))), page)


def _with_marks(
    rows: list[tuple[Cell, ...]],
    drawn: list[tuple[int, float, float, str]],
    columns: list[tuple[float, float]],
) -> tuple[tuple[Cell, ...], ...]:
    """Each cell a drawn shape covers carries its mark, as a bar drawn over a PDF's grid does."""
    marked = [list(cells) for cells in rows]
    for row, x0, x1, mark in drawn:
        for column in covered_columns(Box(x0, x1, 0.0, 0.0), columns):
            if column < len(marked[row]):
                marked[row][column] = replace(marked[row][column], mark=mark)
    return tuple(tuple(cells) for cells in marked)


def _container(reader: _Reader, element, page: int | None) -> list[Block]:
    blocks: list[Block] = []
    for child in element:
        if child.tag == W + "p":
            blocks.extend(_paragraph(reader, child, page))
        elif child.tag == W + "tbl":
            blocks.append(_table(reader, child, page))
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            blocks.extend(_container(reader, child, page))
    return blocks


def read_docx_blocks(path: Path) -> list[Block]:
    """The blocks of a Word document in reading order. Raises InputError for a file Word could not open."""
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a package that is not a document
        raise InputError(f"not a Word document: {exc}") from None
    styles, default_size = _styles(document)
    numbering_part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/numbering")), None
    )
    numbering = Numbering.from_xml(
        parse_part(str(numbering_part.partname), numbering_part.blob) if numbering_part else None
    )
    reader = _Reader(
        styles, default_size, numbering, _notes(document, "footnotes"), _notes(document, "endnotes")
    )
    blocks = _container(reader, document.element.body, None)
    return blocks + reader.endnote_blocks
