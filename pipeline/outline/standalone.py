"""Standalone titles: what shows a heading in text that carries no marks at all.

Text extracted by pdftotext-like tools keeps neither `#` nor type. What is left of an unnumbered heading
(`国の動向`, `ビジョンの設定にあたって`, `《基本方針1に基づき検討を進める主な取組》`) is its layout: a short
line, set apart by a blank line, that opens content. Two signals (weights in configs/structure.yaml):
- `opens_content`: the next line is prose (a sentence, or a line longer than a title) or a list with an
  item as long as prose;
- `opens_heading`: the next line is itself a standalone title that opens content, so this line is the
  title above it (`国の動向` over `デジタル社会の実現に向けた改革の基本方針`).
A standalone title follows content, never another title (a figure's labels under a heading), and is a
line that can stand alone: not a lead-in, a question, a phrase broken off at a particle or a table's row.
A line that opens content is family `standalone:2`; one that opens a heading, `standalone:1`, one level
above it: the outline nests the second under the first and keeps siblings beside each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.families.enumerators import parse_enumerator
from pipeline.families.sentences import FULL_STOP
from pipeline.families.wrapping import Wrapping
from pipeline.model.lines import Label

OUTER = "standalone:1"
INNER = "standalone:2"

# A whole line in title brackets (《…》, 【…】, 〈…〉) that opens a list labels it, like a heading.
# Lines that lead into what follows rather than title it: a colon lead-in ('考え方:'), a question ('（問）
# 携帯電話を使用していますか', a survey's answer list follows).
_LEAD_IN = re.compile(r"[:：]\s*$|[か？?]\s*$")
# Lines broken off mid-phrase: ending in a case particle ('カタログのサブタイトルを', '…データセットや') or
# in a table's mark ('公開日 ○').
_BROKEN_OFF = re.compile(r"[をがやのにで]\s*$|[○◎●△×]\s*$")
# A table's row flattened into a line: words parted by spaces ('メタデータ項目 分類 項目説明 データ形式').
_SPACED_WORDS = re.compile(r"(?:[\u3041-\u30ff\u4e00-\u9fff]\s+[\u3041-\u30ff\u4e00-\u9fff].*){2}")


def can_stand_alone(title: str) -> bool:
    """A line that could be a title on its own, not a lead-in, a broken-off phrase or a table's row."""
    return not (_LEAD_IN.search(title) or _BROKEN_OFF.search(title) or _SPACED_WORDS.search(title))


def content_kinds(
    texts: dict[int, str],
    shapes: dict[int, str],
    body: list[int],
    title_chars: int,
    sentence_chars: tuple[int, int],
    wrapping: Wrapping,
) -> dict[int, str | None]:
    """For each non-blank body line, what follows it: 'prose' (a paragraph longer than a title, or a
    sentence of `sentence_chars[1]` or more; a broken line's tail '示す。' is not one), 'sentence' (a
    shorter whole sentence of `sentence_chars[0]` or more), 'list' (a bullet list with an item as long as
    prose), 'short_list' (a list of title-length items, as figures and slides hold) or None.

    Only prose and a list of prose open content: a slide's boxes (`情報システムの標準化` over two
    short bullets) are as short as titles and set apart the same way."""
    shortest, sentence = sentence_chars
    following: dict[int, str | None] = {}
    kind: str | None = None
    long_list = False  # the list that follows has an item as long as prose
    for n in reversed(body):
        shape = shapes[n]
        if shape == Label.BLANK:
            continue
        following[n] = kind
        text = texts[n].strip()
        if shape == Label.LIST_ITEM:
            in_list = kind in ("list", "short_list")
            long_list = (in_list and long_list) or len(text) > title_chars or wrapping.runs_to_margin(text)
            kind = "list" if long_list else "short_list"
        elif (
            shape == Label.PARAGRAPH
            and (
                len(text) > title_chars
                or (len(text) >= sentence and FULL_STOP.recognises(text))
                or wrapping.runs_to_margin(text)
            )
            and not parse_enumerator(text)  # a numbered sequence is weighed on its own evidence
        ):
            kind = "prose"
        elif shape == Label.PARAGRAPH and len(text) >= shortest and FULL_STOP.recognises(text):
            kind = "sentence"
        else:
            kind = None
    return following


def _neighbours(shapes: dict[int, str], body: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Each non-blank body line's previous and next non-blank lines."""
    previous: dict[int, int] = {}
    following: dict[int, int] = {}
    last: int | None = None
    for n in body:
        if shapes[n] == Label.BLANK:
            continue
        if last is not None:
            previous[n], following[last] = last, n
        last = n
    return previous, following


def settle_standalone(
    families: dict[int, str],
    accepted: set[int],
    shapes: dict[int, str],
    body: list[int],
    opens_heading: Callable[[int], bool],
) -> set[int]:
    """The heading lines once standalone titles are settled. `families` holds every title-like line's
    family; `accepted`, the lines whose evidence reached the threshold; `opens_heading(line)` adds that
    signal to a line and says whether it is then accepted.

    A standalone title stands after content, never right under another title: a line set apart right
    below a heading ('(5) 改革の基本方針' over 'デジタル・ガバメント実行計画') is a figure's label or a
    subtitle. The one exception is the pair it forms with the title above it (`standalone:1` over
    `standalone:2`)."""
    previous, following = _neighbours(shapes, body)

    def after_content(line: int) -> bool:
        return previous.get(line) not in families

    chosen = {
        n for n in accepted if families[n] != INNER or after_content(n) or families.get(previous[n]) == OUTER
    }
    for line, family in families.items():
        nxt = following.get(line)
        if (
            family == OUTER
            and line not in chosen
            and after_content(line)
            and nxt in chosen
            and families[nxt] == INNER
            and opens_heading(line)
        ):
            chosen.add(line)
    return {n for n in chosen if families[n] != INNER or after_content(n) or previous[n] in chosen}
