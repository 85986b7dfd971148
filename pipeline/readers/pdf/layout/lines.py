"""Characters -> lines: the one line grouper every PDF reader uses (a page's flow, a ruled table's
cells, a slide's boxes, a Gantt's labels, a scan's words).

Sizes are in the line's own type size (its characters' median size), so the same settings serve 6 pt
notes and 40 pt slide titles.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

from pipeline.config.vocabulary import layout_settings
from pipeline.model.geometry import overlap_y
from pipeline.readers.pdf.glyphs import Char, GlyphLine

_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def group_lines(page_number: int, chars: list[Char]) -> list[GlyphLine]:
    """Cluster characters into lines by vertical overlap, then lay each line out left to right: a gap of
    cell_gap line sizes (LayoutSettings) becomes a tab (a cell's or a box's edge), a narrower one of
    word_gap a space, and a raised, smaller run a note mark. Lines with no visible character are left out."""
    settings = layout_settings()  # read once: this loop runs for every character of a document
    lines: list[GlyphLine] = []
    for char in sorted(chars, key=lambda c: (c.top, c.x0)):
        target = None
        for line in reversed(lines[-settings.recent_lines :]):
            overlap = overlap_y(line, char)
            if overlap >= settings.same_line_overlap * min(char.bottom - char.top, line.bottom - line.top):
                target = line
                break
        if target is None:
            lines.append(GlyphLine(page_number, char.top, char.bottom, [char]))
        else:
            target.chars.append(char)
            target.top, target.bottom = min(target.top, char.top), max(target.bottom, char.bottom)
    for line in lines:
        _layout(line)
    return [line for line in lines if line.text.strip()]


def _layout(line: GlyphLine) -> None:
    settings = layout_settings()
    chars = sorted(line.chars, key=lambda c: c.x0)
    visible = [c for c in chars if c.text.strip()] or chars
    line.size = statistics.median(c.size for c in visible)
    line.x0, line.x1 = visible[0].x0, visible[-1].x1
    line.confidences = [c.confidence for c in visible if c.confidence is not None]
    strokes = [c.stroke for c in visible if c.stroke is not None]
    line.stroke = statistics.median(strokes) if strokes else None
    full = [c for c in chars if c.size >= settings.full_size * line.size]
    baseline = statistics.median(c.bottom for c in full)
    line.bold = sum(c.bold for c in full) > len(full) / 2
    # The family of the Japanese glyphs decides: Latin letters often come from another font.
    wide = [c for c in full if c.text.strip() and not c.text.isascii()] or full
    faces = Counter(c.face for c in wide)
    line.face = faces.most_common(1)[0][0] if faces else None
    parts: list[str] = []
    raised: list[str] = []
    previous: Char | None = None
    for char in chars:
        if not char.text.strip():
            if parts and parts[-1] not in (" ", "\t") and not raised:
                parts.append(" ")
            continue
        is_raised = (
            char.size <= settings.raised_size * line.size
            and char.bottom < baseline - settings.raised_lift * line.size
        )
        if previous is not None and not (is_raised and raised):
            gap = char.x0 - previous.x1
            if gap > settings.cell_gap * line.size:
                _flush(parts, raised)
                parts.append("\t")
            elif gap > settings.word_gap * line.size and not is_raised and parts and parts[-1] != " ":
                _flush(parts, raised)
                parts.append(" ")
        if is_raised:
            raised.append(char.text)
        else:
            _flush(parts, raised)
            parts.append(char.text)
        previous = char
    _flush(parts, raised)
    line.text = re.sub(r" *\t *", "\t", "".join(parts)).strip(" ")


def _flush(parts: list[str], raised: list[str]) -> None:
    """A raised run as text input writes it: '^{※1}', or '³' for a bare number (also leading a note)."""
    if not raised:
        return
    marker = "".join(raised).strip()
    parts.append(marker.translate(_SUPERSCRIPT_DIGITS) if marker.isdigit() else "^{" + marker + "}")
    raised.clear()
