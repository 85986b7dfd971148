"""Measure cards (施策シート, 事業シート): one measure laid out as a table whose first column names each
row, or several, one per column (a grid laid on its side) (取組名 | 休日窓口のオンライン予約; 担当課 | 市民課; 実施工程 over a row of fiscal years and the row
of words or marks under it; 成果指標 over 指標 | 現状値 | 目標値 and the values under them).

The tables stage marks such a table `card` (and a card's rest, carried over a page break, too); the
stages after it read each card as the grid it stands for, one row of an action plan headed by the card's
labels and sub-headers, so the readers of action plans (measures, schedules, KPIs) read cards without a
rule of their own. What makes a card is the label words of configs/taxonomy.yaml: a measure's name
(measure_table_headers.name) in the first column of a row whose other cells say one thing."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.config.vocabulary import taxonomy
from pipeline.families.dates import is_year_header_row
from pipeline.families.marks import NO_ENTRY
from pipeline.language.normalize import compact
from pipeline.tables.find import Drawn, Table, header_roles, kpi_header_index
from pipeline.tables.kinds import action_plan_header, measure_column, names_one_year

CARD = "card"


def _label(cells: list[str]) -> str:
    return cells[0].replace("\n", " ").strip() if cells else ""


def _values(cells: list[str]) -> list[str]:
    """A label row's value: the text of its other cells, each once (a cell merged across repeats it)."""
    return list(dict.fromkeys(c.replace("\n", " ").strip() for c in cells[1:] if c.strip()))


def names_measure(cells: list[str]) -> bool:
    """A card's first row: the first cell names a measure (取組名, 施策名 …) and the rest say one thing."""
    return len(cells) >= 2 and measure_column(cells[:1]) == 0 and len(_values(cells)) == 1


def names_measures(cells: list[str]) -> bool:
    """The first row of a grid laid on its side: the first cell names a measure and each other cell is
    one (取組 | 窓口の改革 | 図書の電子貸出 …): its columns are its measures."""
    values = [c for c in cells[1:] if c.strip()]
    return measure_column(cells[:1]) == 0 and len(values) >= 2 and len(set(values)) == len(values)


def _sub_header(cells: list[str]) -> bool:
    """A row whose cells after the label head the row under them: fiscal years or a KPI's columns."""
    rest = cells[1:]
    if sum(bool(c.strip()) for c in rest) < 2:
        return False  # one value: a label's own (実施時期 | 令和8年度～令和10年度)
    roles = header_roles(rest)
    return is_year_header_row(rest) or ("indicator" in roles and "target" in roles)


def is_card(table: Table) -> bool:
    """A table that opens with a measure's name row and has another labelled or sub-headed row."""
    rows = table.rows
    if rows and names_measures(rows[0]):
        return _labelled_down(rows)
    return bool(rows) and names_measure(rows[0]) and any(_label(r) or _sub_header(r) for r in rows[1:])


def _labelled_down(rows: list[list[str]]) -> bool:
    """Whether a grid is laid on its side: two or more cells down its first column name a column's role
    (a year, an indicator or a target, a description or a period), as a header row names them across."""
    headers = taxonomy().measure_table_headers
    words = {compact(w) for w in (*headers.description, *headers.period, *headers.pillar)}
    roles = sum(
        names_one_year(cells[0]) is not None
        or header_roles(cells[:1])[0] is not None
        or compact(cells[0]) in words
        for cells in rows[1:]
        if cells
    )
    return roles >= 2


def continues_card(table: Table) -> bool:
    """The rest of a card carried over a page break: no name row, a first row with no label of its own
    (the label merged down from the page before) or a sub-header, and no header of a grid's kind."""
    rows = table.rows
    return bool(rows) and not names_measure(rows[0]) and (not _label(rows[0]) or _sub_header(rows[0]))


@dataclass
class _Grid:
    """The grid a card stands for, built row by row: header cells, values per data row, and where each
    value came from (its card row and column), for its line and what is drawn in it."""

    header: list[str] = field(default_factory=list)
    values: list[list[str]] = field(default_factory=lambda: [[]])
    sources: list[list[tuple[int, int] | None]] = field(default_factory=lambda: [[]])

    def add(self, head: str, value: str, source: tuple[int, int] | None, row: int = 0) -> None:
        column = len(self.header) if row == 0 else self.header.index(head)
        if row == 0:
            self.header.append(head)
        while len(self.values) <= row:
            self.values.append([""] * len(self.header))
            self.sources.append([None] * len(self.header))
        for cells, cell_sources in zip(self.values, self.sources, strict=True):
            cells.extend([""] * (len(self.header) - len(cells)))
            cell_sources.extend([None] * (len(self.header) - len(cell_sources)))
        self.values[row][column] = value
        self.sources[row][column] = source


def _grid(rows: list[list[str]]) -> _Grid:
    grid = _Grid()
    sub_header: list[str] | None = None
    under = 0  # how many value rows the current sub-header has had
    for index, cells in enumerate(rows):
        if _sub_header(cells):
            sub_header, under = cells[1:], 0
            continue
        if sub_header is not None and (
            under == 0 or not _label(cells) or _label(cells) == _label(rows[index - 1])
        ):
            for column, head in enumerate(sub_header, start=1):
                text = cells[column].strip() if column < len(cells) else ""
                if head.strip():
                    grid.add(head.strip(), "" if NO_ENTRY.recognises(text) else text, (index, column), under)
            under += 1
            continue
        sub_header = None
        if _label(cells) and (values := _values(cells)):
            grid.add(_label(cells), "\n".join(values), (index, 1))
    return grid


def as_grid(card: Table) -> Table:
    """The grid a card stands for: its labels and sub-headers over one row (a row more for each further
    value row under a sub-header: a card's second KPI, its measure's name repeated). The header stands
    at the card's first line and its rows at the name row's; the card's lines are its `source_lines`,
    so that no stage reads them again as sentences."""
    if names_measures(card.rows[0]) and _labelled_down(card.rows):
        return _classified(_on_its_side(card))
    grid = _grid(card.rows)
    rows, lines, drawn = [grid.header], [card.lines[0]], {}
    for number, (values, sources) in enumerate(zip(grid.values, grid.sources, strict=True), start=1):
        if number > 1 and grid.header:
            values = [grid.values[0][0], *values[1:]]  # the name is the card's first label's value
        rows.append(values)
        lines.append(card.lines[0])
        for column, source in enumerate(sources):
            if source is not None and (shown := card.drawn.get(source)) is not None:
                drawn[(number, column)] = shown
    grid_table = Table(
        card.number, rows, lines, {0}, card.caption, CARD, drawn, source_lines=list(card.lines)
    )
    grid_table.targets_by_role = True  # a card states its target on a row of its own
    return _classified(grid_table)


def _on_its_side(card: Table) -> Table:
    """A grid laid on its side read upright: its first column the header, each further column a row.
    Each row stands at a line of its own among the card's, in order (the measures' spans must not meet)."""
    width = max(len(cells) for cells in card.rows)
    cells = [cells + [""] * (width - len(cells)) for cells in card.rows]
    rows = [[row[column] for row in cells] for column in range(width)]
    lines = [card.lines[0], *(card.lines[min(i, len(card.lines) - 1)] for i in range(width - 1))]
    # A fill its row's label shares is the row's banding, not a year's mark (upright, it is told apart
    # from the row's label cell; on its side, that cell is the column's header).
    drawn = {
        (column, row): shown
        for (row, column), shown in card.drawn.items()
        if shown.mark or shown.fill != card.drawn_at(row, 0).fill
    }
    return Table(card.number, rows, lines, {0}, card.caption, CARD, drawn, source_lines=list(card.lines))


def _classified(grid: Table) -> Table:
    if action_plan_header(grid) is not None:
        grid.kind = "action_plan"
    elif kpi_header_index(grid) is not None:
        grid.kind = "kpi"
    return grid


def mark_cards(tables: list[Table]) -> list[Table]:
    """The tables stage's kinds, with each card and each card's rest over a page break marked `card`."""
    previous: Table | None = None
    for table in tables:
        if is_card(table) or (previous is not None and previous.kind == CARD and continues_card(table)):
            table.kind = CARD
        previous = table
    return tables


def join_cards(tables: list[Table]) -> list[Table]:
    """Each card with its rest carried over a page break joined to it, read as its grid."""
    out: list[Table] = []
    card: Table | None = None
    for table in tables:
        if table.kind != CARD:
            if card is not None:
                out.append(as_grid(card))
                card = None
            out.append(table)
        elif card is not None and continues_card(table):
            card = Table(
                card.number,
                card.rows + table.rows,
                card.lines + table.lines,
                card.header_rows,
                card.caption,
                CARD,
                {**card.drawn, **_moved(table.drawn, len(card.rows))},
            )
        else:
            if card is not None:
                out.append(as_grid(card))
            card = table
    if card is not None:
        out.append(as_grid(card))
    return out


def _moved(drawn: dict[tuple[int, int], Drawn], rows: int) -> dict[tuple[int, int], Drawn]:
    return {(row + rows, column): shown for (row, column), shown in drawn.items()}
