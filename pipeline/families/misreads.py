"""Words plans use as Tesseract's Japanese model misreads them in a scan, each set right in every line
read from a page image (pipeline/readers/scan/ocr.py). A misreading belongs here when it is not itself
a word, so that setting it right never changes a word the plan wrote: 推汰 is no word, 推測 is."""

from __future__ import annotations

from pipeline.families.family import Family, MisreadFamily, Role

MISREAD = (Role.MISREAD,)

# The era 令和 (from 2019, after the model was trained) before a year: 今和, 念和, 合和 …, or its first
# character lost at a run's start.
ERA = MisreadFamily(
    "misread_era", r"(?:[今念合命人会冷守多久信金]|(?<![\u3400-\u9fff々]))和(?=\s*[0-9０-９元]+\s*年)",
    "the era 令和 misread by OCR (or its first character lost)", MISREAD,
    ("今和6年度", "念和 7 年3月", "合和元年", "守和 8 年度", "金和6年度", "和8年度"),
    ("令和6年度", "平和の年", "今和菓子", "昭和60年", "平和5年"),
    matching="search", reads_as="令和",
)  # fmt: skip
# 進 read as a character of like strokes, in 推進 and 進捗.
PROMOTION = MisreadFamily(
    "misread_promotion", r"推[汰稚准淮準]", "推進 misread by OCR", MISREAD,
    ("推汰体制", "DX推稚本部", "推准計画", "推準本部"), ("推進体制", "推測", "推奨"), matching="search",
    reads_as="推進",
)  # fmt: skip
PROGRESS = MisreadFamily(
    "misread_progress", r"[浴傘汰稚准淮]捗", "進捗 misread by OCR", MISREAD,
    ("浴捗を管理する", "傘捗状況"), ("進捗を管理する", "捗る"), matching="search", reads_as="進捗",
)  # fmt: skip
# 進 read as 准 or 準 before the kana or 捗 that only 進 takes (進める, 進み, 進む, 進んで).
ADVANCE = MisreadFamily(
    "misread_advance", r"[准準淮](?=[めみむん捗])", "進 misread by OCR before its ending", MISREAD,
    ("三年間で准める", "準んで", "取組が淮み", "准捗状況"), ("准教授", "標準化", "基準を満たす", "水準"),
    matching="search", reads_as="進",
)  # fmt: skip
# The Latin I of AI read as the digit 1, a lower-case l or a bar before Japanese, or (full-width, as
# Japanese faces draw it) as エ before a 漢字 (AI議事録, AIチャットボット, ＡＩ活用).
AI = MisreadFamily(
    "misread_ai",
    r"(?<![A-Za-zＡ-Ｚａ-ｚ0-9０-９])[AＡ]\s*(?:[1l１ｌ|](?=\s*[\u3040-\u30ff\u3400-\u9fff])(?![判版])"
    r"|エ(?=\s*[\u3400-\u9fff]))",
    "AI misread by OCR", MISREAD,
    ("A 1議事録作成の導入", "Alチャットボット", "Ａ１議事録", "A|による", "Aエ議事録", "Ａ エ活用"),
    ("A1判", "A1版", "AI議事録", "BA1号", "A12議事録", "Aエリア", "Aエ"),
    matching="search", reads_as="AI",
)  # fmt: skip
# 策 read as 束 or 素 after 施, and 施 lost to 邦 before it.
MEASURE = MisreadFamily(
    "misread_measure", r"施[束素]|邦束", "施策 misread by OCR", MISREAD,
    ("施束2 オンライン相談", "施素3", "邦束1"), ("施策1", "施設", "結束"), matching="search", reads_as="施策",
)  # fmt: skip

# A circled number drawn several times over (fake bold) read as @ or © before it: the number alone.
OVERPRINTED_NUMBER = MisreadFamily(
    "misread_overprinted_number", r"^[@©®]\s*(?=[①-⑳])", "a stray symbol OCR reads from a bold circled number",
    MISREAD, ("@②商店のキャッシュレス化支援", "© ①オンライン申請"), ("②窓口手続", "E-mail@②"),
    matching="search", reads_as="",
)  # fmt: skip

# A Roman numeral (Ⅰ, Ⅱ, Ⅲ) after a label word read as bars or a lower-case l: 基本方針| -> 基本方針I.
_LABEL_END = r"(?<=方針|目標|施策|取組|分野|視点|政策)"
ROMAN_THREE = MisreadFamily(
    "misread_roman_three", _LABEL_END + r"[|｜l]{3}(?![A-Za-z])", "Ⅲ after a label misread by OCR", MISREAD,
    ("基本方針||| 地域", "基本目標lll"), ("基本方針III", "基本方針1"), matching="search", reads_as="III",
)  # fmt: skip
ROMAN_TWO = MisreadFamily(
    "misread_roman_two", _LABEL_END + r"[|｜l]{2}(?![A-Za-z|｜])", "Ⅱ after a label misread by OCR", MISREAD,
    ("基本方針|| 行政", "基本目標ll"), ("基本方針II", "基本方針|||"), matching="search", reads_as="II",
)  # fmt: skip
ROMAN_ONE = MisreadFamily(
    "misread_roman_one", _LABEL_END + r"[|｜l](?![A-Za-z|｜])", "Ⅰ after a label misread by OCR", MISREAD,
    ("基本方針| 市民サービス", "基本目標l"), ("基本方針I", "基本方針||", "課題 |", "基本方針light"),
    matching="search", reads_as="I",
)  # fmt: skip

# What a circled number comes out as when Tesseract's Japanese model reads it in its line (② as @, ① as
# G), alone or before Japanese writing: never an address's @ or a word like GIS, which a letter or digit
# follows. The scan reader reads such a glyph again on its own (pipeline/readers/scan/ocr_alone.py).
CIRCLE = Family(
    "misread_circle", r"[@©®GOQ](?![A-Za-z0-9_.\-])", "a circled number as OCR misreads it", MISREAD,
    ("@今後の取組", "G 行政手続のオンライン化", "©", "Q"), ("GIS", "@home", "O2O", "Q1", "G.W."),
)  # fmt: skip
# Words Tesseract reads from dust, JPEG speckle and stray dots: Latin punctuation alone (SPECK), and
# with the middle dot (DOTS), which a speck in an empty cell reads as; whether one is a speck or the
# text's own mark its size and neighbours decide (pipeline/readers/scan/specks.py).
SPECK = Family(
    "ocr_speck", r"[.,'`:;_\-~^]+", "a speck read as Latin punctuation", MISREAD,
    (".", ",", "`", "..", "-", "~^"), ("、", "・", "a.", "1.", "。"), matching="fullmatch",
)  # fmt: skip
DOTS = Family(
    "ocr_dots", r"[・･.,'`:;_\-~^]+", "a speck read as dots", MISREAD,
    ("・", "･", ".", "・.", ":"), ("、", "。", "・A", "1・2"), matching="fullmatch",
)  # fmt: skip

FAMILIES: tuple[MisreadFamily, ...] = (
    ERA, PROMOTION, PROGRESS, ADVANCE, AI, MEASURE, OVERPRINTED_NUMBER, ROMAN_THREE, ROMAN_TWO, ROMAN_ONE,
)  # fmt: skip
