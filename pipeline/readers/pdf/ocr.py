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
from pipeline.families.dates import MISREAD_ERA
from pipeline.readers.pdf.drawing import Shape
from pipeline.readers.pdf.ocr_words import VERTICAL, chars_of, line_heights, with_ink_heights, words_of
from pipeline.readers.pdf.page_image import ruling_edges, skew_angle, text_height
from pipeline.readers.pdf.ruled import ruled_tables
from pipeline.readers.pdf.solid_areas import area_shapes, clear_grounds, solid_areas

DPI = 300
LANGUAGES = "jpn+jpn_vert"
PAGE_TIMEOUT = 120  # seconds Tesseract may take for a page
CACHE_VERSION = "5"  # what a cached page holds: words with their line boxes, rulings and solid areas
MIN_SKEW = 0.2  # degrees: a page leaning less is read as it is (its rulings are still one pixel row)
# Tesseract's page segmentation: automatic for most pages, one block of lines for a page with ruled
# tables, whose cells the automatic mode reads as scattered blocks and partly loses.
AUTOMATIC, ONE_BLOCK = "3", "6"
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
    """The words with each line's misreadings of plan vocabulary set right (今和 / 念和 6 年度 -> 令和,
    an era split over two words being one line's text), the corrected text dealt back to the words by
    their lengths, the last taking what is over."""
    lines: dict[str, list[dict]] = {}
    for word in words:
        lines.setdefault(word["line"], []).append(word)
    fixed = {}
    for members in lines.values():
        text = MISREAD_ERA.compiled.sub("令和", "".join(word["text"] for word in members))
        start = 0
        for index, word in enumerate(members):
            end = len(text) if index == len(members) - 1 else start + len(word["text"])
            if text[start:end]:
                fixed[id(word)] = {**word, "text": text[start:end]}
            start = end
    return [fixed[id(word)] for word in words if id(word) in fixed]


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
    return chars_of(_corrected(read["words"]), 72 / DPI), read["edges"], shapes


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
        areas, solid = solid_areas(base, DPI)
        cleared = clear_grounds(base, areas, solid, DPI, rules)
        # A 3-pixel median takes out a scan's dust and JPEG speckle, which Tesseract reads as strokes.
        source = Image.fromarray(cleared).filter(ImageFilter.MedianFilter(3))
        factor = _scale(text_height(np.asarray(source)))
        words = _read_words(source, factor, Path(scratch), segmentation)
        words = with_ink_heights(_reread_lines(source, words, factor, Path(scratch)), np.asarray(source))
    shapes = [asdict(shape) for shape in area_shapes(base, DPI, areas)]
    return {"words": words, "edges": edges, "shapes": shapes}


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


def _reread_lines(image, words: list[dict], factor: float, scratch: Path) -> list[dict]:
    """The words, with each line whose type is far from the height the page was read at read again on
    its own at its best scale. The lines are cut out, scaled and stacked into one image (one Tesseract
    run for them all); a line whose second reading finds nothing keeps its first."""
    strips = _strips(image, words, factor)
    if not strips:
        return words
    target = scratch / "lines.png"
    tops = _stack(strips, target)
    half = STRIP_MARGIN / 2
    again: dict[str, list[dict]] = {}
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
        if (
            strip.line_box[1] <= box[1] + box[3] / 2 <= strip.line_box[1] + strip.line_box[3]
        ):  # not a neighbour's
            # A line the first reading ran together (a title beside a tag) may come back as two.
            again.setdefault(strip.line, []).append(
                {**word, "line": f"{strip.line}+{word['line']}", "box": box,
                 "line_box": _placed(word["line_box"], strip, top)}
            )  # fmt: skip
    out: list[dict] = []
    for word in words:  # each line read again takes its first reading's place
        if word["line"] not in again:
            out.append(word)
        elif again[word["line"]]:
            out.extend(again[word["line"]])
            again[word["line"]] = []
    return out


class Strip(NamedTuple):
    """A line cut out to be read again: its key and box in the page image, the crop holding it, the scale
    that suits its type, and the crop so scaled."""

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


def _strips(image, words: list[dict], factor: float) -> list[Strip]:
    """The lines to read again: each with its line box, the crop of the page image holding it, the scale
    that suits its type, and that crop scaled."""
    from PIL import Image

    settings = pdf_settings().ocr
    boxes = {word["line"]: word["line_box"] for word in words}
    strips = []
    for line, height in line_heights(words).items():
        left, top, width, line_height = boxes[line]
        ratio = height * factor / settings.line_height
        if line_height > VERTICAL * width or 1 / settings.reread_ratio <= ratio <= settings.reread_ratio:
            continue
        pad, side = height * 0.15, height * 0.5
        crop = (max(0, round(left - side)), max(0, round(top - pad)),
                min(image.width, round(left + width + side)), min(image.height, round(top + line_height + pad)))  # fmt: skip
        scale = _scale(height)
        piece = image.crop(crop)
        size = (max(1, round(piece.width * scale)), max(1, round(piece.height * scale)))
        strips.append(Strip(line, boxes[line], crop, scale, piece.resize(size, Image.LANCZOS)))
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
