"""Stage: measures, the plan's initiatives (施策・取組), found from the outline alone.

A measure is a section whose children are block labels (現状と課題 / 今後の取組 / 概要 / 国の方針 /
課題 / 対応案 / 成果目標 …, whether headings or the first cells of a table's rows). A measure inside a
measure is level 2. Plans without block labels fall back to the numbered items of their initiatives
chapter. A block label that repeats inside one measure means the next measure's heading was lost in
extraction; the plan's overview list names it, and it is recovered (recovered = true).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from pipeline.config.vocabulary import taxonomy
from pipeline.extract.measures.categories import categorize_ranked
from pipeline.extract.measures.keywords import keywords
from pipeline.extract.measures.pillars import lift_tags, tag_pillars
from pipeline.extract.measures.priority import mark_national_priority, same_item
from pipeline.extract.measures.sections import (
    DESCRIPTION_LABELS,
    INITIATIVES_CHAPTER,
    clean_title,
    has_measure_blocks,
    is_block,
    labelled_leaf,
    parallel_measures,
)
from pipeline.extract.measures.table_measures import (
    from_row,
    grids_under_headings,
    numbered_as_pillar,
    table_measures,
)
from pipeline.families.block_labels import block_groups, is_measure_list_label, labelled_sections
from pipeline.families.marks import INLINE_NOTE_MARK, LIST_NUMBER
from pipeline.language.normalize import clean_cell, compact
from pipeline.model.lines import Label, cell_texts
from pipeline.model.measures import Measure
from pipeline.tables.find import Table

# --- finding measures ------------------------------------------------------------------------------


def _children(sections: list[dict]) -> dict[str | None, list[dict]]:
    children: dict[str | None, list[dict]] = {}
    for section in sections:
        children.setdefault(section["parent_id"], []).append(section)
    return children


def find_measures(
    sections: list[dict], filled: set[str] | None = None, labelled: frozenset[str] = frozenset()
) -> list[Measure]:
    """Measures among the sections; `filled` are the sections with text in their span (all, if None);
    `labelled`, those holding lines opened by a measure's label (実施時期：…, 目標：…)."""
    by_id = {s["section_id"]: s for s in sections}
    children = _children(sections)
    filled = set(by_id) if filled is None else filled
    with_blocks = _with_blocks(sections, children, by_id, filled, labelled)
    # An enumerated sibling of a measure is a measure even when its own blocks are missing, and so is
    # one numbered alike under the next pillar (a sibling of the measure's parent).
    with_blocks = _listed_measures(sections, children, with_blocks)
    families = {(s["parent_id"], s["family"]) for s in with_blocks if s["number"]}
    cousins = {_cousin_key(s, by_id) for s in with_blocks if s["number"]} - {None}
    chosen = [
        s
        for s in sections
        if s in with_blocks
        or (
            not is_block(s)
            and ((s["parent_id"], s["family"]) in families or _cousin_key(s, by_id) in cousins)
        )
    ]
    if not chosen:
        chosen = _named_measures(sections, filled) or _numbered_initiatives(sections, children)
    chosen_ids = {s["section_id"] for s in chosen}
    measures: dict[str, Measure] = {}
    for section in chosen:
        ancestor = section["parent_id"]
        while ancestor and ancestor not in chosen_ids:
            ancestor = by_id[ancestor]["parent_id"]
        parent = measures.get(ancestor) if ancestor else None
        title, markers = clean_title(section["title"])
        measure = Measure(
            section=section,
            level=2 if parent else 1,
            parent=parent,
            number=section["number"],
            title=title,
            markers=markers,
            line_start=section["line_start"],
            line_end=section["line_end"],
        )
        # A measure listed under ［具体的な施策］: the pillar is the section that holds the block.
        owner = by_id.get(section["parent_id"])
        while owner is not None and is_block(owner):
            owner = by_id.get(owner["parent_id"])
        measure.pillar = parent.pillar if parent else _pillar(owner)
        measures[section["section_id"]] = measure
    return list(measures.values())


def _with_blocks(
    sections: list[dict], children, by_id, filled: set[str], labelled: frozenset[str]
) -> list[dict]:
    """The sections that are measures by what they hold: blocks, lines opened by a measure's labels, or a
    block of the label each numbered sibling holds. A chapter (第1章) is a division of the plan, never
    one measure, whatever labels its sections carry."""
    parallel = parallel_measures(sections, children, filled)
    return [
        s
        for s in sections
        if not is_block(s)
        and not s["family"].startswith("chapter")
        and (
            s["section_id"] in parallel
            or has_measure_blocks(s, children.get(s["section_id"], []), by_id, filled)
            or labelled_leaf(s, children.get(s["section_id"], []), labelled)
        )
    ]


def _listed_measures(sections: list[dict], children, with_blocks: list[dict]) -> list[dict]:
    """Where a block lists the measures (［具体的な施策］ / 主な事業 over ① ② …), its numbered items are the
    measures, and the section that owns the block is their pillar, not a measure itself."""
    lists = [
        s
        for s in sections
        if is_block(s)
        and is_measure_list_label(clean_title(s["title"])[0])
        and any(not is_block(child) and child["number"] for child in children.get(s["section_id"], []))
    ]
    if not lists:
        return with_blocks
    by_id = {s["section_id"]: s for s in sections}
    owners = set()
    for block in lists:  # the pillar: the nearest section above the block that is not a block itself
        owner = by_id.get(block["parent_id"] or "")
        while owner is not None and is_block(owner):
            owner = by_id.get(owner["parent_id"] or "")
        owners.add(owner["section_id"] if owner else None)
    listed = {
        c["section_id"] for s in lists for c in children[s["section_id"]] if not is_block(c) and c["number"]
    }
    return [
        s
        for s in sections
        if s["section_id"] in listed or (s in with_blocks and s["section_id"] not in owners)
    ]


def _cousin_key(section: dict, by_id: dict[str, dict]) -> tuple | None:
    """(chapter, pillar's family, family): the same for measures numbered alike under sibling pillars of
    one chapter. Sections under chapters themselves, or under top-level sections, are not pillars'."""
    parent = by_id.get(section["parent_id"])
    if parent is None or not parent["number"] or not section["number"] or not parent["parent_id"]:
        return None
    if parent["family"].startswith("chapter"):
        return None
    return parent["parent_id"], parent["family"], section["family"]


def _pillar(parent: dict | None) -> str | None:
    if parent is None or parent["family"].startswith(("chapter", "document")):
        return None
    return clean_title(parent["title"])[0]


def _grid_pillar(section: dict) -> str | None:
    """The pillar of a grid's rows from the section it stands in, where that section is numbered as a
    pillar; a section that only titles the grid (2-1 年度別の工程, 工程表) is none."""
    return _pillar(section) if numbered_as_pillar(section) else None


def _named_measures(sections: list[dict], filled: set[str]) -> list[dict]:
    """Plans without block labels whose headings say they are measures by their label word (取組①,
    施策(2), 事業3: configs/taxonomy.yaml measure_table_headers.name), two or more with text."""
    words = {compact(word) for word in taxonomy().measure_table_headers.name}
    named = [
        s
        for s in sections
        if s["family"].startswith("label:")
        and compact(s["family"].split(":")[1]) in words
        and s["section_id"] in filled
    ]
    return named if len(named) >= 2 else []


def _numbered_initiatives(sections: list[dict], children) -> list[dict]:
    """Plans without block labels: the enumerated leaves of the initiatives chapter."""
    for chapter in sections:
        if chapter["level"] > 2 or not INITIATIVES_CHAPTER.search(chapter["title"]):
            continue
        inside = [
            s
            for s in sections
            if chapter["line_start"] < s["line_start"] <= chapter["line_end"]
            and s["level"] > chapter["level"]
        ]
        leaves = [
            s
            for s in inside
            if s["number"]
            and not is_block(s)  # '1 工程表' titles the chapter's schedule, not a measure
            and not any(c["number"] for c in children.get(s["section_id"], []))
        ]
        if len(leaves) >= 2:
            return leaves
    return []


def recover_lost_measures(measures: list[Measure], sections: list[dict], lines: list[dict]) -> list[str]:
    """Split a measure at a block label it repeats; name the split-off part from the overview list."""
    warnings = []
    children = _children(sections)
    recovered: list[Measure] = []
    for measure in [m for m in measures if m.level == 1]:
        seen = set()
        for block in [c for c in children.get(measure.section["section_id"], []) if is_block(c)]:
            key = compact(block["title"])
            if key not in seen:
                seen.add(key)
                continue
            lost = Measure(
                section=block,
                level=1,
                pillar=measure.pillar,
                line_start=block["line_start"],
                line_end=measure.line_end,
                recovered=True,
            )
            measure.line_end = block["line_start"] - 1
            recovered.append(lost)
            break
    for lost in recovered:
        siblings = [m for m in measures if m.pillar == lost.pillar and m.level == 1]
        item = _unlisted_item(
            lost.pillar, siblings, sections, lines, taken=[r.title for r in recovered if r.title]
        )
        if item is None:
            warnings.append(
                f"block {lost.section['title']!r} at line {lost.line_start} repeats inside a measure: "
                "a measure heading was probably lost, and no overview list names it"
            )
            continue
        lost.number, lost.title = item
        measures.append(lost)
        warnings.append(f"measure {lost.title!r} recovered from the overview list at line {lost.line_start}")
    measures.sort(key=lambda m: (m.line_start, m.level))
    return warnings


def _overview_items(label: str, sections: list[dict], lines: list[dict]) -> list[tuple[str | None, str]]:
    """The enumerated list under another heading (or line) that repeats `label`: the group's overview."""
    key = compact(label)
    for section in sections:
        if compact(section["title"]) != key:
            continue
        items = []
        for row in lines:
            if section["line_start"] < row["line"] <= section["line_end"] and row["label"] == Label.LIST_ITEM:
                match = LIST_NUMBER.compiled.match(row["text"].strip())
                if match:
                    items.append((match.group(1), row["text"].strip()[match.end() :].strip()))
        if items:
            return items
    return []


def _unlisted_item(pillar, siblings, sections, lines, taken) -> tuple[str | None, str] | None:
    if not pillar:
        return None
    for number, title in _overview_items(pillar, sections, lines):
        if title in taken:
            continue
        if not any(same_item(title, s.title) for s in siblings if not s.recovered):
            return number, title
    return None


def describe(measures: list[Measure], lines: list[dict]) -> None:
    """Each measure's own text: its span without its sub-measures' spans, headings and notes."""
    for measure in measures:
        inner = [(m.line_start, m.line_end) for m in measures if m.parent is measure]
        parts = []
        for row in lines:
            n = row["line"]
            if not (measure.line_start < n <= measure.line_end) or any(a <= n <= b for a, b in inner):
                continue
            if row["label"] not in DESCRIPTION_LABELS:
                continue
            if row["label"] == Label.TABLE_ROW:
                cells = [clean_cell(c) for c in cell_texts(row)]
                text = " ".join(c.replace("\n", " ") for c in cells if c and not block_groups(c))
            else:
                text = row["text"].strip()
            if text:
                parts.append(INLINE_NOTE_MARK.compiled.sub("", text))
        measure.description = "\n".join(parts)


def extract_measures(
    doc_id: str, lines: list[dict], sections: list[dict], tables: list[Table] = ()
) -> tuple[list[Measure], list[str]]:
    text_lines = [
        row["line"] for row in lines if row["label"] not in (Label.HEADING, Label.BLANK, Label.PAGE_HEADER)
    ]
    filled = {
        s["section_id"]
        for s in sections
        if bisect_right(text_lines, s["line_end"]) > bisect_left(text_lines, s["line_start"])
    }
    lifted, tags = lift_tags(sections)
    measures = find_measures(lifted, filled, frozenset(labelled_sections(lines)))
    for measure in measures:
        measure.pillar = tags.get(measure.section["section_id"]) or measure.pillar
    warnings = recover_lost_measures(measures, sections, lines)
    tag_pillars(measures, lines)
    describe(measures, lines)
    found = table_measures(tables, sections)
    if not measures:
        measures = [from_row(row, _grid_pillar(row.section)) for row in found]
    else:
        measures = grids_under_headings(measures, found)
    for number, measure in enumerate(measures, start=1):
        measure.measure_id = f"{doc_id}:m{number:03d}"
        measure.category, measure.category_also = categorize_ranked(
            measure.title, measure.description, measure.pillar or ""
        )
    mark_national_priority(measures, lines)
    if measures:
        found = keywords([m.title for m in measures], [m.description for m in measures])
        for measure, words in zip(measures, found, strict=True):
            measure.keywords = words
    else:
        warnings.append(
            "no measures found: no section has block labels (概要, 課題 …), no initiatives chapter and no"
            " table lists them"
        )
    return measures, warnings


def measure_rows(doc_id: str, measures: list[Measure], lines: list[dict]) -> list[dict]:
    page_of = {row["line"]: row["page"] for row in lines}
    return [
        {
            "doc_id": doc_id,
            "measure_id": m.measure_id,
            "parent_id": m.parent.measure_id if m.parent else None,
            "level": m.level,
            "number": m.number,
            "title": m.title,
            "title_markers": m.markers,
            "pillar": m.pillar,
            "national_priority": m.national_priority,
            "category": m.category,
            "category_also": m.category_also,
            "keywords": m.keywords,
            "description": m.description or None,
            "recovered": m.recovered,
            "section_id": m.section["section_id"],
            "line": m.line_start,
            "line_end": m.line_end,
            "page": page_of.get(m.line_start),
        }
        for m in measures
    ]
