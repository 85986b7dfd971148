"""Block labels: the words that head a measure's blocks (概要, 現状と課題, 今後の取組, 【目標】 …) and the
top-level labels (はじめに, 用語集, 附則 …), from configs/structure.yaml."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.config.vocabulary import structure_vocabulary, taxonomy
from pipeline.families.brackets import INLINE_LABEL, LABEL_DECORATION, LABEL_MARK
from pipeline.language.normalize import compact


@lru_cache(maxsize=1)
def _vocabulary():
    vocab = structure_vocabulary()
    groups = [[re.compile(rf"^(?:{pattern})$") for pattern in group] for group in vocab.block_label_groups]
    top = [re.compile(rf"^(?:{pattern})$") for pattern in vocab.top_level_labels]
    decorated_only = [re.compile(rf"^(?:{pattern})$") for pattern in vocab.decorated_block_labels]
    measure_lists = re.compile("^(?:" + "|".join(vocab.measure_list_labels) + ")$")
    return groups, top, decorated_only, measure_lists


def block_groups(text: str) -> frozenset[int]:
    """Indexes of the block-label groups `text` belongs to (empty if it is not a block label)."""
    key = compact(text)
    groups, *_ = _vocabulary()
    return frozenset(i for i, group in enumerate(groups) if any(p.match(key) for p in group))


def is_top_level_label(text: str) -> bool:
    key = compact(text)
    return any(p.match(key) for p in _vocabulary()[1])


def needs_decoration(label: str) -> bool:
    """A label that is a block label only when marked (configs/structure.yaml decorated_block_labels)."""
    key = compact(label)
    return any(p.match(key) for p in _vocabulary()[2])


def is_measure_list_label(label: str) -> bool:
    """A block that lists the measures themselves (［具体的な施策］ over ① ② …: configs/structure.yaml
    measure_list_labels)."""
    return bool(_vocabulary()[3].match(compact(label)))


def is_marked_label(text: str) -> bool:
    """The line is marked as a label: brackets or a heavy mark before it ('【目標】', '■現状')."""
    return LABEL_MARK.recognises(text)


def undecorated_label(text: str) -> str:
    """The label without its marks: '■【概要】' -> '概要'."""
    return LABEL_DECORATION.compiled.sub("", text)


def inline_label(text: str) -> str | None:
    """The label a line opens with, set before its text ('目標：利用率50%', '【KPI】…', '成果目標　利用率…'),
    compacted."""
    match = INLINE_LABEL.compiled.match(text)
    label = match and (match.group(1) or match.group(2) or match.group(3))
    if not label and (spaced := _spaced_label().match(text)):
        label = spaced.group(1)
    return compact(label) if label else None


@lru_cache(maxsize=1)
def _spaced_label() -> re.Pattern:
    """A measure's label for its target, schedule or period set before its text with only a space
    between (成果目標　利用率 12% → 35%): the label words themselves, no other word."""
    vocab = taxonomy()
    words = sorted(
        {*vocab.target_blocks, *vocab.schedule_titles, *vocab.measure_table_headers.period},
        key=len,
        reverse=True,
    )
    return re.compile(r"^\s*(" + "|".join(re.escape(w) for w in words) + r")\s+(?=\S)")


def marked_inline_label(text: str) -> str | None:
    """The block label a line opens with after a mark and before its content ('■KPI　利用率 12% → 35%':
    'KPI'), set as the block's heading with its text run on; None if the line has none."""
    match = INLINE_LABEL.compiled.match(text)
    label = match and match.group(3)
    return label if label and block_groups(label) else None  # the mark decorates it


def opens_with_target_label(text: str) -> bool:
    """Whether a line opens with a target block's label (configs/taxonomy.yaml target_blocks) set before
    its text: the line states a target (a KPI), not a schedule."""
    return inline_label(text) in {compact(word) for word in taxonomy().target_blocks}


def labelled_sections(lines: list[dict]) -> set[str]:
    """Sections holding a line that opens with a measure's label for its action, period or target
    ('実施時期：令和7年度から…', '目標：…', '【取組内容】…'): measures written as labelled lines, not blocks."""
    vocab = taxonomy()
    words = [*vocab.target_blocks, *vocab.schedule_titles, *vocab.measure_table_headers.period]
    labels = {compact(word) for word in words}
    actions = re.compile("^(?:" + "|".join(structure_vocabulary().action_block_labels) + ")$")
    found = set()
    for row in lines:
        label = row.get("section_id") and inline_label(row["text"])
        if label and (label in labels or actions.match(label)):
            found.add(row["section_id"])
    return found
