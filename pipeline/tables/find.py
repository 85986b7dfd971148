"""Stage 3, tables: runs of table rows (tab-separated, markdown pipes) -> one row per cell.

Cells keep the text of HTML fragments that some extractions leave in them (<p>, <ul><li>, <b>, <u>,
<br>); paragraphs and list items become separate lines of the cell. A caption line (図表…, 表…, 【…】)
just before a table is its caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.config.vocabulary import taxonomy
from pipeline.families.dates import is_year_header_row
from pipeline.language.normalize import clean_cell, compact
from pipeline.model.lines import Label, cell_texts

MAX_HEADER_CELL_CHARS = 24
_SEPARATOR_ROW = re.compile(r"^\s*(?:-\s*)?\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


TABLE_KINDS = ("kpi", "schedule", "action_plan", "card", "glossary", "other")


@dataclass(frozen=True)
class Drawn:
    """What a cell shows besides its text: its fill colour and a mark drawn in it (a bar, an arrow)."""

    fill: str | None = None
    mark: str | None = None


@dataclass
class Table:
    number: int
    rows: list[list[str]]
    lines: list[int]
    header_rows: set[int] = field(default_factory=set)
    caption: str | None = None
    kind: str = "other"  # one of TABLE_KINDS, set once by the tables stage (table_kinds.classify)
    drawn: dict[tuple[int, int], Drawn] = field(default_factory=dict)  # (row, col) -> fill and mark
    # The lines a table read in another shape was laid out on (a card read as its grid: cards.py).
    source_lines: list[int] = field(default_factory=list)
    # Whether a target's text is its KPI cells alone (a card states it on a row of its own), not its row.
    targets_by_role: bool = False

    def occupied_from(self, row: int) -> set[int]:
        """The lines the table takes up from a row on: not to be read again as sentences."""
        return set(self.lines[row:]) | set(self.source_lines)

    def drawn_at(self, row: int, col: int) -> Drawn:
        return self.drawn.get((row, col), Drawn())


def _looks_like_header(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(len(cell) <= MAX_HEADER_CELL_CHARS and "。" not in cell for cell in filled)


def find_tables(lines: list[dict]) -> list[Table]:
    """Group consecutive table-row lines into tables. `lines` are labelled line rows in order."""
    tables: list[Table] = []
    current: Table | None = None
    previous_caption: str | None = None
    blank_run = 0
    for row in lines:
        label = row["label"]
        if label != Label.TABLE_ROW:
            if current is not None:
                tables.append(current)
                current = None
            if label == "caption":
                previous_caption = re.sub(r"\*\*", "", row["text"]).strip()
                blank_run = 0
            elif label == Label.BLANK:
                blank_run += 1
                if blank_run > 3:
                    previous_caption = None
            else:
                previous_caption = None
            continue
        text = row["text"]
        if current is None:
            current = Table(number=len(tables) + 1, rows=[], lines=[], caption=previous_caption)
            previous_caption = None
            current_edges = None
        if _SEPARATOR_ROW.match(text):
            current.header_rows.update(range(len(current.rows)))
            continue
        cells = [clean_cell(cell) for cell in cell_texts(row)]
        drawn = {
            (len(current.rows), col): Drawn(cell.get("fill"), cell.get("mark"))
            for col, cell in enumerate(row.get("cells") or ())
            if cell.get("fill") or cell.get("mark")
        }
        if not any(cells) and not drawn:
            continue
        edges = _column_edges(row)
        if current.rows and edges and current_edges and edges != current_edges and _opens_grid(cells):
            # Another grid set right under this one (a KPI table under a slide's schedule): its own table.
            tables.append(current)
            current = Table(number=len(tables) + 1, rows=[], lines=[])
            drawn = {(0, col): value for (_, col), value in drawn.items()}
        current_edges = edges or current_edges
        current.drawn.update(drawn)
        current.rows.append(cells)
        current.lines.append(row["line"])
    if current is not None:
        tables.append(current)
    for table in tables:
        _mark_headers(table)
    return [t for t in tables if t.rows]


def _opens_grid(cells: list[str]) -> bool:
    """A header row of its own grid: short cells, at least two and most of its cells written."""
    filled = [cell for cell in cells if cell]
    return _looks_like_header(cells) and len(filled) >= 2 and 2 * len(filled) >= len(cells)


def _column_edges(row: dict) -> frozenset[int] | None:
    """A drawn grid's column edges (to the point), where the row's cells carry their extents; a cell
    merged across columns adds no edge of its own."""
    cells = row.get("cells")
    if cells is None or not len(cells) or any(cell.get("x0") is None for cell in cells):
        return None
    return frozenset(round(edge) for cell in cells for edge in (cell["x0"], cell["x1"]))


def _mark_headers(table: Table) -> None:
    if table.header_rows:
        return
    for index, cells in enumerate(table.rows):
        if is_year_header_row(cells):
            table.header_rows.add(index)
    if len(table.rows) >= 2 and _looks_like_header(table.rows[0]):
        table.header_rows.add(0)


def header_roles(cells: list[str]) -> list[str | None]:
    """Each header cell's role in a KPI table (indicator, baseline, target; configs/taxonomy.yaml), ignoring
    a year or unit around the word: '目標値（令和7年度）' -> target. Where several cells take one role,
    a cell that is the word itself wins over one that only starts or ends with it ('指標' over '重点項目')."""
    roles = taxonomy().kpi_table_headers.model_dump()
    # Named only by the word itself: the year a target is for (no target of its own), and the unit of
    # figures written bare.
    exact = {role: {compact(word) for word in roles.pop(role)} for role in ("target_year", "unit")}
    found: list[tuple[str, bool] | None] = []
    for cell in cells:
        named = next((role for role, words in exact.items() if compact(cell) in words), None)
        if named:
            found.append((named, True))
            continue
        key = re.sub(r"[(（][^)）]*[)）]", "", compact(cell))
        key = re.sub(r"^(?:令和|平成|R|H)?\d{1,4}年度?|年度$", "", key)
        found.append(
            next(
                (
                    (role, key in words)
                    for role, words in roles.items()
                    if any(key == w or key.startswith(w) or key.endswith(w) for w in words)
                ),
                None,
            )
        )
    whole = {match[0] for match in found if match and match[1]}
    return [match[0] if match and (match[1] or match[0] not in whole) else None for match in found]


def kpi_header_index(table: Table) -> int | None:
    """The row (among the first three) heading a KPI table: it names an indicator and a target column."""
    for index, cells in enumerate(table.rows[:3]):
        roles = header_roles(cells)
        if "indicator" in roles and "target" in roles:
            return index
    return None


def table_cell_rows(doc_id: str, lines: list[dict], tables: list[Table]) -> list[dict]:
    """The tables of one document as rows of the published `tables` table."""
    by_line = {row["line"]: row for row in lines}
    out = []
    for table in tables:
        table_id = f"{doc_id}:t{table.number:03d}"
        section_id = by_line[table.lines[0]]["section_id"]
        for row_index, (cells, line) in enumerate(zip(table.rows, table.lines, strict=True)):
            for col_index, cell in enumerate(cells):
                drawn = table.drawn_at(row_index, col_index)
                out.append(
                    {
                        "doc_id": doc_id,
                        "table_id": table_id,
                        "kind": table.kind,
                        "section_id": section_id,
                        "row": row_index,
                        "col": col_index,
                        "text": cell,
                        "fill": drawn.fill,
                        "mark": drawn.mark,
                        "is_header": row_index in table.header_rows,
                        "caption": table.caption,
                        "line": line,
                        "page": by_line[line]["page"],
                    }
                )
    return out


def tables_from_rows(cell_rows: list[dict]) -> list[Table]:
    """The tables stage's output read back as tables, for the stages after it: cells, lines, header
    rows, caption and kind as the tables stage found them."""
    tables: dict[str, Table] = {}
    for cell in cell_rows:
        table = tables.get(cell["table_id"])
        if table is None:
            number = int(cell["table_id"].rsplit(":t", 1)[1])
            table = Table(number, [], [], caption=cell[Label.CAPTION], kind=cell["kind"])
            tables[cell["table_id"]] = table
        while len(table.rows) <= cell["row"]:
            table.rows.append([])
            table.lines.append(cell["line"])
        table.rows[cell["row"]].append(cell["text"])
        if cell.get("fill") or cell.get("mark"):
            table.drawn[(cell["row"], cell["col"])] = Drawn(cell.get("fill"), cell.get("mark"))
        if cell["is_header"]:
            table.header_rows.add(cell["row"])
    return sorted(tables.values(), key=lambda t: t.number)
