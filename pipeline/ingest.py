"""Stage 1, ingest: a raw plan (text or PDF) -> one row per line.

Text input keeps the raw file's line numbering (what `grep -n` shows), so every later row can point back
at the source. PDF input goes through `pipeline.pdf`, which yields lines in reading order with a page.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .normalize import normalize_text

# A plan has far more Japanese than this; fewer means a wrong file (a binary, an English page, a cover).
MIN_JAPANESE_CHARS = 200
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@dataclass(frozen=True)
class Line:
    line: int
    raw: str
    text: str
    page: int | None = None
    size_ratio: float | None = None
    bold: bool | None = None
    layout_hint: str | None = None


@dataclass(frozen=True)
class Ingested:
    input_format: str
    lines: list[Line]
    n_pages: int | None


def decode_text(data: bytes) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), UTF-16 with BOM, else Shift_JIS/CP932."""
    if not data.strip():
        raise InputError("empty file")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"undecodable bytes: has a {encoding} byte-order mark but is not {encoding} ({exc.reason})"
                ) from None
    if b"\x00" in data:
        raise InputError("binary data, not text (NUL bytes and no UTF-16 byte-order mark)")
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("undecodable bytes: not UTF-8, UTF-16 or Shift_JIS/CP932")


def split_text_lines(text: str) -> list[Line]:
    """Text -> numbered lines. Form feeds (page breaks left by PDF-to-text tools) number the pages."""
    raw_lines = text.split("\n")
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    paged = "\f" in text
    page = 1
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        raw = raw.rstrip("\r")
        page += raw.count("\f") if paged else 0
        raw = raw.replace("\f", "")
        lines.append(Line(line=number, raw=raw, text=normalize_text(raw), page=page if paged else None))
    return lines


def check_is_plan(lines: list[Line]) -> None:
    japanese = sum(len(_JAPANESE.findall(line.text)) for line in lines)
    if japanese < MIN_JAPANESE_CHARS:
        raise InputError(f"not a plan: only {japanese} Japanese characters of text")


def ingest_file(path: Path) -> Ingested:
    """Read one raw plan. Raises InputError with a one-line reason for unusable input."""
    if path.suffix.lower() == ".pdf":
        from .pdf import read_pdf_lines

        lines, n_pages = read_pdf_lines(path)
        check_is_plan(lines)
        return Ingested("pdf", lines, n_pages)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"unreadable: {exc.strerror}") from None
    if data.startswith(b"%PDF-"):
        raise InputError("a PDF with a text-file name; rename it to .pdf")
    lines = split_text_lines(decode_text(data))
    check_is_plan(lines)
    return Ingested("text", lines, None)
