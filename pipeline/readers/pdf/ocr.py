"""Pages without a text layer (a scan, or a scanned page inside a digital PDF) read by OCR: the page is
rendered with pypdfium2 (which pdfplumber installs), turned upright by Tesseract's orientation check,
straightened (pipeline/readers/pdf/page_image.py, which also finds its rulings and shaded cells), and
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
import shutil
import subprocess
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from pipeline.config.vocabulary import pdf_settings
from pipeline.errors import InputError
from pipeline.families import misreads
from pipeline.families.family import MisreadFamily
from pipeline.readers.pdf.drawing import Shape
from pipeline.readers.pdf.ocr_words import (
    VERTICAL,
    chars_of,
    line_bands,
    with_marks,
    with_type_heights,
    without_overlaps,
    without_specks,
    word_runs,
    words_of,
)
from pipeline.readers.pdf.page_image import ruling_edges, skew_angle, text_height
from pipeline.readers.pdf.ruled import ruled_tables
from pipeline.readers.pdf.solid_areas import area_shapes, clear_grounds, drawn_marks, solid_areas

DPI = 300
LANGUAGES = "jpn+jpn_vert"
PAGE_TIMEOUT = 120  # seconds Tesseract may take for a page
CACHE_VERSION = "7"  # what a cached page holds: words with their line boxes, rulings and solid areas
MIN_SKEW = 0.2  # degrees: a page leaning less is read as it is (its rulings are still one pixel row)
# Tesseract's page segmentation: automatic for most pages, one block of lines for a page with ruled
# tables, whose cells the automatic mode reads as scattered blocks and partly loses, and one column of
# lines for a grid printed without ruling, whose rows the automatic mode splits into column blocks.
AUTOMATIC, ONE_BLOCK, ONE_COLUMN = "3", "6", "4"
SPLIT_ROWS = 3  # rows each split over this many blocks (or more) make a page a grid without ruling
BAND = 0.75  # type heights either side of a line's middle that are cut out to read it again
STRIP_MARGIN = 40  # pixels of white around each line cut out to be read again
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert"


def cache_dir() -> Path:
    return Path(os.environ.get("DXPLANS_OCR_CACHE") or Path.home() / ".cache" / "dxplans" / "ocr")


def available() -> bool:
    if shutil.which("tesseract") is None:
        return False
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "jpn" in listed.stdout.split()


def _render(path: Path, index: int) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        image = document[index].render(scale=DPI / 72, grayscale=True).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _tesseract(image: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["tesseract", str(image), "stdout", *args], capture_output=True, text=True, timeout=PAGE_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise InputError(f"OCR took over {PAGE_TIMEOUT} s on a page") from None
    if done.returncode != 0:
        raise InputError(
            f"OCR failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
        )
    return done.stdout


def _upright(png: bytes, scratch: Path) -> Path:
    """The page image turned the way its text reads (Tesseract's orientation and script detection)."""
    from PIL import Image

    image_path = scratch / "page.png"
    image_path.write_bytes(png)
    try:
        report = _tesseract(image_path, "--psm", "0", "-l", "osd")
    except InputError:
        return image_path  # too little text to tell: read as it is
    rotate = next((int(line.split(":")[1]) for line in report.splitlines() if line.startswith("Rotate:")), 0)
    if rotate:
        Image.open(image_path).rotate(-rotate, expand=True).save(image_path)
    return image_path


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


def ocr_page(path: Path, index: int) -> tuple[list[dict], list[dict], list[Shape]]:
    """What OCR and the page image give for page `index` (0-based): its characters, its ruling edges and
    its solid areas as shapes, from the cache when the same image was read before."""
    png = _render(path, index)
    settings = json.dumps(pdf_settings().ocr.model_dump(), sort_keys=True)
    key = hashlib.sha256(png + f"{LANGUAGES}/{CACHE_VERSION}/{settings}".encode()).hexdigest()
    cached = cache_dir() / f"{key}.json"
    if cached.exists():
        read = json.loads(cached.read_text(encoding="utf-8"))
    else:
        read = _read_image(png)
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.part")
        partial.write_text(json.dumps(read, ensure_ascii=False), encoding="utf-8")
        partial.replace(cached)
    shapes = [Shape(**shape) for shape in read["shapes"]]
    words = without_specks(without_overlaps(_corrected(read["words"])))
    return chars_of(words, 72 / DPI), read["edges"], shapes


def _read_image(png: bytes) -> dict:
    """The page turned upright, then read: Tesseract's words, and the rulings and solid areas the
    image shows. A page with ruled tables is straightened first (its rulings must run level to be
    found) and read without its rulings as one block of lines; any other page is read as scanned, since
    resampling blurs type set over colour (a slide's title band). The page is read at the scale that
    suits its commonest line of type, and lines far larger or smaller again at theirs."""
    from PIL import Image, ImageFilter

    with tempfile.TemporaryDirectory() as scratch:
        image_path = _upright(png, Path(scratch))
        image = Image.open(image_path).convert("L")
        angle = skew_angle(image)
        if abs(angle) >= MIN_SKEW:
            image = image.rotate(angle, resample=Image.BILINEAR, fillcolor=255)
        gray = np.asarray(image)
        edges, rules = ruling_edges(gray, DPI)
        if ruled_tables(edges):
            base, segmentation = np.where(rules, 255, gray).astype(np.uint8), ONE_BLOCK
        else:
            edges, rules, base, segmentation = [], None, gray, AUTOMATIC
        marks = drawn_marks(base, DPI)
        areas, solid = solid_areas(base, DPI)
        # A mark is a character of the text (● in a year's cell, as a digital page prints it), not a shape.
        areas = [area for area in areas if not any(_inside(area, box) for box, _ in marks)]
        cleared = clear_grounds(base, areas, solid, DPI, rules)
        for (x0, top, x1, bottom), _ in marks:  # read as words of their own, not by Tesseract
            cleared[max(0, top - 2) : bottom + 2, max(0, x0 - 2) : x1 + 2] = 255
        # A 3-pixel median takes out a scan's dust and JPEG speckle, which Tesseract reads as strokes.
        source = Image.fromarray(cleared).filter(ImageFilter.MedianFilter(3))
        factor = _scale(text_height(np.asarray(source)))
        words = _read_words(source, factor, Path(scratch), segmentation)
        if segmentation == AUTOMATIC and _split_rows(words) >= SPLIT_ROWS:
            words = _read_words(source, factor, Path(scratch), ONE_COLUMN)
        words = with_type_heights(_reread_lines(source, words, Path(scratch)), np.asarray(source))
        words = with_marks(words, marks)
    shapes = [asdict(shape) for shape in area_shapes(base, DPI, areas)]
    return {"words": words, "edges": edges, "shapes": shapes}


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
    return sum(len(blocks) >= SPLIT_ROWS for _, _, blocks in rows)


def _scale(height: float | None) -> float:
    """How much to scale a rendering whose lines of type are `height` pixels tall for Tesseract."""
    settings = pdf_settings().ocr
    if not height:
        return 1.0
    return min(max(settings.line_height / height, settings.min_scale), settings.max_scale)


def _read_words(image, factor: float, scratch: Path, segmentation: str) -> list[dict]:
    """Tesseract's words for the image scaled by `factor`, in the unscaled image's pixels."""
    from PIL import Image

    target = scratch / "read.png"
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    (image if factor == 1.0 else image.resize(size, Image.LANCZOS)).save(target)
    return words_of(_tesseract(target, "-l", LANGUAGES, "--psm", segmentation, "tsv"), factor)


def _reread_lines(image, words: list[dict], scratch: Path) -> list[dict]:
    """The words, each line's taken from the surest of its readings: the page's, and the line's own cut
    out and scaled to each line height of `reread_heights` (Tesseract's reading of a line changes with
    its scale, and its confidence says which reading to trust). The cut-out lines are stacked into one
    image: one Tesseract run reads them all."""
    strips = _strips(image, words)
    if not strips:
        return words
    target = scratch / "lines.png"
    tops = _stack(strips, target)
    half = STRIP_MARGIN / 2
    readings: dict[int, list[dict]] = {index: [] for index in range(len(strips))}
    for word in words_of(_tesseract(target, "-l", LANGUAGES, "--psm", ONE_BLOCK, "tsv")):
        middle = word["box"][1] + word["box"][3] / 2
        index = next(
            (i for i, top in enumerate(tops) if top - half <= middle < top + strips[i].image.height + half),
            None,
        )
        if index is None:
            continue
        strip, top = strips[index], tops[index]
        box = _placed(word["box"], strip, top)
        if strip.line_box[1] <= box[1] + box[3] / 2 <= strip.line_box[1] + strip.line_box[3]:
            # The line keeps its key and box however Tesseract parts the strip (a word in much larger
            # or smaller type, a tag run into a title, keeps its own size: ocr_words.chars_of); a
            # neighbour's sliver cut out with the line is left out.
            readings[index].append({**word, "line": strip.line, "box": box, "line_box": strip.line_box})
    for reading in readings.values():
        reading.sort(key=lambda word: word["box"][0])  # one line, left to right, however Tesseract parted it
    chosen: dict[str, list[dict]] = {}
    for word in words:
        chosen.setdefault(word["line"], []).append(word)
    for line, first in list(chosen.items()):
        others = [readings[i] for i, strip in enumerate(strips) if strip.line == line]
        chosen[line] = max([first, *others], key=_sureness)  # on a tie the page's reading stays
    out: list[dict] = []
    for word in words:  # each line's chosen reading takes its place in the page's order
        out.extend(chosen.pop(word["line"], []))
    return out


def _sureness(words: list[dict]) -> float:
    """How much of a line a reading gives with confidence: its characters weighted by their words'."""
    return sum(len(word["text"]) * word["conf"] for word in words) / 100


class Strip(NamedTuple):
    """A line cut out to be read again: its key and band in the page image, the crop holding it, the
    scale that brings its type to a reading height, and the crop so scaled."""

    line: str
    line_box: list[float]
    crop: tuple[int, int, int, int]
    scale: float
    image: Any


def _placed(box: list[float], strip: Strip, top: int) -> list[float]:
    """A box read in the stack of strips (`strip` set at row `top`) in the page image's pixels."""
    left, y, width, height = box
    return [(left - STRIP_MARGIN) / strip.scale + strip.crop[0], (y - top) / strip.scale + strip.crop[1],
            width / strip.scale, height / strip.scale]  # fmt: skip


def _strips(image, words: list[dict]) -> list[Strip]:
    """The lines to read again (every line of horizontal writing), once for each height of
    `reread_heights`: its line box, the crop of the page image holding it, the scale that brings its
    type to that height, and the crop so scaled."""
    from PIL import Image

    settings = pdf_settings().ocr
    bands = line_bands(words)
    strips: list[Strip] = []
    seen: set[str] = set()
    for word in words:
        left, _, width, height = word["line_box"]
        if word["line"] in seen or height > VERTICAL * width:
            continue
        seen.add(word["line"])
        # The line's band, not its box: a stray word box can stretch a line's box over the next line.
        middle, typical = bands[word["line"]]
        band = [left, middle - BAND * typical, width, 2 * BAND * typical]
        side = typical * 0.5
        crop = (max(0, round(left - side)), max(0, round(band[1])),
                min(image.width, round(left + width + side)), min(image.height, round(band[1] + band[3])))  # fmt: skip
        piece = image.crop(crop)
        for line_height in settings.reread_heights:
            scale = min(max(line_height / typical, settings.min_scale), settings.max_scale)
            size = (max(1, round(piece.width * scale)), max(1, round(piece.height * scale)))
            strips.append(Strip(word["line"], band, crop, scale, piece.resize(size, Image.LANCZOS)))
    return strips


def _stack(strips: list[Strip], target: Path) -> list[int]:
    """The strips' scaled crops one under another on white, saved to `target`; the row each is set at."""
    from PIL import Image

    pieces = [strip.image for strip in strips]
    stack = Image.new(
        "L",
        (
            max(p.width for p in pieces) + 2 * STRIP_MARGIN,
            sum(p.height + STRIP_MARGIN for p in pieces) + STRIP_MARGIN,
        ),
        255,
    )
    tops, y = [], STRIP_MARGIN
    for piece in pieces:
        stack.paste(piece, (STRIP_MARGIN, y))
        tops.append(y)
        y += piece.height + STRIP_MARGIN
    stack.save(target)
    return tops
