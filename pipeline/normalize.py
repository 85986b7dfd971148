"""Text normalisation shared by every stage.

Plans arrive with full-width Latin letters and digits, half-width katakana, and (from PDF fonts) Kangxi
radicals or CJK compatibility ideographs standing in for ordinary kanji. NFKC folds all of these, but it
also destroys things the later stages need: circled numbers (① is an enumerator), superscript digits
(² is a footnote marker) and the full-width brackets and colons that Japanese typesetting uses. So we
apply NFKC character by character and keep those.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


_SPACE_RUN = re.compile(r"[ \u00a0]+")
# Text laid out by a PDF-to-text tool separates table columns with runs of spaces, not tabs.
_COLUMN_GAP = re.compile(r"(?<=\S)[ \u00a0]{3,}(?=\S)")


def normalize_text(text: str) -> str:
    """Fold width, Kangxi radicals and compatibility ideographs; keep Japanese punctuation.

    Tabs are kept (they separate table cells), and a run of three or more spaces inside a line becomes
    one (layout-preserving text extraction aligns columns with spaces); other runs of spaces collapse
    to one; the ends are stripped.
    """
    folded = "".join(_fold_char(ch) for ch in text)
    # Per-character NFKC leaves half-width kana voicing marks uncombined (ｶﾞ -> カ + ゙).
    folded = unicodedata.normalize("NFC", folded.replace("\u309b", "\u3099").replace("\u309c", "\u309a"))
    return _SPACE_RUN.sub(" ", _COLUMN_GAP.sub("\t", folded)).strip(" ")


# Letter-spacing is a run of single letters or digits separated by single spaces: 'A I', 'R P A', and the
# 'F i' of 'Wi-F i'. A space before or after a whole word ('R P A Robotic') is a real word break.
LETTER_SPACED_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9](?: [A-Za-z0-9](?![A-Za-z0-9]))+")


def join_letter_spaced(text: str) -> str:
    """Close up letter-spaced Latin runs: 'A I・R P A' -> 'AI・RPA', 'Wi-F i' -> 'Wi-Fi'."""
    return LETTER_SPACED_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)


def compact(text: str) -> str:
    """A matching key: normalised, markdown emphasis dropped, all whitespace removed."""
    text = normalize_text(text).replace("**", "")
    return re.sub(r"\s+", "", text)
