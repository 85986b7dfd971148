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
from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.config.vocabulary import structure_vocabulary
from pipeline.families.enumerators import parse_enumerator
from pipeline.families.sentences import FULL_STOP


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
        if FULL_STOP.recognises(text):  # a sentence's end ends the paragraph in a narrow column too
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
    settings = structure_vocabulary().wrapped_text
    slack = settings.slack
    widths = Counter(display_width(text) for text in texts if text.strip())
    total = sum(widths.values())

    def band(width: int) -> int:
        return sum(widths[w] for w in range(width - slack, width + 1))

    candidates = [w for w in widths if settings.min_width <= w <= settings.max_width]
    if not candidates:
        return Wrapping(None)
    # The widest band that holds lines like the fullest one: a table's narrow cells can outnumber the
    # paragraph lines of a page, and the margin is where paragraphs stop.
    fullest = max(band(w) for w in candidates)
    margin = max(w for w in candidates if band(w) >= settings.margin_band_share * fullest)
    beyond = sum(count for width, count in widths.items() if width > margin + slack)
    if band(margin) < settings.min_lines or beyond > settings.max_beyond_share * total:
        return Wrapping(None)
    return Wrapping(margin, slack, settings.column_slack, settings.title_ratio)


RAN_ON = "ran_on"
_ITEM_START = re.compile(
    r"^\s*(?:[-*+・●○■□◆◇▪•※]|\d{1,2}\s*[.．)）、]|[(（]\s*\d{1,2}\s*[)）]|[①-⑳]|第\s*\d)"
)
_LATIN_END = re.compile(r"[A-Za-z0-9]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")


def unwrap(lines: list, is_row: Callable[[str], bool]) -> list:
    """Wrapped text with each paragraph's lines joined onto its first line: the way text with whole
    paragraphs reads, so that sentences, definitions and schedule cells are whole again. A line joins the
    one before it on the same page when that one reaches the margin without ending a sentence; a line
    that opens an item or a numbered line, a table row or a blank line never joins. The joined lines
    stay, empty, so that every line number still points at its line in the source file. `lines` are
    ingest Lines.

    Only the page's margin is trusted: two lines as wide as each other in a narrower column are as
    often a table cell's wrapped text as two titles or two cells that happen to match."""
    wrapping = find_wrapping([line.text for line in lines])
    if wrapping.width is None:
        return lines
    out = list(lines)
    head = None  # index in `out` of the paragraph being joined
    for index, line in enumerate(lines):
        text = line.text
        previous = lines[index - 1].text if index else ""
        joins = (
            head is not None
            and text.strip()
            and not is_row(text)
            and not _ITEM_START.match(text)
            and not parse_enumerator(text.strip())
            and line.page == out[head].page
            and wrapping.runs_to_margin(previous)
            and not FULL_STOP.recognises(previous)
        )
        if joins:
            joined = out[head].text
            gap = " " if _LATIN_END.search(joined) and _LATIN_START.match(text.strip()) else ""
            # The head keeps the mark that it ran on: a numbered line that did is a list item or a
            # paragraph, not a heading (the signal `runs_on` in configs/structure.yaml).
            out[head] = replace(out[head], text=joined + gap + text.strip(), layout_hint=RAN_ON)
            out[index] = replace(line, text="")
            continue
        head = index if text.strip() and not is_row(text) else None
    return out
