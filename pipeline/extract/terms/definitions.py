"""What a glossary entry or a defining footnote gives: a term, its definition, and the text helpers
both parsers share (markers, term cells, validity)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.families.marks import INLINE_NOTE_MARK, SUPERSCRIPTS
from pipeline.language.normalize import join_letter_spaced

MAX_TERM_CHARS = 40
SUPERSCRIPT_OF = str.maketrans("0123456789", SUPERSCRIPTS)

PAREN_TAIL = re.compile(r"^(.*?)\s*[(（]([^()（）]+)[)）]\s*$")
KATAKANA = re.compile(r"^[\u30a0-\u30ff・ー\s]+$")
LATIN = re.compile(r"[A-Za-z]")
FULL_FORM = re.compile(r"^(?P<x>[^、。]+?)\s*(?:[(（](?P<y>[^()（）]+)[)）])?\s*の略")
_ENUMERATION = re.compile(r"、.*(?:等|など)\s*$")


@dataclass
class Definition:
    term: str
    definition: str
    source: str  # footnote | glossary
    line: int
    marker: str | None = None
    reading: str | None = None
    aliases: list[str] = field(default_factory=list)


def strip_markers(text: str) -> str:
    return INLINE_NOTE_MARK.compiled.sub("", text).strip()


def is_valid(term: str, definition: str) -> bool:
    """A term short enough to be a word, and a definition that says something (not a bare list)."""
    return (
        0 < len(term) <= MAX_TERM_CHARS
        and "。" not in term
        and len(definition) >= 5
        and not (_ENUMERATION.search(definition) and "。" not in definition)
    )


def split_term_cell(cell: str) -> tuple[str, str | None, list[str]]:
    """A glossary term cell -> (term, reading, aliases). 'AI(エー・アイ)' reads エー・アイ;
    'デジタル・トランスフォーメーション（DX）' keeps its form and gives the aliases inside and outside."""
    cell = strip_markers(cell.replace("\n", " "))
    match = PAREN_TAIL.match(cell)
    if not match:
        return cell, None, []
    outer, inner = match.group(1).strip(), match.group(2).strip()
    if KATAKANA.match(inner) and LATIN.search(outer):
        return outer, inner, []
    return cell, None, [outer, inner]


def initials(full_form: str) -> str | None:
    words = re.findall(r"[A-Za-z]+", full_form)
    if len(words) < 2 or not all(w[0].isupper() for w in words if len(w) > 3):
        return None
    return "".join(w[0].upper() for w in words if w[0].isupper())


def acronym_part(word: str, definition: str) -> str | None:
    """In 'A I・R P A' defined as 'Robotic Process Automation の略', the term is the 'R P A' part."""
    match = FULL_FORM.match(definition)
    letters = initials(match.group("x")) if match else None
    if not letters:
        return None
    for part in re.split(r"[・/／]|-(?=[A-Za-z])", word):
        if join_letter_spaced(part.strip()).upper() == letters and part.strip() != word:
            return part.strip()
    return None
