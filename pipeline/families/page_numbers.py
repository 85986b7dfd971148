"""Printed page numbers and the leaders that lead to them in a table of contents: '- 3 -', '- ii -',
'P.3', '3ページ', '1/20', 'はじめに ……… 3'. Each form is one registered family."""

from __future__ import annotations

from pipeline.families.family import Family, Role

_LEADER = r"(?:\.{3,}|…{2,}|・{3,}|･{3,}|‥{2,}|－{3,}|-{4,}|\s?[.・…]\s?(?:[.・…]\s?){2,})"
# A page as a contents entry gives it (arabic or Roman, three digits at most).
PAGE = r"(?:\d{1,3}|[ivxlc]{1,6}|[IVXLC]{1,6})"
_DASH = r"[-‐－―–—~〜ー]"
_PAGE_NUMERAL = r"(?:\d{1,4}|[ivxlc]{1,6}|[IVXLC]{1,6})"
PAGE_NUMBER = (Role.PAGE_NUMBER,)

# A page number alone on its line in a marked form: '- 1 -', '- ii -', 'ー 5 ー', 'P.3', '3ページ', '1/20'.
MARKED_PAGE = Family(
    "marked_page",
    rf"^(?:{_DASH}\s*{_PAGE_NUMERAL}(?:\s*{_DASH})?|{_PAGE_NUMERAL}\s*{_DASH}"
    r"|(?:P|p|ページ)\s*\.?\s*\d{1,4}|\d{1,4}\s*(?:ページ|頁)|\d{1,4}\s*/\s*\d{1,4})$",
    "a printed page number", PAGE_NUMBER,
    ("- 12 -", "- ii -", "ー 5 ー", "P.3", "3ページ", "1/20"), ("12", "第1章", "2024年度"),
)  # fmt: skip
# A bare page number alone on its line ('12', 'iv'): as well a section's number, so read with care.
BARE_PAGE = Family(
    "bare_page", r"^" + PAGE + r"$", "a bare page number", PAGE_NUMBER, ("12", "iv"), ("1234", "- 12 -"),
)  # fmt: skip
# A contents entry's leader and page: 'はじめに ……… 3'.
LEADER_PAGE = Family(
    "leader_page", _LEADER + r"\s*" + PAGE + r"\s*$", "the leader and page to drop", PAGE_NUMBER,
    ("はじめに ……… 3", "計画の概要......12", "用語集・・・・・ iv"), ("はじめに 3", "計画…の概要"), matching="search",
)  # fmt: skip
LEADER = Family(
    "leader", _LEADER + r"\s*", "a leader between an entry and its page", PAGE_NUMBER,
    ("はじめに ……… ", "1 …… はじめに"), ("はじめに",), matching="search",
)  # fmt: skip
# A leader and a page at a PDF line's end: the line is a contents entry and joins nothing after it.
LEADER_END = Family(
    "leader_end", r"(?:\.{3,}|…{2,}|・{3,}|･{3,}|‥{2,}|－{3,}|-{4,})\s*(?:\d{1,4}|[ivxlcIVXLC]{1,6})\s*$",
    "a contents line's leader and page", PAGE_NUMBER,
    ("はじめに……3", "計画の概要....12"), ("はじめに 3",), matching="search",
)  # fmt: skip

FAMILIES: tuple[Family, ...] = (MARKED_PAGE, BARE_PAGE, LEADER_PAGE, LEADER, LEADER_END)


def is_page_number(text: str, bare: bool = True) -> bool:
    """A page number alone on its line, in any form a producer prints: '- 1 -', '- ii -', 'P.3',
    '3ページ', '1/20', and with `bare` also '1' and 'iv' (which could as well be a section's number)."""
    text = text.strip()
    return MARKED_PAGE.recognises(text) or (bare and BARE_PAGE.recognises(text))
