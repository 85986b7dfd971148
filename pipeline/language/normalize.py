"""Text normalisation shared by every stage.

Plans arrive with full-width Latin letters and digits, half-width katakana, and (from PDF fonts) Kangxi
radicals or CJK compatibility ideographs standing in for ordinary kanji. NFKC folds all of these, but it
also destroys things the later stages need: circled numbers (① is an enumerator), superscript digits
(² is a footnote marker) and the full-width brackets and colons that Japanese typesetting uses. So we
apply NFKC character by character and keep those.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from pipeline.language.variants import fold_variants

# Japanese punctuation that NFKC would turn into ASCII; kept as written.
_KEPT_PUNCTUATION = set("（）［］｛｝：；！？～｜＜＞…‥")


def _is_kept(ch: str) -> bool:
    code = ord(ch)
    return (
        ch in _KEPT_PUNCTUATION
        or 0x2460 <= code <= 0x2473  # ①…⑳ (⑴ and ⒈ fold to (1) and 1.)
        or 0x24B6 <= code <= 0x24FF  # Ⓐ…, ⓪…
        or 0x3251 <= code <= 0x325F  # ㉑…㉟
        or 0x32B1 <= code <= 0x32BF  # ㊱…㊿
        or ch in "²³¹"
        or 0x2070 <= code <= 0x209F  # superscripts and subscripts
    )


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isascii() or _is_kept(ch):
        return ch
    return unicodedata.normalize("NFKC", ch)


# CJK Radicals Supplement (U+2E80–U+2EFF) forms that fonts map ordinary kanji to (⺠ for 民, ⻑ for 長);
# NFKC leaves them alone. The pairs are Unicode's EquivalentUnifiedIdeograph.txt for the Japanese forms.
_RADICALS_SUPPLEMENT = {
    0x2E85: "亻", 0x2E89: "刂", 0x2E96: "忄", 0x2E98: "扌", 0x2E9F: "母", 0x2EA0: "民", 0x2EA1: "氵",
    0x2EA8: "犭", 0x2EAE: "竹", 0x2EBC: "月", 0x2EBE: "艹", 0x2EC1: "虎", 0x2EC4: "西", 0x2EC6: "角",
    0x2ECA: "足", 0x2ECC: "辶", 0x2ECD: "辶", 0x2ECF: "阝", 0x2ED1: "長", 0x2ED6: "阝", 0x2ED7: "雨",
    0x2ED8: "青", 0x2EDD: "食", 0x2EE3: "骨", 0x2EE4: "鬼", 0x2EE8: "麦", 0x2EE9: "黄", 0x2EEB: "斉",
    0x2EED: "歯", 0x2EEF: "竜", 0x2EF2: "亀",
}  # fmt: skip
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_LEADING_PRIVATE_USE = re.compile(r"^([ \u3000\t]*)[\ue000-\uf8ff]+\s*")
_SPACE_RUN = re.compile(r"[ \u00a0]+")
# Text laid out by a PDF-to-text tool separates table columns with runs of spaces, not tabs.
_COLUMN_GAP = re.compile(r"(?<=\S)[ \u00a0]{3,}(?=\S)")
# ... except the one gap of a line after its leading number, which the layout keeps as a heading's indent
# ('1.1     背景と目的'): the number and its title, not two cells. A row with more gaps stays a row.
_NUMBER_GAP = re.compile(
    r"^([ \u00a0]*(?:第\s*\d{1,2}\s*[章節部編]|\d{1,2}(?:[.．]\d{1,2}){0,3}[.．]?|[(（]\d{1,2}[)）]|\d{1,2}[)）]"
    r"|[①-⑳]))[ \u00a0]{3,}(?=\S)"
)


def normalize_text(text: str) -> str:
    """Fold width, Kangxi radicals, CJK radical-supplement forms and compatibility ideographs; turn a
    leading private-use glyph into a list marker '・' and drop other private-use glyphs; keep Japanese
    punctuation.

    Tabs are kept (they separate table cells), and a run of three or more spaces inside a line becomes
    one (layout-preserving text extraction aligns columns with spaces), except the only such run, after
    a leading number ('1.1     背景と目的' is a heading); other runs of spaces collapse to one; the ends are stripped.
    """
    # Symbol fonts draw bullets with private-use code points: a leading one is a list marker.
    if _PRIVATE_USE.search(text):
        text = _PRIVATE_USE.sub("", _LEADING_PRIVATE_USE.sub(r"\1・", text))
    text = text.translate(_RADICALS_SUPPLEMENT)
    # Where the text is already NFKC, every character folds to itself (most Japanese text): a fast path.
    folded = text if unicodedata.is_normalized("NFKC", text) else "".join(_fold_char(ch) for ch in text)
    # Per-character NFKC leaves half-width kana voicing marks uncombined (ｶﾞ -> カ + ゙).
    folded = unicodedata.normalize("NFC", folded.replace("\u309b", "\u3099").replace("\u309c", "\u309a"))
    if "  " not in folded and "\u00a0" not in folded:
        return folded.strip(" ")  # no run of spaces to fold (most lines): the fast path
    if len(_COLUMN_GAP.findall(folded)) == 1:
        folded = _NUMBER_GAP.sub(r"\1 ", folded)
    return _SPACE_RUN.sub(" ", _COLUMN_GAP.sub("\t", folded)).strip(" ")


# Letter-spacing is a run of single letters or digits separated by single spaces: 'A I', 'R P A', and the
# 'F i' of 'Wi-F i'. A space before or after a whole word ('R P A Robotic') is a real word break.
LETTER_SPACED_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9](?: [A-Za-z0-9](?![A-Za-z0-9]))+")


def join_letter_spaced(text: str) -> str:
    """Close up letter-spaced Latin runs: 'A I・R P A' -> 'AI・RPA', 'Wi-F i' -> 'Wi-Fi'."""
    return LETTER_SPACED_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)


def compact(text: str) -> str:
    """A matching key: normalised, old and variant character forms folded (戰 -> 戦), markdown emphasis
    dropped, all whitespace removed."""
    text = fold_variants(normalize_text(text)).replace("**", "")
    return re.sub(r"\s+", "", text)


# A letter of a word (kana, kanji, Latin), as against digits, marks and punctuation.
WORD_CHAR = re.compile(r"[\u3041-\u30ff\u4e00-\u9fffA-Za-z]")


_BLOCK_TAG = re.compile(r"</?(?:p|div|ul|ol|tr|table|tbody|thead)\b[^>]*>|<br\s*/?>", re.IGNORECASE)
_ITEM_TAG = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_INLINE_BULLET = re.compile(r"\s*[●・■◆▪]\s+")


def clean_cell(text: str) -> str:
    """Cell text without HTML markup; paragraphs and list items on their own lines."""
    if "<" in text and ">" in text:
        list_like = bool(re.search(r"<(?:ul|ol|li)\b", text, re.IGNORECASE))
        text = _ITEM_TAG.sub("\n", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _ANY_TAG.sub("", text)
        text = html.unescape(text)
        if list_like:
            text = _INLINE_BULLET.sub("\n", text)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
