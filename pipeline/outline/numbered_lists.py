"""Numbered lines that are lists, not headings, and numbers that stand alone over their title.

An overview of numbered siblings with only blank lines between them (基本方針1 … (1) … (2) …), numbered
lines on consecutive lines (1. … / 2. …): lists. An enumerator alone on its line (基本方針①) takes the
next short line as its title.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from pipeline.config.schema import HeadingEvidence
from pipeline.families.enumerators import parse_enumerator
from pipeline.families.titles import plausible_title
from pipeline.model.lines import Label
from pipeline.outline.candidates import Candidate


def attach_lone_numbers(
    texts: dict[int, str],
    shapes: dict[int, str],
    body: list[int],
    candidates: list[Candidate],
    labels,
    pages: dict[int, int | None],
    title_width: Callable[[str], bool],
) -> list[Candidate]:
    """An enumerator alone on its line ('基本方針①', '3.2') takes the next short line on its page as its
    title, also where that line was taken for an unnumbered heading (はじめに, a standalone title); a bare
    number with no title after it on its page (a page number), or none narrow enough (a page-foot note
    in small type), is dropped."""
    at = {c.line: c for c in candidates}
    following = dict(zip(body, body[1:], strict=False))
    taken: set[int] = set()
    out = []
    for candidate in candidates:
        if candidate.line in taken:
            continue
        if candidate.title:
            out.append(candidate)
            continue
        nxt = following.get(candidate.line)
        while nxt is not None and shapes[nxt] == Label.BLANK:
            nxt = following.get(nxt)
        if (
            candidate.number
            and nxt is not None
            and (nxt not in at or at[nxt].number is None)
            and pages.get(nxt) == pages.get(candidate.line)
            and shapes[nxt] == Label.PARAGRAPH
            and plausible_title(texts[nxt])
            and title_width(texts[nxt])
            and not parse_enumerator(texts[nxt].strip(), labels)
        ):
            taken.add(nxt)
            candidate.title, candidate.enumerator_line, candidate.line = (
                texts[nxt].strip(),
                candidate.line,
                nxt,
            )
            out.append(candidate)
    return out


def overview_lines(
    numbered: list[Candidate], shapes: dict[int, str], body: list[int], config: HeadingEvidence
) -> set[int]:
    """Numbered lines with nothing but blank lines between them, `min_overview_run` or more in a row with
    siblings among them, are an overview or a list (基本方針1 … (1) … (2) … 基本方針2 …), not headings:
    their unmarked lines."""
    at = {c.line: c for c in numbered}
    runs: list[list[Candidate]] = []
    current: list[Candidate] = []
    for n in body:
        if n in at:
            current.append(at[n])
        elif shapes[n] != Label.BLANK:
            runs.append(current)
            current = []
    runs.append(current)
    # Siblings with nothing between them make a list; a heading stack (第2章 / 1 / (1) / ①) does not,
    # nor does one that follows a list (a figure's ⑫ ⑬ ⑭, then 第3章 / 基本方針1 / (取組施策1)).
    return {
        c.line
        for run in runs
        if len(run) >= config.min_overview_run
        and any(a.family == b.family for a, b in zip(run, run[1:], strict=False))
        for c in _without_trailing_stack(run)
        if not c.marked
    }


def _without_trailing_stack(run: list[Candidate]) -> list[Candidate]:
    """The run up to its last line whose family recurs in it: what follows, each family once, is a stack."""
    families = Counter(c.family for c in run)
    last = max(i for i, c in enumerate(run) if families[c.family] > 1)
    return run[: last + 1]


def drop_numbered_lists(candidates: list[Candidate]) -> list[Candidate]:
    """Unmarked numbered lines on consecutive lines (1. … / 2. … / 3. …) are a list, not headings."""
    in_list = set()
    for a, b in zip(candidates, candidates[1:], strict=False):
        if (
            a.family == b.family
            and a.value is not None
            and b.value == a.value + 1
            and b.line == a.line + 1
            and not (a.marked and b.marked)
        ):
            in_list.update({a.line, b.line})
    return [c for c in candidates if c.line not in in_list or c.family == "block"]


# Letter families: their items start at the alphabet's start (ア, a).
LETTER_FAMILIES = ("kana", "kana-paren", "alpha", "alpha-paren")
MAX_FIRST_LETTER = 3


def stray_letters(numbered: list[Candidate]) -> set[int]:
    """Lines that look like a letter item but start their family past its third letter with none before
    them: the last kana of a word broken over lines ('エンドポイン' / 'ト URL'), not an item."""
    seen: set[str] = set()
    stray = set()
    for candidate in numbered:
        if candidate.family not in LETTER_FAMILIES:
            continue
        if candidate.family not in seen and (candidate.value or 0) > MAX_FIRST_LETTER:
            stray.add(candidate.line)
            continue
        seen.add(candidate.family)
    return stray
