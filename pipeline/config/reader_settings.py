"""The thresholds of the PDF reader, one typed settings object per concern: page layout (LayoutSettings)
and scans (OcrSettings). Each field says its unit; the defaults are the values the reader was tuned
with, and configs/pdf.yaml may set any of them (an unknown key is an error). The OCR settings are part
of the OCR cache key (pipeline/readers/scan/ocr.py), so a change reads pages again."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LayoutSettings(_Settings):
    """What turns a page's glyphs and drawings into lines, cells and tables (pipeline/readers/pdf)."""

    same_line_overlap: float = Field(
        0.5, description="of the shorter glyph's height: a character overlapping a line this much joins it"
    )
    recent_lines: int = Field(
        4, description="lines: the most recent a character may join (characters come top to bottom)"
    )
    cell_gap: float = Field(
        2.5,
        description="line sizes of space that part two cells' or boxes' text: a tab in the line (slides part boxes on it)",
    )
    word_gap: float = Field(0.3, description="line sizes of space that part two words: a space in the line")
    full_size: float = Field(
        0.9, description="of the line size: characters this large or larger set the line's baseline and face"
    )
    raised_size: float = Field(
        0.85, description="of the line size: a run this small or smaller, lifted raised_lift, is a note mark"
    )
    raised_lift: float = Field(
        0.2, description="line sizes above the baseline that lift a small run into a note mark"
    )
    row_edge_tolerance: float = Field(
        1.5, description="points: a shape this far past a row's edge is still inside the row"
    )
    fragment_gap: float = Field(
        1.0, description="character heights of space that part two boxes' or cells' text on a line"
    )
    figure_box_share: float = Field(
        0.6, description="of the text's width: a box at most this wide is a figure's"
    )
    figure_min_boxes: int = Field(3, description="boxes holding words that make a diagram")
    figure_small_type: float = Field(
        0.95, description="of the body's size: a diagram's words are set smaller"
    )
    figure_box_tolerance: float = Field(1.0, description="points a line may stand out of its box")
    margin_chars: float = Field(
        2.5,
        description="characters: a line ending this short of the right margin still runs on (ragged-right CJK text)",
    )
    first_line_indent: float = Field(
        1.5,
        description="characters: a paragraph's first line may start this far right of its next (an indent of "
        "one character, its box read loosely by OCR)",
    )
    item_outdent: float = Field(
        0.5,
        description="characters: an item's mark set out this far left of the line above starts a new item",
    )
    min_run_on_share: float = Field(
        0.35,
        description="of the page's width: a narrower line is no paragraph line that runs on (unless in a column)",
    )
    note_indent: float = Field(
        3.0, description="body characters from the text's left edge within which a note starts"
    )
    grid_header_gap: float = Field(
        0.3, description="character heights that part cells in a header of short labels (years side by side)"
    )
    grid_min_columns: int = Field(4, description="header cells of a grid printed without ruling")
    grid_header_repeat_share: float = Field(
        0.5, description="of a grid's header cells found again on a later page's line make it that header"
    )
    grid_max_header_chars: int = Field(12, description="characters: a grid's header cell is a short label")
    grid_max_crossed_share: float = Field(
        0.5,
        description="of the column boundaries the lines below a header span, those their text runs across: "
        "more, and they are prose, not a grid's rows",
    )
    grid_max_row_gap: float = Field(3.0, description="character heights between two lines of one grid")
    grid_header_slack: float = Field(
        0.2, description="character heights left of a header where its column starts, when no gap tells"
    )
    grid_wrap_edge: float = Field(
        1.5, description="character heights from a column's right edge that a wrapped line reaches"
    )
    overprint_max_offset: float = Field(
        0.6, description="points: two drawings of one glyph this close are one glyph overprinted (fake bold)"
    )
    ruling_tolerance: float = Field(1.5, description="points: ruling edges this close are one rule")
    tiled_share: float = Field(
        0.8, description="of a grid's cells that fills must cover for the fills alone to make it a table"
    )
    note_rule_zone: float = Field(
        0.6, description="of the page's height, from its top: a foot note separator lies below this"
    )
    note_rule_width: tuple[float, float] = Field(
        (0.08, 0.45), description="of the page's width: how short and how long a foot note separator is"
    )
    slide_landscape: float = Field(1.2, description="width over height of a slide page")
    min_slides: int = Field(3, description="landscape pages that make a deck")
    slide_title_zone: float = Field(
        0.3, description="of the page's height, from its top: where a slide's title sits"
    )
    slide_title_size: float = Field(
        1.15, description="times the deck's body size: a slide title's type is at least this large"
    )
    boxed_label_chars: int = Field(
        20, description="characters: a filled box's only line this short is a block's label set in a band"
    )
    word_line_height: float = Field(
        1.5,
        description="times the type size: a Word paragraph's line, to place a floating shape against a table's rows",
    )
    floating_anchor_paragraphs: int = Field(
        3, description="paragraphs: how far above a Word table a shape floating over it may be anchored"
    )
    slide_tag_width: float = Field(
        0.45, description="of the slide's width: a tag box naming the slide's pillar is at most this wide"
    )
    gradient_strip_gap: float = Field(
        0.5, description="points: how far apart two strips of one gradient may be"
    )
    thin_rectangle: float = Field(
        2.0, description="points: a filled rectangle this thin is a ruling line drawn as a rectangle"
    )
    min_layout_chars: int = Field(
        20, description="characters a page needs before its writing direction is judged"
    )
    min_column_lines: int = Field(6, description="lines each side of a gutter that make a page two columns")


class OcrSettings(_Settings):
    """How a page without a text layer is rendered, cleaned and read (pipeline/readers/scan)."""

    line_height: float = Field(
        30.0, description="pixels: a line of type is read scaled so that its ink is about this tall"
    )
    min_scale: float = Field(0.15, description="the smallest scale a page is read at, of its rendering")
    max_scale: float = Field(2.0, description="the largest scale a page is read at, of its rendering")
    orientation_reduce: int = Field(
        2,
        description="a page's orientation is checked on its rendering reduced this many times (no fine type needed)",
    )
    reread_every_line: bool = Field(
        True,
        description="every line is read again; false: a prose line only where the first reading is unsure "
        "of it (about a third faster, but a character read surely and dropped, an opening bracket, stays lost)",
    )
    sure_line: float = Field(
        90,
        description="confidence: a line whose characters Tesseract is this sure of on average, none lost, is not read again",
    )
    lost_gap: float = Field(
        1.5,
        description="line heights: a gap this wide among a line's words held a word read too unsurely to keep",
    )
    missed_band: float = Field(
        1.6,
        description="type heights: a band of ink rows no word covers, up to this tall, is a line OCR missed (taller: a picture)",
    )
    missed_ink: float = Field(
        2.0, description="type heights of columns of ink no word covers that make a band a line OCR missed"
    )
    short_line: int = Field(
        15, description="characters: a line this short (a cell) is read again where any word of it is unsure"
    )
    same_scale: float = Field(
        0.2,
        description="of the reading height: a line whose type the page's scale sets further from it is read again at its own",
    )
    reread_heights: tuple[float, ...] = Field(
        (24.0, 30.0, 36.0), description="pixels: each line read again is scaled to each of these heights"
    )
    dpi: int = Field(300, description="dots per inch a page is rendered at for OCR")
    max_page_pixels: int = Field(
        89_478_485,
        description="pixels a page may render to (Pillow's decompression-bomb bound, about an A0 sheet at 250 dpi)",
    )
    min_skew: float = Field(
        0.2, description="degrees: a page leaning less is read as it is (its rulings are still one pixel row)"
    )
    split_rows: int = Field(
        3, description="rows each split over this many blocks (or more) make a page a grid without ruling"
    )
    glyph_read_height: int = Field(
        40, description="pixels a glyph cut out on its own is scaled to for reading"
    )
    ring_inside: float = Field(
        0.68, description="of a circled number's ring's radius: what lies within it is the number's digits"
    )
    ring_read_height: int = Field(80, description="pixels the square around a circled number is scaled to")
    ring_round: float = Field(1.3, description="how much wider than tall, or taller than wide, a ring may be")
    max_circled: int = Field(40, description="circled numbers of a page read again (one Tesseract run each)")
    min_glyph_confidence: float = Field(
        60, description="confidence: a glyph read alone less surely is a stroke of type, a quote or a speck"
    )
    reread_band: float = Field(
        0.75, description="type heights either side of a line's middle that are cut out to read it again"
    )
    strip_margin: int = Field(40, description="pixels of white around each line cut out to be read again")
    same_type: float = Field(
        1.12,
        description="a scanned line this much larger than the smallest of its size class is of the class",
    )
    mark_lead: float = Field(1.5, description="type heights from a drawn mark to the word it leads")
    speck_height: float = Field(
        0.4, description="of a line's type height: a lone mark lower than this may be a speck"
    )
    speck_reach: float = Field(
        1.5, description="of the page's type height: a word of dots alone with no word this near is a speck"
    )
    short_glyph: float = Field(
        0.7,
        description="of the page's type height: a word read unsurely, lower than this and with no word "
        "beside it, is dust (a digit or letter of the text is boxed taller)",
    )
    read_twice: float = Field(
        0.7,
        description="of a lone mark's box: lying this much inside another word's, it is that word's stroke",
    )
    dust_size: float = Field(
        0.15,
        description="of a line's type height: a word no taller and no wider than this, read unsurely, is "
        "dust whatever it is read as (。 and 、 are a quarter of it or more)",
    )
    ink_level: int = Field(160, description="grey level under which a pixel is ink")
    stroke_level: int = Field(
        110, description="grey level under which a pixel is a stroke's core, its blurred fringe left out"
    )
    min_strokes: int = Field(20, description="runs of ink a word's stroke width is measured over at least")
    heavy_type: float = Field(
        1.18,
        description="a scanned line whose strokes, for its size, are this many times the body's is bold",
    )
    min_body_lines: int = Field(5, description="body lines a document's typical stroke width needs")
    ink_window: float = Field(
        0.8, description="type heights either side of a line's middle in which its ink is measured"
    )
    ink_line_gap: int = Field(
        2, description="blank pixel rows that part a line's ink from a line close above or below"
    )
    ink_tail: float = Field(0.03, description="of a word's ink left out above and below when measuring it")
    kana_extent: float = Field(
        0.86, description="how tall a line of kana stands, of a line of 漢字 of the same type"
    )
    char_width: float = Field(
        0.85, description="a Japanese character's typical box width over its type's height"
    )
    min_word_confidence: float = Field(
        30, description="confidence: a word Tesseract is less sure of is noise (a stain, a stamp's rim)"
    )
    open_gap: float = Field(
        0.2,
        description="heights of a closed gap left open: no space to the page reader, a column's edge to a grid",
    )
    apart: float = Field(
        2.2, description="a word this many times shorter than its line's words is set apart from them"
    )
    widest: float = Field(
        1.6, description="line heights: the widest a recognised character may be, with its spacing"
    )
    em: float = Field(0.92, description="a 漢字's box over its type size")
    vertical: float = Field(
        2.0, description="a recognised line this many times taller than wide is a column of vertical writing"
    )
    max_skew: float = Field(3.0, description="degrees a scan may lean")
    skew_step: float = Field(0.2, description="degrees between the angles first tried when straightening")
    fine_step: float = Field(0.05, description="degrees between the angles tried near the best")
    rule_level: int = Field(
        100, description="grey level: a rule is drawn darker than that (a cell's fill beside it is not one)"
    )
    blurred_rule_levels: tuple[int, ...] = Field(
        (100, 130, 160),
        description="grey levels a blurred office scan's rules are sought under, the lines found at each taken together",
    )
    rule_run: float = Field(
        0.3, description="inches of unbroken ink that make a ruling line (no stroke of type runs as long)"
    )
    max_rule_width: int = Field(
        6, description="pixels: a ruling line is thinner than a long stroke of heading type"
    )
    min_line: int = Field(
        6, description="pixels: a band of ink rows lower than this is a rule or dust, not a line of type"
    )
    paper_level: int = Field(235, description="grey level above which a pixel is paper")
    paper_tile: float = Field(
        0.5, description="inches: the side of the squares a scan's paper brightness is measured in"
    )
    paper_percentile: float = Field(
        95.0, description="percentile of a square's grey levels taken as its paper (type covers less)"
    )
    darkest_ink: float = Field(
        0.05, description="percentile of a scan's grey levels taken as its darkest ink (made black)"
    )
    toner_level: int = Field(
        64,
        description="grey level: a scan's darkest ink is made black up to this level (lighter, it is type blurred, not toner)",
    )
    lighting_tolerance: int = Field(
        12,
        description="grey levels: a square darker than the page's lighting by more is shaded or covered, not paper",
    )
    solid: float = Field(
        0.1,
        description="inches: an area is solid where it is at least this thick both ways (type strokes are thinner)",
    )
    min_area: float = Field(
        0.02,
        description="square inches: a smaller solid area is a blot (an arrow's head parted from it by a rule is not)",
    )
    max_area_share: float = Field(0.5, description="of the page: a larger area is the page's background")
    type_contrast: int = Field(60, description="grey levels that part type from the ground it is set on")
    rim: float = Field(
        0.02, description="inches round a solid area's edge where its ground blurs into the paper"
    )
    arrow_head: float = Field(
        1.3, description="an area whose end columns are this many times taller than its middle has a head"
    )
    mark_size: tuple[float, float] = Field(
        (0.06, 0.25),
        description="inches across: a drawn mark (■, ● in a year's cell) is a lone solid blob this size",
    )
    mark_aspect: float = Field(
        1.4, description="a drawn mark is at most this much wider than tall, or taller than wide"
    )
    ring: float = Field(
        0.25,
        description="of a mark's size: the ring round it that must be free of ink (type's strokes join others)",
    )
    mark_ink_level: int = Field(128, description="grey level under which a mark's pixel is ink")
    ring_ink: float = Field(
        0.02, description="of a mark's area: more ink than this in the ring round it joins it to type"
    )
    page_timeout: int = Field(120, description="seconds Tesseract may take for a page")
    sure_word: float = Field(
        70,
        description="confidence: a word read this surely vouches for one unsure Japanese character set on from it (Tesseract gives 進 or 導 in some faces no confidence at all)",
    )
    unsure_gap: float = Field(
        1.0, description="type heights at most from the sure word to that unsure character"
    )
    unsure_size: tuple[float, float] = Field(
        (0.7, 1.5),
        description="times the sure word's height: how small and how large that unsure character may be",
    )
    space_gap: float = Field(
        0.8,
        description="type heights: a gap between two words of one recognised line this wide or wider is a space (word boxes are loose)",
    )
    latin_space_gap: float = Field(0.25, description="type heights: the same beside a number or a Latin word")
    closed_gap: float = Field(
        2.0,
        description="type heights: a gap narrower than this between two words of a line is closed up; a wider one is left",
    )
    circled_cut: float = Field(
        1.4, description="type heights a side of the square cut out around a circled number"
    )
    circled_lead: float = Field(
        0.3,
        description="type heights before its word's box where that square starts (Tesseract's boxes for these glyphs are narrow)",
    )
    poor_confidence: float = Field(
        70,
        description="confidence: a document OCR read with a lower mean confidence is warned of in the summary",
    )
    lost_most: int = Field(
        2, description="characters: the most one reading of a line may lose that another gives"
    )
    lost_context: int = Field(2, description="characters before a lost run that both readings must share")
    lost_word_confidence: float = Field(
        80,
        description="confidence: a word another reading of a line gives this surely fills a stretch its surest reading left empty",
    )
    lost_word_overlap: float = Field(
        0.25,
        description="of the narrower box: a word overlapped this much across by one of the reading's covers its place",
    )
