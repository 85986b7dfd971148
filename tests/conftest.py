"""Shared helpers: run the pipeline in-process on files, the bundled corpus run once per session, and a
minimal PDF for tests of how a page's operators are read."""

from __future__ import annotations

import zlib
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.outline.structure import outline_of, outline_rows
from pipeline.readers.text import read_text_lines

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
GOLD = ROOT / "tests" / "gold"
FIXTURES = ROOT / "tests" / "fixtures"


def run_pipeline(files: list[Path], out: Path) -> int:
    return main(["run", *map(str, files), "-o", str(out)])


def line_rows(text: str, pages: dict[int, int] | None = None) -> list[dict]:
    """The line rows of a small document given as text, read as ingest reads a text file; `pages`
    overrides the pages form feeds give."""
    return [
        {
            "doc_id": "d",
            "line": line.line,
            "raw": line.raw,
            "text": line.text,
            "page": (pages or {}).get(line.line, line.page),
            "layout_hint": line.layout_hint,
            "cells": None if line.cells is None else [cell.as_row() for cell in line.cells],
        }
        for line in read_text_lines(text)
    ]


def outline(text: str):
    """The outline of a small document given as text (one line per line), read as ingest does."""
    return outline_of(line_rows(text))


def document(text: str, pages: dict[int, int] | None = None) -> tuple[list[dict], list[dict]]:
    """Labelled line rows and section rows of a small document given as text, as the stages see them."""
    rows = line_rows(text, pages)
    lines, sections, _ = outline_rows("d", rows)
    return lines, sections


def headings(text: str) -> list[tuple[int, str | None, str]]:
    return [(s.level, s.number, s.title) for s in outline(text).sections]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """data/processed-like output of the bundled plans."""
    out = tmp_path_factory.mktemp("corpus")
    assert run_pipeline(sorted(RAW.iterdir()), out) == 0
    return out


def read(processed: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(processed / f"{table}.parquet")


def helvetica_pdf(
    content: bytes, compressed: bool = False, mediabox: tuple[int, ...] = (0, 0, 595, 842)
) -> bytes:
    """A one-page PDF whose content stream is `content` (flate-compressed or plain), with Helvetica as
    its font /F1: a text layer free of Japanese, for tests of how a page's operators are read."""
    stream = zlib.compress(content, 9) if compressed else content
    filters = b"/Filter /FlateDecode " if compressed else b""
    box = " ".join(map(str, mediabox)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [" + box + b"] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< " + filters + b"/Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
