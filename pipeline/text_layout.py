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
    """The width most lines stop at, when it is a margin: enough lines stop there not to be chance, and
    hardly any line goes past it.

    Japanese text wraps at any character, so a margin shows as a narrow band of widths (70, 68, 71 …)
    that almost no line exceeds (a URL, a table row); text whose lines are whole paragraphs has a third
    or more of its lines wider than any band its short lines make."""
    settings = structure_vocabulary()["wrapped_text"]
    slack = settings["slack"]
    widths = Counter(display_width(text) for text in texts if text.strip())
    total = sum(widths.values())

    def band(width: int) -> int:
        return sum(widths[w] for w in range(width - slack, width + 1))

    candidates = [w for w in widths if settings["min_width"] <= w <= settings["max_width"]]
    if not candidates:
        return Wrapping(None)
    # The widest band that holds lines like the fullest one: a table's narrow cells can outnumber the
    # paragraph lines of a page, and the margin is where paragraphs stop.
    fullest = max(band(w) for w in candidates)
    margin = max(w for w in candidates if band(w) >= settings["margin_band_share"] * fullest)
    beyond = sum(count for width, count in widths.items() if width > margin + slack)
    if band(margin) < settings["min_lines"] or beyond > settings["max_beyond_share"] * total:
        return Wrapping(None)
    return Wrapping(margin, slack, settings["column_slack"], settings["title_ratio"])
