"""Wrapped text: where a PDF-to-text tool broke every paragraph at the page's right margin.

pdftotext-like output keeps the PDF's line breaks: a paragraph is a run of lines of the same display
width (full-width characters count two), a heading is a line that stops short of it. Text whose lines are
whole paragraphs (markdown, or a tool that joins them) has no such width, and nothing here applies.
Settings: configs/structure.yaml, `wrapped_text`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .config import structure_vocabulary

_FULL_STOP = re.compile(r"[。．]\s*$")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text.strip())


@dataclass(frozen=True)
class Wrapping:
    """The right margin of wrapped text, as a display width; None when lines are whole paragraphs."""

    width: int | None
    slack: int = 0

    def runs_to_margin(self, text: str) -> bool:
        """The line reaches the margin: its paragraph (or list item) goes on in the next line."""
        return self.width is not None and display_width(text) >= self.width - self.slack

    def runs_on(self, text: str, next_text: str | None) -> bool:
        """The line goes on in `next_text`: it reaches the page's margin, or a narrower one that the next
        line stops at too (a boxed paragraph, a table cell's column: '取得方法が説明' / '可能であるこ')."""
        if self.width is None or next_text is None:
            return False
        if self.runs_to_margin(text):
            return True
        if _FULL_STOP.search(text):  # a sentence's end ends the paragraph in a narrow column too
            return False
        return abs(display_width(text) - display_width(next_text)) <= self.column_slack

    def title_width(self, text: str) -> bool:
        """Short enough of the margin to be an unnumbered title: a line most of the margin wide that
        stops short is a paragraph's line where the tool broke early (kinsoku, full-width letters)."""
        return self.width is None or display_width(text) < self.title_ratio * self.width

    column_slack: int = 2
    title_ratio: float = 1.0


def find_wrapping(texts: list[str]) -> Wrapping:
    """The width most lines stop at, when enough lines stop there to be a margin and not chance (a short
    text's few lines fall into any band).

    Japanese text wraps at any character, so a margin shows as a narrow band of widths (70, 68, 71 …)
    holding a large share of the lines; whole-paragraph text spreads its widths out."""
    settings = structure_vocabulary()["wrapped_text"]
    slack = settings["slack"]
    widths = Counter(display_width(text) for text in texts if text.strip())
    total = sum(widths.values())
    if not total:
        return Wrapping(None)

    def band(width: int) -> int:
        return sum(widths[w] for w in range(width - slack, width + 1))

    candidates = [w for w in widths if settings["min_width"] <= w <= settings["max_width"]]
    if not candidates:
        return Wrapping(None)
    margin = max(candidates, key=lambda w: (band(w), w))
    if band(margin) < max(settings["min_share"] * total, settings["min_lines"]):
        return Wrapping(None)
    return Wrapping(margin, slack, settings["column_slack"], settings["title_ratio"])
