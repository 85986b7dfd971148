"""Stage 2, structure: label every line and build the outline.

Labels: heading, paragraph, list_item, table_row, footnote, caption, toc, cover, page_header, blank.

The table of contents is recognised and excluded (`pipeline.outline.toc`); heading candidates come from all the
evidence a line shows at once (`pipeline.outline.evidence`); candidates are nested into the outline
(`pipeline.outline.nesting`). This module labels lines by shape and ties the three together.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.families.block_labels import block_groups
from pipeline.families.marks import BULLET, BULLETED_NOTE, CAPTION_START, NOTE_LINE
from pipeline.families.page_numbers import is_page_number
from pipeline.language.normalize import compact, normalize_text
from pipeline.model.lines import Label, LayoutHint, cell_texts
from pipeline.outline.candidates import Candidate, LineStyle
from pipeline.outline.evidence import find_candidates
from pipeline.outline.nesting import Section, build_outline, close_sections, toc_entry_found
from pipeline.outline.toc import find_toc

__all__ = ["block_groups", "outline_document", "outline_rows", "shape_label"]


# --- line shapes ------------------------------------------------------------------------------------


def shape_label(text: str, table_row: bool = False) -> Label:
    """The label a line has by its shape alone (before headings are decided); `table_row` says the
    reader found cells in it."""
    stripped = text.strip()
    if not stripped:
        return Label.BLANK
    if NOTE_LINE.compiled.match(stripped) or BULLETED_NOTE.compiled.match(stripped):
        return Label.FOOTNOTE
    if table_row:
        return Label.TABLE_ROW
    if CAPTION_START.compiled.match(stripped):
        return Label.CAPTION
    if is_page_number(stripped, bare=False):
        return Label.PAGE_HEADER
    if BULLET.compiled.match(stripped):
        return Label.LIST_ITEM
    return Label.PARAGRAPH


@dataclass
class Outline:
    labels: dict[int, Label]  # line -> label
    sections: list[Section]
    toc_entries: list[str]
    warnings: list[str]


def _mark_repeated_title_lines(texts: dict[int, str], labels: dict[int, str], body: list[int]) -> None:
    """A cover line (the plan title) repeated in the body, with or without a page number, is a running
    header that text extraction left in the flow."""
    cover = {
        compact(texts[n].lstrip("#"))
        for n, label in labels.items()
        if label == Label.COVER and texts[n].strip()
    }
    keys = {
        n: compact(re.sub(r"\d+", "", texts[n]))
        for n in body
        if labels[n] == Label.PARAGRAPH and len(texts[n]) <= 60
    }
    repeats = Counter(key for key in keys.values() if key in cover)
    for n, key in keys.items():
        if repeats.get(key, 0) >= 2 and len(key) >= 4:
            labels[n] = Label.PAGE_HEADER


_LONE_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
MIN_PAGE_NUMBERS = 3


def _mark_page_numbers(texts: dict[int, str], labels: dict[int, str], pages: dict[int, int | None]) -> None:
    """Bare page numbers that text extraction left in the flow (first or last on their page, or, from
    tools that order text boxes by position, anywhere on it): numbers that run with the pages, page + a
    fixed offset, on at least a third of the pages and `MIN_PAGE_NUMBERS`. A chapter's number set on its
    own line ('3' over its title) does not keep step with the pages."""
    numbers = [
        (n, int(texts[n]) - page)
        for n, page in pages.items()
        if page is not None and _LONE_PAGE_NUMBER.match(texts.get(n, ""))
    ]
    offsets = Counter(offset for _, offset in numbers)
    if not offsets:
        return
    offset, support = offsets.most_common(1)[0]
    if support >= max(MIN_PAGE_NUMBERS, len(set(pages.values())) / 3):
        for n, found in numbers:
            if found == offset:
                labels[n] = Label.PAGE_HEADER


def _drop_cover_titles(candidates: list[Candidate]) -> list[Candidate]:
    """Without a table of contents, titles in type larger than any heading after them, before the first
    numbered heading, are the cover (the plan's title), not its outline."""
    cover = 0
    for index, candidate in enumerate(candidates):
        rank = candidate.md_level if candidate.marked and not candidate.hashes else None
        if candidate.number or rank is None or candidate.family in ("block", "top"):
            break
        later = [c.md_level if c.marked and not c.hashes else None for c in candidates[index + 1 :]]
        if any(r is not None and r <= rank for r in later):
            break
        cover = index + 1
    return candidates[cover:]


def outline_document(
    texts: dict[int, str],
    styles: dict[int, LineStyle] | None = None,
    pages: dict[int, int | None] | None = None,
    source: dict[int, str] | None = None,
    rows: dict[int, list[str]] | None = None,
) -> Outline:
    """Label every line of a document (line -> normalised text) and build its outline. `styles` carries
    a PDF's typography and layout hints per line; `pages`, each line's page where it is known; `source`,
    the lines as the file has them where ingest joined wrapped lines; `rows`, the cells of table rows."""
    lines = sorted(texts)
    rows = rows or {}
    labels = {n: shape_label(texts[n], n in rows) for n in lines}
    for n, style in (styles or {}).items():
        if style.hint == LayoutHint.FOOTNOTE and labels.get(n) not in (None, Label.BLANK):
            labels[n] = Label.FOOTNOTE
        elif style.hint == LayoutHint.FIGURE and labels.get(n) not in (None, Label.BLANK):
            labels[n] = Label.CAPTION  # a figure's words: no note or paragraph of the text
    toc = find_toc(texts)
    body_start = lines[0] if lines else 1
    if toc:
        for n in lines:
            if toc.start <= n <= toc.end:
                labels[n] = Label.TOC if texts[n].strip() else Label.BLANK
        for n in lines:
            if n < toc.start and labels[n] != Label.BLANK:
                labels[n] = Label.COVER
        body_start = toc.end + 1
    body = [n for n in lines if n >= body_start]
    _mark_repeated_title_lines(texts, labels, body)
    _mark_page_numbers(texts, labels, pages or {})

    cells = {n: rows[n] for n in body if labels[n] == Label.TABLE_ROW}
    candidates = find_candidates(texts, labels, body, toc, styles, cells, pages, source)
    if not toc:
        candidates = _drop_cover_titles(candidates)
    if not toc and candidates:
        first = candidates[0].enumerator_line or candidates[0].line
        for n in lines:
            if n < first and labels[n] != Label.BLANK:
                labels[n] = Label.COVER
        candidates = [c for c in candidates if c.line >= first]
    sections, rejected = build_outline(candidates)
    _label_outline(labels, sections, candidates, rejected)
    close_sections(sections, lines[-1] if lines else 0)
    toc_entries = toc.entries if toc else []
    return Outline(labels, sections, toc_entries, _outline_warnings(sections, toc_entries))


def _label_outline(
    labels: dict[int, Label], sections: list[Section], candidates: list[Candidate], rejected: dict[int, Label]
) -> None:
    """Headings and rejected candidates relabelled; a table row keeps its label either way."""
    for n, label in rejected.items():
        if labels.get(n) != Label.TABLE_ROW:
            labels[n] = label
    inline = {candidate.line for candidate in candidates if candidate.inline}
    for section in sections:
        if labels[section.line_start] != Label.TABLE_ROW and section.line_start not in inline:
            labels[section.line_start] = Label.HEADING
    for candidate in candidates:
        if candidate.enumerator_line and candidate.line not in rejected:
            labels[candidate.enumerator_line] = Label.HEADING


def _outline_warnings(sections: list[Section], toc_entries: list[str]) -> list[str]:
    warnings = []
    if not sections:
        warnings.append("no headings found: the outline is empty")
    found_titles = {compact(s.title) for s in sections}
    missing = [e for e in toc_entries if not toc_entry_found(e, found_titles)]
    if missing:
        shown = "; ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        warnings.append(f"{len(missing)} table-of-contents entries not found as headings: {shown}")
    return warnings


def outline_of(lines: list[dict]) -> Outline:
    """The outline of a document's line rows (line, raw, text, page, size_ratio, bold, layout_hint,
    distinct_face)."""
    styles = {
        row["line"]: LineStyle(
            row.get("size_ratio"),
            row.get("bold"),
            row.get("layout_hint"),
            row.get("distinct_face"),
            row.get("outline_level"),
        )
        for row in lines
        if row.get("size_ratio") is not None or row.get("layout_hint") or row.get("outline_level") is not None
    }
    return outline_document(
        {row["line"]: row["text"] for row in lines},
        styles or None,
        {row["line"]: row.get("page") for row in lines},
        {row["line"]: normalize_text(row["raw"]) for row in lines if row.get("raw") is not None},
        {row["line"]: cell_texts(row) for row in lines if row.get("cells")},
    )


def _texts(row: dict) -> list[str] | None:
    return cell_texts(row) if row.get("cells") is not None else None


def outline_rows(doc_id: str, lines: list[dict]) -> tuple[list[dict], list[dict], list[str]]:
    """Line rows (doc_id, line, text, page, size_ratio, bold, layout_hint) -> (the same rows with their
    label and section_id, one row per section, warnings)."""
    outline = outline_of(lines)
    section_ids = {s.ordinal: f"{doc_id}:s{s.ordinal:03d}" for s in outline.sections}
    page_of = {row["line"]: row.get("page") for row in lines}
    sections = [
        {
            "doc_id": doc_id,
            "section_id": section_ids[s.ordinal],
            "parent_id": section_ids.get(s.parent) if s.parent else None,
            "level": s.level,
            "number": s.number,
            "title": s.title,
            "ordinal": s.ordinal,
            "line_start": s.line_start,
            "line_end": s.line_end,
            "page": page_of.get(s.line_start),
            "family": s.family,
        }
        for s in outline.sections
    ]
    starts = iter(sorted((s.line_start, s.ordinal) for s in outline.sections))
    upcoming = next(starts, None)
    current = None
    labelled = []
    for row in lines:
        while upcoming is not None and upcoming[0] <= row["line"]:
            current = section_ids[upcoming[1]]
            upcoming = next(starts, None)
        labelled.append(
            {**row, "label": outline.labels[row["line"]], "section_id": current, "cell_texts": _texts(row)}
        )
    return labelled, sections, outline.warnings
