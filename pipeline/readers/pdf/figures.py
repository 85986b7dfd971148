"""Text set inside a diagram's drawn boxes: a box much narrower than the page's text holds a figure's
words (a step of a flow chart, a label of a diagram), which are not the text's flow: not its footnotes.
A wide box (a shaded panel of notes or of a summary across the text) holds text like any other."""

from __future__ import annotations

from pipeline.readers.pdf.drawing import Shape
from pipeline.readers.pdf.glyphs import GlyphLine

MAX_BOX_SHARE = 0.6  # of the text's width: a box at most this wide is a figure's
TOLERANCE = 1.0  # points a line may stand out of its box


def mark_figure_text(lines: list[GlyphLine], shapes: list[Shape]) -> None:
    """Set `in_figure` on the lines whose every character stands inside a narrow drawn box (a line
    may run through several boxes of one row)."""
    text = [line for line in lines if not line.table_row]
    if not shapes or not text:
        return
    width = max(line.x1 for line in text) - min(line.x0 for line in text)
    boxes = [s for s in shapes if s.x1 - s.x0 <= MAX_BOX_SHARE * width]
    if not boxes:
        return
    for line in text:
        visible = [c for c in line.chars if c.text.strip()]
        line.in_figure = bool(visible) and all(
            any(
                box.x0 - TOLERANCE <= c.x0 and c.x1 <= box.x1 + TOLERANCE
                and box.top - TOLERANCE <= c.top and c.bottom <= box.bottom + TOLERANCE
                for box in boxes
            )
            for c in visible
        )  # fmt: skip
