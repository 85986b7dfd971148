"""Pages without a text layer (a scan, or a scanned page inside a digital PDF) read by OCR: the page is
rendered with pypdfium2 (which pdfplumber installs), turned upright by Tesseract's orientation check,
straightened (pipeline/readers/scan/page_image.py, which also finds its rulings and shaded cells), and
read by Tesseract's Japanese models (Debian's tesseract-ocr-jpn, -jpn-vert). Each recognised word
becomes characters with their boxes in the page's points, so the page reader builds lines, sizes,
indentation and tables from them exactly as from a digital page.

Tesseract is slow, so each page's result is cached by the hash of the page image: a re-run does not OCR
a page again. Nothing is cached or kept from a page that failed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.config.vocabulary import ocr_settings, pdf_settings
from pipeline.errors import InputError
from pipeline.families import misreads
from pipeline.families.family import MisreadFamily
from pipeline.readers.pdf.content import Glyph
from pipeline.readers.pdf.drawing import Ruling, Shape
from pipeline.readers.pdf.layout.ruled import ruled_tables
from pipeline.readers.scan.ocr_alone import with_circled_numbers
from pipeline.readers.scan.ocr_lines import reread_lines, sure, with_missed_lines
from pipeline.readers.scan.ocr_words import (
    chars_of,
    line_bands,
    with_marks,
    without_overlaps,
    word_runs,
    words_of,
)
from pipeline.readers.scan.page_image import flattened, ruling_edges, skew_angle, text_height
from pipeline.readers.scan.raised_marks import with_raised_marks
from pipeline.readers.scan.solid_areas import area_shapes, clear_grounds, drawn_marks, solid_areas
from pipeline.readers.scan.specks import without_specks
from pipeline.readers.scan.tesseract import (
    HORIZONTAL,
    LANGUAGES,
    Segmentation,
    engine_version,
    model_dir,
    read_tsv,
    rotation,
)
from pipeline.readers.scan.type_weight import with_stroke_widths, with_type_heights

INSTALL = "apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert"


def cache_dir() -> Path:
    return Path(os.environ.get("DXPLANS_OCR_CACHE") or Path.home() / ".cache" / "dxplans" / "ocr")


def available() -> bool:
    """Whether Tesseract's Japanese models are installed (the engine itself comes with tesserocr)."""
    return model_dir() is not None


def _render(path: Path, index: int) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        page = document[index]
        width, height = (round(side * ocr_settings().dpi / 72) for side in page.get_size())
        if width * height > ocr_settings().max_page_pixels:  # refused before a pixel is allocated
            raise InputError(
                f"page {index + 1} would render at {width}×{height} pixels ({width * height / 1e6:.0f} "
                f"megapixels at {ocr_settings().dpi} dpi), over the {ocr_settings().max_page_pixels / 1e6:.0f}-megapixel bound for OCR"
            )
        image = page.render(scale=ocr_settings().dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _upright(png: bytes):
    """The page image turned the way its text reads (Tesseract's orientation and script detection)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    turn = rotation(image.reduce(ocr_settings().orientation_reduce))
    return image.rotate(turn, expand=True) if turn else image


def _corrected(words: list[dict]) -> list[dict]:
    """The words with each run's misreadings of plan vocabulary set right (pipeline/families/misreads:
    念和 6 年度 -> 令和, 推汰 -> 推進; a misreading split over two words being one run's text): each
    correction goes to the word it starts in, every other character stays in its own word."""
    fixed = {}
    for members in word_runs(words):
        texts = [word["text"] for word in members]
        for family in misreads.FAMILIES:
            texts = _substituted(texts, family)
        for word, text in zip(members, texts, strict=True):
            if text:
                fixed[id(word)] = {**word, "text": text}
    return [fixed[id(word)] for word in words if id(word) in fixed]


def _substituted(texts: list[str], family: MisreadFamily) -> list[str]:
    """The texts of a run's words with the family's misreadings set right across them."""
    text = "".join(texts)
    owner = [index for index, piece in enumerate(texts) for _ in piece]
    pieces: list[list[str]] = [[] for _ in texts]
    done = 0
    for match in family.compiled.finditer(text):
        for at in range(done, match.start()):
            pieces[owner[at]].append(text[at])
        pieces[owner[match.start()]].append(family.reads_as)  # the word the misreading starts in
        done = match.end()
    for at in range(done, len(text)):
        pieces[owner[at]].append(text[at])
    return ["".join(piece) for piece in pieces]


def ocr_page(
    path: Path, index: int, on_page: Callable[[int], None] | None = None
) -> tuple[list[Glyph], list[Ruling], list[Shape]]:
    """What OCR and the page image give for page `index` (0-based): its characters, its ruling edges and
    its solid areas as shapes, from the cache when the same image was read before. `on_page` hears the
    index of a page OCR starts to read (a supervised worker's document then has more time)."""
    png = _render(path, index)
    key = hashlib.sha256(png + cache_version().encode()).hexdigest()
    cached = cache_dir() / f"{key}.json"
    if cached.exists():
        try:
            return _page_reading(json.loads(cached.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            # A damaged entry (truncated by a full disk, of another shape) never fails a document: it is
            # dropped and the page read again.
            cached.unlink(missing_ok=True)
            reason = f"{type(exc).__name__}: {exc}"[:120]
            print(
                f"warning: OCR cache entry {cached} was damaged ({reason}); dropped, page read again",
                file=sys.stderr,
            )
    if on_page is not None:
        on_page(index)
    read = _read_image(png)
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.part")
    partial.write_text(json.dumps(read, ensure_ascii=False), encoding="utf-8")
    partial.replace(cached)
    return _page_reading(read)


def reader_modules() -> list[Path]:
    """The source files of the scan reader: this package's and those of the layout it borrows."""
    borrowed = {Path(sys.modules[item.__module__].__file__) for item in (Shape, ruled_tables)}
    return sorted({*Path(__file__).parent.glob("*.py"), *borrowed})


@lru_cache(maxsize=1)
def cache_version() -> str:
    """What a cached page reading depends on besides its image: the OCR settings, the engine's version
    and models, and the code that produced it (every module of this package and the layout modules it
    uses, so that no change to a constant or a rule can leave a stale reading in the cache)."""
    settings = json.dumps(pdf_settings().ocr.model_dump(), sort_keys=True)
    code = hashlib.sha256()
    for module in reader_modules():
        code.update(module.name.encode() + b"\0" + module.read_bytes())
    return f"{LANGUAGES}/{engine_version()}/{settings}/{code.hexdigest()}"


def _page_reading(read: dict) -> tuple[list[Glyph], list[Ruling], list[Shape]]:
    """A page's reading (fresh or cached) as characters, ruling edges and shapes."""
    shapes = [Shape(**shape) for shape in read["shapes"]]
    words = without_specks(without_overlaps(_corrected(read["words"])))
    edges = read["edges"]
    if not isinstance(edges, list) or not all(isinstance(edge, dict) for edge in edges):
        raise TypeError("edges is not a list of edges")
    return chars_of(words, 72 / ocr_settings().dpi), [Ruling(**edge) for edge in edges], shapes


def _read_image(png: bytes) -> dict:
    """The page turned upright, then read: Tesseract's words, and the rulings and solid areas the
    image shows. A page with ruled tables is straightened first (its rulings must run level to be
    found) and read without its rulings as one block of lines; any other page is read as scanned, since
    resampling blurs type set over colour (a slide's title band). The page is read at the scale that
    suits its commonest line of type, and lines far larger or smaller again at theirs."""
    from PIL import Image, ImageFilter

    scanned = np.asarray(_upright(png).convert("L"))
    flat = flattened(scanned, ocr_settings().dpi)
    image = Image.fromarray(flat)
    angle = skew_angle(image)
    if abs(angle) >= ocr_settings().min_skew:
        image = image.rotate(angle, resample=Image.BILINEAR, fillcolor=255)
    gray = np.asarray(image)
    # An office scan (its paper grey) is blurred: its thin rules are sought at every level up to the ink's.
    levels = None if flat is scanned else ocr_settings().blurred_rule_levels
    edges, rules = ruling_edges(gray, ocr_settings().dpi, levels)
    if ruled_tables(edges):
        base, segmentation = np.where(rules, 255, gray).astype(np.uint8), Segmentation.ONE_BLOCK
    else:
        edges, rules, base, segmentation = [], None, gray, Segmentation.AUTOMATIC
    marks = drawn_marks(base, ocr_settings().dpi)
    areas, solid = solid_areas(base, ocr_settings().dpi)
    # A mark is a character of the text (● in a year's cell, as a digital page prints it), not a shape.
    areas = [area for area in areas if not any(_inside(area, box) for box, _ in marks)]
    cleared = clear_grounds(base, areas, solid, ocr_settings().dpi, rules)
    for (x0, top, x1, bottom), _ in marks:  # read as words of their own, not by Tesseract
        cleared[max(0, top - 2) : bottom + 2, max(0, x0 - 2) : x1 + 2] = 255
    # A 3-pixel median takes out a scan's dust and JPEG speckle, which Tesseract reads as strokes.
    source = Image.fromarray(cleared).filter(ImageFilter.MedianFilter(3))
    factor = _scale(text_height(np.asarray(source)))
    words = _read_words(source, factor, segmentation)
    if segmentation == Segmentation.AUTOMATIC and _split_rows(sure(words)) >= ocr_settings().split_rows:
        segmentation, words = Segmentation.ONE_COLUMN, _read_words(source, factor, Segmentation.ONE_COLUMN)
    # A table's rows, every cell of which counts, are all read again; prose lines too unless the
    # settings trade that for speed (reread_every_line).
    every = segmentation != Segmentation.AUTOMATIC or ocr_settings().reread_every_line
    words = with_missed_lines(np.asarray(source), words)
    words = with_type_heights(reread_lines(source, words, factor, every), np.asarray(source))
    gray = np.asarray(source)
    words = with_marks(with_circled_numbers(with_raised_marks(words, gray), gray), marks)
    words = with_stroke_widths(words, gray)
    shapes = [asdict(shape) for shape in area_shapes(base, ocr_settings().dpi, areas)]
    return {"words": words, "edges": [edge._asdict() for edge in edges], "shapes": shapes}


def _inside(area: tuple[int, int, int, int], box: tuple[int, int, int, int]) -> bool:
    """Whether a solid area lies within a mark's box (a pixel or two of blur aside)."""
    return area[0] >= box[0] - 3 and area[1] >= box[1] - 3 and area[2] <= box[2] + 3 and area[3] <= box[3] + 3


def _split_rows(words: list[dict]) -> int:
    """How many rows of the page's reading Tesseract split over SPLIT_ROWS blocks or more: lines of
    different blocks side by side on one baseline are the cells of a grid's row (a slide's title and
    its tag make one such row, a spreadsheet printed without ruling one for each of its rows)."""
    bands = line_bands(words)
    rows: list[tuple[float, float, set[str]]] = []  # middle, height, blocks
    for line, (middle, height) in sorted(bands.items(), key=lambda item: item[1][0]):
        block = line.split("/")[1]
        if rows and abs(middle - rows[-1][0]) <= 0.5 * min(height, rows[-1][1]):
            rows[-1][2].add(block)
        else:
            rows.append((middle, height, {block}))
    return sum(len(blocks) >= ocr_settings().split_rows for _, _, blocks in rows)


def _scale(height: float | None) -> float:
    """How much to scale a rendering whose lines of type are `height` pixels tall for Tesseract."""
    settings = pdf_settings().ocr
    if not height:
        return 1.0
    return min(max(settings.line_height / height, settings.min_scale), settings.max_scale)


def _read_words(image, factor: float, segmentation: Segmentation) -> list[dict]:
    """Tesseract's words for the image scaled by `factor`, in the unscaled image's pixels: read with the
    horizontal model, and again with the vertical one beside it where a column of vertical writing is
    found (the second model doubles the time a page takes)."""
    from PIL import Image

    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    scaled = image if factor == 1.0 else image.resize(size, Image.LANCZOS)
    words = words_of(read_tsv(scaled, segmentation, HORIZONTAL), factor, keep_unsure=True)
    if _has_vertical_writing(words):
        words = words_of(read_tsv(scaled, segmentation, LANGUAGES), factor, keep_unsure=True)
    return words


def _has_vertical_writing(words: list[dict]) -> bool:
    """Whether a reading holds a line of two characters or more set in a column (its box tall and narrow)."""
    lengths: dict[str, int] = {}
    for word in words:
        left, top, width, height = word["line_box"]
        if height > ocr_settings().vertical * width:
            lengths[word["line"]] = lengths.get(word["line"], 0) + len(word["text"])
    return any(length >= 2 for length in lengths.values())
