"""Brackets and lead marks around a label, a title or a term: 【現状】, ■取組, 《具体的な取組》,
'…の徹底【重点】', '【RPA】ソフトウェアロボット'. Each form is one registered family."""

from __future__ import annotations

from pipeline.families.family import Family, Role

BLOCK = (Role.BLOCK_LABEL,)

# What marks a line as a label rather than a list item: brackets or a heavy mark, not a bullet '・'.
LABEL_MARK = Family(
    "label_mark", r"^\s*[■□◆◇●○◎▶►▼【〈＜<《〔\[［]", "a marked label", BLOCK,
    ("【目標】", "■現状", "《取組内容》", "［現状と課題］", "〔具体的な施策〕", "◎主な事業"), ("・現状", "現状"),
)  # fmt: skip
# A label's marks around it, to drop: '■【概要】' -> '概要'.
LABEL_DECORATION = Family(
    "label_decoration", r"^[■□◆◇●○◎▶►▼・\s]*[【〈＜<《〔\[［]?\s*|\s*[】〉＞>》〕\]］]?\s*$", "the marks to drop", BLOCK,
    ("■【概要】", "〔具体的な施策〕"), (), matching="search",
)  # fmt: skip
# A title wholly in brackets: '《具体的な取り組み》', '【現状と課題】'.
BRACKETED_TITLE = Family(
    "bracketed_title", r"^[《【〈<＜〔\[［][^》】〉>＞〕\]］]{2,40}[》】〉>＞〕\]］]$", "a bracketed title", BLOCK,
    ("《具体的な取り組み》", "【現状と課題】", "〈今後の方向性〉", "［具体的な施策］", "〔主な事業〕"), ("【目標】を定める", "(1) 現状"),
)  # fmt: skip
# A tag in a measure's title ('セキュリティ対策の徹底【国の重点取組事項】'): group 1 is the tag.
TITLE_TAG = Family(
    "title_tag", r"\s*【([^】]+)】\s*", "the tag's text", BLOCK,
    ("セキュリティ対策の徹底【国の重点取組事項】", "【新規】窓口改革"), ("窓口改革",), matching="search",
)  # fmt: skip
# A glossary term's marks and brackets, to drop: '■【RPA】' -> 'RPA'.
TERM_DECORATION = Family(
    "term_decoration", r"^[\s■□◆◇●○・\-]*[【「]?|[】」]?\s*$", "the marks to drop", BLOCK,
    ("■【RPA】",), (), matching="search",
)  # fmt: skip
# A glossary line whose term is in brackets before its definition: '【RPA】ソフトウェアロボット…'.
BRACKETED_TERM = Family(
    "bracketed_term", r"^[\s■□◆◇●○・]*【([^】]{1,30})】\s*(\S.*)$", "the term and its definition", BLOCK,
    ("【RPA】ソフトウェアによる業務の自動化", "■【AI】人工知能"), ("【RPA】", "RPA：自動化"),
)  # fmt: skip
# A glossary index row's marks: '【あ行】', '＜か行＞'.
INDEX_DECORATION = Family(
    "index_decoration", r"^[\s■□◆◇●○・【\[［(（<＜]*|[】\]］)）>＞\s]*$", "the marks to drop", BLOCK,
    ("【あ行】",), (), matching="search",
)  # fmt: skip

# A block's label opening the line that holds its text: 【KPI】オンライン申請件数 5,000件, 目標：…
INLINE_LABEL = Family(
    "inline_label",
    r"^\s*(?:[【［\[〔]\s*([^】］\]〕]{1,12}?)\s*[】］\]〕]|([^\s：:、。]{1,8}?)\s*[：:]"
    r"|[■□◆◇●◎▶]\s*([^\s：:、。]{1,8}?)\s+(?=\S))",
    "the label (group 1 in brackets, group 2 before a colon, group 3 after a mark and before a space)", BLOCK,
    ("【KPI】申請件数 5,000件", "目標：利用率50%", "［成果指標］登録者数", "■KPI　利用率 12% → 35%"),
    ("目標値の考え方", "令和7年度に実施する", "■窓口の改革を進める"),
)  # fmt: skip

FAMILIES: tuple[Family, ...] = (
    INLINE_LABEL,
    LABEL_MARK, LABEL_DECORATION, BRACKETED_TITLE, TITLE_TAG, TERM_DECORATION, BRACKETED_TERM, INDEX_DECORATION,
)  # fmt: skip
