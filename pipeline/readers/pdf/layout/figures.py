"""Text set inside a diagram's drawn boxes: where several boxes much narrower than the page's text hold
words in type smaller than the body's (the steps of a flow chart, the labels of a diagram), those words
are the figure's, not the text's flow: no headings, notes or terms. A wide box (a shaded panel of notes
or of a summary across the text) holds text like any other, and so does a lone box or one in body type
(a slide's tag naming a measure's pillar, a labelled box), and a box whose words are a block's label
(スケジュール, 取組内容: a measure's block set in a box, beside a diagram or not)."""

from __future__ import annotations

from pipeline.config.vocabulary import layout_settings
from pipeline.families.block_labels import block_groups
from pipeline.model.geometry import holds_centre
from pipeline.readers.pdf.drawing import Shape
from pipeline.readers.pdf.glyphs import GlyphLine


def _holds(box: Shape, char) -> bool:
    return (
        box.x0 - layout_settings().figure_box_tolerance <= char.x0
        and char.x1 <= box.x1 + layout_settings().figure_box_tolerance
        and box.top - layout_settings().figure_box_tolerance <= char.top
        and char.bottom <= box.bottom + layout_settings().figure_box_tolerance
    )


def mark_figure_text(lines: list[GlyphLine], shapes: list[Shape], body_size: float) -> None:
    """Set `in_figure` on the lines in small type whose every character stands inside a narrow drawn
    box, on a page where several such boxes hold words (a line may run through several boxes of one
    row)."""
    text = [line for line in lines if not line.table_row]
    if not shapes or not text:
        return
    width = max(line.x1 for line in text) - min(line.x0 for line in text)
    # A box lower than the type cannot hold a word: a page of thousands of small drawn marks costs a
    # pass over them, not one per character.
    boxes = [
        s
        for s in shapes
        if s.x1 - s.x0 <= layout_settings().figure_box_share * width and s.height >= 0.5 * body_size
    ]
    visible = {id(line): [c for c in line.chars if c.text.strip()] for line in text}
    holding = [
        b
        for b in boxes
        if any(
            line.x0 < b.x1 and b.x0 < line.x1 and line.top < b.bottom and b.top < line.bottom
            and any(_holds(b, c) for c in visible[id(line)])
            for line in text
        )
    ]  # fmt: skip
    if len(holding) < layout_settings().figure_min_boxes:
        return
    for line in text:
        chars = visible[id(line)]
        line.in_figure = (
            bool(chars)
            and line.size < layout_settings().figure_small_type * body_size
            and all(any(_holds(box, c) for box in holding) for c in chars)
            and not any(block_groups(part) for part in line.text.split("\t") if part.strip())
        )


def mark_boxed_labels(lines: list[GlyphLine], shapes: list[Shape]) -> None:
    """Set `boxed` on a short line that is the only text of a filled box: a block's label set in a
    header band over its text (現状 / 取組 in white on a coloured band), which marks it as a brackets
    would. A box holding several lines is a panel, not a label's band."""
    short = [
        line
        for line in lines
        if not line.table_row and 0 < len(line.text.strip()) <= layout_settings().boxed_label_chars
    ]
    if not short or not shapes:
        return
    text = [line for line in lines if not line.table_row and line.text.strip()]
    for box in shapes:
        if box.height < min(line.bottom - line.top for line in short):
            continue  # lower than any line: a rule or a bar, no band
        inside = [line for line in text if holds_centre(box, line)]
        if len(inside) == 1 and inside[0] in short:
            inside[0].boxed = True
