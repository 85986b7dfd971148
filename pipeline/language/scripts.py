"""The scripts Japanese is written in, as character classes every reader shares (one definition each,
not a range typed again in each module): hiragana, katakana, kana, 漢字 and Japanese writing."""

from __future__ import annotations

import re

HIRAGANA = "\u3041-\u3096"
KATAKANA = "\u30a1-\u30fa"
LONG_VOWEL = "\u30fc"  # ー
IDEOGRAPHS = "\u3400-\u9fff"  # CJK Extension A and the Unified Ideographs
KANA_BLOCKS = "\u3040-\u30ff"  # the hiragana and katakana blocks whole (marks and iteration signs too)

KANA = re.compile(f"[{HIRAGANA}{KATAKANA}]")
IDEOGRAPH = re.compile(f"[{IDEOGRAPHS}]")
JAPANESE = re.compile(f"[{KANA_BLOCKS}{IDEOGRAPHS}]+")  # a run of Japanese writing
WORD_CHARACTER = re.compile(r"\w")  # a letter, a digit or a Japanese character: a word, not a mark
WRITTEN_WORD = re.compile(f"[{HIRAGANA}{KATAKANA}{LONG_VOWEL}{IDEOGRAPHS}々]+")  # kana, 漢字 and 々, no marks
