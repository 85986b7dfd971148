"""Overprinted fake bold: a glyph drawn several times at sub-point offsets is one bold glyph."""

from pipeline.readers.pdf.content import Glyph, PageContent
from pipeline.readers.pdf.glyphs import Char
from pipeline.readers.pdf.layout.overprint import merge_overprints
from pipeline.readers.pdf.reader import _page


def _char(text: str, x0: float, top: float, size: float = 12.0) -> Char:
    return Char(text, x0, x0 + size, top, top + size, size, False, "gothic")


def _raw(text: str, x0: float, top: float, size: float = 10.5) -> Glyph:
    return Glyph(text, x0, x0 + size, top, top + size, size, "ABCDEF+MS-Gothic")


def test_copies_of_a_glyph_at_sub_point_offsets_are_one_bold_glyph():
    copies = [_char("背", 100 + dx, 200 + dy) for dx, dy in ((0, 0), (0.25, 0), (0, 0.25), (0.25, 0.25))]
    copies += [_char("景", 112 + dx, 200) for dx in (0, 0.3, 0.5)]
    merged = merge_overprints(copies)
    assert [(c.text, c.x0, c.bold) for c in merged] == [("背", 100, True), ("景", 112, True)]


def test_the_same_glyph_twice_a_character_apart_is_two_glyphs():
    merged = merge_overprints(
        [_char("１", 100, 200), _char("１", 106, 200), _char("ー", 120, 200), _char("ー", 132, 200)]
    )
    assert [c.text for c in merged] == ["１", "１", "ー", "ー"] and not any(c.bold for c in merged)


def test_an_overprinted_heading_reads_once_and_counts_as_bold():
    heading = [_raw(ch, 72 + 12 * i + dx, 100 + dy, 12) for i, ch in enumerate("背景と目的") for dx, dy in
               ((0, 0), (0.3, 0), (0, 0.3), (0.3, 0.3))]  # fmt: skip
    body = [_raw(ch, 72 + 10.5 * i, 130) for i, ch in enumerate("本市はデジタル化を進めてきました。")]
    page = _page(PageContent(1, 595, 842, tuple(heading + body)))
    texts = [(line.text, line.bold) for line in page.lines]
    assert texts[0] == ("背景と目的", True)
    assert texts[1] == ("本市はデジタル化を進めてきました。", False)
