"""Overprinted fake bold: printers such as Ghostscript-based PDF writers set bold type by drawing each
glyph two to four times at offsets under about half a point. Read as they come, such a heading reads
背背背背景景景景. The copies are one glyph, and a glyph drawn more than once is bold (heading evidence)."""

from __future__ import annotations

from pipeline.config.vocabulary import layout_settings
from pipeline.readers.pdf.glyphs import Char


def merge_overprints(chars: list[Char]) -> list[Char]:
    """The characters with every overprinted copy folded into its first drawing, marked bold."""
    kept: list[Char] = []
    near: dict[tuple[str, int, int], list[Char]] = {}
    for char in chars:
        cell = (char.text, round(char.x0), round(char.top))
        copy = next(
            (
                other
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for other in near.get((char.text, cell[1] + dx, cell[2] + dy), ())
                if abs(other.x0 - char.x0) <= layout_settings().overprint_max_offset
                and abs(other.top - char.top) <= layout_settings().overprint_max_offset
            ),
            None,
        )
        if copy is not None:
            copy.bold = copy.bold or bool(char.text.strip())
            continue
        kept.append(char)
        near.setdefault(cell, []).append(char)
    return kept
