"""Every registered family, by name: the one place a form of enumerator, note mark, bullet, page number,
sentence end, date or block-label bracket is declared. Each family module holds its entries in
`FAMILIES` (or named entries beside it); adding a family is one entry with its examples."""

from __future__ import annotations

from pipeline.families import (
    brackets,
    dates,
    enumerators,
    forms,
    marks,
    misreads,
    page_numbers,
    sentences,
    titles,
)
from pipeline.families.family import Family

ALL: tuple[Family, ...] = (
    enumerators.CHAPTER,
    enumerators.PAREN_LABEL,
    enumerators.LABEL,
    enumerators.BRACKETED_LABEL,
    enumerators.TITLED_LABEL,
    *enumerators.FAMILIES,
    enumerators.LONE,
    enumerators.ITEM_PREFIX,
    *marks.FAMILIES,
    *page_numbers.FAMILIES,
    *sentences.FAMILIES,
    *brackets.FAMILIES,
    *dates.FAMILIES,
    *titles.FAMILIES,
    *misreads.FAMILIES,
    misreads.CIRCLE,
    misreads.SPECK,
    misreads.DOTS,
    forms.FORM_FIELD,
)

BY_NAME: dict[str, Family] = {family.name: family for family in ALL}
