"""Schedule tables whose cells single spaces part, as PDFium-like tools give them: the text reader gives
their rows tabs, so that they become table rows with cells like any other."""

from __future__ import annotations

from pipeline.families.dates import cell_years, is_year_header_row
from pipeline.language.normalize import WORD_CHAR

# The widest a cell of marks or short words may be in a schedule whose cells single spaces part.
MAX_SPACED_CELL_CHARS = 8


def tab_spaced_schedules(texts: list[str]) -> dict[int, str]:
    """Schedule tables whose cells single spaces part, as PDFium-like tools give them ('取組 R5 R6 R7' /
    'オンライン申請 ● ● ●'): {index: the line with its cells parted by tabs}. A header of fiscal years
    opens one; each following line with a cell per column (the first may hold spaces) is a row."""
    rows: dict[int, str] = {}
    index = 0
    while index < len(texts):
        header = texts[index].split()
        # A label column's heading first ('取組', '項目'): a chart's axis of bare years has none.
        if len(header) < 3 or "\t" in texts[index] or cell_years(header[0]) or not is_year_header_row(header):
            index += 1
            continue
        rows[index] = "\t".join(header)
        index += 1
        while index < len(texts):
            cells = texts[index].split()
            marks = cells[len(cells) - len(header) + 1 :]
            label = " ".join(cells[: len(cells) - len(marks)])
            if (
                len(cells) < len(header)
                or any(len(mark) > MAX_SPACED_CELL_CHARS for mark in marks)
                or not WORD_CHAR.search(label)
            ):
                break
            rows[index] = "\t".join([label, *marks])
            index += 1
    return rows
