"""Which tables are glossaries: a table in a glossary section (configs/structure.yaml `glossary_titles`),
captioned as one (表 1-1 用語の定義), headed by a term and a definition column (用語 | 意味), or
continuing one on the next page. The terms stage reads their rows."""

from __future__ import annotations

import re
from functools import cache

from pipeline.config.vocabulary import structure_vocabulary
from pipeline.language.normalize import compact
from pipeline.tables.find import Table

# A glossary table continued on the next page starts within this many lines of the last row.
MAX_CONTINUATION_GAP = 8


def pattern_list(key: str) -> re.Pattern:
    return re.compile("^(?:" + "|".join(getattr(structure_vocabulary(), key)) + ")$")


@cache
def header_patterns() -> dict[str, dict[str, re.Pattern]]:
    return {
        "section": {
            role: pattern_list(f"glossary_{role}_headers") for role in ("term", "definition", "reading")
        },
        "anywhere": {
            "term": pattern_list("glossary_anywhere_term_headers"),
            "definition": pattern_list("glossary_anywhere_definition_headers"),
            "reading": pattern_list("glossary_reading_headers"),
        },
    }


def glossary_spans(sections: list[dict]) -> list[tuple[int, int]]:
    titles = pattern_list("glossary_titles")
    return [(s["line_start"], s["line_end"]) for s in sections if titles.match(compact(s["title"]))]


def header_columns(cells: list[str], patterns: dict[str, re.Pattern]) -> dict[str, int] | None:
    keys = [compact(c) for c in cells]
    found = {role: next((i for i, k in enumerate(keys) if p.match(k)), None) for role, p in patterns.items()}
    if found["term"] is None or found["definition"] is None:
        return None
    return {role: index for role, index in found.items() if index is not None}


def _is_glossary_table(table: Table, inside: bool, continues: bool) -> bool:
    caption = re.compile(structure_vocabulary().glossary_caption)
    if inside or continues or (table.caption and caption.search(table.caption)):
        return True
    patterns = header_patterns()["anywhere"]
    return any(header_columns([c for c in cells if c], patterns) for cells in table.rows[:2])


def row_columns(cells: list[str], header: dict[str, int] | None) -> dict[str, int]:
    """Where a row's term and definition are: as its header says, shifted past a leading index cell
    (あ, S, 1) the header does not name; without a header, after such an index cell."""
    index_cells = 1 if len(cells) >= 3 and len(cells[0]) <= 2 else 0
    if header is None or max(header.values()) >= len(cells):
        return {"term": index_cells, "definition": index_cells + 1}
    shift = index_cells if len(cells) > max(header.values()) + 1 else 0
    return {role: index + shift for role, index in header.items()}


def glossary_table_numbers(tables: list[Table], sections: list[dict]) -> set[int]:
    """The tables that are glossaries, by heading, caption, header, or continuing one across a page."""
    spans = glossary_spans(sections)
    found: set[int] = set()
    last_line = None
    for table in tables:
        inside = any(a <= table.lines[0] <= b for a, b in spans)
        continues = last_line is not None and table.lines[0] - last_line <= MAX_CONTINUATION_GAP
        if _is_glossary_table(table, inside, continues):
            found.add(table.number)
            last_line = table.lines[-1]
        else:
            last_line = None
    return found
