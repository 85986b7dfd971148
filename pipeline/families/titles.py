"""What a heading's title can look like, whatever marks it: a short line that is not a sentence, a date,
a figure, a reference, or the rest of a line broken before it."""

from __future__ import annotations

import re
from functools import cache

from pipeline.config.vocabulary import structure_vocabulary, taxonomy
from pipeline.families.brackets import INDEX_DECORATION
from pipeline.families.family import Family, Role
from pipeline.families.sentences import PREDICATE_END
from pipeline.language.normalize import compact

# A figure, a date or a share ('2021年4月…', '50%', '.5') opens no title; a count may ('3つの基本方針',
# '1枚で', '3D都市モデル'), but not a number followed by hiragana other than つ: the tail of a line
# broken at a footnote mark ('SFIA7' / '1を参照しつ'). Nor does a character no word starts with: a small
# kana, a long-vowel mark, a closing bracket or a comma ('って課題を解決していく…', a line's rest).
_FIGURE_START = re.compile(
    r"^[.,%％]|^\d[\d.,]*\s*(?:[%％年月日.,]|$)|^\d+(?!つ)[\u3041-\u3093]"
    r"|^[っゃゅょぁぃぅぇぉッャュョァィゥェォーｰ、。，．）」』】〕〉》)\]]"
)
_BRACKETS = ("「」", "（）", "()", "『』", "【】", "［］", "[]")
# A title never ends in a comma (a reference list's '(3) 書名, 出版社,') nor holds an address.
_NOT_A_TITLE = re.compile(r"[、,，]$|https?://|www\.")
SENTENCE_END = PREDICATE_END.compiled


def plausible_title(title: str) -> bool:
    title = title.strip()
    return (
        0 < len(title) <= structure_vocabulary().heading_evidence.max_title_chars
        and "。" not in title.rstrip("。")
        and not title.endswith("。")
        and "\t" not in title
        and not _FIGURE_START.match(title)
        and not _NOT_A_TITLE.search(title)
    )


def opens_its_brackets(title: str) -> bool:
    """No bracket closes that the line did not open: else it is the rest of a line broken before it."""
    return all(title.count(close) <= title.count(open_) for open_, close in _BRACKETS)


@cache
def _index_labels() -> re.Pattern:
    return re.compile("^(?:" + "|".join(structure_vocabulary().glossary_index_labels) + ")$")


def is_index_label(text: str) -> bool:
    """A glossary's index row ('【あ行】', 'か行', 'A'): configs/structure.yaml glossary_index_labels."""
    return bool(_index_labels().match(compact(INDEX_DECORATION.compiled.sub("", text))))


# A line that names who issued the plan, not what it is: デジタル庁, 〇〇市役所 総務部 情報政策課. On a cover
# it is never the title.
ORGANISATION = Family(
    "organisation", r"(?:庁|省|課|室|部|局|係|役所|役場|委員会|株式会社|センター|[市町村区]長)\s*$",
    "an issuing body's line", (Role.CAPTION,), ("デジタル庁", "わかば町 企画課", "さくら市役所", "みどり村長"),
    ("わかば町デジタル推進計画", "令和7年3月"),
    matching="search",
)  # fmt: skip

# A filing label in a cover's corner (別添1-2, 資料3, 参考資料, 【別紙】): where the document is filed, never
# its title.
FILING_LABEL = Family(
    "filing_label", r"^[\s【\[（(〔]*(?:別添|別紙|別冊|資料|参考資料|添付資料|様式|付属資料|附属資料)(?:\s*(?:第?\s*[0-9０-９]+(?:\s*[-－‐―の]\s*[0-9０-９]+)*\s*号?)?)?[\s】\]）)〕]*$",
    "a filing label", (Role.CAPTION,), ("別添1-2", "資料3", "【別紙】", "参考資料", "様式第1号"),
    ("資料編", "別添の計画に基づき", "〇〇村総合戦略"),
)  # fmt: skip

# A slide or page titled as the one before it, marked as its continuation: the same section goes on.
CONTINUED = Family(
    "continued", r"\s*[（(]\s*(?:続き|つづき|続|承前)\s*[)）]\s*$", "a continuation mark ending a title",
    (Role.CONTINUATION,), ("施策1 書かない窓口（続き）", "工程表(つづき)"),
    ("窓口の続きを検討（案）", "続き番号の付け方"), matching="search",
)  # fmt: skip

FAMILIES: tuple[Family, ...] = (ORGANISATION, FILING_LABEL, CONTINUED)


# A pillar's label may be a compound the vocabulary does not list, ending in a pillar's head word
# (重点目標2, 推進分野3, 行動方針1); a target's label (成果目標1, 数値目標) is none.
PILLAR_HEADS = ("目標", "方針", "戦略", "分野")
_LABEL_NUMBER = r"\s*[0-9０-９①-⑳一二三四五六七八九十IVXⅠ-Ⅻ]+"
# What may part a tag's number from its title: 重点目標1｜手続…, 柱2：暮らし…
_TAG_SEPARATOR = re.compile(r"^(\S*?" + _LABEL_NUMBER + r")\s*[｜|:：／/]\s*")


@cache
def _pillar_label() -> re.Pattern:
    words = "|".join(
        re.escape(w) for w in sorted(taxonomy().measure_table_headers.pillar, key=len, reverse=True)
    )
    compound = r"[\u4e00-\u9fff]{1,3}(?:" + "|".join(PILLAR_HEADS) + ")"
    return re.compile(rf"^(?:{words}|{compound}){_LABEL_NUMBER}")


@cache
def _target_labels() -> frozenset[str]:
    return frozenset(compact(word) for word in taxonomy().target_blocks)


def names_pillar(text: str) -> bool:
    """Whether a short text opens with a pillar's label and number (基本方針Ⅰ, 基本目標2, 柱3, 重点目標1):
    a tag naming the pillar a measure stands under (the pillar words: configs/taxonomy.yaml
    measure_table_headers.pillar, and their compounds with PILLAR_HEADS; a target's label is none)."""
    found = _pillar_label().match(text.strip())
    if not found:
        return False
    label = re.sub(_LABEL_NUMBER + "$", "", found.group(0))
    return compact(label) not in _target_labels()


def pillar_tag(text: str) -> str:
    """A pillar tag as the pillar's name: its number and title parted by a space, whatever parted them
    on the page (重点目標1｜手続と相談 -> 重点目標1 手続と相談)."""
    return _TAG_SEPARATOR.sub(r"\1 ", text.strip())


@cache
def _schedule_cell_words() -> frozenset[str]:
    return frozenset(compact(word) for word in taxonomy().schedule_cell_words)


def is_schedule_cell_word(text: str) -> bool:
    """A year cell's word or mark (検討, 運用, ●; configs/taxonomy.yaml schedule_cell_words): what a
    schedule shows in a year's column or writes on a bar, not the name of what is scheduled."""
    return compact(text) in _schedule_cell_words()
