"""Glossaries: terms defined in tables or 'term：definition' lines.

A table is a glossary when it sits in a glossary section (configs/structure.yaml `glossary_titles`),
when its caption names one (表 1-1 用語の定義), or when its header names a term column and a
definition column (用語 | 意味). Rows may wrap (a row with only a definition cell continues the one
above), continue across pages (the next table without a header), and repeat their header.
"""

from __future__ import annotations

import re

from pipeline.config.vocabulary import structure_vocabulary
from pipeline.extract.terms.definitions import Definition, is_valid, split_term_cell
from pipeline.families.brackets import BRACKETED_TERM, TERM_DECORATION
from pipeline.families.sentences import DEFINITION_END
from pipeline.families.titles import is_index_label
from pipeline.model.lines import Label
from pipeline.tables.find import Table
from pipeline.tables.glossary_tables import (
    MAX_CONTINUATION_GAP,
    glossary_spans,
    header_columns,
    header_patterns,
    row_columns,
)


def _table_entries(tables: list[Table], spans: list[tuple[int, int]]) -> list[Definition]:
    entries: list[Definition] = []
    columns: dict[str, int] | None = None
    last_line = None
    for table in tables:
        inside = any(a <= table.lines[0] <= b for a, b in spans)
        continues = last_line is not None and table.lines[0] - last_line <= MAX_CONTINUATION_GAP
        if table.kind != "glossary":
            columns, last_line = None, None
            continue
        patterns = header_patterns()["section" if inside else "anywhere"]
        if not continues:
            columns = None
        for row_index, raw_cells in enumerate(table.rows):
            cells = [c for c in raw_cells if c.strip()]
            if cells and _glossary_end().search(cells[0]):
                break
            header = header_columns(cells, patterns)
            if header:
                columns = header
                continue
            if len(cells) == 1 and entries and not raw_cells[0].strip():
                entries[-1].definition += cells[0].replace("\n", "")
                continue
            if len(cells) < 2:
                continue
            where = row_columns(cells, columns)
            term, term_reading, aliases = split_term_cell(cells[where["term"]])
            definition = cells[where["definition"]].replace("\n", "")
            if "reading" in where and cells[where["reading"]].strip():
                term_reading = cells[where["reading"]].strip()
            if is_valid(term, definition):
                entries.append(
                    Definition(
                        term,
                        definition,
                        "glossary",
                        table.lines[row_index],
                        reading=term_reading,
                        aliases=aliases,
                    )
                )
        last_line = table.lines[-1]
    return entries


# '【キャッシュレス決済】現金を使わずに支払うこと。': a bracketed term with its definition after it.


def _glossary_end() -> re.Pattern:
    return re.compile(structure_vocabulary().glossary_end)


def _separator() -> re.Pattern:
    return re.compile("|".join(structure_vocabulary().glossary_separators))


_ENTRY_LABELS = (Label.PARAGRAPH, Label.LIST_ITEM, Label.CAPTION, Label.HEADING)


def _glossary_lines(rows: list[dict], spans: list[tuple[int, int]]) -> list[Definition]:
    """Glossary entries written as lines: 'term：definition' or 'term – definition' (a definition cut
    by a page break goes on in the next paragraph), or a term on its own line (plain, ■-marked,
    【bracketed】 or a small heading) with its definition in the paragraph below."""
    titles = {line for line, _ in spans}
    separator = _separator()
    colophon = _glossary_end()
    entries: list[Definition] = []
    open_entry: Definition | None = None
    ended: int | None = None  # the end of the span whose colophon began
    for index, row in enumerate(rows):
        if ended is not None and row["line"] <= ended:
            continue
        if row["label"] in (Label.BLANK, Label.FOOTNOTE, Label.PAGE_HEADER):
            continue
        if row["line"] not in titles and colophon.search(row["text"].strip()):
            ended = next((b for a, b in spans if a <= row["line"] <= b), row["line"])
            open_entry = None
            continue
        if row["line"] in titles or row["label"] not in _ENTRY_LABELS:
            open_entry = None
            continue
        text = row["text"].strip().lstrip("#").strip()
        if is_index_label(text):
            open_entry = None
            continue
        bracketed = BRACKETED_TERM.compiled.match(text)
        split = [bracketed.group(1), bracketed.group(2)] if bracketed else separator.split(text, maxsplit=1)
        if len(split) == 2 and row["label"] != Label.HEADING:
            term, tail = TERM_DECORATION.compiled.sub("", split[0]), split[1].strip()
            open_entry = None
            if is_valid(term, tail):
                entries.append(Definition(term, tail, "glossary", row["line"]))
                open_entry = entries[-1] if not DEFINITION_END.recognises(tail) else None
            continue
        if open_entry is not None and row["label"] == Label.PARAGRAPH:
            open_entry.definition += text
            open_entry = None
            continue
        open_entry = None
        entry = _term_over_paragraph(row, text, rows[index + 1 : index + 3])
        if entry is not None:
            entries.append(entry)
    return entries


def parse_glossary(lines: list[dict], sections: list[dict], tables: list[Table]) -> list[Definition]:
    """Entries of the glossary tables (kind set by the tables stage) and of glossary lines."""
    spans = glossary_spans(sections)
    entries = _table_entries(tables, spans)
    inside = [row for row in lines if any(a <= row["line"] <= b for a, b in spans)]
    entries.extend(_glossary_lines([row for row in inside if row["label"] != Label.TABLE_ROW], spans))
    return sorted(entries, key=lambda d: d.line)


def _term_over_paragraph(row: dict, text: str, after: list[dict]) -> Definition | None:
    """A term on its own line with its definition in the paragraph below it."""
    following = next((r for r in after if r["text"].strip()), None)
    term = TERM_DECORATION.compiled.sub("", text)
    if (
        following is None
        or following["label"] != Label.PARAGRAPH
        or len(term) > 30
        or re.search(r"[。、]", term)
        or len(following["text"]) <= max(12, len(term))
    ):
        return None
    term, term_reading, aliases = split_term_cell(term)
    definition = following["text"].strip()
    if not is_valid(term, definition):
        return None
    return Definition(term, definition, "glossary", row["line"], reading=term_reading, aliases=aliases)
