"""Japanese calendar expressions: era years, fiscal years, year-months, spans between them.

Plans write the same year many ways: 令和5年度, R5, 2023年度, 2023（令和5）年度, 令和5(2023)年度,
令和元年, R4.4.1, FY2023. Every stage that reads a date goes through `find_years`, so a new spelling is taught
in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.families.family import Family, Role

DATE = (Role.DATE,)

ERA_START = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}

_ERA_NUM = r"(?:\d{1,2}|元)"
_UNIT = r"(?:年度|年)?"
_YEAR = (
    # A Gregorian year's bracketed era is decoration, however a scan spelled it ('2024 (RG6) 年度').
    r"(?:(?P<g>(?:19|20)\d{2})\s*(?P<u1>年度|年)?\s*"
    r"(?:[（(][^()（）\n]{0,3}(?:令和|平成|昭和|R|H)[^()（）\n]{0,5}[)）])?"
    r"|(?<![A-Za-z])(?P<era>令和|平成|昭和|R|H)\s*(?P<en>" + _ERA_NUM + r")\s*(?P<u2>年度|年)?\s*"
    r"(?:[（(]\s*(?P<g2>(?:19|20)\d{2})\s*" + _UNIT + r"\s*[)）])?"
    r"|(?<![A-Za-z])FY\s*(?P<fyg>(?:19|20)\d{2}))"
)
YEAR = Family(
    "year",
    _YEAR + r"\s*(?:(?P<fy>年度)|年?\s*(?:(?P<m>\d{1,2})\s*月)|年|\.(?P<dm>\d{1,2})(?:\.\d{1,2})?(?!\d))?",
    "the year (Gregorian or era), 年度 or a month",
    DATE,
    (
        "令和5年度",
        "R6",
        "2023年度",
        "2023（令和5）年度",
        "2024 (RG6) 年度",
        "令和元年",
        "FY2025",
        "令和4年6月",
    ),
    ("2と3", "HR5"),
    matching="search",
)


@dataclass(frozen=True)
class YearMention:
    """A year written in the text; `fiscal` when written as 年度, `month` when a month is given."""

    year: int
    month: int | None
    fiscal: bool
    start: int
    end: int
    explicit_unit: bool

    @property
    def fiscal_year(self) -> int:
        """The Japanese fiscal year (April to March) this mention falls in."""
        if self.fiscal or self.month is None:
            return self.year
        return fiscal_year_of(self.year, self.month)


def era_to_gregorian(era: str, number: str) -> int:
    return ERA_START[era] + (1 if number == "元" else int(number))


def fiscal_year_of(year: int, month: int) -> int:
    return year if month >= 4 else year - 1


# '令和6～8年度', '2024～2026年度', 'R6-R8年度': a range whose unit (and era) the second year carries.
SHARED_RANGE = Family(
    "shared_range",
    r"^\s*[～〜~\-－ー―]\s*(?:(令和|平成|R|H)\s*)?(\d{1,4})\s*(年度|年)",
    "the second year of a range whose unit it carries",
    DATE,
    ("～8年度", "-R8年度", "〜2026年度"),
    ("年度",),
)


def find_years(text: str) -> list[YearMention]:
    """Every year expression in `text`, in order. Bare numbers are years only with a unit or an era."""
    found = []
    for m in YEAR.compiled.finditer(text):
        if m.group("g"):
            year = int(m.group("g"))
        elif m.group("fyg"):
            year = int(m.group("fyg"))
        elif m.group("g2"):
            year = int(m.group("g2"))
        else:
            year = era_to_gregorian(m.group("era"), m.group("en"))
        month_text = m.group("m") or m.group("dm")
        month = int(month_text) if month_text and 1 <= int(month_text) <= 12 else None
        fiscal = "年度" in (m.group("fy") or "", m.group("u1") or "", m.group("u2") or "") or bool(
            m.group("fyg")
        )
        has_unit = bool(fiscal or month or "年" in m.group(0))
        shared = None if has_unit else SHARED_RANGE.compiled.match(text[m.end() :])
        if shared:
            fiscal, has_unit = shared.group(3) == "年度", True
        if m.group("g") and not has_unit and "(" not in m.group(0) and "（" not in m.group(0):
            continue  # a bare four-digit number is a quantity, not a year
        found.append(
            YearMention(
                year=year, month=month, fiscal=fiscal, start=m.start(), end=m.end(), explicit_unit=has_unit
            )
        )
        if shared and not shared.group(1) and len(shared.group(2)) <= 2 and m.group("era"):
            end_year = era_to_gregorian(m.group("era"), shared.group(2))
            start = m.end() + shared.start(2)
            found.append(YearMention(end_year, None, fiscal, start, m.end() + shared.end(), True))
    return sorted(found, key=lambda mention: mention.start)


def year_month(text: str) -> str | None:
    """The first 'YYYY-MM' written in `text` (令和6年1月 -> 2024-01), or None."""
    for mention in find_years(text):
        if mention.month is not None and not mention.fiscal:
            return f"{mention.year:04d}-{mention.month:02d}"
    return None


PERIOD_KEYWORD = Family(
    "period_keyword",
    r"(計画|推進|対象|実施)?期間",
    "a sentence about a period",
    DATE,
    ("計画期間は", "推進期間"),
    ("期限",),
    matching="search",
)
DURATION = Family(
    "duration",
    r"^[^。]{0,8}?(\d{1,2})\s*(?:年間|か年|ヵ年|カ年|ケ年|箇年)",
    "a number of years",
    DATE,
    ("5年間", "3か年"),
    ("5年度",),
)
PERIOD_UNTIL = Family(
    "period_until",
    r"^\s*(?:まで|迄|～|~|〜|ー|－|-)",
    "a span's end",
    DATE,
    ("まで", "～"),
    ("から",),
)
PERIOD_FROM = Family(
    "period_from",
    r"^\s*(?:から|より|～|~|〜|－|-)",
    "a span's start",
    DATE,
    ("から", "～"),
    ("まで",),
)


# The day after a month, in a period written as dates ('令和3年4月1日から令和8年3月31日まで'): the span
# goes on after it, and its fiscal years are those of the months.
DAY_OF_MONTH = Family(
    "day_of_month",
    r"^\s*\d{1,2}\s*日",
    "the day of a dated span's month",
    DATE,
    ("1日から", " 31日まで"),
    ("10年間", "から"),
)


def _after(sentence: str, mention: YearMention) -> str:
    """What follows a year mention, its day of the month passed over."""
    tail = sentence[mention.end :]
    day = DAY_OF_MONTH.compiled.match(tail) if mention.month else None
    return tail[day.end() :] if day else tail


@dataclass(frozen=True)
class PlanPeriod:
    start_fy: int | None
    end_fy: int | None


# A cover line that is nothing but a span of fiscal years: '（令和6年度～令和9年度）', '計画期間：2024年度～2028年度'.
COVER_SPAN = Family(
    "cover_span",
    r"^[(（〔【\[]?\s*(?:(?:計画|推進|対象)?期間\s*[:：]?\s*)?[^。、]{4,40}[)）〕】\]]?$",
    "a cover line that is only a span",
    DATE,
    ("（令和6年度～令和9年度）", "計画期間：2024年度～2028年度"),
    ("令和6年度から令和9年度までの4年間を計画期間とします。",),
)


def cover_period(cover: list[str]) -> PlanPeriod:
    """The period a cover line states as a span of two fiscal years, the plan's when no sentence says."""
    for text in cover:
        years = find_years(text)
        if len(years) == 2 and all(y.fiscal for y in years) and COVER_SPAN.compiled.match(text.strip()):
            period = _sentence_period(text)
            if period and period.start_fy is not None:
                return period
    return PlanPeriod(None, None)


def span_of(text: str) -> PlanPeriod:
    """The span of fiscal years a text states (平成29年度～平成38年度, 令和3年4月1日から令和8年3月31日まで)."""
    return _sentence_period(text) or PlanPeriod(None, None)


def _sentence_period(sentence: str) -> PlanPeriod | None:
    years = find_years(sentence)
    for i, first in enumerate(years):
        tail = _after(sentence, first)
        if PERIOD_FROM.compiled.match(tail) and i + 1 < len(years):
            second = years[i + 1]
            if PERIOD_UNTIL.compiled.match(_after(sentence, second)) or second.start - first.end <= 4:
                return PlanPeriod(first.fiscal_year, second.fiscal_year)
        duration = (
            DURATION.compiled.match(PERIOD_FROM.compiled.sub("", tail, count=1))
            if PERIOD_FROM.compiled.match(tail)
            else None
        )
        if duration:  # '令和6年度から3年間'
            return PlanPeriod(first.fiscal_year, first.fiscal_year + int(duration.group(1)) - 1)
        if PERIOD_UNTIL.compiled.match(tail) and (first.fiscal or first.month):
            return PlanPeriod(None, first.fiscal_year)
    return None


def plan_period(
    sentences: list[str],
    own: re.Pattern | None = None,
    previous: re.Pattern | None = None,
    stated: re.Pattern | None = None,
) -> PlanPeriod:
    """The plan's own period: of the sentences that speak of a period (期間) and name fiscal years, the
    first that states this plan's (`own`: 本計画の期間 …), else the first that names a kind of period
    (`stated`: 計画期間), else the first that is not about the plan it replaces (`previous`: 前計画 …).

    '令和5年度から令和7年度までの3年間' -> 2023..2025; '2022年（令和4年）10月から2026年（令和8年）3月まで'
    -> 2022..2025 (months fold into fiscal years); '2025年度までとし' -> end only.
    """
    found: list[tuple[int, int, PlanPeriod]] = []
    for index, sentence in enumerate(sentences):
        if not PERIOD_KEYWORD.compiled.search(sentence):
            continue
        period = _sentence_period(sentence)
        if period is None:
            continue
        # A sentence citing the plan replaced ('前計画（計画期間 …）') is about that plan even when it says 計画期間.
        if previous and previous.search(sentence):
            rank = 3
        elif own and own.search(sentence):
            rank = 0
        else:
            rank = 1 if stated and stated.search(sentence) else 2
        found.append((rank, index, period))
        if rank == 0:
            break
    return min(found, key=lambda item: item[:2])[2] if found else PlanPeriod(None, None)


BARE_YEAR = Family(
    "bare_year",
    r"^\s*((?:19|20)\d{2})\s*$",
    "a Gregorian year alone",
    DATE,
    ("2024", " 2025 "),
    ("24", "2024年"),
)


def cell_years(cell: str) -> list[int]:
    """Fiscal years a header cell names: any spelling find_years knows, or a bare 2024."""
    bare = BARE_YEAR.compiled.match(cell)
    return [int(bare.group(1))] if bare else [m.fiscal_year for m in find_years(cell)]


def is_year_header_row(cells: list[str]) -> bool:
    """A schedule header: several fiscal years across the row (令和4年度 | 令和5年度 | …), with nothing
    but years in its cells except the first (the label column's heading, e.g. 取組工程表)."""
    if len({year for cell in cells for year in cell_years(cell)}) < 2:
        return False
    for cell in cells[1:]:
        rest = "" if BARE_YEAR.compiled.match(cell) else cell
        for mention in reversed(find_years(rest)):
            rest = rest[: mention.start] + rest[mention.end :]
        if len(re.sub(r"[\s()（）・~～\-]", "", rest)) > 6:
            return False
    return True


# A date alone on a line (令和5年3月, 2021年8月31日) is a cover or colophon line, never a heading.
DATE_ONLY = Family(
    "date_only", r"^(?:令和|平成|昭和)?\s*[\d元]{1,4}\s*年(?:\s*[(（][^)）]*[)）])?\s*(?:\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?$",
    "a line that is only a date", DATE, ("令和5年3月", "2021年8月31日", "令和6年（2024年）"), ("令和5年3月策定", "第5章"),
)  # fmt: skip
# A cover's line of date and issuer ('令和7年3月 さくら町'): who published the plan and when, never a heading.
DATED_ISSUER = Family(
    "dated_issuer",
    r"^(?:令和|平成|昭和)?\s*[\d元]{1,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
    r"(?:\s+[^\s。][^。]{0,24}|[^\s。]{1,12}[市町村都道府県区課局])$",
    "a date followed by the issuer's name (the space between them lost in a scan when the name ends as one)",
    DATE, ("令和7年3月 さくら町", "2024年3月 みどり市 企画課", "令和7年3月山北町"),
    ("令和7年3月策定の計画を改める", "2024年度の取組", "第5章 計画の推進", "令和7年3月改定"),
)  # fmt: skip
# A PDF line that opens with a date (a cover's or a colophon's): it never continues a heading.
DATE_LINE = Family(
    "date_line", r"^(?:令和|平成|\d{4}).{0,12}[年月]", "a line that opens with a date", DATE,
    ("令和5年3月 策定", "2024年4月改訂"), ("第1章 はじめに",),
)  # fmt: skip
# How a sentence ties an activity to years: from a year on (から, より), up to one (まで, にかけて), or
# from one on without an end (以降, から with no まで after it).
ACTIVITY_FROM = Family(
    "activity_from", r"^\s*(?:から|より)", "the span's start", DATE, ("から導入する", "より運用"), ("まで", "以降"),
)  # fmt: skip
ACTIVITY_UNTIL = Family(
    "activity_until", r"^[^。]*?(?:まで|にかけて)", "the span's end", DATE,
    ("までに完了する", "にかけて整備する"), ("から導入する。その後まで",),
)  # fmt: skip
OPEN_ENDED = Family(
    "open_ended", r"^\s*(?:以降|から(?!.*(?:まで|にかけて))|より(?!.*(?:まで|にかけて)))", "a span with no end", DATE,
    ("以降も継続する", "から運用する"), ("から令和8年度まで実施する", "まで"),
)  # fmt: skip

# A figure's period written before it ('年40人' a year, '5年間で6人' over five years, '毎月2回'): part of
# the target, not of what is measured.
FIGURE_PERIOD = Family(
    "figure_period", r"\s*(?:毎|年平均|平均)?(?:\d+\s*(?:年|か月|ヶ月|カ月)間?|年間?|月|日|週)(?:で|に|あたり|当たり)?\s*$",
    "the period a figure is counted over", DATE,
    ("移住者数 年", "新規就農者数 5年間で", "相談件数 毎月", "利用者 年間"), ("移住者数", "計画年度"), matching="search",
)  # fmt: skip

# A figure with its unit and an opening bracket just before a year: '150人（令和5年度）' dates the
# figure (a baseline or a target), it schedules nothing (a year's own 年度 is no unit). Searched in the
# text before the year.
FIGURE_DATED = Family(
    "figure_dated", r"[0-9][0-9,.]*\s*[^\s0-9（(）)、。年度]{0,4}[（(]\s*$", "a figure dated by the year after it", DATE,
    ("受講者数を150人（", "1,000件（", "目標 80%("), ("令和7年度から（", "研修を実施（"), matching="search",
)  # fmt: skip
# What joins the two ends of a period written in one cell (令和7年度～令和9年度), between the two years.
PERIOD_JOIN = Family(
    "period_join", r"\s*[～〜~\-－―‐ー]\s*", "the two ends of a period", DATE, ("～", " 〜 ", "-"), ("から", "、"),
    matching="fullmatch",
)  # fmt: skip

FAMILIES: tuple[Family, ...] = (
    FIGURE_PERIOD, FIGURE_DATED, PERIOD_JOIN,
    YEAR, SHARED_RANGE, PERIOD_KEYWORD, DURATION, PERIOD_UNTIL, PERIOD_FROM, DAY_OF_MONTH, COVER_SPAN, BARE_YEAR,
    DATE_ONLY, DATED_ISSUER, DATE_LINE, ACTIVITY_FROM, ACTIVITY_UNTIL, OPEN_ENDED,
)  # fmt: skip
