"""Tesseract, kept loaded: its Japanese models read images through its C API (tesserocr), one engine per
set of models per worker process, so that a page costs its recognition and not a model load per run
(each run of the command loaded jpn and jpn_vert again: about half a second, five or more times a
page). The models are Debian's (tesseract-ocr-jpn, -jpn-vert, -osd). A run is bounded in time, and a
failure is an input error naming the reason."""

from __future__ import annotations

import contextlib
import os
from enum import IntEnum
from functools import cache
from pathlib import Path

from pipeline.config.vocabulary import ocr_settings
from pipeline.errors import InputError

# One thread per engine: Tesseract's OpenMP threads contend with each other and with the other workers
# (a page took five times as long with them on two cores); the workers use the cores. Set before the
# library loads.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

HORIZONTAL = "jpn"
LANGUAGES = "jpn+jpn_vert"  # for a page where a column of vertical writing is found
# Where Debian installs the models, newest first; TESSDATA_PREFIX, when set, comes before them.
MODEL_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata")
# Tesseract's words as TSV, whose header the C API leaves out (pipeline/readers/scan/ocr_words.py reads
# them by column name).
ASSUMED_DPI = 70  # Tesseract's own assumption for an image of no stated resolution
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


class Segmentation(IntEnum):
    """Tesseract's page segmentation modes the reader uses: automatic for most pages, one block of
    lines for a page with ruled tables (whose cells the automatic mode reads as scattered blocks and
    partly loses), one column of lines for a grid printed without ruling (whose rows the automatic mode
    splits into column blocks), one line for a circled number's digits."""

    AUTOMATIC = 3
    ONE_COLUMN = 4
    ONE_LINE = 7
    ONE_BLOCK = 6


def model_dir() -> Path | None:
    """The directory holding the Japanese models, or None when they are not installed."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *MODEL_DIRS]
    return next((Path(d) for d in candidates if d and (Path(d) / "jpn.traineddata").is_file()), None)


@cache
def _engine(languages: str):
    """One engine per set of models, loaded on first use and kept for the process's life."""
    import tesserocr

    _quiet_leptonica(Path(tesserocr.__file__).parent)
    directory = model_dir()
    if directory is None:
        raise InputError("OCR needs Tesseract's Japanese models (tesseract-ocr-jpn), which are not installed")
    return tesserocr.PyTessBaseAPI(path=str(directory), lang=languages)


@cache
def engine_version() -> str:
    """Tesseract's version and the models it reads with: part of what a cached page reading depends on."""
    import tesserocr

    directory = model_dir()
    models = sorted(p.name for p in directory.glob("*.traineddata")) if directory else []
    sizes = [f"{name}:{(directory / name).stat().st_size}" for name in models] if directory else []
    return " ".join([tesserocr.tesseract_version().splitlines()[0], *sizes])


def read_tsv(image, segmentation: Segmentation, languages: str = HORIZONTAL, allowed: str = "") -> str:
    """Tesseract's words for a PIL `image` as TSV (with its header), read with `languages` in the
    segmentation mode given; `allowed` limits the characters it may read, where its model honours it."""
    engine = _engine(languages)
    engine.Clear()  # nothing of the last image is carried over: the same image reads the same anywhere
    engine.SetPageSegMode(int(segmentation))
    engine.SetVariable("tessedit_char_whitelist", allowed)
    _set_image(engine, image)
    if not engine.Recognize(timeout=int(ocr_settings().page_timeout * 1000)):
        raise InputError(f"OCR took over {ocr_settings().page_timeout} s on a page, or failed on it")
    return TSV_HEADER + engine.GetTSVText(0)


def rotation(image) -> int:
    """Degrees (0, 90, 180, 270) to turn a PIL `image` anticlockwise so that its text reads upright, by
    Tesseract's orientation detection; 0 where too little text tells."""
    engine = _engine("osd")
    engine.Clear()
    engine.SetPageSegMode(0)  # orientation and script detection only
    _set_image(engine, image)
    found = engine.DetectOrientationScript()
    return int(found["orient_deg"]) if found else 0


def _set_image(engine, image) -> None:
    """The image handed to the engine as its grey pixels (no file, no encoding), at the resolution
    Tesseract assumes for an image that states none, as the command line read the reader's images."""
    gray = image if image.mode == "L" else image.convert("L")
    engine.SetImageBytes(gray.tobytes(), gray.width, gray.height, 1, gray.width)
    engine.SetSourceResolution(ASSUMED_DPI)


LEPTONICA_SILENT = 6  # L_SEVERITY_NONE: Leptonica reports nothing


def _quiet_leptonica(package: Path) -> None:
    """Leptonica, the image library under Tesseract, writes its own complaints to stderr ('Error in
    boxClipToRectangle: box outside rectangle' for a word at an image's edge): noise beside the
    pipeline's one line per problem, about nothing that goes wrong. They are switched off in the
    library the engine was loaded with (the wheel's own copy, else the system's)."""
    import ctypes
    import ctypes.util

    found = sorted((package.parent / f"{package.name}.libs").glob("libleptonica*.so*"))
    name = str(found[0]) if found else ctypes.util.find_library("leptonica")
    if name:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(name).setMsgSeverity(LEPTONICA_SILENT)
