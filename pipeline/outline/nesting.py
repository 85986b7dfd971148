"""The outline: heading candidates placed in a stack of open families.

Nesting follows the order in which families appear: a family already open returns to its level and
closes everything below it; a new family opens one level deeper. Block labels sit beside the deepest open
block label they share a group with. A number that runs backwards (3.2 after 4.1, figure text after
chapter 8), or skips ahead while the expected number follows, is not a heading; a heading identical to
one already open under the same parent is a running header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.families.block_labels import block_groups
from pipeline.families.enumerators import parse_enumerator
from pipeline.language.normalize import compact
from pipeline.model.lines import Label
from pipeline.outline.candidates import Candidate
from pipeline.outline.standalone import INNER, OUTER


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
    kind: str  # enumerated, block, markdown, top, standalone
    value: int | None
    number: str | None
    md_level: int | None
    block_label: str | None
    ordinal: int
    path: tuple[int, ...] = ()
    children: set[tuple] = field(default_factory=set)


def _next_value_of_family(
    candidates: list[Candidate], start: int, family: str, stop_families: set[str]
) -> int | None:
    for candidate in candidates[start:]:
        if candidate.family in stop_families:
            return None
        if candidate.family == family:
            return candidate.value
    return None


def build_outline(candidates: list[Candidate]) -> tuple[list[Section], dict[int, str]]:
    """Place candidates in the family stack. Returns sections and the labels of rejected candidates."""
    stack: list[_Open] = []
    sections: list[Section] = []
    rejected: dict[int, str] = {}
    seen: set[tuple] = set()
    root_children: set[tuple] = set()
    last_dropped_header_line = -10
    top_family = next((c.family for c in candidates if c.value is not None), None)
    min_md = min((c.md_level for c in candidates if c.md_level is not None), default=None)
    # Numbered families that an unnumbered heading (a styled title, a figure heading) closed, with the
    # depth they were open at: when they continue, they return there instead of nesting below it.
    closed: dict[str, int] = {}

    for index, candidate in enumerate(candidates):
        if _breaks_sequence(stack, candidates, index):
            rejected[candidate.line] = Label.LIST_ITEM
            continue
        placed = _place(stack, candidate, top_family, min_md, closed)
        parent = placed[-1] if placed else None
        key = (candidate.md_level, compact(candidate.number or ""), compact(candidate.title))
        if candidate.family == "block":
            # Block labels recur in every measure; a repeat beside itself right after a running header
            # belongs to that header.
            siblings = parent.children if parent else root_children
            if key in siblings and candidate.line - last_dropped_header_line <= 6:
                rejected[candidate.line] = Label.PAGE_HEADER
                continue
        elif (key, parent.ordinal if parent else None) in seen and not _opens_a_sequence(candidates, index):
            rejected[candidate.line] = Label.PAGE_HEADER
            last_dropped_header_line = candidate.line
            continue

        _note_closed(stack[len(placed) :], len(placed), candidate, closed)
        stack = placed
        sections.append(_section(candidate, len(sections) + 1, len(stack) + 1, parent))
        (parent.children if parent else root_children).add(key)
        seen.add((key, parent.ordinal if parent else None))
        stack.append(_opened(candidate, len(sections)))
    return sections, rejected


def _note_closed(popped: list[_Open], depth: int, candidate: Candidate, closed: dict[str, int]) -> None:
    """Record the numbered families `candidate` closes: an unnumbered heading closes them at their depth
    (they may continue after it), anything else ends them."""
    for offset, family in enumerate(popped):
        if family.kind != "enumerated":
            continue
        if _kind(candidate) in ("markdown", "top") and not candidate.hashes:
            closed.setdefault(family.family, depth + offset)
        else:
            closed.pop(family.family, None)
    closed.pop(candidate.family, None)


def _section(candidate: Candidate, ordinal: int, level: int, parent: _Open | None) -> Section:
    return Section(
        ordinal=ordinal,
        level=level,
        number=candidate.number,
        title=candidate.title,
        family=candidate.family,
        line_start=candidate.line,
        parent=parent.ordinal if parent else None,
    )


def _opened(candidate: Candidate, ordinal: int) -> _Open:
    return _Open(
        candidate.family,
        _kind(candidate),
        candidate.value,
        candidate.number,
        candidate.md_level,
        candidate.block_label,
        ordinal,
        candidate.path,
    )


# A repeated title followed this closely by the first item of a numbered family is a heading that opens
# content (the chapter an overview listed earlier), not a running header.
OPENING_DISTANCE = 6


def _opens_a_sequence(candidates: list[Candidate], index: int) -> bool:
    following = candidates[index + 1] if index + 1 < len(candidates) else None
    return (
        following is not None
        and following.value == 1
        and following.line - candidates[index].line <= OPENING_DISTANCE
    )


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
    if candidate.path and stack[position].path and candidate.path[:-1] != stack[position].path[:-1]:
        # 2.1 after 1.7 starts a new chapter's numbering; 1.3 after 2.4 runs backwards.
        return candidate.path < stack[position].path
    if candidate.value < previous:
        return True
    if candidate.value > previous + 1:
        higher = {o.family for o in stack[:position]}
        return _next_value_of_family(candidates, index + 1, candidate.family, higher) == previous + 1
    return False


def _kind(candidate: Candidate) -> str:
    if candidate.family in ("block", "top"):
        return candidate.family
    if candidate.family in (OUTER, INNER):
        return "standalone"
    return "markdown" if candidate.family.startswith("markdown:") else "enumerated"


def _place(
    stack: list[_Open],
    candidate: Candidate,
    top_family: str | None,
    min_md: int | None,
    closed: dict[str, int],
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
    if kind == "standalone":
        # A title above a standalone heading closes it and stands where it stood.
        outranked = (OUTER, INNER) if candidate.family == OUTER else (INNER,)
        position = next((i for i, o in enumerate(stack) if o.family in outranked), None)
        return stack if position is None else stack[:position]
    position = next((i for i, o in enumerate(stack) if o.family == candidate.family), None)
    if position is not None:
        return stack[:position]
    if (
        len(stack) == 1
        and stack[0].kind == "top"
        and candidate.family == top_family
        and len(candidate.path) < 2
    ):
        # A numbered chapter beside はじめに; a section number (1.1) belongs to the chapter open above it.
        return []
    if candidate.family in closed:
        return stack[: closed[candidate.family]]
    return stack


def _block_position(stack: list[_Open], candidate: Candidate) -> int:
    """Where a block label goes: beside the deepest open block label it shares a group with, else below all."""
    groups = block_groups(candidate.title)
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].kind == "block" and (groups & block_groups(stack[i].block_label or "")):
            return i
    return len(stack)


def toc_entry_found(entry: str, titles: set[str]) -> bool:
    enumerator = parse_enumerator(entry)
    key = compact(enumerator.rest if enumerator else entry)
    return any(title and key and (key in title or title in key) for title in titles)


def close_sections(sections: list[Section], last_line: int) -> None:
    for i, section in enumerate(sections):
        end = last_line
        for later in sections[i + 1 :]:
            if later.level <= section.level:
                end = max(section.line_start, later.line_start - 1)
                break
        section.line_end = end
