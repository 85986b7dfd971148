"""National priority items: a measure is one when its title carries the mark (【国の重点取組事項】), when it
sits under a pillar of them, or when the plan's own list of the national priority items names it (or its
category)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from pipeline.config.vocabulary import taxonomy
from pipeline.extract.measures.categories import categorize
from pipeline.families.marks import INLINE_NOTE_MARK, LIST_NUMBER
from pipeline.language.nlp import normalized_key
from pipeline.model.lines import Label, cell_texts
from pipeline.model.measures import Measure


def same_item(a: str, b: str) -> bool:
    ka, kb = normalized_key(a), normalized_key(b)
    return bool(ka and kb) and (ka in kb or kb in ka or SequenceMatcher(None, ka, kb).ratio() >= 0.7)


# --- descriptions and national priority (categories: categories.py, keywords: keywords.py) -------------


def priority_items(lines: list[dict]) -> list[str]:
    """Items the plan itself lists as the national priority items (…重点取組事項 followed by a list)."""
    spec = taxonomy()
    label, alongside = spec.national_priority_list_label, spec.alongside_words
    items: list[str] = []
    for index, row in enumerate(lines):
        text = row["text"]
        if label not in text or any(word in text for word in alongside) or len(text) > 40:
            continue
        for following in lines[index + 1 : index + 16]:
            if not following["text"].strip():
                if items and following is not lines[index + 1]:
                    continue
                continue
            if following["label"] == Label.LIST_ITEM or (
                following["label"] == Label.PARAGRAPH and LIST_NUMBER.compiled.match(following["text"])
            ):
                match = LIST_NUMBER.compiled.match(following["text"].strip())
                items.append(following["text"].strip()[match.end() if match else 0 :].lstrip("・- ").strip())
            elif following["label"] == Label.TABLE_ROW:
                items.extend(
                    INLINE_NOTE_MARK.compiled.sub("", c).strip() for c in cell_texts(following) if c.strip()
                )
            elif following["label"] in (Label.HEADING, Label.PARAGRAPH, Label.CAPTION) and items:
                break
    return [re.sub(r"\s+", "", item) for item in items if item and item != "など"]


def mark_national_priority(measures: list[Measure], lines: list[dict]) -> None:
    spec = taxonomy()
    markers, label, alongside = (
        spec.national_priority_markers,
        spec.national_priority_list_label,
        spec.alongside_words,
    )
    listed = list(dict.fromkeys(priority_items(lines)))  # a list printed twice is one list
    listed_categories = {categorize(item) for item in listed} - {None}
    for measure in measures:
        if measure.level != 1:
            continue
        marked = any(any(m in marker for m in markers) for marker in measure.markers)
        pillar = measure.pillar or ""
        in_priority_group = label in pillar and not any(word in pillar for word in alongside)
        listed_here = any(same_item(item, measure.title) for item in listed) or (
            measure.category is not None and measure.category in listed_categories
        )
        measure.national_priority = marked or in_priority_group or listed_here
