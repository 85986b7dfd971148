"""PDF engines: each reads a PDF's pages into PageContent (pipeline/readers/pdf/content.py). The engine
is chosen by the environment variable PDF_ENGINE (`pdfium` or `pdfplumber`), for a run or a test."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import InputError
from pipeline.readers.pdf.content import PageContent
from pipeline.readers.pdf.engines import pdfium, pdfminer

ENGINES: dict[str, Callable[[Path], list[PageContent]]] = {
    "pdfplumber": pdfminer.read_pages,
    "pdfium": pdfium.read_pages,
}
DEFAULT_ENGINE = "pdfplumber"


def engine_name() -> str:
    """The engine this run reads PDFs with."""
    return os.environ.get("PDF_ENGINE", "").strip().lower() or DEFAULT_ENGINE


def read_pages(path: Path) -> list[PageContent]:
    """Every page of the PDF at `path`, read by the chosen engine."""
    name = engine_name()
    if name not in ENGINES:
        raise InputError(f"PDF_ENGINE={name!r} names no PDF engine (one of: {', '.join(sorted(ENGINES))})")
    return ENGINES[name](path)
