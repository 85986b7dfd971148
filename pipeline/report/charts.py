"""Charts for the HTML report: matplotlib figures inlined as SVG.

matplotlib rather than a JavaScript charting library: the SVG is the chart, so a page opened from disk
works offline with no script, and the files diff and archive as text. Text stays text in the SVG
(svg.fonttype 'none'), so the browser draws the Japanese labels with its own fonts: no font needs to be
installed where the report is built.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from functools import cache

_STYLE = {
    "svg.fonttype": "none",
    # A label is text, never math: a fee written "$5" or a formula in a title must not be parsed.
    "text.parse_math": False,
    "svg.hashsalt": "dxplans",  # stable ids: the same data gives the same bytes
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
# Font lookups for glyphs the browser will draw anyway would otherwise log a line per label.
logging.getLogger("matplotlib").setLevel(logging.ERROR)


@cache
def _pyplot():
    """matplotlib's pyplot with the SVG backend, imported on the first chart: the report is the only
    user, and importing it costs every other command a quarter of a second."""
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot

    return matplotlib.pyplot


def _whole_numbers(axis) -> None:
    """Ticks of a count at whole numbers only (no 0.5 documents)."""
    axis.set_major_locator(_pyplot().MaxNLocator(integer=True))


_CMAP = "Blues"
_BAR = "#3b6ea8"


def _svg(figure) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # Glyph metrics for Japanese labels are not needed: the browser lays the text out.
        warnings.simplefilter("ignore")
        figure.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            metadata={"Creator": None, "Date": None, "Format": None, "Type": None},
        )
    _pyplot().close(figure)
    text = buffer.getvalue()
    return re.sub(r"^.*?(<svg)", r"\1", text, count=1, flags=re.S)


NO_DATA = '<p class="muted">nothing to chart</p>'
GANTT_MIN_YEARS = 3  # years, the narrowest fiscal-year axis a Gantt is drawn on


def heatmap(rows: list[str], columns: list[str], counts: list[list[int]], title: str) -> str:
    """Counts of rows x columns (categories x municipalities) as a shaded grid with the numbers."""
    if not rows or not columns:
        return NO_DATA
    with _pyplot().rc_context(_STYLE):
        figure, axes = _pyplot().subplots(figsize=(1.2 + 0.9 * len(columns), 0.8 + 0.32 * len(rows)))
        image = axes.imshow(counts, cmap=_CMAP, aspect="auto", vmin=0)
        axes.set_xticks(range(len(columns)), columns, rotation=30, ha="right")
        axes.set_yticks(range(len(rows)), rows)
        peak = max((max(r) for r in counts if r), default=0)
        for i, row in enumerate(counts):
            for j, value in enumerate(row):
                if value:
                    colour = "white" if value > peak / 2 else "black"
                    axes.text(j, i, str(value), ha="center", va="center", color=colour, fontsize=8)
        axes.set_title(title)
        bar = figure.colorbar(image, ax=axes, shrink=0.6)
        _whole_numbers(bar.ax.yaxis)
        return _svg(figure)


def bars(labels: list[str], values: list[float], title: str, xlabel: str) -> str:
    """Horizontal bars, first label on top."""
    if not labels:
        return NO_DATA
    with _pyplot().rc_context(_STYLE):
        figure, axes = _pyplot().subplots(figsize=(6.5, 0.6 + 0.28 * max(len(labels), 1)))
        positions = list(range(len(labels)))[::-1]
        axes.barh(positions, values, color=_BAR)
        _whole_numbers(axes.xaxis)
        axes.set_yticks(positions, labels)
        axes.set_xlabel(xlabel)
        axes.set_title(title)
        return _svg(figure)


def gantt(rows: list[tuple[str, list[int]]], years: list[int], title: str) -> str:
    """One bar per (measure, fiscal year): which measure is scheduled in which fiscal year."""
    if not rows:
        return NO_DATA
    with _pyplot().rc_context(_STYLE):
        figure, axes = _pyplot().subplots(figsize=(7.5, 0.8 + 0.3 * max(len(rows), 1)))
        for index, (_, fiscal_years) in enumerate(rows):
            y = len(rows) - 1 - index
            axes.broken_barh([(year - 0.45, 0.9) for year in fiscal_years], (y - 0.35, 0.7), color=_BAR)
        axes.set_yticks(range(len(rows))[::-1], [label for label, _ in rows])
        if years:
            # A real fiscal-year axis: every year between the first and last, at least GANTT_MIN_YEARS
            # wide, so 2018 does not sit beside 2022 and one year does not fill the chart.
            first, last = min(years), max(years)
            while last - first + 1 < GANTT_MIN_YEARS:
                first, last = (first - 1, last) if (last - first) % 2 else (first, last + 1)
            axis = list(range(first, last + 1))
            axes.set_xticks(axis, [f"{year}年度" for year in axis], rotation=45 if len(axis) > 8 else 0)
            axes.set_xlim(first - 0.6, last + 0.6)
        axes.grid(axis="x", color="#dddddd")
        axes.set_title(title)
        return _svg(figure)
