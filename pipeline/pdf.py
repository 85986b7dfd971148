"""PDF -> lines in reading order, built from one pass over each page's characters.

Lines are clusters of characters sharing a baseline; a raised, smaller run inside a line is a footnote
marker (written `^{※1}` like text input); wide gaps become tabs so ruled or aligned tables reach the
structure stage as the same tab-separated rows that text input has. Running headers and footers are
recognised by repetition across pages and kept out of the flow.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .ingest import Line
from .normalize import normalize_text

_BOLD_FONT = re.compile(r"bold|black|heavy|[-_]w[6-9]\b|[-_]?demi|semibold", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^(?:[-‐－―–—]\s*)?(?:P\s*\.?\s*)?\d{1,4}(?:\s*[-‐－―–—])?$|^\d{1,4}\s*/\s*\d{1,4}$"
)
_MARGIN = 0.08  # top and bottom share of the page where running headers and footers live


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class _PdfLine:
    page: int
    top: float
    bottom: float
    chars: list[_Char]
    text: str = ""
    size: float = 0.0
    bold: bool = False


def read_pdf_lines(path: Path) -> tuple[list[Line], int]:
    """All text lines of a PDF with page numbers. Raises InputError for unusable PDFs."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            pages = [(page.page_number, page.height, page.chars) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many types for damaged files; pdfplumber wraps them
        raise InputError(_pdf_failure(exc)) from None
    n_pages = len(pages)
    if n_pages == 0:
        raise InputError("unreadable PDF: it has no pages")
    if not any(chars for _, _, chars in pages):
        raise InputError(f"no text layer: {n_pages} page(s) without characters (a scan? run OCR first)")

    page_lines = [(number, height, _group_lines(number, chars)) for number, height, chars in pages]
    body_size = _body_size(line for _, _, lines in page_lines for line in lines)
    furniture = _running_furniture(page_lines)
    return _number_lines(page_lines, body_size, furniture), n_pages


def _pdf_failure(exc: Exception) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    causes = [exc, *exc.args, exc.__cause__, exc.__context__]
    if any(isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError) for cause in causes):
        return "encrypted PDF: a password is required to read it"
    detail = next((str(cause) for cause in causes if isinstance(cause, Exception) and str(cause)), "")
    return f"unreadable PDF: {detail or type(exc).__name__}"


def _to_char(raw: dict) -> _Char:
    return _Char(
        text=raw["text"],
        x0=raw["x0"],
        x1=raw["x1"],
        top=raw["top"],
        bottom=raw["bottom"],
        size=raw.get("size") or (raw["bottom"] - raw["top"]),
        bold=bool(_BOLD_FONT.search(raw.get("fontname") or "")),
    )


def _group_lines(page_number: int, raw_chars: list[dict]) -> list[_PdfLine]:
    """Cluster characters into lines by vertical overlap, then lay each line out left to right."""
    chars = sorted(
        (_to_char(c) for c in raw_chars if c["text"].strip() or c["text"] == " "), key=lambda c: (c.top, c.x0)
    )
    lines: list[_PdfLine] = []
    for char in chars:
        target = None
        for line in reversed(lines[-3:]):
            overlap = min(line.bottom, char.bottom) - max(line.top, char.top)
            if overlap >= 0.5 * min(char.bottom - char.top, line.bottom - line.top):
                target = line
                break
        if target is None:
            lines.append(_PdfLine(page_number, char.top, char.bottom, [char]))
        else:
            target.chars.append(char)
            target.top, target.bottom = min(target.top, char.top), max(target.bottom, char.bottom)
    for line in lines:
        _layout(line)
    return [line for line in lines if line.text.strip()]


def _layout(line: _PdfLine) -> None:
    chars = sorted(line.chars, key=lambda c: c.x0)
    sizes = [c.size for c in chars if c.text.strip()]
    line.size = statistics.median(sizes) if sizes else 0.0
    baseline = statistics.median(c.bottom for c in chars if c.size >= 0.9 * line.size) if sizes else 0.0
    line.bold = sum(c.bold for c in chars) > len(chars) / 2
    parts: list[str] = []
    superscript: list[str] = []
    previous: _Char | None = None
    for char in chars:
        raised = char.size < 0.8 * line.size and char.bottom < baseline - 0.2 * line.size
        if previous is not None:
            gap = char.x0 - previous.x1
            if gap > 2.5 * line.size:
                _flush(parts, superscript)
                parts.append("\t")
            elif gap > 0.35 * line.size and not superscript:
                parts.append(" ")
        if raised and char.text.strip():
            superscript.append(char.text)
        else:
            _flush(parts, superscript)
            parts.append(char.text)
        previous = char
    _flush(parts, superscript)
    line.text = "".join(parts)


def _flush(parts: list[str], superscript: list[str]) -> None:
    if superscript:
        parts.append("^{" + "".join(superscript) + "}")
        superscript.clear()


def _body_size(lines) -> float:
    counts = Counter()
    for line in lines:
        counts[round(line.size, 1)] += len(line.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", normalize_text(text).replace(" ", ""))


def _running_furniture(page_lines) -> set[tuple[int, float]]:
    """(page, top) of lines in the page margins that repeat on many pages, and bare page numbers."""
    n_pages = len(page_lines)
    margin_lines = []
    for number, height, lines in page_lines:
        for line in lines:
            if line.bottom < height * _MARGIN or line.top > height * (1 - _MARGIN):
                margin_lines.append((number, line))
    repeats = Counter(
        key for _, key in {(number, _furniture_key(line.text)) for number, line in margin_lines}
    )
    threshold = max(2, n_pages // 3)
    furniture = set()
    for number, line in margin_lines:
        text = normalize_text(line.text)
        if _PAGE_NUMBER.match(text.replace(" ", "")) or (
            n_pages >= 3 and repeats[_furniture_key(line.text)] >= threshold
        ):
            furniture.add((number, line.top))
    return furniture


def _number_lines(page_lines, body_size: float, furniture: set[tuple[int, float]]) -> list[Line]:
    """Page-ordered lines, a blank line where a vertical gap separates blocks, numbered from 1."""
    out: list[Line] = []
    for number, _height, lines in page_lines:
        previous: _PdfLine | None = None
        for line in lines:
            if (number, line.top) in furniture:
                continue
            if previous is not None and line.top - previous.bottom > 0.9 * max(previous.size, body_size):
                out.append(Line(line=len(out) + 1, raw="", text="", page=number))
            ratio = round(line.size / body_size, 2) if body_size else None
            out.append(
                Line(
                    line=len(out) + 1,
                    raw=line.text,
                    text=normalize_text(line.text),
                    page=number,
                    size_ratio=ratio,
                    bold=line.bold,
                )
            )
            previous = line
        out.append(Line(line=len(out) + 1, raw="", text="", page=number))
    return out
