"""Heading candidates from evidence combined, never from one switched-on signal.

Every body line is weighed on all the signals at once (weights and thresholds in configs/structure.yaml,
`heading_evidence`):
- an enumerator (1. / (1) / 1) / ① / 第1章 / 3.2 / 基本方針1) before a title-like text;
- block-label and top-level vocabulary (概要, 課題, はじめに …);
- agreement with the table of contents;
- typography against the body text: larger type, another font family (a Gothic heading in a Mincho
  body), bold, a short standalone line, space above;
- markdown `#` as one more mark;
- in text without marks, layout: a short line after a blank line that opens prose (`pipeline.outline.standalone`),
  and in text broken at the page margin, whether a line runs on into the next (`pipeline.families.wrapping`).
A document that marks its numbered headings consistently (by `#` or type) makes an unmarked numbered
line less likely a heading, in proportion to how consistent it is; so a large-type cover alone changes
nothing for body-size numbered headings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.families.block_labels import is_marked_label, is_measure_list_label
from pipeline.families.enumerators import parse_enumerator
from pipeline.families.titles import SENTENCE_END, plausible_title
from pipeline.families.wrapping import RAN_ON, Wrapping, find_wrapping
from pipeline.model.lines import Label, LayoutHint
from pipeline.outline.candidates import Candidate, LineStyle
from pipeline.outline.numbered_lists import (
    attach_lone_numbers,
    drop_numbered_lists,
    overview_lines,
    stray_letters,
)
from pipeline.outline.signals import (
    Layout,
    LineView,
    Signal,
    TocKeys,
    Weighed,
    inline_block_candidates,
    is_decoration,
    recurring_labels,
    row_block_candidates,
    settings,
    style_ranks,
    weigh,
)
from pipeline.outline.standalone import content_kinds, settle_standalone
from pipeline.outline.toc import TableOfContents, is_toc_title

MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


@dataclass
class _Document:
    """What the walk over a document's body needs besides each line's own text."""

    texts: dict[int, str]
    shapes: dict[int, Label]
    body: list[int]
    styles: dict[int, LineStyle]
    cells: dict[int, list[str]]
    markdown: dict[int, int]
    ranks: dict[int, int]
    labels: frozenset[str]
    toc_keys: TocKeys
    wrapping: Wrapping
    opens: dict[int, str]
    # The source declares its outline (Word heading styles, slide titles): its block labels (【現状と
    # 課題】, ■取組内容) are blocks under those headings, not headings it failed to mark.
    declared: bool = False


@dataclass
class _Wrapped:
    """Text as ingest joined it: the lines it joined onto a paragraph's first, the lines it started
    joining (`heads`), the text as wrapped, and each line's next line that could continue it."""

    joined: set[int]
    heads: set[int]
    as_wrapped: dict[int, str]
    following: dict[int, int | None]
    titles: set[int]  # a title that wraps once and ends without a sentence's end


def _wrapped(doc: _Document, source: dict[int, str]) -> _Wrapped:
    texts, shapes, body = doc.texts, doc.shapes, doc.body
    nonblank = [n for n in body if shapes[n] != Label.BLANK]
    following: dict[int, int | None] = dict(zip(nonblank, nonblank[1:], strict=False))
    joined = {n for n in body if shapes[n] == Label.BLANK and source.get(n, "").strip()}
    # Whether a line runs on is read from the lines as wrapped, before ingest joined them.
    heads = {n for n in body if n in doc.styles and doc.styles[n].hint == RAN_ON}
    as_wrapped = {**texts, **{n: source[n] for n in joined | heads if n in source}}
    # A title wraps once and ends without a sentence's end ('取組事項① デジタル田園都市…・地域社会の' /
    # 'デジタル化'): it does not run on as a list item or a paragraph does.
    titles = {
        n
        for n in heads
        if n + 1 in joined
        and n + 2 not in joined
        and plausible_title(texts[n].strip())
        and not SENTENCE_END.search(texts[n].strip())
    }
    upcoming = None
    for n in reversed(body):
        if n in joined:
            following[n] = upcoming
        elif shapes[n] != Label.BLANK:
            upcoming = n
    return _Wrapped(joined, heads, as_wrapped, following, titles)


def _heading_text(doc: _Document, n: int) -> str:
    text = doc.texts[n].strip()
    if n in doc.markdown:
        text = text.lstrip("#").strip()
        if is_decoration(text) or is_toc_title(text):
            return ""
    return text


def _walk(doc: _Document, wrapped: _Wrapped, source: dict[int, str]) -> tuple[list[Weighed], list[Candidate]]:
    """Every body line weighed in reading order, with what the lines around it say (space above, running
    on), and the block labels heading table rows."""
    weighed: list[Weighed] = []
    row_blocks: list[Candidate] = []
    previous_blank = True
    ran_on = False  # wrapped text: the last line went on in the next, whatever blank lines came between
    for n in doc.body:
        shape = doc.shapes[n]
        if n in wrapped.joined:
            # A line ingest joined onto its paragraph's first (pipeline/families/wrapping.unwrap): the
            # paragraph ends where the last such line stops short of the margin.
            next_text = _continuation(wrapped.following[n], wrapped.as_wrapped, doc.shapes, doc.labels)
            ran_on = doc.wrapping.runs_on(source[n], next_text)
            previous_blank = not ran_on
            continue
        if shape == Label.BLANK:
            # Some tools put a blank line after every line: it parts paragraphs only where one ended.
            previous_blank = not ran_on
            continue
        if n in wrapped.heads:
            ran_on = n not in wrapped.titles
        else:
            next_text = _continuation(wrapped.following.get(n), wrapped.as_wrapped, doc.shapes, doc.labels)
            ran_on = doc.wrapping.runs_on(doc.texts[n], next_text)
        if shape == Label.TABLE_ROW:
            row_blocks.extend(row_block_candidates(n, doc.cells.get(n, [])))
        elif n in doc.styles and doc.styles[n].hint in (LayoutHint.FIGURE, LayoutHint.TAG):
            continue  # words in a diagram's box, or a slide's pillar tag: never the outline's
        elif shape in (Label.PARAGRAPH, Label.CAPTION, Label.LIST_ITEM) and (text := _heading_text(doc, n)):
            layout = Layout(previous_blank, doc.opens.get(n), ran_on, doc.wrapping.title_width(text))
            view = LineView(n, text, shape, doc.markdown.get(n), doc.styles.get(n), doc.ranks.get(n))
            if found := weigh(view, doc.labels, doc.toc_keys, layout):
                weighed.append(found)
            else:
                row_blocks.extend(inline_block_candidates(n, text))
        # In wrapped text a line that does not run on into the next ends its paragraph: the next line
        # starts a block as if after a blank line.
        previous_blank = doc.wrapping.width is not None and not ran_on
    return weighed, row_blocks


def _measure_lists(weighed: list[Weighed]) -> set[int]:
    """The lines of a block that lists measures (［具体的な施策］) and of the numbered items right under
    it: the plan's measures, whatever type they are set in (a plan typesets its goals and sets the
    measures listed under them at body size)."""
    lines: set[int] = set()
    family: str | None = None
    listing = False
    for item in weighed:
        candidate = item.candidate
        if candidate.block_label and is_measure_list_label(candidate.title):
            lines.add(candidate.line)
            listing, family = True, None
        elif listing and item.enumerated and family in (None, candidate.family):
            lines.add(candidate.line)
            family = candidate.family
        else:
            listing = False
    return lines


def _chosen(doc: _Document, weighed: list[Weighed]) -> set[int]:
    """The lines whose signals' weights reach the threshold: the feature table of `heading_evidence`."""
    config = settings()
    weights = config.weights.model_dump()
    enumerated = [w for w in weighed if w.enumerated]
    consistency = sum(w.candidate.marked for w in enumerated) / len(enumerated) if enumerated else 0.0
    marked_lines = len(doc.markdown) + len(doc.ranks)
    penalty = (
        weights[Signal.UNMARKED_IN_MARKED_DOCUMENT] * consistency
        if marked_lines >= config.min_marked_lines
        else 0
    )
    numbered = [w.candidate for w in enumerated]
    overview = overview_lines(numbered, doc.shapes, doc.body, config) | stray_letters(numbered)

    listed = _measure_lists(weighed)

    def accepted(item: Weighed) -> bool:
        score = sum(weights[signal] for signal in item.signals)
        # A block label in brackets or after a heavy mark (【数値目標】, ■取組) carries its own mark.
        decorated = bool(item.candidate.block_label) and (
            is_marked_label(doc.texts[item.candidate.line]) or Signal.BOXED in item.signals
        )
        exempt = (doc.declared and item.candidate.block_label) or decorated or item.candidate.line in listed
        if not item.candidate.marked and not exempt:
            score += penalty
        return score >= config.threshold and item.candidate.line not in overview

    by_line = {item.candidate.line: item for item in weighed}

    def opens_heading(line: int) -> bool:
        by_line[line].signals.append(Signal.OPENS_HEADING)
        return accepted(by_line[line])

    chosen = {item.candidate.line for item in weighed if accepted(item)} - _lone_emphasis(
        weighed, accepted, doc.opens
    )
    families = {line: item.candidate.family for line, item in by_line.items()}
    return settle_standalone(families, chosen, doc.shapes, doc.body, opens_heading)


def _lone_emphasis(
    weighed: list[Weighed], accepted: Callable[[Weighed], bool], opens: dict[int, str]
) -> set[int]:
    """Lines set apart only by bold or another face at body size over their own text, where fewer than
    `min_emphasis_lines` lines are set so, in a document whose headings are numbered: emphasised
    captions ('商流とライセンス（技術特許の例）' over its paragraph), not a level of the outline. A style
    that recurs (◎ titles under each pillar) is one, and so is a line right over a numbered heading (a
    chapter's title whose number the PDF lost)."""
    chosen = [item for item in weighed if accepted(item)]
    if sum(item.enumerated for item in chosen) < 2:
        return set()
    emphasis = [
        item
        for item in chosen
        if not item.enumerated
        and item.candidate.family.startswith("markdown:")
        and not item.candidate.hashes
        and {Signal.BOLD, Signal.DISTINCT_FACE} & set(item.signals)
        and Signal.LARGER_TYPE not in item.signals
        and opens.get(item.candidate.line) is not None
    ]
    families = Counter(item.candidate.family for item in emphasis)
    fewest = settings().min_emphasis_lines
    return {item.candidate.line for item in emphasis if families[item.candidate.family] < fewest}


def _declared_levels(texts: dict[int, str], body: list[int], styles: dict[int, LineStyle]) -> dict[int, int]:
    """Heading levels the author chose: markdown '#' marks, or the source's own outline levels."""
    levels = {n: len(m.group(1)) for n in body if (m := MARKDOWN_HEADING.match(texts[n]))}
    for n in body:
        level = styles[n].outline_level if n in styles else None
        if level is not None and texts[n].strip():
            levels[n] = level
    return levels


def find_candidates(
    texts: dict[int, str],
    shapes: dict[int, Label],
    body: list[int],
    toc: TableOfContents | None,
    styles: dict[int, LineStyle] | None = None,
    cells: dict[int, list[str]] | None = None,
    pages: dict[int, int | None] | None = None,
    source: dict[int, str] | None = None,
) -> list[Candidate]:
    """Heading candidates in reading order: lines whose weighed evidence reaches the threshold. `source`
    holds the lines as the file has them, where ingest joined a paragraph's wrapped lines: the margin
    is measured on those."""
    config = settings()
    styles, source = styles or {}, source or {}
    wrapping = find_wrapping([source.get(n, texts[n]) for n in body])
    doc = _Document(
        texts, shapes, body, styles, cells or {},
        markdown=_declared_levels(texts, body, styles),
        ranks=style_ranks(texts, body, styles) if styles else {},
        labels=recurring_labels({n: texts[n] for n in body}),
        toc_keys=(*toc.keys(), toc.numbers()) if toc else (set(), set(), {}),
        wrapping=wrapping,
        opens=content_kinds(
            texts, shapes, body, config.short_line_chars,
            (config.min_short_sentence_chars, config.min_sentence_chars), wrapping,
        ),
        declared=any(style.outline_level is not None for style in styles.values()),
    )  # fmt: skip
    weighed, row_blocks = _walk(doc, _wrapped(doc, source), source)
    chosen = _chosen(doc, weighed)
    candidates = [item.candidate for item in weighed if item.candidate.line in chosen] + row_blocks
    candidates.sort(key=lambda c: c.line)
    candidates = drop_numbered_lists(candidates)
    return attach_lone_numbers(texts, shapes, body, candidates, doc.labels, pages or {}, wrapping.title_width)


def _continuation(n: int | None, texts: dict[int, str], shapes: dict[int, Label], labels) -> str | None:
    """The text of line `n` if it can continue the line before it: a paragraph line that opens no
    numbered item."""
    if n is None or shapes[n] != Label.PARAGRAPH or parse_enumerator(texts[n].strip(), labels):
        return None
    return texts[n]
