"""The grammar of heading enumerators: 第1章, 1, 1., 3.2, (1), 1), ①, 基本方針1, 取組事項①, (取組施策1).

`parse_enumerator` splits a line into (family, number as written, numeric value, rest). A family names
the enumerator style, not the document: the structure stage nests headings by the order in which
families appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.config.vocabulary import structure_vocabulary
from pipeline.families.family import EnumeratorFamily, Role

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"
KANA_ORDER = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_ROMAN = {"I": 1, "V": 5, "X": 10}

DINGBATS = "❶❷❸❹❺❻❼❽❾❿➀➁➂➃➄➅➆➇➈➉➊➋➌➍➎➏➐➑➒➓"
_NUM = r"(?:\d{1,2}|[" + CIRCLED + r"]|[IVX]{1,4}(?![A-Za-z]))"
_SEP = r"(?:\s*[:：]\s*|\s+|$)"
# Katakana that enumerate: the gojūon order up to ワ. A small kana, ヲ or ン opens a line only where a
# word was broken ('ン、 ラベリング'), never as an item's mark.
_KANA_ITEM = "[" + KANA_ORDER[: KANA_ORDER.index("ワ") + 1] + "]"
HEADING, ITEM = (Role.HEADING_NUMBER,), (Role.HEADING_NUMBER, Role.LIST_ITEM)

# Families read by their own rule: a chapter-style number names its unit (第1章 -> chapter:章); a label
# word and its number (基本方針1, (取組施策1)) name the label's family.
CHAPTER = EnumeratorFamily(
    "chapter", r"^第\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*([章部編節款条])\s*[:：]?\s*",
    "the unit (章, 節, 条 …) and its number", HEADING,
    ("第1章 計画の概要", "第 2 節 基本方針", "第十条（目的）"), ("第1回会議", "第三者委員会"),
)  # fmt: skip
PAREN_LABEL = EnumeratorFamily(
    "plabel", r"^[(（]\s*([^\d()（）\s]{1,8}?)\s*(" + _NUM + r")\s*[)）]\s*",
    "a label word and its number in brackets", HEADING,
    ("(取組施策1) 窓口改革", "（重点②）データ活用"), ("(1) 窓口改革", "（注）数値は速報値"),
)  # fmt: skip
# A label's number may have parts: 施策1-1, 基本施策2.3 (a sub-measure of 施策1, of 基本施策2).
# A label's number may run into its title with no space (a scan loses it: 基本目標2地域のデジタル化), but
# not into a counter, which makes it a quantity (目標3年間, 施策2件).
_LABEL_SEP = (
    r"(?:\s*[:：]\s*|\s+|$|(?=(?![件年月日人回箇割倍時分歳名社校台本枚部か])[\u4e00-\u9fff\u30a0-\u30ff])"
    r"|(?=[A-Z]{2}))"  # or an acronym (取組3AIチャットボット: a PDF lost the space)
)
LABEL = EnumeratorFamily(
    "label",
    r"^([\u4e00-\u9fff\u30a0-\u30ff](?: ?[\u4e00-\u9fff\u30a0-\u30ff]){0,7}?)\s*(" + _NUM + r")((?:\s*[-‐－―.．]\s*\d{1,2})*)"
    + _LABEL_SEP,
    "a label word, its number and the number's parts", HEADING,
    ("基本方針1 行政サービスの向上", "施策1-2 窓口改革", "取組事項①：デジタル化", "基本目標2地域のデジタル化",
     "基本方 針2 行政事務の効率化", "取組3AIチャットボットの導入"),
    ("令和5年度", "DX推進", "目標3年間で", "施策2件"),
)  # fmt: skip

# A label word with its number in brackets after it: 施策(1), 取組（２）, a deck's usual slide title. Only
# the listed label words (configs/structure.yaml enumerated_labels) take this form.
BRACKETED_LABEL = EnumeratorFamily(
    "blabel", r"^([\u4e00-\u9fff\u30a0-\u30ff]{1,6}?)\s*[(（]\s*(" + _NUM + r")\s*[)）]" + _LABEL_SEP,
    "a label word and its number in brackets after it", HEADING,
    ("施策(1) 行政手続のオンライン化", "取組（2）窓口改革", "施策(3)"), ("令和(7)年度", "市民(1,200人)の声"),
)  # fmt: skip

# A label word and its number wholly in title brackets: 【施策1】, ［取組2］, 〔事業3〕, a slide's tag before
# its title. The brackets only decorate: 【施策1】 is 施策1 (family label:施策). Listed label words only.
TITLED_LABEL = EnumeratorFamily(
    "tlabel", r"^[【［\[〔〈《]\s*([\u4e00-\u9fff\u30a0-\u30ff]{1,6}?)\s*(" + _NUM + r")\s*[】］\]〕〉》]\s*",
    "a label word and its number in title brackets", HEADING,
    ("【施策1】証明書のコンビニ交付", "［取組2］窓口改革", "〔施策③〕"), ("【KPI】利用率", "【令和7年度】実施"),
)  # fmt: skip

# Enumerator forms tried in order of precedence (a more specific form before one it contains).
FAMILIES: tuple[EnumeratorFamily, ...] = (
    EnumeratorFamily(
        "decimal", r"^(\d{1,2}(?:\s*[.．]\s*\d{1,2})+)\.?(?=\s|[^\d.])\s*", "the number's parts (3.2 -> 3, 2)",
        HEADING, ("3.2 データ連携", "1.2.3 基盤整備"), ("3.145%の増加", "2024年"), precedence=10, parts=".",
    ),
    EnumeratorFamily(
        # The space after the number is lost in OCR and some extractions ('2-2推進体制'); a unit after it
        # makes a range ('10-12月', '1-2年'), not a heading's number.
        "hyphenated",
        r"^(\d{1,2}(?:\s*[-‐－―]\s*\d{1,2})+)(?:\s+|[.．]\s*|(?=[\u4e00-\u9fff\u30a0-\u30ff])(?![年月日時分人件回歳か箇ヶ頁]|ページ|ポイント))(?=\S)",
        "the number's parts (1-2 -> 1, 2)", HEADING, ("1-2 窓口改革", "2-1-3 研修", "2-2推進体制", "1-1計画の目的"),
        ("1-2", "03-1234-5678", "10-12月", "1-2年度", "3-5人", "2-3ページ"), precedence=20, parts="-",
    ),
    EnumeratorFamily(
        "dotnum", r"^(\d{1,2})\s*[.．、](?!\d)\s*", "the number", ITEM,
        ("1. はじめに", "2、計画の位置付け"), ("1.5倍", "12月"), precedence=30,
    ),
    EnumeratorFamily(
        "paren", r"^[(（]\s*(\d{1,2})\s*[)）]\s*", "the number", ITEM,
        ("(1) 現状", "（12）研修"), ("(注) 速報値", "(2024年)"), precedence=40,
    ),
    EnumeratorFamily(
        "rparen", r"^(\d{1,2})\s*[)）]\s*(?=\S)", "the number", ITEM,
        ("1) 現状", "2）研修"), ("1)", "(1) 現状"), precedence=50,
    ),
    EnumeratorFamily(
        "bracketed", r"^[【\[［〔]\s*(\d{1,2})\s*[】\]］〕]\s*", "the number", HEADING,
        ("【1】現状", "［2］課題"), ("【現状】", "[注]"), precedence=60,
    ),
    EnumeratorFamily(
        "circled", r"^([" + CIRCLED + r"])\s*", "the circled number's value", ITEM,
        ("① 窓口改革", "⑳研修"), ("○ 窓口改革", "※1 注記"), precedence=70,
    ),
    EnumeratorFamily(
        "dingbat", r"^([" + DINGBATS + r"])\s*", "the number the dingbat shows", ITEM,
        ("❶ 窓口改革", "➁研修"), ("● 窓口改革", "◆研修"), precedence=80,
    ),
    EnumeratorFamily(
        "roman", r"^([IVX]{1,4})(?:\s*[.．、]\s*|\s+)(?=[^\sA-Za-z])", "the Roman numeral's value", HEADING,
        ("I. はじめに", "IV 推進体制"), ("IT 化", "VIEW 機能"), precedence=90,
    ),
    EnumeratorFamily(
        "kana", r"^(?:[(（]\s*(" + _KANA_ITEM + r")\s*[)）]\s*|(" + _KANA_ITEM + r")(?:\s*[.．、]\s*|\s+))(?=\S)",
        "the kana's place in the gojūon order", ITEM,
        ("ア 子育て支援", "(イ) 窓口", "ウ．研修"), ("アプリの導入", "ン、ラベリング"), precedence=100, paren_variant=True,
    ),
    EnumeratorFamily(
        "alpha", r"^(?:[(（]\s*([a-zA-Z])\s*[)）]|([a-z])\s*[)）.．])\s*(?=[^\sA-Za-z])",
        "the letter's place in the alphabet", ITEM,
        ("(a) 窓口改革", "b) 研修"), ("AI の活用", "(AI) 活用"), precedence=110, paren_variant=True,
    ),
    EnumeratorFamily(
        # A number written after No. (No.3, NO. 12, №4), as a deck or a sheet numbers its items.
        "no", r"^(?:No|NO|no|№)\s*[.．]?\s*(\d{1,3})(?:\s+|\s*[.．:：]\s*)(?=\S)", "the number", HEADING,
        ("No.1 子育て相談", "NO. 12 研修", "№4 窓口", "No3：窓口"), ("Notes 1", "No.1", "Nov 3 会議"), precedence=115,
    ),
    EnumeratorFamily(
        "number", r"^(\d{1,2})(?:\s+|\s*[:：]\s*|\t)(?=\S)", "the number", HEADING,
        ("1 はじめに", "2：計画の位置付け"), ("100 件", "2024 年度"), precedence=120,
    ),
)  # fmt: skip
# A section number alone on its line, its title on the next ('3.2' / 'ゼロトラストを適用するための取り組み'),
# as PDF-to-text tools leave a number set in its own text box. Page numbers look the same: the outline
# takes a lone number only with a title after it on the same page (pipeline/outline/numbered_lists.py).
LONE = EnumeratorFamily(
    "lone", r"^(\d{1,2}(?:\s*[.．]\s*\d{1,2}){0,3})\s*$", "the number's parts", HEADING,
    ("3.2", "4"), ("3.2 データ連携", "2024"), matching="fullmatch",
)  # fmt: skip
# A list item's bullet or number before a sentence, as schedules and KPIs strip it ('・(1) …', '② …').
ITEM_PREFIX = EnumeratorFamily(
    "item_prefix", r"^\s*(?:[-・●]\s*)*(?:\*\*\d+\*\*|[(（]\d{1,2}[)）]|\d{1,2}(?=\s)|[①-⑳])?\s*",
    "the prefix to drop", (Role.LIST_ITEM,), ("・(1) 窓口", "② 研修", "- 1 導入"), (),
)  # fmt: skip
_ORDERED = sorted(FAMILIES, key=lambda family: family.precedence)
# Enumerator families that number a list's items rather than count anything (kana-paren: ア's bracketed
# spelling).
ITEM_FAMILIES = frozenset(
    name
    for family in FAMILIES
    if Role.LIST_ITEM in family.roles
    for name in ((family.name, f"{family.name}-paren") if family.paren_variant else (family.name,))
)


@dataclass(frozen=True)
class Enumerator:
    family: str
    number: str
    value: int | None
    rest: str
    path: tuple[int, ...] = ()  # every part of a multi-level number: 2.1 -> (2, 1)


def numeric_value(token: str) -> int | None:
    token = token.strip()
    if token.isascii() and token.isdigit():
        return int(token)
    if len(token) == 1 and token in CIRCLED:
        return CIRCLED.index(token) + 1
    if token and all(ch in _KANJI_DIGITS for ch in token):
        if token == "十":
            return 10
        if token.startswith("十"):
            return 10 + _KANJI_DIGITS[token[1]]
        if "十" in token:
            tens, _, ones = token.partition("十")
            return _KANJI_DIGITS[tens] * 10 + (_KANJI_DIGITS[ones] if ones else 0)
        return _KANJI_DIGITS[token[0]]
    if len(token) == 1 and token in DINGBATS:
        return DINGBATS.index(token) % 10 + 1
    if len(token) == 1 and token in KANA_ORDER:
        return KANA_ORDER.index(token) + 1
    if token and all(ch in _ROMAN for ch in token):
        total = 0
        for i, ch in enumerate(token):
            value = _ROMAN[ch]
            total += -value if i + 1 < len(token) and _ROMAN[token[i + 1]] > value else value
        return total
    if len(token) == 1 and token.isascii() and token.isalpha():
        return ord(token.lower()) - ord("a") + 1
    return None


def strip_item_number(text: str) -> str:
    """The text without the list item's number it opens with ('ア 子育て…', '(イ) …', '② …')."""
    enumerator = parse_enumerator(text)
    if enumerator and enumerator.family in ITEM_FAMILIES and enumerator.rest.strip():
        return enumerator.rest.strip()
    return text


def _label_words() -> list[str]:
    return structure_vocabulary().enumerated_labels


def parse_label(text: str, extra_labels: frozenset[str] = frozenset()) -> Enumerator | None:
    """基本方針1 / 取組事項① / (取組施策1): a label word followed by a number."""
    match = PAREN_LABEL.compiled.match(text)
    if match and (
        match.group(1) in _label_words() or match.group(1) in extra_labels or len(match.group(1)) >= 2
    ):
        return Enumerator(
            f"plabel:{match.group(1)}",
            match.group(0).strip(),
            numeric_value(match.group(2)),
            text[match.end() :],
        )
    match = BRACKETED_LABEL.compiled.match(text)
    if match and (match.group(1) in _label_words() or match.group(1) in extra_labels):
        number = text[: match.end()].strip()
        return Enumerator(
            f"label:{match.group(1)}", number, numeric_value(match.group(2)), text[match.end() :]
        )
    match = TITLED_LABEL.compiled.match(text)
    if match and (match.group(1) in _label_words() or match.group(1) in extra_labels):
        return Enumerator(
            f"label:{match.group(1)}", match.group(1) + match.group(2), numeric_value(match.group(2)),
            text[match.end() :],
        )  # fmt: skip
    match = LABEL.compiled.match(text)
    word = match.group(1).replace(" ", "") if match else ""  # a scan's stray space (基本方 針1)
    if match and (word in _label_words() or word in extra_labels):
        first, parts = match.group(2), match.group(3)
        rest = text[match.end() :]
        if not parts:
            return Enumerator(f"label:{word}", word + first, numeric_value(first), rest)
        path = (numeric_value(first), *(int(p) for p in re.findall(r"\d{1,2}", parts)))
        if None in path:
            return None
        number = word + re.sub(r"\s", "", first + parts)
        return Enumerator(f"label:{word}:{len(path)}", number, path[-1], rest, path)
    return None


def label_candidates(text: str) -> tuple[str, int] | None:
    """(label, value) for any 'kanji word + number + separator' opening, to find recurring labels."""
    match = LABEL.compiled.match(text)
    word = match.group(1).replace(" ", "") if match else ""
    if match and word not in structure_vocabulary().not_labels:
        value = numeric_value(match.group(2))
        return (word, value) if value is not None else None
    return None


def parse_enumerator(text: str, extra_labels: frozenset[str] = frozenset()) -> Enumerator | None:
    """The leading enumerator of a (normalised) line, or None.

    A label nested behind a chapter-style number ('4 基本方針2：…') is one enumerator: the label's family
    with the whole prefix as number.
    """
    labelled = parse_label(text, extra_labels)
    if labelled:
        return labelled
    match = CHAPTER.compiled.match(text)
    if match:
        return Enumerator(
            f"chapter:{match.group(2)}",
            match.group(0).strip().rstrip(":："),
            numeric_value(match.group(1)),
            text[match.end() :],
        )
    for entry in _ORDERED:
        match = entry.compiled.match(text)
        if match:
            return _enumerated(entry, match, text, extra_labels)
    return _lone_number(text)


def _enumerated(
    entry: EnumeratorFamily, match: re.Match, text: str, extra_labels: frozenset[str]
) -> Enumerator:
    """The enumerator `entry` matched; a label behind a plain number ('4 基本方針2') is the label's."""
    family = entry.name
    token = next(group for group in match.groups() if group)
    if entry.paren_variant and match.group(1):
        family += "-paren"
    path: tuple[int, ...] = ()
    if entry.parts:
        parts = re.split(r"\s*[.．\-‐－―]\s*", token)
        value = int(parts[-1])
        path = tuple(int(part) for part in parts)
        number = entry.parts.join(parts)
        family = f"{family}:{len(parts)}"
    else:
        value = numeric_value(token)
        number = match.group(0).strip().rstrip(":：")
    rest = text[match.end() :]
    inner = parse_label(rest, extra_labels)
    if inner and family in {"number", "dotnum", "decimal:2", "decimal:3"}:
        return Enumerator(inner.family, f"{number} {inner.number}", inner.value, inner.rest)
    return Enumerator(family, number, value, rest, path)


def _lone_number(text: str) -> Enumerator | None:
    match = LONE.compiled.match(text.strip())
    if not match:
        return None
    parts = [int(part) for part in re.split(r"\s*[.．]\s*", match.group(1))]
    number = ".".join(map(str, parts))
    if len(parts) == 1:
        return Enumerator("number", number, parts[0], "")
    return Enumerator(f"decimal:{len(parts)}", number, parts[-1], "", tuple(parts))


def strip_item_prefix(sentence: str) -> str:
    """The sentence without the bullet or the list item's number it opens with ('ア', '(イ)', '②')."""
    return strip_item_number(ITEM_PREFIX.compiled.sub("", sentence, count=1).strip())
