"""The heading signals one line shows: what it is (numbered, a block label, a top-level label, a
standalone title), how it is set (markdown, type) and where it stands (table of contents, space above,
runs on, opens content). Each signal is a feature named as in configs/structure.yaml `heading_evidence
.weights`; `pipeline.outline.evidence` adds up their weights."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from pipeline.config.schema import HeadingEvidence
from pipeline.config.vocabulary import structure_vocabulary
from pipeline.families.block_labels import (
    block_groups,
    is_marked_label,
    is_top_level_label,
    marked_inline_label,
    needs_decoration,
    undecorated_label,
)
from pipeline.families.brackets import BRACKETED_TITLE
from pipeline.families.dates import DATE_ONLY, DATED_ISSUER
from pipeline.families.enumerators import Enumerator, label_candidates, parse_enumerator
from pipeline.families.marks import DECORATION
from pipeline.families.titles import (
    SENTENCE_END,
    is_index_label,
    opens_its_brackets,
    plausible_title,
)
from pipeline.language.normalize import compact
from pipeline.model.lines import Label, LayoutHint
from pipeline.outline.candidates import Candidate, LineStyle
from pipeline.outline.standalone import INNER, OUTER, can_stand_alone


class Signal(StrEnum):
    """A heading signal: each is a feature weighed by configs/structure.yaml `heading_evidence.weights`
    (a weight for every member, and a member for every weight: tests/test_structure.py)."""

    ENUMERATOR = "enumerator"  # numbered: 第1章, 1-2, 基本方針1, ①
    BLOCK_LABEL = "block_label"  # a block label: 【現状と課題】, ■取組内容
    TOP_LEVEL_LABEL = "top_level_label"  # a label that heads a document's part: はじめに, 用語集
    TOC_ENTRY = "toc_entry"  # named by the table of contents
    MARKDOWN = "markdown"  # a markdown heading (#)
    LARGER_TYPE = "larger_type"  # set larger than the body
    BOLD = "bold"  # bold at body size or larger
    DISTINCT_FACE = "distinct_face"  # another font family at body size or larger
    BOXED = "boxed"  # alone in a filled band: marked as brackets would mark it
    SHORT_LINE = "short_line"  # title-length, no sentence end
    SPACE_ABOVE = "space_above"  # set apart from the line before
    TITLE_TAG = "title_tag"  # ends in a tag such as 【重点】
    OPENS_CONTENT = "opens_content"  # a standalone line opening prose or a list
    OPENS_HEADING = "opens_heading"  # a standalone line right above a heading
    RUNS_ON = "runs_on"  # runs to the margin and goes on in the next line
    OUTSIDE_TOC = "outside_toc"  # numbered where the contents list other numbers of its family
    UNMARKED_IN_MARKED_DOCUMENT = "unmarked_in_marked_document"  # plain where the document marks its headings


# An article's caption in brackets ('第1条（目的）').
_WHOLLY_BRACKETED = re.compile(r"^[（(]([^（）()]+)[）)]$")

TocKeys = tuple[set[str], set[str], dict[str, set[int | None]]]


def settings() -> HeadingEvidence:
    return structure_vocabulary().heading_evidence


@lru_cache(maxsize=1)
def _title_tag() -> re.Pattern:
    return re.compile(settings().title_tag)


def is_decoration(text: str) -> bool:
    return DECORATION.recognises(text)


# --- marks: markdown and typography ----------------------------------------------------------------


def style_ranks(texts: dict[int, str], body: list[int], styles: dict[int, LineStyle]) -> dict[int, int]:
    """Lines set apart by type, with a rank (1 = most prominent): larger sizes first, then bold or
    another font family at body size."""
    config = settings()
    marked = {}
    for n in body:
        style = styles.get(n)
        text = texts[n].strip()
        if style is None or style.size_ratio is None or not text or len(text) > config.max_title_chars:
            continue
        emphasis = style.size_ratio >= config.min_emphasis_ratio and (style.bold or style.distinct_face)
        if style.size_ratio >= config.larger_type_ratio or emphasis:
            marked[n] = round(style.size_ratio * 20) / 20 + (0.01 if style.bold else 0)
    sizes = sorted(set(marked.values()), reverse=True)
    return {n: sizes.index(size) + 1 for n, size in marked.items()}


def typography(style: LineStyle | None) -> list[Signal]:
    if style is None or style.size_ratio is None:
        return []
    found = []
    if style.size_ratio >= settings().larger_type_ratio:
        found.append(Signal.LARGER_TYPE)
    if style.hint == LayoutHint.BOXED:
        found.append(Signal.BOXED)  # a label alone in a filled band: marked as brackets would mark it
    if style.size_ratio >= settings().min_emphasis_ratio:  # small type in a figure is not a heading
        if style.bold:
            found.append(Signal.BOLD)
        if style.distinct_face:
            found.append(Signal.DISTINCT_FACE)
    return found


# --- what a line is --------------------------------------------------------------------------------


def recurring_labels(texts: dict[int, str]) -> frozenset[str]:
    """Kanji words that open lines followed by several different numbers: an enumerated label family."""
    values = defaultdict(set)
    for text in texts.values():
        found = label_candidates(text.lstrip("#").strip())
        if found:
            values[found[0]].add(found[1])
    return frozenset(label for label, seen in values.items() if len(seen) >= 2)


def inline_block_candidates(line: int, text: str) -> list[Candidate]:
    """A block label heading its own text on one line after a mark ('■KPI　利用率 12% → 35%'): the line
    opens the block and stays text."""
    label = marked_inline_label(text)
    return [Candidate(line, None, label, "block", block_label=compact(label), inline=True)] if label else []


def row_block_candidates(line: int, cells: list[str]) -> list[Candidate]:
    """Block labels heading a table row: '概要<TAB>…' or a header row of labels '課題<TAB>対応案'."""
    cells = [cell for cell in cells if cell]

    def is_label(cell: str) -> bool:
        return bool(block_groups(cell)) and not needs_decoration(cell)

    if not cells or not is_label(cells[0]):
        return []
    labels = cells if all(is_label(cell) for cell in cells) else cells[:1]
    return [Candidate(line, None, cell, "block", block_label=compact(cell)) for cell in labels]


@dataclass(frozen=True)
class Layout:
    """Where a line stands among its neighbours."""

    space_above: bool  # after a blank line, or after a paragraph's last line in wrapped text
    opens: str | None  # what follows: 'prose', 'list', 'short_list' (pipeline/outline/standalone.py)
    runs_on: bool = False  # wrapped text: the line goes on in the next
    title_width: bool = True  # short enough for an unnumbered title in wrapped text


@dataclass
class Identity:
    """What a line is as a heading: its title and, where known, its family, number and block label."""

    title: str
    family: str | None = None
    number: str | None = None
    value: int | None = None
    path: tuple[int, ...] = ()
    block: str | None = None
    opens: str | None = None
    enumerator: Enumerator | None = None
    signals: list[Signal] = field(default_factory=list)


def _numbered(text: str, enumerator: Enumerator) -> Identity | None:
    title = enumerator.rest.strip().lstrip(":：").strip()
    title = _WHOLLY_BRACKETED.sub(r"\1", title)  # an article's caption in brackets is its title
    if title and not plausible_title(title):
        return None
    return Identity(
        title, enumerator.family, enumerator.number, enumerator.value, enumerator.path,
        enumerator=enumerator, signals=[Signal.ENUMERATOR],
    )  # fmt: skip


def _emphasised_title(shape: Label, marks: list[Signal], layout: Layout) -> bool:
    """A mark-led line in bold over its own prose (◎窓口の待ち時間短縮, then its paragraph) titles what
    follows: a list's items run on one after another and are not each set in bold over a paragraph."""
    emphasised = Signal.BOLD in marks or Signal.DISTINCT_FACE in marks
    return shape == Label.LIST_ITEM and emphasised and layout.opens in ("prose", "sentence")


def _unnumbered(
    text: str, shape: Label, md_level: int | None, marks: list[Signal], layout: Layout
) -> Identity | None:
    """A line without a number: a block label, a top-level label or a plausible standalone title."""
    identity = Identity(text.strip(), opens=layout.opens)
    typeset = Signal.LARGER_TYPE in marks or md_level is not None
    # '【概要】' at body size is a decorated block label; '《具体的な取り組み》' in heading type is a heading.
    decorated = (
        shape in (Label.CAPTION, Label.LIST_ITEM) or BRACKETED_TITLE.recognises(text)
    ) and not typeset
    undecorated = undecorated_label(text) if decorated else text
    # A bracketed title set in no special type over content: a labelled block in text without marks.
    labelled_list = (
        shape == Label.CAPTION
        and layout.opens not in (None, "sentence")
        and not marks
        and BRACKETED_TITLE.recognises(text)
    )
    if labelled_list:
        identity.opens = "list"
    marked = bool(is_marked_label(text)) or md_level is not None or bool(marks)
    if block_groups(undecorated) and (marked or not needs_decoration(undecorated)):
        identity.block, identity.title, identity.family = compact(undecorated), undecorated.strip(), "block"
        identity.signals.append(Signal.BLOCK_LABEL)
    elif _emphasised_title(shape, marks, layout):
        identity.title = undecorated.strip()
        identity.signals.append(Signal.OPENS_CONTENT)
    elif shape in (Label.CAPTION, Label.LIST_ITEM) and not typeset and not labelled_list:
        return None
    elif is_top_level_label(text):
        identity.family = "top"
        identity.signals.append(Signal.TOP_LEVEL_LABEL)
    elif (
        not plausible_title(text)
        or is_decoration(text)
        or DATE_ONLY.recognises(text)
        or DATED_ISSUER.recognises(text)
    ):
        return None
    return identity


def _placement(identity: Identity, toc_keys: TocKeys, layout: Layout) -> list[Signal]:
    """Signals from where the line stands: the contents, its length, space above, running on."""
    found = []
    numbered_entries, plain_entries, listed_numbers = toc_keys
    enumerator, title = identity.enumerator, identity.title
    if (enumerator and compact(enumerator.number + title) in numbered_entries) or (
        not enumerator and compact(title) in plain_entries
    ):
        found.append(Signal.TOC_ENTRY)
    elif enumerator and enumerator.value not in listed_numbers.get(enumerator.family, {enumerator.value}):
        found.append(Signal.OUTSIDE_TOC)
    if title and len(title) <= settings().short_line_chars and not SENTENCE_END.search(title):
        found.append(Signal.SHORT_LINE)
    if layout.space_above:
        found.append(Signal.SPACE_ABOVE)
    if layout.runs_on:
        found.append(Signal.RUNS_ON)
    return found


def _fallback_family(
    signals: list[Signal], md_level: int | None, rank: int | None, standalone: bool, layout: Layout
):
    """The family of a line that is neither numbered nor a label, from its marks; None if it has none."""
    if md_level is not None:
        return f"markdown:{md_level}"
    if rank is not None:
        return f"markdown:{rank}"
    if Signal.TOC_ENTRY in signals:
        return "top"
    if Signal.TITLE_TAG in signals:
        return "tagged"
    if Signal.OPENS_CONTENT in signals:
        return INNER
    if standalone and layout.space_above:
        return OUTER  # a heading only if the line after it is one (`opens_heading`)
    return None


@dataclass
class Weighed:
    candidate: Candidate
    signals: list[Signal]
    enumerated: bool


@dataclass(frozen=True)
class LineView:
    """A body line as the signals see it."""

    line: int
    text: str
    shape: Label
    md_level: int | None
    style: LineStyle | None
    rank: int | None


def weigh(view: LineView, labels: frozenset[str], toc_keys: TocKeys, layout: Layout) -> Weighed | None:
    """A line's candidate heading and the signals it shows, or None if it cannot be a heading."""
    text, md_level = view.text, view.md_level
    marks = ([Signal.MARKDOWN] if md_level is not None else []) + typography(view.style)
    enumerator = parse_enumerator(text, labels)
    if enumerator:
        identity = _numbered(text, enumerator)
    elif is_index_label(text):
        return None
    else:
        identity = _unnumbered(text, view.shape, md_level, marks, layout)
    if identity is None:
        return None
    signals = marks + identity.signals + _placement(identity, toc_keys, layout)
    standalone = not enumerator and identity.block is None and Signal.SHORT_LINE in signals
    if standalone and _title_tag().search(identity.title):
        signals.append(Signal.TITLE_TAG)
    # Layout speaks for a title only where type cannot: in a PDF an unmarked line at body size is body.
    untyped = view.style is None or view.style.size_ratio is None
    title = identity.title
    standalone = (
        standalone and untyped and layout.title_width and can_stand_alone(title) and opens_its_brackets(title)
    )
    if standalone and layout.space_above and identity.opens in ("prose", "list"):
        signals.append(Signal.OPENS_CONTENT)
    family = identity.family or _fallback_family(signals, md_level, view.rank, standalone, layout)
    if family is None:
        return None
    candidate = Candidate(
        view.line, identity.number, title, family, identity.value, md_level or view.rank, identity.block,
        path=identity.path, marked=md_level is not None or view.rank is not None, hashes=md_level is not None,
    )  # fmt: skip
    return Weighed(candidate, signals, enumerator is not None)
