"""A family: one recognisable form a plan writes something in (an enumerator such as '(1)', a note
mark such as '※1', a page number such as '- 3 -', a fiscal year such as '令和6年度', a sentence's end,
a block label's bracket). Every family is one entry: its name, its pattern, what a match parses to,
the roles it can play, and examples it must and must not recognise. `pipeline.families.registry`
collects them; tests/test_families.py runs every example."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


class Role(StrEnum):
    HEADING_NUMBER = "heading_number"  # numbers a heading (第1章, 3.2, 基本方針1)
    LIST_ITEM = "list_item"  # numbers or marks an item of a list ((ア), ②, ・)
    NOTE_MARK = "note_mark"  # marks a note or its reference in the text (※1, ¹, ^{※2})
    PAGE_NUMBER = "page_number"  # a printed page number (- 3 -, P.3, 1/20)
    SENTENCE_END = "sentence_end"  # ends a sentence (。, …ます)
    DATE = "date"  # a year, fiscal year or month in any era or form
    BLOCK_LABEL = "block_label"  # brackets or a lead mark around a block label (【現状】, ■取組)
    CAPTION = "caption"  # opens a figure's or table's caption (図表3, 出典：)
    CONTINUATION = "continuation"  # a title carried on from the page before (（続き）)
    MISREAD = "misread"  # a word of plans as OCR misreads it (推汰 for 推進)
    FORM_FIELD = "form_field"  # a standard form's label and its value (団体名：みどり村)
    CELL_VALUE = "cell_value"  # what a table's cell holds as a whole (－ for no entry)


Matching = Literal["match", "search", "fullmatch"]


@dataclass(frozen=True)
class Family:
    """One family. `matching` says how the pattern is applied to a (normalised) line: at its start
    (`match`), anywhere (`search`) or to all of it (`fullmatch`)."""

    name: str
    pattern: str
    parses_to: str
    roles: tuple[Role, ...]
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    matching: Matching = "match"
    flags: int = 0
    compiled: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", re.compile(self.pattern, self.flags))

    def recognises(self, text: str) -> bool:
        return bool(getattr(self.compiled, self.matching)(text))


@dataclass(frozen=True)
class EnumeratorFamily(Family):
    """An enumerator form. Families are tried by `precedence` (lowest first), so a more specific form
    ('3.2') is read before a form it contains ('3.'). `parts` joins the parts of a multi-part number
    ('.' for 3.2, '-' for 1-2); `paren_variant` names the bracketed spelling (ア vs (ア)) apart, when the
    pattern's first group is the bracketed one."""

    precedence: int = 0
    parts: str | None = None
    paren_variant: bool = False


@dataclass(frozen=True)
class MisreadFamily(Family):
    """A word plans use as OCR misreads it, and what it `reads_as` when set right."""

    reads_as: str = ""
