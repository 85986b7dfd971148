"""What a PDF page is made of, as the PDF reader sees it: characters with their font, grouped into lines.

Font names are classified here (family and weight, configs/pdf.yaml), once per distinct name.
"""

from __future__ import annotations

import ast
import contextlib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .config import CONFIG_DIR, load_yaml

NOTE_START = re.compile(r"^(?:※|\^\{|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\(?注)")
ENUMERATOR_START = re.compile(r"^(?:[(（]?\d{1,2}[)）.]|[①-⑳]|第\d|[・●■◆\-]|※)")


@cache
def pdf_settings() -> dict:
    return load_yaml(CONFIG_DIR / "pdf.yaml")


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    face: str | None = None  # gothic, mincho or None (unknown)


@dataclass
class Line:
    page: int
    top: float
    bottom: float
    chars: list[Char] = field(default_factory=list)
    text: str = ""
    size: float = 0.0
    bold: bool = False
    face: str | None = None
    x0: float = 0.0
    x1: float = 0.0
    table_row: bool = False
    column_edge: float | None = None  # right edge of its text column on a multi-column page


@dataclass
class Page:
    number: int
    height: float
    width: float
    lines: list[Line]


def font_name(raw: str) -> str:
    """A readable font name: Shift_JIS names written as bytes decoded, the subset prefix removed."""
    if raw.startswith(("b'", 'b"')):
        with contextlib.suppress(ValueError, SyntaxError):
            raw = ast.literal_eval(raw).decode("cp932", errors="replace")
    return re.sub(r"^[A-Z]{6}\+", "", raw)


@lru_cache(maxsize=256)
def font_style(raw: str) -> tuple[str | None, bool]:
    """(family, bold) of a font by its name."""
    settings = pdf_settings()
    name = font_name(raw)
    bold = bool(re.search(settings["bold_font"], name, re.IGNORECASE))
    for family, pattern in settings["font_families"].items():
        if re.search(pattern, name, re.IGNORECASE):
            return family, bold
    return None, bold


def to_char(raw: dict) -> Char:
    face, bold = font_style(raw.get("fontname") or "")
    return Char(
        text=raw["text"],
        x0=raw["x0"],
        x1=raw["x1"],
        top=raw["top"],
        bottom=raw["bottom"],
        size=raw.get("size") or (raw["bottom"] - raw["top"]),
        bold=bold,
        face=face,
    )
