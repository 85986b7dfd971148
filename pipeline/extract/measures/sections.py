"""What makes a section of the outline a measure: block labels under it (現状と課題 / 今後の取組 …),
lines opened by a measure's labels, its place in an initiatives chapter, or a list of numbered sections
laid out alike."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from pipeline.config.vocabulary import structure_vocabulary
from pipeline.families.block_labels import block_groups
from pipeline.families.brackets import TITLE_TAG
from pipeline.families.marks import INLINE_NOTE_MARK
from pipeline.language.normalize import compact
from pipeline.model.lines import Label

INITIATIVES_CHAPTER = re.compile(
    r"(具体的な|個別|実施)?(取組|取り組み|施策|アクションプラン|アクション|実施事業|推進項目|重点項目|プロジェクト)"
    r"|具体的な(内容|対策|事業)"  # a 行動計画's 具体的な内容 over its numbered items
)
DESCRIPTION_LABELS = (Label.PARAGRAPH, Label.LIST_ITEM, Label.TABLE_ROW)


def clean_title(title: str) -> tuple[str, list[str]]:
    """Title without 【markers】 and footnote marks, and the markers as data."""
    markers = TITLE_TAG.compiled.findall(title)
    title = TITLE_TAG.compiled.sub("", title)
    return INLINE_NOTE_MARK.compiled.sub("", title).strip(), markers


def is_block(section: dict) -> bool:
    return section["family"] == "block" or bool(block_groups(section["title"]))


@lru_cache(maxsize=1)
def _action_labels() -> re.Pattern:
    return re.compile("^(?:" + "|".join(structure_vocabulary().action_block_labels) + ")$")


def has_measure_blocks(section: dict, children: list[dict], by_id: dict[str, dict], filled: set[str]) -> bool:
    """Two block labels, or one that plans an action (今後の取組, 対応案, スケジュール, 成果目標 …), or
    any block label under an initiative label (取組事項①) or inside an initiatives chapter. A block label
    with no text in its span (a chapter marker such as 《具体的な取り組み》 right before the next heading)
    is not a block."""
    blocks = [c for c in children if is_block(c) and c["section_id"] in filled]
    if len(blocks) >= 2 or any(_action_labels().match(compact(clean_title(b["title"])[0])) for b in blocks):
        return True
    if not blocks:
        return False
    if section["family"].startswith(("label:", "plabel:")):
        return True
    ancestor = by_id.get(section["parent_id"] or "")
    while ancestor is not None:
        if INITIATIVES_CHAPTER.search(ancestor["title"]):
            return True
        ancestor = by_id.get(ancestor["parent_id"] or "")
    return False


def labelled_leaf(section: dict, children: list[dict], labelled: frozenset[str]) -> bool:
    """A section with no sub-sections but blocks whose lines open with a measure's labels (◎窓口の改善 /
    実施時期：… / 目標：…); a pillar's section holding such a line over its measures is not one."""
    return section["section_id"] in labelled and all(is_block(child) for child in children)


def parallel_measures(sections: list[dict], children: dict, filled: set[str]) -> set[str]:
    """Numbered sections under one parent, numbered alike, each over a block of the same label (1. 窓口の
    オンライン化 / 概要, 2. 庁内の無線化 / 概要): a list of measures laid out alike, whatever the chapter
    holding them is called (a scan may read its title wrong)."""
    labels: dict[str, set[str]] = {}
    for section in sections:
        if section["number"] and not is_block(section) and not section["family"].startswith("chapter"):
            blocks = [
                c
                for c in children.get(section["section_id"], [])
                if is_block(c) and c["section_id"] in filled
            ]
            labels[section["section_id"]] = {compact(clean_title(b["title"])[0]) for b in blocks}
    shared = Counter(
        (s["parent_id"], s["family"], label) for s in sections for label in labels.get(s["section_id"], ())
    )
    return {
        s["section_id"]
        for s in sections
        if any(shared[(s["parent_id"], s["family"], label)] >= 2 for label in labels.get(s["section_id"], ()))
    }
