"""A measure's pillar written as a tag beside its title: a slide or a page that puts one measure under
a heading carries its pillar as a short labelled line (基本方針1 窓口に来なくてよい町) before the
measure's first block. Read only for measures the outline gave no pillar; the pillar words are data
(configs/taxonomy.yaml `measure_table_headers.pillar`)."""

from __future__ import annotations

import re
from functools import cache

from pipeline.config.vocabulary import taxonomy
from pipeline.model.lines import Label
from pipeline.model.measures import Measure

MAX_TAG_CHARS = 40


@cache
def _pillar_tag() -> re.Pattern:
    words = "|".join(
        re.escape(w) for w in sorted(taxonomy().measure_table_headers.pillar, key=len, reverse=True)
    )
    return re.compile(rf"^(?:{words})\s*[0-9０-９①-⑳一二三四五六七八九十]+")


def tag_pillars(measures: list[Measure], lines: list[dict]) -> None:
    """Give each measure without a pillar the pillar tag between its title and its first block."""
    for measure in measures:
        if measure.pillar:
            continue
        for row in lines:
            if not measure.line_start < row["line"] <= measure.line_end:
                continue
            if row["label"] == Label.HEADING:
                break
            text = row["text"].strip()
            if row["label"] == Label.PARAGRAPH and len(text) <= MAX_TAG_CHARS and _pillar_tag().match(text):
                measure.pillar = text
                break
