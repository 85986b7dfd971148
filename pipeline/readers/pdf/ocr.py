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

import csv
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import asdict
from pathlib import Path

import numpy as np

from pipeline.errors import InputError
from pipeline.families.dates import MISREAD_ERA
from pipeline.readers.pdf.drawing import Shape
from pipeline.readers.pdf.page_image import ruling_edges, shaded_cells, skew_angle
from pipeline.readers.pdf.ruled import ruled_tables

DPI = 300
LANGUAGES = "jpn+jpn_vert"
MIN_CONFIDENCE = 30  # a word Tesseract is less sure of than this is noise (a stain, a stamp's rim)
PAGE_TIMEOUT = 120  # seconds Tesseract may take for a page
CACHE_VERSION = "4"  # what a cached page holds: words, rulings and shaded cells
VERTICAL = 2.0  # a recognised line this many times taller than wide is a column of vertical writing
MIN_SKEW = 0.2  # degrees: a page leaning less is read as it is (its rulings are still one pixel row)
# Tesseract's page segmentation: automatic for most pages, one block of lines for a page with ruled
# tables, whose cells the automatic mode reads as scattered blocks and partly loses.
AUTOMATIC, ONE_BLOCK = "3", "6"
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


# Era names OCR misreads before a year: 今和 / 念和 / 人和 6 年度 -> 令和6年度.
def correct(text: str) -> str:
    """A recognised line with the misreadings OCR makes of plan vocabulary set right."""
    return MISREAD_ERA.compiled.sub("令和", text)


def _line_key(row: dict) -> tuple[str, str, str, str]:
    return row["page_num"], row["block_num"], row["par_num"], row["line_num"]


def _closed_widths(words: list[dict]) -> list[int]:
    """Each word's width, stretched to the next word of its line where less than a character parts them:
    Tesseract parts Japanese into words that print with no space between them."""
    widths = []
    for word, following in zip(words, [*words[1:], None][: len(words)], strict=True):
        width = int(word["width"])
        if following is not None and _line_key(following) == _line_key(word):
            gap = int(following["left"]) - int(word["left"]) - width
            if 0 < gap < int(word["height"]):
                width += gap
        widths.append(width)
    return widths


def _chars(tsv: str, scale: float) -> list[dict]:
    """Each recognised word's characters with boxes in points: the word's width shared among them, set
    on the middle of the line they stand on at the line's typical word height. A word's own box is as
    tall as its tallest glyph ('、' would read as a raised note marker), and a line's box grows with the
    page's skew, overlapping the next line."""
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    words = [
        row
        for row in rows
        if row.get("level") == "5"
        and (row.get("text") or "").strip()
        and float(row["conf"]) >= MIN_CONFIDENCE
    ]
    lines = {_line_key(row): row for row in rows if row.get("level") == "4"}
    heights: dict[tuple, list[int]] = {}
    for word in words:
        heights.setdefault(_line_key(word), []).append(int(word["height"]))
    chars = []
    reached: dict[tuple, float] = {}  # how far right each line's characters have gone
    for word, width in zip(words, _closed_widths(words), strict=True):
        text = word["text"].strip()
        key = _line_key(word)
        line = lines.get(key, word)
        if int(line["height"]) > VERTICAL * int(line["width"]):
            chars.extend(_stacked(word, text, scale))  # a column of vertical writing (縦書き)
            continue
        middle = (int(line["top"]) + int(line["height"]) / 2) * scale
        height = statistics.median(heights[key]) * scale
        left, right = int(word["left"]) * scale, (int(word["left"]) + width) * scale
        # Tesseract's word boxes overlap where it splits a run of Japanese oddly: a word starts where
        # the one before it ends, so that its characters keep the order Tesseract read them in.
        left = max(left, reached.get(key, left))
        width = max(right - left, 0.5 * height * len(text))
        reached[key] = left + width
        top = middle - height / 2
        step = width / len(text)
        for i, char in enumerate(text):
            chars.append(
                {
                    "text": char,
                    "x0": left + i * step,
                    "x1": left + (i + 1) * step,
                    "top": top,
                    "bottom": top + height,
                    "size": height * 0.9,
                    "fontname": "",
                }  # fmt: skip
            )
    return chars


def _stacked(word: dict, text: str, scale: float) -> list[dict]:
    """A word of vertical writing as characters one under another down its box, so that the page
    reader finds the columns of a vertical page (pipeline/readers/pdf/reader.page_layout)."""
    left, top = int(word["left"]) * scale, int(word["top"]) * scale
    width, step = int(word["width"]) * scale, int(word["height"]) * scale / len(text)
    return [
        {"text": char, "x0": left, "x1": left + width, "top": top + i * step, "bottom": top + (i + 1) * step,
         "size": width * 0.9, "fontname": ""}
        for i, char in enumerate(text)
    ]  # fmt: skip


def ocr_page(path: Path, index: int) -> tuple[list[dict], list[dict], list[Shape]]:
    """What OCR and the page image give for page `index` (0-based): its characters, its ruling edges and
    its shaded cells, from the cache when the same image was read before."""
    png = _render(path, index)
    key = hashlib.sha256(png + LANGUAGES.encode() + CACHE_VERSION.encode()).hexdigest()
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
    return _chars(read["tsv"], 72 / DPI), read["edges"], shapes


def _read_image(png: bytes) -> dict:
    """The page turned upright, then read: Tesseract's words (TSV), and the rulings and shaded cells the
    image shows. A page with ruled tables is straightened first (its rulings must run level to be
    found) and read without its rulings as one block of lines; any other page is read as scanned, since
    resampling blurs type set over colour (a slide's title band)."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as scratch:
        image_path = _upright(png, Path(scratch))
        image = Image.open(image_path).convert("L")
        angle = skew_angle(image)
        if abs(angle) >= MIN_SKEW:
            image = image.rotate(angle, resample=Image.BILINEAR, fillcolor=255)
        gray = np.asarray(image)
        edges, unruled = ruling_edges(gray, DPI)
        if ruled_tables(edges):
            Image.fromarray(unruled).save(image_path)
            segmentation = ONE_BLOCK
        else:
            edges, segmentation = [], AUTOMATIC
        tsv = _tesseract(image_path, "-l", LANGUAGES, "--psm", segmentation, "tsv")
    shapes = [asdict(shape) for shape in shaded_cells(gray, DPI, edges)] if edges else []
    return {"tsv": tsv, "edges": edges, "shapes": shapes}
