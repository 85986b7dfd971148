"""Running Tesseract: its Japanese models, the page segmentation modes the OCR reader uses, and one run
bounded in time whose failure is an input error naming the reason."""

from __future__ import annotations

import os
import subprocess
from functools import lru_cache
from pathlib import Path

from pipeline.config.vocabulary import ocr_settings
from pipeline.errors import InputError

LANGUAGES = "jpn+jpn_vert"
# Tesseract's page segmentation: automatic for most pages, one block of lines for a page with ruled
# tables, whose cells the automatic mode reads as scattered blocks and partly loses, and one column of
# lines for a grid printed without ruling, whose rows the automatic mode splits into column blocks.
AUTOMATIC, ONE_BLOCK, ONE_COLUMN = "3", "6", "4"
SINGLE_CHARACTER = "10"  # a glyph cut out to be read on its own


@lru_cache(maxsize=1)
def engine_version() -> str:
    """Tesseract's version line and the models it has: part of what a cached page reading depends on."""
    try:
        version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30)
        models = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    first = (version.stdout or version.stderr).strip().splitlines()[:1]
    return " ".join(first + sorted(models.stdout.split()[1:]))


def tesseract(image: Path, *args: str) -> str:
    """What Tesseract writes for `image` with `args` (a TSV of words, an orientation report)."""
    try:
        done = subprocess.run(
            ["tesseract", str(image), "stdout", *args],
            capture_output=True,
            text=True,
            timeout=ocr_settings().page_timeout,
            # One thread: Tesseract's OpenMP threads contend with each other and with the other
            # workers (a page took five times as long with them on two cores); the workers use the cores.
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired:
        raise InputError(f"OCR took over {ocr_settings().page_timeout} s on a page") from None
    if done.returncode != 0:
        raise InputError(
            f"OCR failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
        )
    return done.stdout
