"""The table of contents: recognised, kept out of the outline, and read as evidence for the real headings.

Forms it takes: a 目次 title over entries with page numbers after tabs, spaces or dotted leaders
(`1 はじめに ........ 1`), roman page numbers (`はじめに …… iii`), entries without page numbers, a table
of contents spanning pages, one without a title (a run of leader lines), and several entries squeezed
into one line by text extraction (`5.1 ポイント......285.2 実施手順......29`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.config.vocabulary import structure_vocabulary
from pipeline.families.enumerators import parse_enumerator
from pipeline.families.marks import AGENDA_BULLET
from pipeline.families.page_numbers import LEADER, LEADER_PAGE, PAGE, is_page_number
from pipeline.language.normalize import compact

MAX_ENTRY_CHARS = 60
MIN_UNTITLED_RUN = 3

# What is left of a leader a tool broke across lines: '------ …… --第 1 章 計画策定の背景'.
_LEADER_REMNANT = re.compile(r"^[-‐－.・…･‥]+\s*")
_TRAILING_PAGE = re.compile(r"(?:\t|\s{2,}|…+|\.{3,}|\s)(?:P\s*\.?\s*)?" + PAGE + r"\s*$|\tP?\.?\d{0,3}\s*$")


@dataclass(frozen=True)
class TableOfContents:
    start: int  # first line (its title, or its first entry)
    end: int  # last line
    entries: list[str]  # entry texts without leaders and page numbers

    def numbers(self) -> dict[str, set[int | None]]:
        """The numbers the entries give, per enumerator family: the headings the contents list."""
        listed: dict[str, set[int | None]] = {}
        for entry in self.entries:
            enumerator = parse_enumerator(entry)
            if enumerator:
                listed.setdefault(enumerator.family, set()).add(enumerator.value)
        return listed

    def keys(self) -> tuple[set[str], set[str]]:
        """Matching keys: (numbered entries as 'number+title', unnumbered entries' titles). A numbered
        entry is evidence for a line with its number; an unnumbered one for a line without one."""
        numbered, plain = set(), set()
        for entry in self.entries:
            enumerator = parse_enumerator(entry)
            if enumerator:
                numbered.add(compact(enumerator.number + enumerator.rest))
            elif compact(entry):
                plain.add(compact(entry))
        return numbered, plain


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return frozenset(compact(title) for title in structure_vocabulary().toc_titles)


def is_toc_title(text: str) -> bool:
    return compact(text.lstrip("#").strip()) in _titles()


def strip_page(text: str) -> str:
    """An entry without its leader and page number."""
    text = LEADER_PAGE.compiled.sub("", text)
    return _TRAILING_PAGE.sub("", text).strip().strip("\t")


# Where a page number may sit between two entries whose leader was lost: '…（第1期） 6データ', '…分離 74.2 …'.
_BARE_PAGE_GAP = re.compile(r"(?<=[^\s\d])\s+(?=\d)")


def _split_bare(piece: str) -> list[str]:
    """'A 74.2 B' -> ['A', '4.2 B'] (page 7); '…（第1期） 6データ' -> ['…（第1期）', 'データ']."""
    for match in _BARE_PAGE_GAP.finditer(piece):
        following = _next_entry(piece[match.end() :], bare=True)
        if following:
            return [piece[: match.start()], *_split_bare(following)]
    return [piece]


def split_entries(text: str) -> list[str]:
    """Entries squeezed into one line: each leader's page number is cut from the entry that follows, and
    a bare page number between two entries splits them."""
    pieces = [_LEADER_REMNANT.sub("", piece.strip()) for piece in LEADER.compiled.split(text.strip())]
    if len(pieces) > 1 and _number_only(pieces[0]):
        # A leader between an entry's number and its title, where the author tabbed: '1 …… はじめに …… 1'.
        pieces[:2] = [f"{pieces[0]} {pieces[1]}"]
    entries = _split_bare(pieces[0])
    for piece in pieces[1:]:
        following = _next_entry(piece)
        if following:
            entries.extend(_split_bare(following))
    return [strip_page(entry) for entry in entries if strip_page(entry)]


def _number_only(piece: str) -> bool:
    """'1', '2.3', '(4)', '第5章': an enumerator with no title after it."""
    enumerator = parse_enumerator(f"{piece} 題")
    return enumerator is not None and enumerator.rest.strip() == "題"


def _next_entry(piece: str, bare: bool = False) -> str | None:
    """'285.2 実施手順' -> '5.2 実施手順' (page 28); '3' -> None; 'iii第2章 …' -> '第2章 …'. A `bare`
    number (no leader before it) must be followed by an entry, or by a title that is not a quantity."""
    roman = re.match(r"^[ivxlcIVXLC]{1,6}(?=[^A-Za-z]|$)", piece)
    if roman and not bare:
        rest = piece[roman.end() :].strip()
        return rest or None
    options = []
    for cut in (1, 2, 3):
        if len(piece) > cut and piece[:cut].isdigit():
            rest = piece[cut:].strip()
            enumerator = parse_enumerator(rest)
            if enumerator and enumerator.value is not None and enumerator.rest.strip():
                options.append((enumerator.path[0] if enumerator.path else enumerator.value, rest))
    if options:
        return min(options)[1]
    if bare:
        quantity = re.match(
            r"^\d{1,3}\s*(?:[\d.．,，、:：)）年月日%％時分人件回箇万億円歳期号条項]|$)", piece
        )
        if quantity or not re.match(r"^\d{1,3}[^\s\d]", piece):
            return None
    rest = re.sub(r"^\d{1,3}", "", piece).strip()
    return rest or None


def _is_paged(text: str) -> bool:
    return bool(LEADER_PAGE.compiled.search(text)) or strip_page(text) != text.strip()


def _untitled_start(texts: dict[int, str], lines: list[int]) -> int | None:
    """The first of a run of leader lines near the start, for a table of contents without a title."""
    run: list[int] = []
    for n in lines[: max(200, len(lines) // 4)]:
        text = texts[n].strip()
        if not text:
            continue
        if LEADER_PAGE.compiled.search(text):
            run.append(n)
            if len(run) >= MIN_UNTITLED_RUN:
                return run[0]
        else:
            run = []
    return None


def _bulleted(text: str) -> list[str]:
    """A slide's agenda set on one line (• 計画の概要• 施策): its entries."""
    bullets = AGENDA_BULLET.compiled
    parts = [part for part in bullets.split(text) if part.strip()]
    return parts if len(bullets.findall(text)) >= 2 and parts else [text]


def find_toc(texts: dict[int, str]) -> TableOfContents | None:
    """The table of contents of a document (line -> normalised text), or None.

    It runs from its title (or first leader line) to just before the body starts: where the body repeats
    the first entry, where a line is too long to be an entry, or where, after entries with page numbers,
    a gap of blank lines is followed by a line without one.
    """
    lines = sorted(texts)
    title = next((n for n in lines if is_toc_title(texts[n])), None)
    start = title if title is not None else _untitled_start(texts, lines)
    if start is None:
        return None
    entries: list[str] = []
    end = start
    paged = blank_run = 0
    for n in lines:
        if n < start or (n == start and title is not None):
            continue
        text = texts[n].strip()
        if not text or set(text) <= set("-|\t "):
            blank_run += not text
            if not entries:
                end = n
            continue
        if is_page_number(text):
            # A page number on its own line (the contents' own page, or a number the tool put on its
            # own line) is part of a gap, not an entry: the body may start right after it.
            blank_run += 1
            continue
        plain = text.lstrip("#").strip()
        has_page = _is_paged(plain)
        found = (
            split_entries(plain)
            if LEADER_PAGE.compiled.search(plain) or LEADER.compiled.search(plain)
            else [strip_page(entry) for entry in _bulleted(plain)]
        )
        found = [entry for entry in found if not is_toc_title(entry)]  # its own entry (目次 …… i)
        if not found:
            end = n
            continue
        if not has_page and compact(found[0]) in {compact(entry) for entry in entries}:
            break  # the body repeats an entry: the first heading
        if any(len(entry) > MAX_ENTRY_CHARS for entry in found) or "。" in plain:
            break
        if blank_run >= 2 and paged >= 3 and not has_page:
            break
        entries.extend(entry for entry in found if entry)
        paged += has_page
        blank_run = 0
        end = n
    return TableOfContents(start, end, entries) if entries else None
