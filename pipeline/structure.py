"""Stage 2, structure: label every line and build the outline.

Labels: heading, paragraph, list_item, table_row, footnote, caption, toc, cover, page_header, blank.

Headings are found by enumerator family (see `pipeline.enumerators`), by markdown `#` where the text
uses it, by bare block labels (概要, 課題 …) and by top-level labels (用語集 …). Nesting follows the order
in which families appear: a family already open returns to its level and closes everything below it; a
new family opens one level deeper. The table of contents is recognised and excluded, and serves as
evidence for unnumbered headings. A heading identical to one already seen is a running page header.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .config import structure_vocabulary
from .enumerators import Enumerator, label_candidates, parse_enumerator
from .normalize import compact

MAX_TITLE_CHARS = 60
MIN_MARKDOWN_HEADINGS = 5
HEADING_SIZE_RATIO = 1.12  # PDF type this much larger than the body text marks a heading

_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^(?:[-*+](?:\s|$)|[・●○■□◆◇▪▶►▸•✓✔→⇒☑★☆◎]|\*\*\d+\*\*)")
_DECORATION = re.compile(r"^[✓✔▼▽▲△■□●○◆◇★☆→⇒・※◎▶►]")
_FOOTNOTE = re.compile(r"^(?:※|\*\s*\d{1,2}\s|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S|\(?注\d*\)?[\s:：]|（注\d*）)")
# A bulleted note ('- ※アナログ規制 社会の…') is a footnote only when shaped like a definition; a bullet
# that merely starts with a marked word ('- ※デジタル・ガバメントの実現のための…') is a list item.
_BULLETED_FOOTNOTE = re.compile(r"^[-・]\s*※\s*(?:\d{1,2}\s|[^\s：:\t]{1,30}(?:[：:\t]|\s\S{5,}))")
_CAPTION = re.compile(
    r"^(?:\*\*)?(?:(?:図表|図|表)\s*[0-9A-Za-z][0-9A-Za-z\-‐－.]*|【[^】]+】$|《[^》]+》$|[(（【]?(?:出典|資料|注記|引用)[)）】]?\s*[:：\s])"
)
_TOC_PAGE = re.compile(r"(?:\t|\s{2,}|…+|\.{3,}|\s)(?:P\s*\.?\s*)?\d{1,3}\s*$|\tP?\.?\d{0,3}\s*$")
_PAGE_NUMBER_LINE = re.compile(
    r"^(?:[-‐－―–—]\s*\d{1,3}\s*[-‐－―–—]|P\s*\.\s*\d{1,3}|\d{1,3}\s*/\s*\d{1,3})$"
)
_PIPE_ROW = re.compile(r"^(?:-\s*)?\|.*\|\s*$")


@dataclass(frozen=True)
class LineStyle:
    """What a PDF's layout says about a line (text input has none)."""

    size_ratio: float | None
    bold: bool | None
    hint: str | None


@dataclass
class Candidate:
    line: int  # the line the heading's title is on
    number: str | None
    title: str
    family: str
    value: int | None = None
    md_level: int | None = None
    block_label: str | None = None
    enumerator_line: int | None = None


@dataclass
class Section:
    ordinal: int
    level: int
    number: str | None
    title: str
    family: str
    line_start: int
    parent: int | None  # ordinal of the parent
    line_end: int = 0


@dataclass
class _Open:
    family: str
    kind: str  # enumerated, block, markdown, top
    value: int | None
    number: str | None
    md_level: int | None
    block_label: str | None
    ordinal: int
    children: set[tuple] = field(default_factory=set)


@dataclass
class Outline:
    labels: dict[int, str]  # line -> label
    sections: list[Section]
    toc_entries: list[str]
    warnings: list[str]


# --- vocabulary -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _vocabulary():
    vocab = structure_vocabulary()
    groups = [[re.compile(rf"^(?:{pattern})$") for pattern in group] for group in vocab["block_label_groups"]]
    top = [re.compile(rf"^(?:{pattern})$") for pattern in vocab["top_level_labels"]]
    toc = {compact(title) for title in vocab["toc_titles"]}
    return groups, top, toc


_LABEL_DECORATION = re.compile(r"^[■□◆◇●○▶►▼・\s]*[【〈＜<《\[［]?\s*|\s*[】〉＞>》\]］]?\s*$")


def block_groups(text: str) -> frozenset[int]:
    """Indexes of the block-label groups `text` belongs to (empty if it is not a block label)."""
    key = compact(text)
    groups, _, _ = _vocabulary()
    return frozenset(i for i, group in enumerate(groups) if any(p.match(key) for p in group))


def is_top_level_label(text: str) -> bool:
    key = compact(text)
    return any(p.match(key) for p in _vocabulary()[1])


def is_toc_title(text: str) -> bool:
    return compact(text.lstrip("#").strip()) in _vocabulary()[2]


# --- line shapes ------------------------------------------------------------------------------------


def is_table_row(text: str) -> bool:
    return bool(text.strip()) and ("\t" in text or bool(_PIPE_ROW.match(text)))


def table_cells(text: str) -> list[str]:
    if _PIPE_ROW.match(text):
        return [cell.strip() for cell in text.strip().lstrip("-").strip().strip("|").split("|")]
    return [cell.strip() for cell in text.split("\t")]


def shape_label(text: str) -> str:
    """The label a line has by its shape alone (before headings are decided)."""
    stripped = text.strip()
    if not stripped:
        return "blank"
    if _FOOTNOTE.match(stripped) or _BULLETED_FOOTNOTE.match(stripped):
        return "footnote"
    if is_table_row(text):
        return "table_row"
    if _CAPTION.match(stripped):
        return "caption"
    if _PAGE_NUMBER_LINE.match(stripped.replace(" ", "")):
        return "page_header"
    if _BULLET.match(stripped):
        return "list_item"
    return "paragraph"


def _plausible_title(title: str) -> bool:
    title = title.strip()
    return (
        0 < len(title) <= MAX_TITLE_CHARS
        and "。" not in title.rstrip("。")
        and not title.endswith("。")
        and "\t" not in title
        and not re.match(r"^[\d.,%％年月日]", title)
    )


# --- table of contents and cover --------------------------------------------------------------------


def _strip_toc_page(text: str) -> str:
    return _TOC_PAGE.sub("", text).strip().strip("\t")


def find_toc(texts: dict[int, str]) -> tuple[int, int, list[str]] | None:
    """(first line, last line, entries) of the table of contents, or None.

    The TOC runs from its title to just before the body starts: where the body repeats the first entry,
    where a line is too long to be an entry, or where, after entries with page numbers, a gap of blank
    lines is followed by a line without one.
    """
    lines = sorted(texts)
    start = next((n for n in lines if is_toc_title(texts[n])), None)
    if start is None:
        return None
    entries: list[str] = []
    end = start
    paged = blank_run = 0
    for n in lines:
        if n <= start:
            continue
        text = texts[n].strip()
        if not text or set(text) <= set("-|\t "):
            blank_run += not text
            if entries:
                continue
            end = n
            continue
        entry = _strip_toc_page(text.lstrip("#").strip())
        has_page = entry != text.lstrip("#").strip()
        if entries and compact(entry) == compact(entries[0]):
            break
        if len(entry) > MAX_TITLE_CHARS or "。" in entry:
            break
        if blank_run >= 2 and paged >= 3 and not has_page:
            break
        entries.append(entry)
        paged += has_page
        blank_run = 0
        end = n
    return (start, end, entries) if entries else None


# --- candidates --------------------------------------------------------------------------------------


def _recurring_labels(texts: dict[int, str]) -> frozenset[str]:
    """Kanji words that open lines followed by several different numbers: an enumerated label family."""
    values = defaultdict(set)
    for text in texts.values():
        found = label_candidates(text.lstrip("#").strip())
        if found:
            values[found[0]].add(found[1])
    return frozenset(label for label, seen in values.items() if len(seen) >= 2)


def _candidate_from_text(
    line: int, text: str, labels: frozenset[str], md_level: int | None
) -> Candidate | None:
    enumerator: Enumerator | None = parse_enumerator(text, labels)
    if enumerator:
        title = enumerator.rest.strip().lstrip(":：").strip()
        if title and not _plausible_title(title):
            return None
        return Candidate(line, enumerator.number, title, enumerator.family, enumerator.value, md_level)
    if block_groups(text):
        return Candidate(line, None, text.strip(), "block", md_level=md_level, block_label=compact(text))
    if is_top_level_label(text):
        return Candidate(line, None, text.strip(), "top")
    if md_level is not None:
        return Candidate(line, None, text.strip(), f"markdown:{md_level}", md_level=md_level)
    return None


def _row_block_candidates(line: int, text: str) -> list[Candidate]:
    """Block labels heading a table row: '概要<TAB>…' or a header row of labels '課題<TAB>対応案'."""
    cells = [cell for cell in table_cells(text) if cell]
    if not cells or not block_groups(cells[0]):
        return []
    labels = cells if all(block_groups(cell) for cell in cells) else cells[:1]
    return [Candidate(line, None, cell, "block", block_label=compact(cell)) for cell in labels]


def heading_marks(
    texts: dict[int, str], body_lines: list[int], styles: dict[int, LineStyle] | None
) -> dict[int, int]:
    """Lines the source marks as headings, with a rank (1 = most prominent): markdown `#` counts, or for
    PDF input, distinct heading type sizes from largest to smallest (bold body-size type last)."""
    marks = {n: len(m.group(1)) for n in body_lines if (m := _MARKDOWN_HEADING.match(texts[n]))}
    if marks or not styles:
        return marks
    styled = {
        n: style
        for n in body_lines
        if (style := styles.get(n))
        and style.size_ratio is not None
        and (style.size_ratio >= HEADING_SIZE_RATIO or (style.bold and style.size_ratio >= 0.98))
        and 0 < len(texts[n].strip()) <= MAX_TITLE_CHARS + 10
        and not texts[n].rstrip().endswith("。")
    }
    sizes = sorted({round(style.size_ratio * 20) / 20 for style in styled.values()}, reverse=True)
    return {n: sizes.index(round(style.size_ratio * 20) / 20) + 1 for n, style in styled.items()}


def find_candidates(
    texts: dict[int, str],
    shapes: dict[int, str],
    body_lines: list[int],
    toc_entries: list[str],
    styles: dict[int, LineStyle] | None = None,
) -> tuple[list[Candidate], bool]:
    """Heading candidates in reading order, and whether the source marks its headings (markdown `#` or
    PDF type size); if it does, only marked lines (and block labels heading table rows) are candidates."""
    marks = heading_marks(texts, body_lines, styles)
    markdown = len(marks) >= MIN_MARKDOWN_HEADINGS
    labels = _recurring_labels({n: texts[n] for n in body_lines})
    toc_plain = {compact(entry) for entry in toc_entries if not parse_enumerator(entry, labels)}
    candidates: list[Candidate] = []
    pending_number: Candidate | None = None
    for n in body_lines:
        text = texts[n].strip()
        shape = shapes[n]
        if shape == "blank":
            continue
        if shape == "table_row":
            candidates.extend(_row_block_candidates(n, texts[n]))
            pending_number = None
            continue
        if pending_number is not None:
            # An enumerator alone on its line ('基本方針①') takes the next short line as its title.
            if shape == "paragraph" and _plausible_title(text) and not parse_enumerator(text, labels):
                pending_number.title, pending_number.enumerator_line, pending_number.line = (
                    text,
                    pending_number.line,
                    n,
                )
                candidates.append(pending_number)
                pending_number = None
                continue
            pending_number = None
        candidate = None
        if markdown:
            heading_text = text.lstrip("#").strip()
            if n in marks and not _DECORATION.match(heading_text) and not is_toc_title(heading_text):
                candidate = _candidate_from_text(n, heading_text, labels, marks[n])
        elif shape == "paragraph":
            candidate = _candidate_from_text(n, text, labels, None)
        elif shape in ("caption", "list_item") and block_groups(_LABEL_DECORATION.sub("", text)):
            # A decorated block label ('■現状と課題', '【概要】', '＜課題＞') is the label itself.
            label = _LABEL_DECORATION.sub("", text)
            candidate = Candidate(n, None, label, "block", block_label=compact(label))
            if candidate is None and compact(text) in toc_plain and _plausible_title(text):
                candidate = Candidate(n, None, text, "top")
        if candidate is None:
            continue
        if not candidate.title:
            if candidate.number and not markdown:
                pending_number = candidate
            continue
        candidates.append(candidate)
    if not markdown:
        candidates = _drop_numbered_lists(candidates)
    return candidates, markdown


def _drop_numbered_lists(candidates: list[Candidate]) -> list[Candidate]:
    """Numbered lines on consecutive lines (1. … / 2. … / 3. …) are a list, not headings."""
    in_list = set()
    for a, b in zip(candidates, candidates[1:], strict=False):
        if (
            a.family == b.family
            and a.value is not None
            and b.value == a.value + 1
            and b.line == a.line + 1
            and a.enumerator_line is None
        ):
            in_list.update({a.line, b.line})
    return [c for c in candidates if c.line not in in_list or c.family == "block"]


# --- outline -----------------------------------------------------------------------------------------


def _next_value_of_family(
    candidates: list[Candidate], start: int, family: str, stop_families: set[str]
) -> int | None:
    for candidate in candidates[start:]:
        if candidate.family in stop_families:
            return None
        if candidate.family == family:
            return candidate.value
    return None


def build_outline(candidates: list[Candidate], markdown: bool) -> tuple[list[Section], dict[int, str]]:
    """Place candidates in the family stack. Returns sections and the labels of rejected candidates."""
    stack: list[_Open] = []
    sections: list[Section] = []
    rejected: dict[int, str] = {}
    seen: set[tuple] = set()
    root_children: set[tuple] = set()
    last_dropped_header_line = -10
    top_family = next((c.family for c in candidates if c.value is not None), None)
    min_md = min((c.md_level for c in candidates if c.md_level is not None), default=None)

    for index, candidate in enumerate(candidates):
        if _breaks_sequence(stack, candidates, index):
            rejected[candidate.line] = "list_item"
            continue
        placed = _place(stack, candidate, top_family, min_md)
        parent = placed[-1] if placed else None
        key = (candidate.md_level, compact(candidate.number or ""), compact(candidate.title))
        if candidate.family == "block":
            # Block labels recur in every measure; a repeat beside itself right after a running header
            # belongs to that header.
            siblings = parent.children if parent else root_children
            if key in siblings and candidate.line - last_dropped_header_line <= 6:
                rejected[candidate.line] = "page_header"
                continue
        elif (key, parent.ordinal if parent else None) in seen:
            rejected[candidate.line] = "page_header"
            last_dropped_header_line = candidate.line
            continue

        stack = placed
        ordinal = len(sections) + 1
        sections.append(
            Section(
                ordinal=ordinal,
                level=len(stack) + 1,
                number=candidate.number,
                title=candidate.title,
                family=candidate.family,
                line_start=candidate.line,
                parent=parent.ordinal if parent else None,
            )
        )
        (parent.children if parent else root_children).add(key)
        seen.add((key, parent.ordinal if parent else None))
        stack.append(
            _Open(
                candidate.family,
                _kind(candidate),
                candidate.value,
                candidate.number,
                candidate.md_level,
                candidate.block_label,
                ordinal,
            )
        )
    return sections, rejected


def _breaks_sequence(stack: list[_Open], candidates: list[Candidate], index: int) -> bool:
    """A number that runs backwards, or skips ahead while the expected number follows, is not a heading.

    Catches figure text ('1 市民の利便性の向上' after chapter 8) and icon labels ('8 働きがいも' between
    sections 6 and 7) without rejecting a duplicated number ('(2)', '(2)') or a lost section.
    """
    candidate = candidates[index]
    if candidate.value is None or candidate.family == "block":
        return False
    position = next((i for i, o in enumerate(stack) if o.family == candidate.family), None)
    if position is None or stack[position].value is None:
        return False
    previous = stack[position].value
    if candidate.value < previous:
        return True
    if candidate.value > previous + 1:
        higher = {o.family for o in stack[:position]}
        return _next_value_of_family(candidates, index + 1, candidate.family, higher) == previous + 1
    return False


def _kind(candidate: Candidate) -> str:
    if candidate.family in ("block", "top"):
        return candidate.family
    return "markdown" if candidate.family.startswith("markdown:") else "enumerated"


def _place(
    stack: list[_Open], candidate: Candidate, top_family: str | None, min_md: int | None
) -> list[_Open]:
    """The open sections that remain when `candidate` opens: its parent is the last of them."""
    kind = _kind(candidate)
    if kind == "top" or (kind == "markdown" and candidate.md_level == min_md):
        return []
    if kind == "block":
        return stack[: _block_position(stack, candidate)]
    if kind == "markdown":
        position = next(
            (
                i
                for i, o in enumerate(stack)
                if o.kind == "markdown" and (o.md_level or 0) >= (candidate.md_level or 0)
            ),
            None,
        )
        return stack if position is None else stack[:position]
    position = next((i for i, o in enumerate(stack) if o.family == candidate.family), None)
    if position is not None:
        return stack[:position]
    if len(stack) == 1 and stack[0].kind == "top" and candidate.family == top_family:
        return []
    return stack


def _block_position(stack: list[_Open], candidate: Candidate) -> int:
    """Where a block label goes: beside the deepest open block label it shares a group with, else below all."""
    groups = block_groups(candidate.title)
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].kind == "block" and (groups & block_groups(stack[i].block_label or "")):
            return i
    return len(stack)


def _toc_entry_found(entry: str, titles: set[str]) -> bool:
    enumerator = parse_enumerator(entry)
    key = compact(enumerator.rest if enumerator else entry)
    return any(title and key and (key in title or title in key) for title in titles)


def _close_sections(sections: list[Section], last_line: int) -> None:
    for i, section in enumerate(sections):
        end = last_line
        for later in sections[i + 1 :]:
            if later.level <= section.level:
                end = max(section.line_start, later.line_start - 1)
                break
        section.line_end = end


# --- the stage ---------------------------------------------------------------------------------------


def _mark_repeated_title_lines(texts: dict[int, str], labels: dict[int, str], body: list[int]) -> None:
    """A cover line (the plan title) repeated in the body, with or without a page number, is a running
    header that text extraction left in the flow."""
    cover = {
        compact(texts[n].lstrip("#")) for n, label in labels.items() if label == "cover" and texts[n].strip()
    }
    keys = {
        n: compact(re.sub(r"\d+", "", texts[n]))
        for n in body
        if labels[n] == "paragraph" and len(texts[n]) <= 60
    }
    repeats = Counter(key for key in keys.values() if key in cover)
    for n, key in keys.items():
        if repeats.get(key, 0) >= 2 and len(key) >= 4:
            labels[n] = "page_header"


def outline_document(texts: dict[int, str], styles: dict[int, LineStyle] | None = None) -> Outline:
    """Label every line of a document (line -> normalised text) and build its outline. `styles` carries
    a PDF's type sizes and layout hints per line."""
    warnings: list[str] = []
    lines = sorted(texts)
    labels = {n: shape_label(texts[n]) for n in lines}
    for n, style in (styles or {}).items():
        if style.hint == "footnote" and labels.get(n) not in (None, "blank"):
            labels[n] = "footnote"
    toc = find_toc(texts)
    toc_entries: list[str] = []
    body_start = lines[0] if lines else 1
    if toc:
        start, end, toc_entries = toc
        for n in lines:
            if start <= n <= end:
                labels[n] = "toc" if texts[n].strip() else "blank"
        for n in lines:
            if n < start and labels[n] != "blank":
                labels[n] = "cover"
        body_start = end + 1
    body = [n for n in lines if n >= body_start]
    _mark_repeated_title_lines(texts, labels, body)

    candidates, markdown = find_candidates(texts, labels, body, toc_entries, styles)
    if not toc and candidates:
        first = candidates[0].enumerator_line or candidates[0].line
        for n in lines:
            if n < first and labels[n] != "blank":
                labels[n] = "cover"
        candidates = [c for c in candidates if c.line >= first]
    sections, rejected = build_outline(candidates, markdown)
    for n, label in rejected.items():
        if labels.get(n) != "table_row":
            labels[n] = label
    for section in sections:
        if labels[section.line_start] != "table_row":
            labels[section.line_start] = "heading"
    for candidate in candidates:
        if candidate.enumerator_line and candidate.line not in rejected:
            labels[candidate.enumerator_line] = "heading"
    _close_sections(sections, lines[-1] if lines else 0)

    if not sections:
        warnings.append("no headings found: the outline is empty")
    found_titles = {compact(s.title) for s in sections}
    missing = [e for e in toc_entries if not _toc_entry_found(e, found_titles)]
    if missing:
        shown = "; ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        warnings.append(f"{len(missing)} table-of-contents entries not found as headings: {shown}")
    return Outline(labels=labels, sections=sections, toc_entries=toc_entries, warnings=warnings)


def outline_rows(doc_id: str, lines: list[dict]) -> tuple[list[dict], list[dict], list[str]]:
    """Line rows (doc_id, line, text, page, size_ratio, bold, layout_hint) -> (the same rows with their
    label and section_id, one row per section, warnings)."""
    styles = {
        row["line"]: LineStyle(row.get("size_ratio"), row.get("bold"), row.get("layout_hint"))
        for row in lines
        if row.get("size_ratio") is not None or row.get("layout_hint")
    }
    outline = outline_document({row["line"]: row["text"] for row in lines}, styles or None)
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
        labelled.append({**row, "label": outline.labels[row["line"]], "section_id": current})
    return labelled, sections, outline.warnings
