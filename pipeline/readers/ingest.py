"""Stage 1, ingest: a raw plan -> its lines, by the reader for its format (plain text or PDF)."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError
from pipeline.model.lines import Ingested
from pipeline.readers.pdf.reader import read_pdf_lines, read_pdf_properties
from pipeline.readers.text import check_japanese, read_text


def ingest_file(path: Path) -> Ingested:
    """Read one raw plan. Raises InputError with a one-line reason for unusable input."""
    if path.suffix.lower() == ".pdf":
        lines, n_pages, warnings = read_pdf_lines(path)
        check_japanese(lines)
        return Ingested("pdf", lines, n_pages, warnings, read_pdf_properties(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"unreadable: {exc.strerror}") from None
    return read_text(data)
