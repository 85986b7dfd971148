"""A measure's pillar written as a tag beside its title: a slide or a page that puts one measure under
a heading carries its pillar as a short labelled line (基本方針1 窓口に来なくてよい町) before the
measure's first block. Read only for measures the outline gave no pillar; the pillar words are data
(configs/taxonomy.yaml `measure_table_headers.pillar`)."""

from __future__ import annotations

from collections import Counter

from pipeline.families.titles import names_pillar, pillar_tag
from pipeline.model.lines import Label
from pipeline.model.measures import Measure

MAX_TAG_CHARS = 40


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
            if row["label"] == Label.PARAGRAPH and len(text) <= MAX_TAG_CHARS and names_pillar(text):
                measure.pillar = pillar_tag(text)
                break


def lift_tags(sections: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """Pillar tags the outline read as headings: a numbered title named with a pillar word that stands
    as the only numbered child of numbered parents (柱1 暮らしの手続を身近に under each measure of that
    pillar), of a family where one such title repeats under several parents: a pillar repeats over its
    measures, a measure does not. They are taken out, their blocks given to their parent; and the
    parent's id -> the tag, which is the parent's pillar."""
    by_id = {s["section_id"]: s for s in sections}
    numbered: Counter[str | None] = Counter(s["parent_id"] for s in sections if s["number"])
    candidates = [
        s
        for s in sections
        if s["number"]
        and names_pillar(s["number"])
        and (parent := by_id.get(s["parent_id"] or "")) is not None
        and parent["number"]
        and numbered[parent["section_id"]] == 1
    ]
    counts = Counter((s["family"], s["number"], s["title"]) for s in candidates)
    tag_families = {family for (family, _, _), count in counts.items() if count > 1}
    lifted = {s["section_id"]: s for s in candidates if s["family"] in tag_families}
    if not lifted:
        return sections, {}
    kept = []
    for section in sections:
        if section["section_id"] in lifted:
            continue
        parent_id = section["parent_id"]
        if parent_id in lifted:
            section = {**section, "parent_id": lifted[parent_id]["parent_id"]}
        kept.append(section)
    tags = {tag["parent_id"]: f"{tag['number']} {tag['title']}" for tag in lifted.values()}
    return kept, tags
