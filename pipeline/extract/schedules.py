"""Stage (with measures): schedules, which activity in which fiscal year.

From schedule tables (a header row of fiscal years in any spelling: 2022 (R4) 年度, 令和4年度, R4): one
row per activity per year cell that has text. A row label is the activity; a row without one uses its
text. A table without a label column whose row fills a single cell lost its bar in extraction: the year
is null rather than guessed. From sentences inside a measure that tie an action to fiscal years
(令和5年度から令和6年度にかけて…, 令和7年度末までに…, 令和6年度以降…): one row per year, keeping the
years GiNZA's parse attaches to the sentence's main predicate when it can tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.config.vocabulary import taxonomy
from pipeline.families.block_labels import opens_with_target_label
from pipeline.families.commitment import Commitment, Setting, judge_sentence, judge_table_row
from pipeline.families.dates import (
    ACTIVITY_FROM,
    ACTIVITY_UNTIL,
    FIGURE_DATED,
    OPEN_ENDED,
    PERIOD_JOIN,
    YearMention,
    find_years,
    is_year_header_row,
)
from pipeline.families.enumerators import strip_item_prefix
from pipeline.families.marks import ROW_INDEX
from pipeline.families.quantities import figure_of
from pipeline.families.titles import is_schedule_cell_word
from pipeline.language.nlp import parse
from pipeline.language.normalize import WORD_CHAR, compact
from pipeline.model.measures import Measure, MeasureSpans, measure_at, measure_sentences
from pipeline.tables.find import Table
from pipeline.tables.kinds import (
    action_plan_header,
    activity_column,
    period_column,
    schedule_table_lines,
    year_columns,
    year_rows,
)


@dataclass
class ScheduleRow:
    line: int
    activity: str
    fiscal_year: int | None
    value: str | None = None
    open_ended: bool = False
    source: str = "table"
    commitment: Commitment = Commitment.OWN
    table: Table | None = None  # the table a row was read from


# --- tables ------------------------------------------------------------------------------------------


def scheduled_by_drawing(table: Table, row: int, column: int, label_column: int) -> bool:
    """A year cell without text that schedules its year by what is drawn in it: a bar or an arrow, or
    a fill other than the row's own (a banded row's fill runs through its label cell too)."""
    drawn = table.drawn_at(row, column)
    return bool(drawn.mark) or (
        drawn.fill is not None and drawn.fill != table.drawn_at(row, label_column).fill
    )


def table_schedule_rows(tables: list[Table]) -> list[ScheduleRow]:
    """Rows from every schedule table and action plan (targets by year are KPI tables, not schedules)."""
    rows: list[ScheduleRow] = []
    for table in tables:
        if table.kind == "action_plan":
            rows.extend(_action_plan_rows(table))
        if table.kind != "schedule":
            continue
        first = len(rows)
        # Years down the first column: each row is its year's entry, for what the table stands in.
        down = year_rows(table)
        for index, year in down.items():
            value = " ".join(_text_at(table.rows[index], c) for c in range(1, len(table.rows[index]))).strip()
            rows.append(ScheduleRow(table.lines[index], "", year, value=value))
        years: dict[int, int] | None = None
        labelled = False
        for index, (cells, line) in enumerate(zip(table.rows, table.lines, strict=True)):
            if is_year_header_row(cells):
                years = year_columns(cells, spread=True)
                labelled = 0 not in years
                continue
            if years is None or down:
                continue
            drawn = {
                col
                for col in years
                if not _text_at(cells, col) and scheduled_by_drawing(table, index, col, 0)
            }
            rows.extend(_rows_of(cells, line, years, labelled, drawn))
        for row in rows[first:]:
            row.table = table
    return rows


def _text_at(cells: list[str], column: int) -> str:
    return cells[column].replace("\n", " ").strip() if column < len(cells) else ""


def _action_plan_rows(table: Table) -> list[ScheduleRow]:
    """An action plan's year columns: a row per measure row and year its cell fills, marks or names;
    or, with no year columns, its period column: a row per year of the period its cell gives."""
    header = action_plan_header(table)
    if header is None:
        return []
    last, name_column, years = header
    period = None if years else period_column(table.rows[: last + 1])
    activity = next(
        (found for cells in table.rows[: last + 1] if (found := activity_column(cells)) is not None), None
    )
    out = []
    for index in range(last + 1, len(table.rows)):
        cells, line = table.rows[index], table.lines[index]
        label_column = activity if activity is not None else name_column
        label = _text_at(cells, label_column)
        if not label or cells == table.rows[last] or label == _text_at(table.rows[last], label_column):
            continue  # a header row, or a header's label merged down into the header row under it
        if period is not None:
            spanned, open_ended = _period_years(_text_at(cells, period))
            out.extend(ScheduleRow(line, label, year, open_ended=open_ended) for year in spanned)
        for column, year in sorted(years.items()):
            text = _text_at(cells, column)
            if text:
                stated = [m for m in find_years(text) if m.fiscal]
                out.append(ScheduleRow(line, label, stated[0].fiscal_year if stated else year, value=text))
            elif scheduled_by_drawing(table, index, column, name_column):
                out.append(ScheduleRow(line, label, year))
    return out


def _period_years(text: str) -> tuple[list[int], bool]:
    """The fiscal years a period cell spans (令和7年度～令和9年度, 2026年度から2028年度まで, 令和8年度以降),
    and whether it runs on with no end."""
    mentions = [m for m in find_years(text) if m.fiscal]
    if not mentions:
        return [], False
    if len(mentions) == 2 and PERIOD_JOIN.recognises(text[mentions[0].end : mentions[1].start]):
        return list(range(mentions[0].fiscal_year, mentions[1].fiscal_year + 1)), False
    years, open_ended = _expand(text, mentions)
    return sorted({year for found in years.values() for year in found}), open_ended


def _rows_of(
    cells: list[str], line: int, years: dict[int, int], labelled: bool, drawn: set[int] = frozenset()
) -> list[ScheduleRow]:
    first_year = min(years, default=0)
    if labelled and first_year > 1:
        # Several columns before the years (No. | 取組名 | 内容 | 担当課 | R6 | R7): the activity is the
        # first that is not an index, and only the year columns schedule it.
        label = next((c for c in cells[:first_year] if c.strip() and not ROW_INDEX.recognises(c.strip())), "")
        label = label.replace("\n", " ").strip()
        filled = [
            (i, cells[i].replace("\n", " ").strip())
            for i in sorted(years)
            if i < len(cells) and cells[i].strip() or i in drawn
        ]
    else:
        label = cells[0].replace("\n", " ").strip() if labelled and cells else ""
        filled = [
            (i, c.replace("\n", " ").strip())
            for i, c in enumerate(cells)
            if c.strip() and (i > 0 or not labelled)
        ] + [(i, "") for i in sorted(drawn) if i >= len(cells) or not cells[i].strip()]
        filled.sort()
    if not filled:
        return []
    if not labelled and len(filled) == 1 and not is_schedule_cell_word(filled[0][1]):
        return [ScheduleRow(line, filled[0][1], None)]
    out = []
    for column, text in filled:
        stated = [m for m in find_years(text) if m.fiscal]
        year = stated[0].fiscal_year if stated else years.get(column)
        out.append(ScheduleRow(line, label or text, year, value=text or None))
    return out


def _belongs(row: ScheduleRow, measures: MeasureSpans, setting: Setting) -> bool:
    """A table's row schedules something when it lies inside a measure, is an action plan's row, or
    stands under a schedule's title (a roadmap chapter): a table of census years is statistics."""
    if measure_at(measures, row.line) is not None or row.table is None:
        return True
    titles = [*setting.blocks, row.table.caption or ""]
    return any(_schedule_title().search(compact(title)) for title in titles)


@cache
def _schedule_title() -> re.Pattern:
    return re.compile("|".join(f"(?:{word})" for word in taxonomy().schedule_titles))


# --- sentences ---------------------------------------------------------------------------------------


def _is_baseline(sentence: str, mention: YearMention) -> bool:
    """'対令和3年度比' names a comparison base and '1,000人（令和10年度）' a figure's date (a baseline or
    a target): neither is a year an activity is scheduled in."""
    return (
        sentence[max(0, mention.start - 1) : mention.start] == "対"
        or sentence[mention.end : mention.end + 1] == "比"
        or FIGURE_DATED.recognises(sentence[max(0, mention.start - 16) : mention.start])
    )


def _years_in(sentence: str) -> list[YearMention] | None:
    """Fiscal-year mentions of a sentence (plus a month that closes a 'から … まで' range), else None."""
    mentions = [m for m in find_years(sentence) if not _is_baseline(sentence, m)]
    if not any(m.fiscal for m in mentions):
        return None
    kept = []
    for i, mention in enumerate(mentions):
        if (
            mention.fiscal
            or mention.month
            and any(m.fiscal and ACTIVITY_FROM.compiled.match(sentence[m.end :]) for m in mentions[:i])
            and ACTIVITY_UNTIL.compiled.match(sentence[mention.end :])
        ):
            kept.append(mention)
    return kept


def _expand(sentence: str, mentions: list[YearMention]) -> tuple[dict[int, list[int]], bool]:
    """Years the sentence ties to its action, by the mention each comes from (ranges expanded); and
    open_ended for '以降' / 'から' with no end."""
    years: dict[int, list[int]] = {}
    open_ended = False
    for i, mention in enumerate(mentions):
        tail = sentence[mention.end :]
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if ACTIVITY_FROM.compiled.match(tail) and following is not None:
            years[i] = list(range(mention.fiscal_year, following.fiscal_year + 1))
        else:
            years[i] = [mention.fiscal_year]
        if OPEN_ENDED.compiled.match(tail) and (following is None or not ACTIVITY_FROM.compiled.match(tail)):
            open_ended = True
    return years, open_ended


def _judged_years(
    sentence: str, mentions: list[YearMention], years: dict[int, list[int]], setting: Setting
) -> dict[int, Commitment]:
    """Each year with the commitment of the mention it comes from: a sentence may set the nation's
    deadline beside the municipality's own (国は…2025年度末…、本村では令和7年度中に…). A year given
    by both is the municipality's own."""
    out: dict[int, Commitment] = {}
    for i, mention in enumerate(mentions):
        commitment = judge_sentence(sentence, mention.start, years[i], setting)
        for year in years[i]:
            if out.get(year) is not Commitment.OWN:
                out[year] = commitment
    return dict(sorted(out.items()))


def _governed_by_root(doc, mentions: list[YearMention]) -> list[YearMention]:
    """The mentions whose nearest governing predicate is the sentence's main predicate."""
    kept = []
    for mention in mentions:
        token = next((t for t in doc if t.idx <= mention.start < t.idx + len(t.text) + 1), None)
        while (
            token is not None
            and token.head is not token
            and token.pos_ not in ("VERB", "ADJ")
            and token.dep_ != "ROOT"
        ):
            token = token.head
        if token is not None and (
            token.dep_ == "ROOT" or token.head.dep_ == "ROOT" and token.dep_ in ("conj", "aux")
        ):
            kept.append(mention)
    return kept


def _names_an_activity(sentence: str, mentions: list[YearMention]) -> bool:
    """More than the years: a schedule table's header read as text ('2022 (R4) 年度') names none."""
    rest, end = [], 0
    for mention in mentions:
        rest.append(sentence[end : mention.start])
        end = mention.end
    rest.append(sentence[end:])
    return len(WORD_CHAR.findall("".join(rest))) >= 2


def text_schedule_rows(
    measures: MeasureSpans, lines: list[dict], skip_lines: set[int], settings: dict[int, Setting]
) -> list[ScheduleRow]:
    candidates: list[tuple[int, str, list[YearMention]]] = []
    for line, sentence in measure_sentences(measures, lines, skip_lines):
        if opens_with_target_label(sentence):
            continue  # 目標：…（令和9年度） states a target: a KPI, not a schedule
        sentence = strip_item_prefix(sentence)
        mentions = _years_in(sentence)
        if mentions and _names_an_activity(sentence, mentions):
            candidates.append((line, sentence, mentions))
    out = []
    for (line, sentence, mentions), doc in zip(candidates, parse(s for _, s, _ in candidates), strict=True):
        governed = _governed_by_root(doc, mentions)
        if governed and len(governed) < len(mentions):
            mentions = _with_range_partners(sentence, mentions, governed)
        years, open_ended = _expand(sentence, mentions)
        judged = _judged_years(sentence, mentions, years, settings.get(line, Setting()))
        out.extend(
            ScheduleRow(line, sentence, year, open_ended=open_ended, source="text", commitment=commitment)
            for year, commitment in judged.items()
        )
    return out


def _with_range_partners(
    sentence: str, mentions: list[YearMention], governed: list[YearMention]
) -> list[YearMention]:
    """Keep a governed mention's partner across 'から … まで' so a range is not cut in half."""
    keep = set(id(m) for m in governed)
    for i, mention in enumerate(mentions[:-1]):
        if ACTIVITY_FROM.compiled.match(sentence[mention.end :]) and (
            id(mention) in keep or id(mentions[i + 1]) in keep
        ):
            keep.update({id(mention), id(mentions[i + 1])})
    return [m for m in mentions if id(m) in keep]


def schedule_rows(
    doc_id: str, measures: list[Measure], lines: list[dict], tables: list[Table], settings: dict[int, Setting]
) -> list[dict]:
    """Every schedule row of a plan; `settings` says where each line stands (its blocks, the plan's
    period), from which each row's commitment is judged. A plan without measures schedules nothing."""
    if not measures:
        return []
    spans = MeasureSpans(measures)
    table_rows = [
        row for row in table_schedule_rows(tables) if _belongs(row, spans, settings.get(row.line, Setting()))
    ]
    for row in table_rows:
        row.commitment = judge_table_row(settings.get(row.line, Setting()))
    # A KPI table's years head its baseline and target columns: they schedule nothing.
    kpi_lines = {line for table in tables if table.kind == "kpi" for line in table.occupied_from(0)}
    text_rows = text_schedule_rows(spans, lines, schedule_table_lines(tables) | kpi_lines, settings)
    page_of = {row["line"]: row["page"] for row in lines}
    out = []
    for row in sorted(table_rows + text_rows, key=lambda r: (r.line, r.source != "table")):
        measure = measure_at(spans, row.line)
        figure = figure_of(row.value) if row.value else None
        out.append(
            {
                "doc_id": doc_id,
                "measure_id": measure.measure_id if measure else None,
                # A row naming no activity (a schedule of years down a column) is its measure's.
                "activity": row.activity or (measure.title if measure else ""),
                "fiscal_year": row.fiscal_year,
                "open_ended": row.open_ended,
                "value": row.value,
                "value_num": figure.value if figure else None,
                "unit": figure.unit if figure else None,
                "source": row.source,
                "commitment": str(row.commitment),
                "line": row.line,
                "page": page_of.get(row.line),
            }
        )
    return out
