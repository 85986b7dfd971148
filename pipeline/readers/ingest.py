"""Stage 1, ingest: a raw plan -> its lines, by the reader for its format: plain text, PDF (OCR for
pages without a text layer), or a Word, Excel or PowerPoint original."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.errors import InputError
from pipeline.model.lines import Ingested
from pipeline.readers.office.blocks import Block, to_lines
from pipeline.readers.office.docx import read_docx_blocks
from pipeline.readers.office.package import check_package, package_properties
from pipeline.readers.office.pptx import read_pptx_blocks
from pipeline.readers.office.xlsx import read_xlsx_blocks
from pipeline.readers.pdf.reader import read_pdf_lines, read_pdf_properties
from pipeline.readers.text import check_japanese, read_text

OFFICE_READERS: dict[str, tuple[str, Callable[[Path], list[Block]]]] = {
    ".docx": ("docx", read_docx_blocks),
    ".docm": ("docx", read_docx_blocks),
    ".xlsx": ("xlsx", read_xlsx_blocks),
    ".xlsm": ("xlsx", read_xlsx_blocks),
    ".pptx": ("pptx", read_pptx_blocks),
    ".pptm": ("pptx", read_pptx_blocks),
}


def _read_office(path: Path, input_format: str, read: Callable[[Path], list[Block]]) -> Ingested:
    warnings = check_package(path)
    lines = to_lines(read(path))
    check_japanese(lines)
    pages = [line.page for line in lines if line.page is not None]
    return Ingested(input_format, lines, max(pages) if pages else None, warnings, package_properties(path))


def ingest_file(path: Path, on_ocr_page: Callable[[int], None] | None = None) -> Ingested:
    """Read one raw plan. Raises InputError with a one-line reason for unusable input. `on_ocr_page`
    hears each page (0-based) OCR starts to read."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        lines, n_pages, warnings = read_pdf_lines(path, on_ocr_page)
        check_japanese(lines)
        input_format = "pdf+ocr" if any(line.ocr for line in lines) else "pdf"
        return Ingested(input_format, lines, n_pages, warnings, read_pdf_properties(path))
    if suffix in OFFICE_READERS:
        return _read_office(path, *OFFICE_READERS[suffix])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"unreadable: {exc.strerror}") from None
    return read_text(data)
