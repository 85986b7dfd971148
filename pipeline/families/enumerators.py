"""The grammar of heading enumerators: 第1章, 1, 1., 3.2, (1), 1), ①, 基本方針1, 取組事項①, (取組施策1).

`parse_enumerator` splits a line into (family, number as written, numeric value, rest). A family names
the enumerator style, not the document: the structure stage nests headings by the order in which
families appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.config.vocabulary import structure_vocabulary

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"
KANA_ORDER = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_ROMAN = {"I": 1, "V": 5, "X": 10}

_NUM = r"(?:\d{1,2}|[" + CIRCLED + r"]|[IVX]{1,4}(?![A-Za-z]))"
_SEP = r"(?:\s*[:：]\s*|\s+|$)"

_CHAPTER = re.compile(r"^第\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*([章部編節款条])\s*[:：]?\s*")
_DECIMAL = re.compile(r"^(\d{1,2}(?:\s*[.．]\s*\d{1,2})+)\.?(?=\s|[^\d.])\s*")
_DOTNUM = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*")
_NUMBER = re.compile(r"^(\d{1,2})(?:\s+|\s*[:：]\s*|\t)(?=\S)")
_PAREN = re.compile(r"^[(（]\s*(\d{1,2})\s*[)）]\s*")
_ALPHA = re.compile(r"^(?:[(（]\s*([a-zA-Z])\s*[)）]|([a-z])\s*[)）.．])\s*(?=[^\sA-Za-z])")
_RPAREN = re.compile(r"^(\d{1,2})\s*[)）]\s*(?=\S)")
_CIRCLED = re.compile(r"^([" + CIRCLED + r"])\s*")
_ROMAN_NUMBER = re.compile(r"^([IVX]{1,4})(?:\s*[.．、]\s*|\s+)(?=[^\sA-Za-z])")
_BRACKETED = re.compile(r"^[【\[［〔]\s*(\d{1,2})\s*[】\]］〕]\s*")
_HYPHENATED = re.compile(r"^(\d{1,2}(?:\s*[-‐－―]\s*\d{1,2})+)(?:\s+|[.．]\s*)(?=\S)")
# Katakana that enumerate: the gojūon order up to ワ. A small kana, ヲ or ン opens a line only where a
# word was broken ('ン、 ラベリング'), never as an item's mark.
_KANA_ITEM = "[" + KANA_ORDER[: KANA_ORDER.index("ワ") + 1] + "]"
_KANA = re.compile(
    r"^(?:[(（]\s*(" + _KANA_ITEM + r")\s*[)）]\s*|(" + _KANA_ITEM + r")(?:\s*[.．、]\s*|\s+))(?=\S)"
)
DINGBATS = "❶❷❸❹❺❻❼❽❾❿➀➁➂➃➄➅➆➇➈➉➊➋➌➍➎➏➐➑➒➓"
_DINGBAT = re.compile(r"^([" + DINGBATS + r"])\s*")
_PAREN_LABEL = re.compile(r"^[(（]\s*([^\d()（）\s]{1,8}?)\s*(" + _NUM + r")\s*[)）]\s*")
# A label's number may have parts: 施策1-1, 基本施策2.3 (a sub-measure of 施策1, of 基本施策2).
_LABEL = re.compile(
    r"^([\u4e00-\u9fff\u30a0-\u30ff]{1,8}?)\s*(" + _NUM + r")((?:\s*[-‐－―.．]\s*\d{1,2})*)" + _SEP
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


# Enumerator families that number a list's items rather than count anything.
ITEM_FAMILIES = (
    "kana",
    "kana-paren",
    "alpha",
    "alpha-paren",
    "circled",
    "dingbat",
    "paren",
    "rparen",
    "dotnum",
)


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
    match = _PAREN_LABEL.match(text)
    if match and (
        match.group(1) in _label_words() or match.group(1) in extra_labels or len(match.group(1)) >= 2
    ):
        return Enumerator(
            f"plabel:{match.group(1)}",
            match.group(0).strip(),
            numeric_value(match.group(2)),
            text[match.end() :],
        )
    match = _LABEL.match(text)
    if match and (match.group(1) in _label_words() or match.group(1) in extra_labels):
        word, first, parts = match.group(1), match.group(2), match.group(3)
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
    match = _LABEL.match(text)
    if match and match.group(1) not in structure_vocabulary().not_labels:
        value = numeric_value(match.group(2))
        return (match.group(1), value) if value is not None else None
    return None


def parse_enumerator(text: str, extra_labels: frozenset[str] = frozenset()) -> Enumerator | None:
    """The leading enumerator of a (normalised) line, or None.

    A label nested behind a chapter-style number ('4 基本方針2：…') is one enumerator: the label's family
    with the whole prefix as number.
    """
    labelled = parse_label(text, extra_labels)
    if labelled:
        return labelled
    match = _CHAPTER.match(text)
    if match:
        return Enumerator(
            f"chapter:{match.group(2)}",
            match.group(0).strip().rstrip(":："),
            numeric_value(match.group(1)),
            text[match.end() :],
        )
    families = (
        ("decimal", _DECIMAL),
        ("hyphenated", _HYPHENATED),
        ("dotnum", _DOTNUM),
        ("paren", _PAREN),
        ("rparen", _RPAREN),
        ("bracketed", _BRACKETED),
        ("circled", _CIRCLED),
        ("dingbat", _DINGBAT),
        ("roman", _ROMAN_NUMBER),
        ("kana", _KANA),
        ("alpha", _ALPHA),
        ("number", _NUMBER),
    )
    for family, pattern in families:
        match = pattern.match(text)
        if not match:
            continue
        token = next(group for group in match.groups() if group)
        if family in ("kana", "alpha") and match.group(1):
            family += "-paren"
        path: tuple[int, ...] = ()
        if family in ("decimal", "hyphenated"):
            parts = re.split(r"\s*[.．\-‐－―]\s*", token)
            value = int(parts[-1])
            path = tuple(int(part) for part in parts)
            number = ("-" if family == "hyphenated" else ".").join(parts)
            family = f"{family}:{len(parts)}"
        else:
            value = numeric_value(token)
            number = match.group(0).strip().rstrip(":：")
        rest = text[match.end() :]
        inner = parse_label(rest, extra_labels)
        if inner and family in {"number", "dotnum", "decimal:2", "decimal:3"}:
            return Enumerator(inner.family, f"{number} {inner.number}", inner.value, inner.rest)
        return Enumerator(family, number, value, rest, path)
    return _lone_number(text)


# A section number alone on its line, its title on the next ('3.2' / 'ゼロトラストを適用するための取り組み'),
# as PDF-to-text tools leave a number set in its own text box. Page numbers look the same: the outline
# takes a lone number only with a title after it on the same page (pipeline/numbered_lists.py).
_LONE = re.compile(r"^(\d{1,2}(?:\s*[.．]\s*\d{1,2}){0,3})\s*$")


def _lone_number(text: str) -> Enumerator | None:
    match = _LONE.match(text.strip())
    if not match:
        return None
    parts = [int(part) for part in re.split(r"\s*[.．]\s*", match.group(1))]
    number = ".".join(map(str, parts))
    if len(parts) == 1:
        return Enumerator("number", number, parts[0], "")
    return Enumerator(f"decimal:{len(parts)}", number, parts[-1], "", tuple(parts))


_ITEM_PREFIX = re.compile(r"^\s*(?:[-・●]\s*)*(?:\*\*\d+\*\*|[(（]\d{1,2}[)）]|\d{1,2}(?=\s)|[①-⑳])?\s*")


def strip_item_prefix(sentence: str) -> str:
    """The sentence without the bullet or the list item's number it opens with ('ア', '(イ)', '②')."""
    return strip_item_number(_ITEM_PREFIX.sub("", sentence, count=1).strip())
