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
  and in text broken at the page margin, whether a line runs on into the next (`pipeline.readers.text_layout`).
A document that marks its numbered headings consistently (by `#` or type) makes an unmarked numbered
line less likely a heading, in proportion to how consistent it is; so a large-type cover alone changes
nothing for body-size numbered headings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from pipeline.config.schema import HeadingEvidence
from pipeline.config.vocabulary import structure_vocabulary
from pipeline.families.block_labels import (
    block_groups,
    is_marked_label,
    is_top_level_label,
    needs_decoration,
    undecorated_label,
)
from pipeline.families.enumerators import Enumerator, label_candidates, parse_enumerator
from pipeline.families.titles import (
    DATE_ONLY,
    SENTENCE_END,
    is_index_label,
    opens_its_brackets,
    plausible_title,
)
from pipeline.language.normalize import compact
from pipeline.model.lines import Label
from pipeline.outline.candidates import Candidate, LineStyle
from pipeline.outline.numbered_lists import (
    attach_lone_numbers,
    drop_numbered_lists,
    overview_lines,
    stray_letters,
)
from pipeline.outline.standalone import (
    BRACKETED_TITLE,
    INNER,
    OUTER,
    can_stand_alone,
    content_kinds,
    settle_standalone,
)
from pipeline.outline.toc import TableOfContents, is_toc_title
from pipeline.readers.text_layout import RAN_ON, find_wrapping

MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_DECORATION = re.compile(r"^[✓✔▼▽▲△■□●○◆◇★☆→⇒・※◎▶►]")
# An article's caption in brackets ('第1条（目的）').
_WHOLLY_BRACKETED = re.compile(r"^[（(]([^（）()]+)[）)]$")


# --- vocabulary -----------------------------------------------------------------------------------


def settings() -> HeadingEvidence:
    return structure_vocabulary().heading_evidence


# --- marks: markdown and typography ----------------------------------------------------------------


def style_ranks(texts: dict[int, str], body: list[int], styles: dict[int, LineStyle]) -> dict[int, int]:
    """Lines set apart by type, with a rank (1 = most prominent): larger sizes first, then bold or
    another font family at body size."""
    ratio = settings().larger_type_ratio
    marked = {}
    for n in body:
        style = styles.get(n)
        text = texts[n].strip()
        if style is None or style.size_ratio is None or not text or len(text) > settings().max_title_chars:
            continue
        emphasis = style.size_ratio >= settings().min_emphasis_ratio and (style.bold or style.distinct_face)
        if style.size_ratio >= ratio or emphasis:
            marked[n] = round(style.size_ratio * 20) / 20 + (0.01 if style.bold else 0)
    sizes = sorted(set(marked.values()), reverse=True)
    return {n: sizes.index(size) + 1 for n, size in marked.items()}


def _typography(style: LineStyle | None) -> list[str]:
    if style is None or style.size_ratio is None:
        return []
    found = []
    if style.size_ratio >= settings().larger_type_ratio:
        found.append("larger_type")
    if style.size_ratio >= settings().min_emphasis_ratio:  # small type in a figure is not a heading
        if style.bold:
            found.append("bold")
        if style.distinct_face:
            found.append("distinct_face")
    return found


# --- candidates --------------------------------------------------------------------------------------


def recurring_labels(texts: dict[int, str]) -> frozenset[str]:
    """Kanji words that open lines followed by several different numbers: an enumerated label family."""
    values = defaultdict(set)
    for text in texts.values():
        found = label_candidates(text.lstrip("#").strip())
        if found:
            values[found[0]].add(found[1])
    return frozenset(label for label, seen in values.items() if len(seen) >= 2)


def _row_block_candidates(line: int, cells: list[str]) -> list[Candidate]:
    """Block labels heading a table row: '概要<TAB>…' or a header row of labels '課題<TAB>対応案'."""
    cells = [cell for cell in cells if cell]

    def is_label(cell: str) -> bool:
        return bool(block_groups(cell)) and not needs_decoration(cell)

    if not cells or not is_label(cells[0]):
        return []
    labels = cells if all(is_label(cell) for cell in cells) else cells[:1]
    return [Candidate(line, None, cell, "block", block_label=compact(cell)) for cell in labels]


@dataclass
class _Weighed:
    candidate: Candidate
    signals: list[str]
    enumerated: bool


@dataclass(frozen=True)
class _Layout:
    """Where a line stands among its neighbours."""

    space_above: bool  # after a blank line, or after a paragraph's last line in wrapped text
    opens: str | None  # what follows: 'prose', 'list', 'short_list' (pipeline/standalone.py)
    runs_on: bool = False  # wrapped text: the line goes on in the next
    title_width: bool = True  # short enough for an unnumbered title in wrapped text


@lru_cache(maxsize=1)
def _title_tag() -> re.Pattern:
    return re.compile(settings().title_tag)


def _weigh(
    n: int,
    text: str,
    shape: str,
    labels: frozenset[str],
    md_level: int | None,
    style: LineStyle | None,
    rank: int | None,
    toc_keys: tuple[set[str], set[str], dict[str, set[int | None]]],
    layout: _Layout,
) -> _Weighed | None:
    """A line's candidate heading and the signals it shows, or None if it cannot be a heading."""
    signals: list[str] = []
    opens = layout.opens
    if md_level is not None:
        signals.append("markdown")
    signals += _typography(style)
    enumerator: Enumerator | None = parse_enumerator(text, labels)
    family, number, value, title, path = None, None, None, text.strip(), ()
    block = None
    if enumerator:
        title = enumerator.rest.strip().lstrip(":：").strip()
        # An article's caption in brackets ('第1条（目的）') is its title.
        title = _WHOLLY_BRACKETED.sub(r"\1", title)
        if title and not plausible_title(title):
            return None
        family, number, value, path = enumerator.family, enumerator.number, enumerator.value, enumerator.path
        signals.append("enumerator")
    elif is_index_label(text):
        return None
    else:
        # '【概要】' at body size is a decorated block label; '《具体的な取り組み》' in heading type is a heading.
        decorated = (
            (shape in (Label.CAPTION, Label.LIST_ITEM) or BRACKETED_TITLE.match(text))
            and "larger_type" not in signals
            and md_level is None
        )
        undecorated = undecorated_label(text) if decorated else text
        # A bracketed title set in no special type over content: a labelled block in text without marks.
        labelled_list = (
            shape == Label.CAPTION
            and layout.opens is not None
            and not signals
            and BRACKETED_TITLE.match(text)
        )
        if labelled_list:
            opens = "list"
        marked = bool(is_marked_label(text)) or md_level is not None or bool(signals)
        if block_groups(undecorated) and (marked or not needs_decoration(undecorated)):
            block, title, family = compact(undecorated), undecorated.strip(), "block"
            signals.append("block_label")
        elif (
            shape in (Label.CAPTION, Label.LIST_ITEM)
            and not ("larger_type" in signals or md_level is not None)
            and not labelled_list
        ):
            return None
        elif is_top_level_label(text):
            family = "top"
            signals.append("top_level_label")
        elif not plausible_title(text) or _DECORATION.match(text) or DATE_ONLY.match(text):
            return None
    numbered_entries, plain_entries, listed_numbers = toc_keys
    if (enumerator and compact(enumerator.number + title) in numbered_entries) or (
        not enumerator and compact(title) in plain_entries
    ):
        signals.append("toc_entry")
    elif enumerator and enumerator.value not in listed_numbers.get(enumerator.family, {enumerator.value}):
        signals.append("outside_toc")
    if title and len(title) <= settings().short_line_chars and not SENTENCE_END.search(title):
        signals.append("short_line")
    if layout.space_above:
        signals.append("space_above")
    if layout.runs_on:
        signals.append("runs_on")
    standalone = not enumerator and block is None and "short_line" in signals
    if standalone and _title_tag().search(title):
        signals.append("title_tag")
    # Layout speaks for a title only where type cannot: in a PDF an unmarked line at body size is body.
    untyped = style is None or style.size_ratio is None
    standalone = (
        standalone and untyped and layout.title_width and can_stand_alone(title) and opens_its_brackets(title)
    )
    if standalone and layout.space_above and opens in ("prose", "list"):
        signals.append("opens_content")
    if family is None:
        if md_level is not None:
            family = f"markdown:{md_level}"
        elif rank is not None:
            family = f"markdown:{rank}"
        elif "toc_entry" in signals:
            family = "top"
        elif "title_tag" in signals:
            family = "tagged"
        elif "opens_content" in signals:
            family = INNER
        elif standalone and layout.space_above:
            family = OUTER  # a heading only if the line after it is one (`opens_heading`)
        else:
            return None
    marked = md_level is not None or rank is not None
    candidate = Candidate(
        n,
        number,
        title,
        family,
        value,
        md_level or rank,
        block,
        path=path,
        marked=marked,
        hashes=md_level is not None,
    )
    return _Weighed(candidate, signals, enumerator is not None)


def find_candidates(
    texts: dict[int, str],
    shapes: dict[int, str],
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
    weights = config.weights.model_dump()
    styles = styles or {}
    source = source or {}
    markdown = {n: len(m.group(1)) for n in body if (m := MARKDOWN_HEADING.match(texts[n]))}
    ranks = style_ranks(texts, body, styles) if styles else {}
    labels = recurring_labels({n: texts[n] for n in body})
    toc_keys = (*toc.keys(), toc.numbers()) if toc else (set(), set(), {})
    wrapping = find_wrapping([source.get(n, texts[n]) for n in body])
    opens = content_kinds(texts, shapes, body, config.short_line_chars, config.min_sentence_chars, wrapping)
    weighed: list[_Weighed] = []
    row_blocks: dict[int, list[Candidate]] = {}
    previous_blank = True
    ran_on = False  # wrapped text: the last line went on in the next, whatever blank lines came between
    nonblank = [n for n in body if shapes[n] != Label.BLANK]
    following = dict(zip(nonblank, nonblank[1:], strict=False))
    joined = {n for n in body if shapes[n] == Label.BLANK and source.get(n, "").strip()}
    # Whether a line runs on is read from the lines as wrapped, before ingest joined them.
    heads = {n for n in body if n in styles and styles[n].hint == RAN_ON}
    as_wrapped = {**texts, **{n: source[n] for n in joined | heads if n in source}}
    # A title wraps once and ends without a sentence's end ('取組事項① デジタル田園都市…・地域社会の' /
    # 'デジタル化'): it does not run on as a list item or a paragraph does.
    wrapped_titles = {
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
    for n in body:
        shape = shapes[n]
        if n in joined:
            # A line ingest joined onto its paragraph's first (pipeline/text_layout.unwrap): the
            # paragraph ends where the last such line stops short of the margin.
            ran_on = wrapping.runs_on(source[n], _continuation(following[n], as_wrapped, shapes, labels))
            previous_blank = not ran_on
            continue
        if shape == Label.BLANK:
            # Some tools put a blank line after every line: it parts paragraphs only where one ended.
            previous_blank = not ran_on
            continue
        if n in heads:
            ran_on = n not in wrapped_titles
        else:
            ran_on = wrapping.runs_on(texts[n], _continuation(following.get(n), as_wrapped, shapes, labels))
        if shape == Label.TABLE_ROW:
            row_blocks[n] = _row_block_candidates(n, (cells or {}).get(n, []))
        elif shape in (Label.PARAGRAPH, Label.CAPTION, Label.LIST_ITEM):
            text = texts[n].strip()
            md_level = markdown.get(n)
            if md_level is not None:
                text = text.lstrip("#").strip()
                if _DECORATION.match(text) or is_toc_title(text):
                    text = ""
            if text:
                layout = _Layout(previous_blank, opens.get(n), ran_on, wrapping.title_width(text))
                found = _weigh(
                    n, text, shape, labels, md_level, styles.get(n), ranks.get(n), toc_keys, layout
                )
                if found:
                    weighed.append(found)
        # In wrapped text a line that does not run on into the next ends its paragraph: the next line
        # starts a block as if after a blank line.
        previous_blank = wrapping.width is not None and not ran_on

    enumerated = [w for w in weighed if w.enumerated]
    marked_lines = len(markdown) + len(ranks)
    consistency = sum(w.candidate.marked for w in enumerated) / len(enumerated) if enumerated else 0.0
    penalty = (
        weights["unmarked_in_marked_document"] * consistency if marked_lines >= config.min_marked_lines else 0
    )
    numbered = [w.candidate for w in weighed if w.enumerated]
    overview = overview_lines(numbered, shapes, body, config) | stray_letters(numbered)

    def accepted(item: _Weighed) -> bool:
        score = sum(weights[signal] for signal in item.signals)
        if not item.candidate.marked:
            score += penalty
        return score >= config.threshold and item.candidate.line not in overview

    chosen = {item.candidate.line for item in weighed if accepted(item)}
    by_line = {item.candidate.line: item for item in weighed}

    def opens_heading(line: int) -> bool:
        by_line[line].signals.append("opens_heading")
        return accepted(by_line[line])

    chosen = settle_standalone(
        {line: item.candidate.family for line, item in by_line.items()}, chosen, shapes, body, opens_heading
    )
    candidates = [item.candidate for item in weighed if item.candidate.line in chosen]
    for blocks in row_blocks.values():
        candidates.extend(blocks)
    candidates.sort(key=lambda c: c.line)
    candidates = drop_numbered_lists(candidates)
    return attach_lone_numbers(texts, shapes, body, candidates, labels, pages or {}, wrapping.title_width)


def _continuation(n: int | None, texts: dict[int, str], shapes: dict[int, str], labels) -> str | None:
    """The text of line `n` if it can continue the line before it: a paragraph line that opens no
    numbered item."""
    if n is None or shapes[n] != Label.PARAGRAPH or parse_enumerator(texts[n].strip(), labels):
        return None
    return texts[n]
